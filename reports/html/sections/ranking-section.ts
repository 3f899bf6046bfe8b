// One ranking table per scenario, fastest first, then the cells that were not measured with their
// reasons. The metric columns are the declared ones (reports/ranking-columns.ts); breakdowns sit
// in title attributes (native tooltips, ranking-details.ts) to keep the table narrow.
import { fmtInt } from '../../../harness/shared/format-number.ts';
import { concurrencyNote } from '../../concurrency.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from '../../rank-scenarios.ts';
import { rankingColumns, rankingText, type RankingColumnView } from '../../ranking-columns.ts';
import type { ReportContext } from '../../report-context.ts';
import { isIncorrect, type Cell } from '../../summarize-cells.ts';
import { anyProbe, LATENCY_NOTE } from '../../latency-kind.ts';
import { populationNote, sampleNote } from '../../store-at-size.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';
import { RANKING_DETAILS } from './ranking-details.ts';

/** Column headings: rank and store, the declared metrics, then correctness. */
function head(columns: readonly RankingColumnView[]): string[] {
  return ['#', 'store', ...columns.map((c) => c.heading), 'sessions valid'];
}

function metricCell(column: RankingColumnView, c: RankedCell): SafeHtml {
  const detail = RANKING_DETAILS[column.metric.name]?.(c) ?? {};
  const text = rankingText(column.metric, c);
  if (detail.title === undefined) return html`<td class="num">${text}${detail.after}</td>`;
  return html`<td class="num" title="${detail.title}">${text}${detail.after}</td>`;
}

function storeCell(c: RankedCell, flagged: boolean): SafeHtml {
  const options = c.optionLabel ? html`<br><code>${c.optionLabel}</code>` : null;
  const runs = c.completed.length + c.notCompleted.length;
  const partial = c.notCompleted.length
    ? html`<br><span class="muted">${c.notCompleted.length} of ${runs} repeats did not complete</span>`
    : null;
  return html`<td class="store">${flagged ? '⚠ ' : ''}<strong>${c.store}</strong>${options}${partial}</td>`;
}

function validCell(c: RankedCell): SafeHtml {
  const k = c.stats.correctness;
  const title = `${fmtInt(k.lostWrites)} acknowledged writes lost, ${fmtInt(k.sessionsLost)} sessions lost during the load`;
  const lost = k.lostWrites ? html`<br><span class="muted">${fmtInt(k.lostWrites)} writes lost</span>` : null;
  // A sample is said on the page, not only in the tooltip: "2,000 / 2,000" alone would read as every user.
  const sample = sampleNote(k);
  const sampled = sample ? html`<br><span class="muted">${sample}</span>` : null;
  const from = k.candidates == null ? 'the' : fmtInt(k.candidates);
  const of = sample ? `; read back a random sample: ${fmtInt(k.checked)} of ${from} users who acted` : '';
  return html`<td class="num" title="${title}${of}">${fmtInt(k.valid)} / ${fmtInt(k.checked)}${lost}${sampled}</td>`;
}

function row(c: RankedCell, columns: readonly RankingColumnView[]): SafeHtml {
  const flagged = isIncorrect(c.stats) || c.stats.errors.total > 0 || c.notCompleted.length > 0;
  const metrics = columns.map((column) => metricCell(column, c));
  return html`<tr class="${flagged ? 'flagged' : ''}">
<td class="num">${c.rank}</td>${storeCell(c, flagged)}
${metrics}
${validCell(c)}
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
  const items = [...folded.values()].map(
    (f) =>
      html`<li><strong>${f.store}</strong> — ${f.status} (${f.runs} ${f.runs === 1 ? 'run' : 'runs'}): ${f.reason}</li>`,
  );
  return html`<p>Not ranked (no completed run):</p><ul class="unranked">${items}</ul>`;
}

function rankingTable(r: ScenarioRanking): SafeHtml {
  if (r.ranked.length === 0) return html`<p>No run of this scenario completed.</p>`;
  const columns = rankingColumns(r.ranked);
  const headings = head(columns).map((h) => html`<th>${h}</th>`);
  const rows = r.ranked.map((c) => row(c, columns));
  return html`<div class="table-wrap"><table class="ranking" data-scenario="${r.scenario}"><thead><tr>${headings}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function scenarioTable(r: ScenarioRanking): SafeHtml {
  const table = rankingTable(r);
  const population = populationNote(r.ranked);
  const concurrency = concurrencyNote(r.ranked);
  return html`<h3>${r.scenario}</h3>${r.description ? html`<p class="muted">${r.description}</p>` : null}${population ? html`<p class="muted" data-population>${population}</p>` : null}${concurrency ? html`<p class="muted" data-concurrency-note>${concurrency} <a href="#concurrency">↓</a></p>` : null}${table}${unrankedList(r.unranked)}`;
}

export const rankingSection: Section = {
  id: 'ranking',
  title: 'Ranking',
  render(ctx: ReportContext) {
    if (ctx.rankings.length === 0) return html`<p>The results hold no runs.</p>`;
    return html`<p class="muted">Fastest first by median req/s. ⚠ marks a store that lost sessions, had failed requests or repeats that did not complete. Hover a cell for its breakdown. ${ctx.rankings.some((r) => anyProbe(r.ranked)) ? LATENCY_NOTE : ''}</p>${ctx.rankings.map(scenarioTable)}`;
  },
};
