// Concurrent requests: per store × options × parallel × work ms, what overlapping requests of one
// user cost — acknowledged cart adds lost (scenario concurrent) and logouts undone by a write in
// flight (scenario logout-race) — with one sentence per row, then what the results show helps.
// Shown when a run carries `concurrency`; results without those scenarios have no section.
import { fmtInt } from '../../../harness/shared/format-number.ts';
import { concurrencyRemedies } from '../../concurrency-remedies.ts';
import {
  CONCURRENCY_MODES,
  type ConcurrencyMode,
  type ConcurrencyRow,
  concurrencyRows,
  concurrencyWords,
  fmtShare,
  fmtWork,
} from '../../concurrency.ts';
import type { ReportContext } from '../../report-context.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderFindings } from '../render-finding.ts';
import type { Section } from '../section.ts';

const num = (text: string, title?: string) =>
  title ? html`<td class="num" title="${title}">${text}</td>` : html`<td class="num">${text}</td>`;
const savesPerLogin = (r: ConcurrencyRow) => num(r.setsPerLogin === undefined ? '—' : r.setsPerLogin.toFixed(2));

/** Per mode: its heading, the sentence under it, and its metric columns. */
interface ModeTable {
  title: string;
  intro: string;
  head: string[];
  cells: (r: ConcurrencyRow) => SafeHtml[];
}

const MODES: Record<ConcurrencyMode, ModeTable> = {
  concurrent: {
    title: 'Parallel writes of one user (concurrent)',
    intro:
      'Each user sends parallel cart adds at once, each a distinct item on its own connection (browser tabs), then reads its cart back. express-session reads the whole session when a request starts and writes it all back when it ends, so of overlapping writes the last one wins.',
    head: ['parallel', 'work ms', 'writes', 'lost updates', 'lost rate', 'saves per login'],
    cells: (r) => [
      num(fmtInt(r.parallel)),
      num(fmtWork(r.workMs)),
      num(fmtInt(r.writes)),
      num(fmtInt(r.lostUpdates)),
      num(r.writes ? fmtShare(r.lostRate) : '—'),
      savesPerLogin(r),
    ],
  },
  'logout-race': {
    title: 'Logout during a write (logout-race)',
    intro:
      'Each user starts a slow cart write, logs out while it is in flight, then tries the old cookie. A logged-in answer means the write’s save re-created the destroyed session: a logged-out session alive again.',
    head: ['work ms', 'logouts', 'resurrected', 'resurrection rate', 'saves per login'],
    cells: (r) => [
      num(fmtWork(r.workMs)),
      num(fmtInt(r.logouts), `${fmtInt(r.writes)} slow writes acknowledged`),
      num(fmtInt(r.resurrected)),
      num(r.logouts ? fmtShare(r.resurrectedRate) : '—'),
      savesPerLogin(r),
    ],
  },
};

function storeCell(r: ConcurrencyRow): SafeHtml {
  const options = r.options ? html`<br><code>${r.options}</code>` : null;
  const runs = r.repeats + r.notCompleted;
  const partial = r.notCompleted
    ? html`<br><span class="muted">${r.notCompleted} of ${runs} repeats did not complete</span>`
    : null;
  return html`<td class="store"><strong>${r.store}</strong>${options}${partial}</td>`;
}

function row(r: ConcurrencyRow): SafeHtml {
  const lost = r.mode === 'concurrent' ? r.lostUpdates : r.resurrected;
  return html`<tr class="${lost > 0 ? 'flagged' : ''}">${storeCell(r)}${MODES[r.mode].cells(r)}<td>${concurrencyWords(r)}</td></tr>`;
}

function table(mode: ConcurrencyMode, rows: readonly ConcurrencyRow[]): SafeHtml | null {
  const mine = rows.filter((r) => r.mode === mode);
  if (mine.length === 0) return null;
  const m = MODES[mode];
  const head = ['store', ...m.head, 'in words'].map((h) => html`<th>${h}</th>`);
  return html`<h3>${m.title}</h3><p class="muted">${m.intro}</p><div class="table-wrap"><table class="concurrency" data-mode="${mode}"><thead><tr>${head}</tr></thead><tbody>${mine.map(row)}</tbody></table></div>`;
}

function claims(ctx: ReportContext): SafeHtml {
  const cpus = ctx.results.environment.cpus;
  return html`<p class="muted">Counts are summed across the completed repeats of each row and the rates computed from those sums; saves per login (the store’s set calls per login: above 1 is a double save after regenerate) is the median. Work ms is how long the app’s session routes waited between reading and writing the session. These losses are what the scenarios measure: such runs are completed, never failed for them. They do not claim how often your users overlap: the load and the app shared this machine’s ${cpus} CPUs, over loopback.</p>`;
}

export const concurrencySection = {
  id: 'concurrency',
  title: 'Concurrent requests',
  render(ctx: ReportContext) {
    const rows = concurrencyRows(ctx);
    if (rows.length === 0) return null;
    const tables = CONCURRENCY_MODES.map((mode) => table(mode, rows));
    const remedies =
      renderFindings(concurrencyRemedies(rows)) ?? html`<p>Nothing was lost in these runs: nothing to remedy.</p>`;
    return html`${tables}${claims(ctx)}<h3>What helps, as measured here</h3>${remedies}`;
  },
} satisfies Section;
