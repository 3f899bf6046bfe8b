// Renders a CompareReport: a plain-text table for the terminal and a Markdown section for
// summary.md / $GITHUB_STEP_SUMMARY. Formatting only; every decision is already in the report.
import type { CellComparison, CompareReport, MetricComparison } from '../contracts/compare.ts';
import { formatNumber, formatThresholdLine } from './thresholds.ts';

const HEADER = ['cell', 'metric', 'baseline', 'current', 'change', 'p-value', 'verdict'];

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;
const pText = (p: number | null) => (p === null ? '-' : p < 0.001 ? '<0.001' : p.toFixed(3));
const cvText = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

function verdictText(m: MetricComparison): string {
  return m.verdict === 'regression' ? 'REGRESSION' : m.verdict;
}

function statusText(c: CellComparison): string {
  if (c.status === 'not-completed' || c.status === 'insufficient-repeats') return `FAIL (${c.status})`;
  return c.status;
}

/** Table rows: one per metric of a compared cell, one per cell that was not compared. */
function rows(report: CompareReport): string[][] {
  return report.cells.flatMap((c) => {
    if (c.metrics.length === 0 || c.status !== 'compared') return [[c.label, '-', '-', '-', '-', '-', statusText(c)]];
    return c.metrics.map((m) => [
      c.label, m.metric, `${formatNumber(m.baseline)} ${m.unit}`, `${formatNumber(m.current)} ${m.unit}`,
      signed(m.changePct), pText(m.pValue), verdictText(m),
    ]);
  });
}

function textTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

export function methodLine(report: CompareReport): string {
  const m = report.method;
  return `one-sided Welch t-test on log per-repeat values (fresh-server repeats; per-second samples are autocorrelated and not pooled), alpha ${m.alpha}; a regression is significant AND a slowdown of more than ${m.maxRegressionPct}%${m.minChangeMs ? ` (latency: and more than ${m.minChangeMs} ms)` : ''}`;
}

function noiseLines(report: CompareReport): string[] {
  return report.cells
    .filter((c) => c.status === 'compared')
    .map((c) => {
      const rps = c.metrics.find((m) => m.metric === 'rps');
      return `noise: ${c.label}: CV of rps across repeats ${cvText(rps?.cv.baseline ?? null)} (baseline, ${c.repeats.baseline}) → ${cvText(rps?.cv.current ?? null)} (current, ${c.repeats.current}); within a run ${cvText(c.withinRunCv.baseline)} → ${cvText(c.withinRunCv.current)}`;
    });
}

function noteLines(report: CompareReport): string[] {
  const notes = report.cells.filter((c) => c.reason).map((c) => `${c.fails ? 'fail' : 'note'}: ${c.label}: ${c.reason}`);
  const noisy = report.cells.filter((c) => c.noiseWarning).map((c) => `warning: ${c.label}: ${c.noiseWarning}`);
  return [...notes, ...noisy, ...report.warnings.map((w) => `warning: ${w}`)];
}

function verdictLine(report: CompareReport): string {
  if (!report.failed) return 'gate: PASS';
  const parts = report.cells.filter((c) => c.fails).map((c) => {
    const worse = c.metrics.filter((m) => m.verdict === 'regression').map((m) => m.metric);
    return worse.length ? `regression in ${c.label} (${worse.join(', ')})` : `not compared: ${c.label} (${c.status})`;
  });
  const missed = report.thresholds.filter((t) => !t.ok).length;
  if (missed) parts.push(`${missed} threshold(s) missed`);
  if (parts.length === 0) parts.push('nothing was compared with the baseline');
  return `gate: FAIL: ${parts.join('; ')}`;
}

export function formatReportText(report: CompareReport): string {
  const out: string[] = [];
  if (report.baseline) {
    out.push(`gate: compared with ${report.baseline.file} (${report.baseline.createdAt})`, `method: ${methodLine(report)}`, '');
    out.push(textTable(HEADER, rows(report)));
    const noise = noiseLines(report);
    if (noise.length) out.push('', ...noise);
  }
  const notes = noteLines(report);
  if (notes.length) out.push('', ...notes);
  if (report.thresholds.length) out.push('', 'thresholds:', ...report.thresholds.map(formatThresholdLine));
  out.push('', verdictLine(report));
  return out.join('\n');
}

const mdRow = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

export function formatReportMarkdown(report: CompareReport): string {
  const out = ['## Regression gate', '', `**${verdictLine(report)}**`, ''];
  if (report.baseline) {
    out.push(`Baseline: \`${report.baseline.file}\` (${report.baseline.createdAt}).`, '', `Method: ${methodLine(report)}.`, '');
    out.push(mdRow(HEADER), mdRow(HEADER.map(() => '---')), ...rows(report).map(mdRow), '');
    const noise = noiseLines(report);
    if (noise.length) out.push(...noise.map((l) => `- ${l}`), '');
  }
  const notes = noteLines(report);
  if (notes.length) out.push(...notes.map((l) => `- ${l}`), '');
  if (report.thresholds.length) out.push('Thresholds:', '', ...report.thresholds.map((t) => `- \`${formatThresholdLine(t)}\``), '');
  out.push(
    'Not claimed: a pass means no slowdown larger than the threshold was detected at this alpha with these repeats; it does not prove there is none, and each metric of each cell is tested on its own (no correction for multiple comparisons).',
    '',
  );
  return out.join('\n');
}
