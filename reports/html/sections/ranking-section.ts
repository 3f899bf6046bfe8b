// One ranking table per scenario, fastest first, then the cells that were not measured with their
// reasons. Breakdowns sit in title attributes (native tooltips) to keep the table narrow.
import { fmtBytes, fmtInt, fmtMs, fmtRatio } from '../../format.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from '../../rank-scenarios.ts';
import type { ReportContext } from '../../report-context.ts';
import { isIncorrect, type Cell } from '../../summarize-cells.ts';
import { anyProbe, LATENCY_NOTE, latencyKind } from '../../latency-kind.ts';
import type { Latency } from '../../../harness/contracts/results.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

/** Column headings; the latency ones say which latency they are. */
function head(ranked: readonly RankedCell[]): string[] {
  const kind = ranked[0] ? ` ${latencyKind(ranked[0].stats)}` : '';
  const loaded = anyProbe(ranked) ? ['p99 loaded'] : [];
  return ['#', 'store', 'req/s', `p50${kind}`, `p99${kind}`, ...loaded, 'errors', 'cookie', 'RSS growth', 'store calls / req', 'sessions valid'];
}

const latencyTitle = (l: Latency) => `p50 ${fmtMs(l.p50)}, p90 ${fmtMs(l.p90)}, p99 ${fmtMs(l.p99)}, p99.9 ${fmtMs(l.p999)}, max ${fmtMs(l.max)}`;

function loadedCell(c: RankedCell, show: boolean): SafeHtml | null {
  if (!show) return null;
  const l = c.stats.loadedLatency;
  return l ? html`<td class="num" title="${latencyTitle(l)}">${fmtMs(l.p99)}</td>` : html`<td class="num">—</td>`;
}

function rpsCell(c: RankedCell): SafeHtml {
  const { median, min, max } = c.stats.rps;
  const spread = c.completed.length > 1 ? html`<br><span class="muted">${fmtInt(min)}–${fmtInt(max)}</span>` : null;
  return html`<td class="num" title="median of ${c.completed.length} completed repeats">${fmtInt(median)}${spread}</td>`;
}

function memoryCell(c: RankedCell): SafeHtml {
  const m = c.stats.memory;
  const title = `RSS ${fmtBytes(m.rssGrowth, true)}, heap ${fmtBytes(m.heapGrowth, true)}, RSS peak ${fmtBytes(m.rssPeak)}${m.verdictReasons.length ? `; ${m.verdictReasons.join('; ')}` : ''}`;
  const badge = m.verdict === 'bounded' || m.verdict === 'growing' ? html` <span class="badge ${m.verdict}">${m.verdict}</span>` : null;
  const perSession = m.bytesPerSession != null && m.bytesPerSession > 0 ? html`<br><span class="muted">${fmtBytes(m.bytesPerSession)}/session</span>` : null;
  return html`<td class="num" title="${title}">${fmtBytes(m.rssGrowth, true)}${badge}${perSession}</td>`;
}

/** Calls per request by kind, plus the mean time per call when the harness timed them. */
function opsTitle(c: RankedCell): string {
  const o = c.stats.ops;
  const calls = `get ${fmtRatio(o.get)}, set ${fmtRatio(o.set)}, touch ${fmtRatio(o.touch)}, destroy ${fmtRatio(o.destroy)} per request`;
  const t = c.stats.opTimeMs;
  if (!t) return calls;
  const each = (['get', 'set', 'touch', 'destroy'] as const).filter((op) => t[op] != null).map((op) => `${op} ${fmtMs(t[op] as number)}`);
  return `${calls}; mean time per call until its callback: ${each.join(', ')}`;
}

