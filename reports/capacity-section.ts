// report.html's "Capacity at the SLO": the cells of a --sweep ranked by capacity, a sentence each
// that says how the figure is bounded, the table summary.md carries, each cell's steps, the method
// line and the latency-versus-throughput chart; then, for --rate runs, the arrival generator's own
// figures, with a warning for each run whose generator fell behind. Shown only when a run has either.
import { fmtInt, fmtMs, fmtPercent } from '../harness/shared/format-number.ts';
import {
  capacityMethod,
  capacityRows,
  capacitySentence,
  GENERATOR_HEAD,
  generatorCells,
  generatorRows,
  generatorWarning,
  percentileName,
  type CapacityRow,
  type GeneratorRow,
} from './capacity.ts';
import { CAPACITY_HEAD, capacityCells } from './capacity-part.ts';
import { perScenario } from './charts/chart-style.ts';
import { capacityChart } from './charts/capacity-chart.ts';
import { html, raw, type SafeHtml } from './html/html.ts';
import type { Section } from './html/section.ts';
import { renderSvg } from './render-svg.ts';
import type { ReportContext } from './report-context.ts';

const NUMERIC = new Set(['capacity req/s', 'closed max req/s', 'steps run']);
const cell = (head: string, text: string) =>
  NUMERIC.has(head) ? html`<td class="num">${text}</td>` : html`<td>${text}</td>`;

function ranking(rows: readonly CapacityRow[]): SafeHtml {
  const groups = perScenario(rows);
  return html`${groups.map(
    ([scenario, mine]) =>
      html`${groups.length > 1 ? html`<h3>${scenario}</h3>` : null}<ol class="capacity-ranking" data-scenario="${scenario}">${mine.map(
        (r) => html`<li class="${r.capacity.bound === 'below-lowest' ? 'flagged' : ''}">${capacitySentence(r)}</li>`,
      )}</ol>`,
  )}`;
}

function table(rows: readonly CapacityRow[]): SafeHtml {
  const head = CAPACITY_HEAD.map((h) => html`<th>${h}</th>`);
  const body = rows.map(
    (r) =>
      html`<tr class="${r.capacity.bound === 'below-lowest' ? 'flagged' : ''}">${capacityCells(r).map((t, i) => cell(CAPACITY_HEAD[i]!, t))}</tr>`,
  );
  return html`<div class="table-wrap"><table class="capacity"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const STEP_HEAD = ['rate', 'achieved req/s', 'p50', 'p99', 'p99.9', 'errors', 'meets SLO', 'late / dropped'];

function steps(r: CapacityRow): SafeHtml {
  const c = r.capacity;
  const body = [...c.steps]
    .sort((a, b) => a.rate - b.rate)
    .map((s) => {
      const a = s.arrivals;
      const late = a ? `${fmtInt(a.late)} / ${fmtInt(a.dropped)}` : '—';
      const figures = [
        fmtInt(s.rate),
        fmtInt(s.achievedRps),
        fmtMs(s.latencyMs.p50),
        fmtMs(s.latencyMs.p99),
        fmtMs(s.latencyMs.p999),
        fmtPercent(s.errors, 2),
      ];
      return html`<tr class="${s.meetsSlo ? '' : 'flagged'}">${figures.map((f) => html`<td class="num">${f}</td>`)}<td>${s.meetsSlo ? 'yes' : 'no'}</td><td class="num">${late}</td></tr>`;
    });
  const head = STEP_HEAD.map((h) => html`<th>${h}</th>`);
  return html`<details><summary>${r.label} · ${r.scenario}: ${c.steps.length} steps (SLO on ${percentileName(c.percentile)})</summary><div class="table-wrap"><table class="capacity-steps"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></details>`;
}

async function figure(ctx: ReportContext): Promise<SafeHtml | null> {
  const spec = capacityChart.build(ctx);
  if (!spec) return null;
  const { svg } = await renderSvg(spec);
  return html`<figure class="chart" data-chart="${capacityChart.id}">${raw(svg)}<figcaption>${capacityChart.caption}</figcaption></figure>`;
}

function generator(rows: readonly GeneratorRow[]): SafeHtml | null {
  if (rows.length === 0) return null;
  const head = GENERATOR_HEAD.map((h) => html`<th>${h}</th>`);
  const body = rows.map((r) => {
    const [id, ...figures] = generatorCells(r);
    return html`<tr class="${generatorWarning(r) ? 'flagged' : ''}"><td>${id}</td>${figures.map((f) => html`<td class="num">${f}</td>`)}</tr>`;
  });
  const warnings = rows.flatMap((r) => generatorWarning(r) ?? []);
  const verdict = warnings.length
    ? html`${warnings.map((w) => html`<p class="banner generator-behind">⚠️ ${w}</p>`)}`
    : html`<p>The generator kept up in every run: nothing late, nothing dropped.</p>`;
  return html`<h3>The open-model generator</h3><p class="muted">Arrivals scheduled (intended), written (sent), sent past the late bound, and never sent (dropped); scheduling error is actual minus intended send time.</p><div class="table-wrap"><table class="generator"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${verdict}`;
}

export const capacitySection = {
  id: 'capacity',
  title: 'Capacity at the SLO',
  async render(ctx: ReportContext) {
    const rows = capacityRows(ctx);
    const gen = generator(generatorRows(ctx));
    if (rows.length === 0 && !gen) return null;
    const method = html`<p class="muted method">${capacityMethod(ctx.results.environment.cpus)}</p>`;
    const capacity = rows.length
      ? html`${ranking(rows)}${table(rows)}${rows.map(steps)}${method}${await figure(ctx)}`
      : null;
    return html`${capacity}${gen}`;
  },
} satisfies Section;
