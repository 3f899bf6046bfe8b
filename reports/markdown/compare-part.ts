// summary.md part for compare.json: the gate's verdict and a table of what changed, fit for
// $GITHUB_STEP_SUMMARY. Every label goes through escapeMarkdown.
import { compareInput, compareRows, compareNumber as num, methodText, pValueText, signedPct } from '../compare-input.ts';
import { escapeMarkdown as md } from '../escape.ts';
import type { ExtrasContext } from '../load-extras.ts';

export function comparePart(ctx: ExtrasContext): string[] {
  const input = compareInput(ctx.extras.compare);
  if (input.status === 'absent') return [];
  if (input.status === 'ignored') return ['## Regression gate', '', `⚠️ ${md(input.file)} was ignored: ${md(input.reason)}.`, ''];
  const view = input.data;
  const out = ['## Regression gate', '', `**${view.failed ? 'FAIL' : 'PASS'}**${view.baselineFile ? ` against ${md(view.baselineFile)}` : ''}. ${md(methodText(view))}`, ''];
  if (view.cells.length) {
    out.push('| cell | metric | baseline | current | change | p-value | verdict |', '|:--|:--|--:|--:|--:|--:|:--|');
    for (const { cell, metric } of compareRows(view)) {
      if (!metric) out.push(`| ${md(cell.label)} | | | | | | ${cell.fails ? '**FAIL**' : md(cell.status)}: ${md(cell.reason ?? '')} |`);
      else out.push(`| ${md(cell.label)} | ${md(metric.metric)} | ${num(metric.baseline)} ${md(metric.unit)} | ${num(metric.current)} ${md(metric.unit)} | ${signedPct(metric.changePct)} | ${pValueText(metric.pValue)} | ${metric.verdict === 'regression' ? '**REGRESSION**' : md(metric.verdict)} |`);
    }
    out.push('');
  }
  for (const t of view.thresholds) out.push(`- ${t.ok ? 'ok' : '**fail**'}: ${md(t.threshold)}${t.label ? ` · ${md(t.label)}` : ''}${t.actual !== null ? ` = ${num(t.actual)}` : ''}${t.reason ? ` (${md(t.reason)})` : ''}`);
  if (view.thresholds.length) out.push('');
  return out;
}