function row(c: RankedCell, showLoaded: boolean): SafeHtml {
  const s = c.stats;
  const k = s.correctness;
  const e = s.errors;
  const flagged = isIncorrect(s) || e.total > 0 || c.notCompleted.length > 0;
  const partial = c.notCompleted.length ? html`<br><span class="muted">${c.notCompleted.length} of ${c.completed.length + c.notCompleted.length} repeats did not complete</span>` : null;
  const sent = s.cookie.sentMeanBytes != null ? `; request Cookie header mean ${fmtInt(s.cookie.sentMeanBytes)} B` : '';
  return html`<tr class="${flagged ? 'flagged' : ''}">
<td class="num">${c.rank}</td><td class="store">${flagged ? '⚠ ' : ''}<strong>${c.store}</strong>${c.optionLabel ? html`<br><code>${c.optionLabel}</code>` : null}${partial}</td>${rpsCell(c)}
<td class="num">${fmtMs(s.latency.p50)}</td><td class="num" title="${latencyTitle(s.latency)}">${fmtMs(s.latency.p99)}</td>${loadedCell(c, showLoaded)}
<td class="num" title="${fmtInt(e.connection)} connection errors, ${fmtInt(e.timeouts)} timeouts, ${fmtInt(e.non2xx)} non-2xx of ${fmtInt(s.requests)} requests">${fmtInt(e.total)}</td>
<td class="num" title="Set-Cookie mean ${fmtInt(s.cookie.meanBytes)} B, max ${fmtInt(s.cookie.maxBytes)} B${sent}">${fmtInt(s.cookie.meanBytes)} B</td>
${memoryCell(c)}
<td class="num" title="${opsTitle(c)}">${fmtRatio(s.ops.perRequest)}</td>
<td class="num" title="${fmtInt(k.lostWrites)} acknowledged writes lost, ${fmtInt(k.sessionsLost)} sessions lost during the load">${fmtInt(k.valid)} / ${fmtInt(k.checked)}${k.lostWrites ? html`<br><span class="muted">${fmtInt(k.lostWrites)} writes lost</span>` : null}</td>
</tr>`;
}

/** Cells with no completed run, folded per store and reason across option combinations. */
function unrankedList(cells: readonly Cell[]): SafeHtml | null {
  if (cells.length === 0) return null;
  const folded = new Map<string, { store: string; status: string; reason: string; runs: number }>();
  for (const c of cells) {
    for (const p of notCompletedReasons(c.notCompleted)) {
      const key = JSON.stringify([c.store, p.status, p.reason]);
      const entry = folded.get(key) ?? { store: c.store, status: p.status, reason: p.reason, runs: 0 };
      entry.runs += p.count;
      folded.set(key, entry);
    }
  }
  const items = [...folded.values()].map((f) => html`<li><strong>${f.store}</strong> — ${f.status} (${f.runs} ${f.runs === 1 ? 'run' : 'runs'}): ${f.reason}</li>`);
  return html`<p>Not ranked (no completed run):</p><ul class="unranked">${items}</ul>`;
}

function scenarioTable(r: ScenarioRanking): SafeHtml {
  const table = r.ranked.length
    ? html`<div class="table-wrap"><table class="ranking" data-scenario="${r.scenario}"><thead><tr>${head(r.ranked).map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${r.ranked.map((c) => row(c, anyProbe(r.ranked)))}</tbody></table></div>`
    : html`<p>No run of this scenario completed.</p>`;
  return html`<h3>${r.scenario}</h3>${r.description ? html`<p class="muted">${r.description}</p>` : null}${table}${unrankedList(r.unranked)}`;
}

export const rankingSection: Section = {
  id: 'ranking',
  title: 'Ranking',
  render(ctx: ReportContext) {
    if (ctx.rankings.length === 0) return html`<p>The results hold no runs.</p>`;
    return html`<p class="muted">Fastest first by median req/s. ⚠ marks a store that lost sessions, had failed requests or repeats that did not complete. Hover a cell for its breakdown. ${ctx.rankings.some((r) => anyProbe(r.ranked)) ? LATENCY_NOTE : ''}</p>${ctx.rankings.map(scenarioTable)}`;
  },
};
