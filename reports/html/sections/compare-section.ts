// The regression gate's verdict from compare.json: pass or fail, one row per metric of each cell
// (baseline, current, change, p-value, verdict), cells that could not be compared, and thresholds.
import { compareInput, compareRows, compareNumber as num, methodText, pValueText, signedPct, type CompareView } from '../../compare-input.ts';
import type { ExtrasContext } from '../../load-extras.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

function table(view: CompareView): SafeHtml {
  const rows = compareRows(view).map(({ cell, metric }) => {
    if (!metric) return html`<tr class="${cell.fails ? 'flagged' : ''}"><td>${cell.label}</td><td colspan="5">${cell.reason ?? cell.status}</td><td>${cell.fails ? 'FAIL' : cell.status}</td></tr>`;
    const bad = metric.verdict === 'regression';
    return html`<tr class="${bad ? 'flagged' : ''}"><td>${cell.label}</td><td>${metric.metric}</td><td class="num">${num(metric.baseline)} ${metric.unit}</td><td class="num">${num(metric.current)} ${metric.unit}</td><td class="num">${signedPct(metric.changePct)}</td><td class="num">${pValueText(metric.pValue)}</td><td>${bad ? html`<strong>REGRESSION</strong>` : metric.verdict}</td></tr>`;
  });
  return html`<div class="table-wrap"><table><thead><tr><th>cell</th><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>p-value</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function thresholds(view: CompareView): SafeHtml | null {
  if (view.thresholds.length === 0) return null;
  return html`<ul>${view.thresholds.map((t) => html`<li><strong>${t.ok ? 'ok' : 'fail'}</strong>: ${t.threshold}${t.label ? html` · ${t.label}` : null}${t.actual !== null ? html` = ${num(t.actual)}` : null}${t.reason ? html` (${t.reason})` : null}</li>`)}</ul>`;
}

export const compareSection = {
  id: 'gate',
  title: 'Regression gate',
  render(ctx: ExtrasContext) {
    const input = compareInput(ctx.extras.compare);
    if (input.status === 'absent') return null;
    if (input.status === 'ignored') return html`<p class="banner">${input.file} was ignored: ${input.reason}.</p>`;
    const view = input.data;
    const notes = [...view.cells.filter((c) => c.noiseWarning).map((c) => `${c.label}: ${c.noiseWarning}`), ...view.warnings];
    return html`<p class="${view.failed ? 'banner' : ''}"><strong>${view.failed ? 'FAIL' : 'PASS'}</strong>${view.baselineFile ? html` against ${view.baselineFile}` : null}.</p>
${view.cells.length ? table(view) : null}${thresholds(view)}
${notes.length ? html`<ul class="muted">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
<p class="muted">${methodText(view)} A pass does not prove there is no regression.</p>`;
  },
} satisfies Section;
