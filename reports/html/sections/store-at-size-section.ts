// Store at size: per store and preloaded population, what the preload cost (time, bytes per
// session) and how the store ran at that size (req/s, p99 under load, event-loop delay, PostgreSQL's
// HOT updates and dead tuples, SQLite's WAL), then a chart of the stores measured at two sizes or
// more. Shown when a run preloaded a population; results written before that have no section.
import { fmtBytes, fmtInt, fmtMs, plural } from '../../../harness/shared/format-number.ts';
import { perScenario } from '../../charts/chart-style.ts';
import { storeAtSizeChart } from '../../charts/store-at-size-chart.ts';
import { renderSvg } from '../../render-svg.ts';
import type { ReportContext } from '../../report-context.ts';
import {
  bytesPerSessionOf,
  detailSummary,
  fmtPreload,
  preloadRate,
  storeAtSizeRows,
  type StoreAtSizeRow,
} from '../../store-at-size.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

const HEAD = [
  'store',
  'sessions preloaded',
  'preload',
  'session JSON',
  'bytes / session',
  'req/s',
  'p99 under load',
  'event-loop delay p99 / max',
  'store detail',
];

const num = (v: number | undefined, fmt: (n: number) => string) => (v == null ? '—' : fmt(v));
const muted = (text: string | undefined) => (text ? html`<br><span class="muted">${text}</span>` : null);

function sessionsCell(r: StoreAtSizeRow): SafeHtml {
  const p = r.population;
  if (p.skipped) return html`<td class="num" title="${p.skipped}">none${muted('client-side store')}</td>`;
  const short = p.preloaded < r.sessions ? `of ${fmtInt(r.sessions)} asked` : undefined;
  const refused = p.preloadFailed ? `${fmtInt(p.preloadFailed)} sets refused` : undefined;
  const title = `${fmtInt(p.users)} virtual users; ${fmtInt(p.resumed)} resumed a preloaded session, ${fmtInt(p.resumeMisses)} found theirs missing (401)`;
  const misses = p.resumeMisses ? plural(p.resumeMisses, 'resume miss', 'resume misses') : undefined;
  return html`<td class="num" title="${title}">${fmtInt(p.preloaded)}${muted(short)}${muted(refused)}${muted(misses)}</td>`;
}

function preloadCell(r: StoreAtSizeRow): SafeHtml {
  const p = r.population;
  if (p.skipped) return html`<td class="num">—</td>`;
  const rate = preloadRate(p);
  return html`<td class="num">${fmtPreload(p)}${muted(rate == null ? undefined : `${fmtInt(rate)} sessions/s`)}</td>`;
}

function bytesCell(r: StoreAtSizeRow): SafeHtml {
  const p = r.population;
  const b = bytesPerSessionOf(p);
  if (!b) return html`<td class="num">—</td>`;
  const heap = p.heapBytesPerSession == null ? '' : `; app heap ${fmtBytes(p.heapBytesPerSession, true)}`;
  const store = p.bytesPerSession == null ? 'store-side not reported' : `store-side ${fmtBytes(p.bytesPerSession)}`;
  return html`<td class="num" title="${store}${heap}">${fmtBytes(b.bytes)}${muted(b.where)}</td>`;
}

function loopCell(r: StoreAtSizeRow): SafeHtml {
  const d = r.eventLoopDelay;
  if (!d) return html`<td class="num">—</td>`;
  return html`<td class="num" title="p50 ${fmtMs(d.p50)}">${fmtMs(d.p99)} / ${fmtMs(d.max)}</td>`;
}

function detailCell(r: StoreAtSizeRow): SafeHtml {
  const d = detailSummary(r.population);
  if (!d) return html`<td>—</td>`;
  return html`<td title="${d.title}">${d.text || '—'}</td>`;
}

function row(r: StoreAtSizeRow): SafeHtml {
  const note = r.notCompleted ? 'no repeat completed: preload only' : undefined;
  return html`<tr class="${r.notCompleted ? 'flagged' : ''}"><td class="store"><strong>${r.store}</strong>${r.options ? html`<br><code>${r.options}</code>` : null}${muted(note)}</td>
${sessionsCell(r)}${preloadCell(r)}<td class="num">${r.population.skipped ? '—' : `${fmtInt(r.population.sessionBytes)} B`}</td>${bytesCell(r)}
<td class="num">${num(r.rps, fmtInt)}</td><td class="num">${num(r.p99Loaded, fmtMs)}</td>${loopCell(r)}${detailCell(r)}</tr>`;
}

function table(scenario: string, rows: readonly StoreAtSizeRow[], many: boolean): SafeHtml {
  const head = HEAD.map((h) => html`<th>${h}</th>`);
  return html`${many ? html`<h3>${scenario}</h3>` : null}<div class="table-wrap"><table class="store-at-size" data-scenario="${scenario}"><thead><tr>${head}</tr></thead><tbody>${rows.map(row)}</tbody></table></div>`;
}

async function figure(ctx: ReportContext): Promise<SafeHtml | null> {
  const spec = storeAtSizeChart.build(ctx);
  if (!spec) return null;
  const { svg } = await renderSvg(spec);
  return html`<figure class="chart" data-chart="${storeAtSizeChart.id}">${raw(svg)}<figcaption>${storeAtSizeChart.caption}</figcaption></figure>`;
}

/** Where the stores' servers ran, from environment.services, for the sentence on what is not claimed. */
function whereServices(ctx: ReportContext): string {
  const modes = new Set(Object.values(ctx.results.environment.services ?? {}).map((s) => s.mode));
  if (modes.has('container')) return 'and each store’s server in a container on the same machine';
  if (modes.has('url')) return 'and each store’s server at the URL given';
  return 'and any store’s server on the same machine';
}

function claims(ctx: ReportContext): SafeHtml {
  const cpus = ctx.results.environment.cpus;
  return html`<p class="muted">Medians across completed repeats of each store at each population: sessions written through the store’s own set before the load; bytes per session is what the store reported growing by per preloaded session (store-side) or, for stores that keep sessions in the app process, its post-GC heap growth (app heap); p99 is latency under the load, queueing included; event-loop delay is the app process’s in the measured phase. Hover a cell for the breakdown. They do not claim how a store scales on your servers: the load, the app ${whereServices(ctx)} shared this machine’s ${cpus} CPUs, over loopback, for seconds per cell.</p>`;
}

export const storeAtSizeSection = {
  id: 'store-at-size',
  title: 'Store at size',
  async render(ctx: ReportContext) {
    const rows = storeAtSizeRows(ctx);
    if (rows.length === 0) return null;
    const groups = perScenario(rows);
    const tables = groups.map(([scenario, r]) => table(scenario, r, groups.length > 1));
    return html`${tables}${claims(ctx)}${await figure(ctx)}`;
  },
} satisfies Section;
