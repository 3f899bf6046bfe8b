// compare.json for people, as one text in two dialects: plain for the terminal, Markdown for gate.md
// and summary.md. report.html's gate section builds on the same rows, lines and sentences.
// Formatting only: every decision (verdicts, failures) is already in the file.
import { escapeMarkdown as md } from './escape-markdown.ts';
import { fmtChangePct, fmtNumber, fmtPercent, fmtPValue } from './format-number.ts';
import { markdownTable, textTable, type Align } from './text-table.ts';
import { parseThreshold, thresholdMetric } from './threshold-expression.ts';
import {
  abFailureParts,
  abMethodSentence,
  abTable,
  abUnresolvedWarning,
  workFailureText,
  workSameLine,
  workTable,
  type AbDoc,
  type VerdictTable,
  type WorkDocRow,
} from './render-verdicts.ts';

type Pair = { baseline: number | null; current: number | null };

/** What the renderers read of compare.json: a CompareReport (contracts/compare.ts), or what a
 *  lenient reader kept of one. Optional parts are left out of the text when absent. */
export interface CompareDoc {
  failed: boolean;
  baseline: { file: string; createdAt?: string | undefined } | null;
  /** Absent when the file did not record it: the renderers then say nothing about the method. */
  method?: { alpha: number; maxRegressionPct: number; minChangeMs?: number | undefined } | undefined;
  cells: CompareDocCell[];
  thresholds: CompareDocThreshold[];
  warnings: string[];
  /** --ab: the interleaved comparison (render-verdicts.ts). */
  ab?: AbDoc | undefined;
}

export interface CompareDocCell {
  label: string;
  status: string;
  fails: boolean;
  reason?: string | undefined;
  noiseWarning?: string | undefined;
  repeats?: { baseline: number; current: number } | undefined;
  withinRunCv?: Pair | undefined;
  metrics: CompareDocMetric[];
  /** Work per action, compared exactly (absent in files from before it). */
  work?: WorkDocRow[] | undefined;
}

export interface CompareDocMetric {
  metric: string;
  unit: string;
  baseline: number;
  current: number;
  changePct: number;
  pValue: number | null;
  cv?: Pair | undefined;
  verdict: string;
}

export interface CompareDocThreshold {
  threshold: string;
  label: string | null;
  actual: number | null;
  ok: boolean;
  reason?: string | undefined;
}

export const COMPARE_HEADER = ['cell', 'metric', 'baseline', 'current', 'change', 'p-value', 'verdict'];
const ALIGN: Align[] = ['left', 'left', 'right', 'right', 'right', 'right', 'left'];
const NUMERIC = [2, 3, 4, 5];

export const NOT_CLAIMED =
  'Not claimed: a pass means no slowdown larger than the threshold was detected at this alpha with these repeats; it does not prove there is none, and each metric of each cell is tested on its own (no correction for multiple comparisons).';

export function methodSentence(m: NonNullable<CompareDoc['method']>): string {
  const floor = m.minChangeMs ? ` (for latency, also more than ${m.minChangeMs} ms)` : '';
  const test = 'One-sided Welch t-test on the log of per-repeat values';
  const unit = 'each fresh-server repeat is one observation; per-second samples are autocorrelated and not pooled';
  return `${test} (${unit}), alpha ${m.alpha}; a regression is significant and a slowdown of more than ${m.maxRegressionPct}%${floor}.`;
}

export interface CompareRow {
  /** As COMPARE_HEADER. */
  columns: string[];
  /** A regression, or a cell that fails the gate without being compared. */
  alarm: boolean;
}

const withUnit = (v: number, unit: string) => (unit ? `${fmtNumber(v)} ${unit}` : fmtNumber(v));

/** One row per metric of a compared cell, one per cell that was not compared. */
export function compareRows(doc: CompareDoc): CompareRow[] {
  return doc.cells.flatMap((c) => {
    if (c.metrics.length === 0 || c.status !== 'compared') {
      return [
        { columns: [c.label, '-', '-', '-', '-', '-', c.fails ? `FAIL (${c.status})` : c.status], alarm: c.fails },
      ];
    }
    return c.metrics.map((m) => {
      const alarm = m.verdict === 'regression';
      const values = [
        withUnit(m.baseline, m.unit),
        withUnit(m.current, m.unit),
        fmtChangePct(m.changePct),
        fmtPValue(m.pValue),
      ];
      return { columns: [c.label, m.metric, ...values, alarm ? 'REGRESSION' : m.verdict], alarm };
    });
  });
}

const cvText = (v: number | null | undefined) => (v == null ? '-' : fmtPercent(v, 1));

/** Per compared cell: the spread of rps across repeats (what the test runs on) and within a run. */
export function noiseLines(doc: CompareDoc): string[] {
  return doc.cells.flatMap((c) => {
    if (c.status !== 'compared' || !c.repeats || !c.withinRunCv) return [];
    const cv = c.metrics.find((m) => m.metric === 'rps')?.cv;
    const across = `${cvText(cv?.baseline)} (baseline, ${c.repeats.baseline}) → ${cvText(cv?.current)} (current, ${c.repeats.current})`;
    const within = `${cvText(c.withinRunCv.baseline)} → ${cvText(c.withinRunCv.current)}`;
    return [`noise: ${c.label}: CV of rps across repeats ${across}; within a run ${within}`];
  });
}

/** Why cells were not compared, noise warnings, and warnings about how the runs were measured. */
export function noteLines(doc: CompareDoc): string[] {
  // A compared cell's reason is about what was not tested; its failures are in the rows.
  const kind = (c: CompareDocCell) => (c.fails && c.status !== 'compared' ? 'fail' : 'note');
  const notes = doc.cells.filter((c) => c.reason).map((c) => `${kind(c)}: ${c.label}: ${c.reason}`);
  const noisy = doc.cells.filter((c) => c.noiseWarning).map((c) => `warning: ${c.label}: ${c.noiseWarning}`);
  return [...notes, ...noisy, ...doc.warnings.map((w) => `warning: ${w}`)];
}

/** What made the gate fail, e.g. "regression in redis · read · defaults (p99)". */
function failureParts(doc: CompareDoc): string[] {
  const parts = doc.cells
    .filter((c) => c.fails)
    .map((c) => {
      const worse = c.metrics.filter((m) => m.verdict === 'regression').map((m) => m.metric);
      const work = (c.work ?? []).filter((w) => w.fails).map(workFailureText);
      // Timed metrics joined by commas as before; the work verdict after a semicolon.
      const causes = [worse.join(', '), work.length ? `more work: ${work.join(', ')}` : ''].filter(Boolean);
      return causes.length
        ? `regression in ${c.label} (${causes.join('; ')})`
        : `not compared: ${c.label} (${c.status})`;
    });
  if (doc.ab) parts.push(...abFailureParts(doc.ab));
  const missed = doc.thresholds.filter((t) => !t.ok).length;
  if (missed) parts.push(`${missed} threshold(s) missed`);
  if (parts.length === 0) parts.push(doc.ab ? 'nothing was compared' : 'nothing was compared with the baseline');
  return parts;
}

/** The metric a threshold expression names, or undefined for one this version cannot read. */
function metricOf(expression: string): string | undefined {
  try {
    return parseThreshold(expression).metric;
  } catch {
    return undefined;
  }
}

/** A threshold's measured value with its metric's unit ("12.00 ms"); undefined when there is none. */
export function thresholdValue(t: CompareDocThreshold): string | undefined {
  if (t.actual === null) return undefined;
  const name = metricOf(t.threshold);
  return withUnit(t.actual, (name && thresholdMetric(name)?.unit) || '');
}

/** "ok: p99<50  memory · read · defaults: p99 = 12.3 ms" / "fail: …". */
export function formatThresholdLine(t: CompareDocThreshold): string {
  const value = thresholdValue(t);
  const what = value === undefined ? (t.reason ?? '') : `${metricOf(t.threshold) ?? 'value'} = ${value}`;
  return `${t.ok ? 'ok' : 'fail'}: ${t.threshold}  ${t.label ?? '(no cell)'}: ${what}`;
}

function thresholdLineMarkdown(t: CompareDocThreshold): string {
  const value = thresholdValue(t);
  const where = t.label ? ` · ${md(t.label)}` : '';
  const actual = value === undefined ? '' : ` = ${md(value)}`;
  const reason = t.reason ? ` (${md(t.reason)})` : '';
  return `- ${t.ok ? 'ok' : '**fail**'}: ${md(t.threshold)}${where}${actual}${reason}`;
}

export function renderCompareText(doc: CompareDoc): string {
  const out: string[] = [];
  if (doc.baseline) {
    const when = doc.baseline.createdAt ? ` (${doc.baseline.createdAt})` : '';
    out.push(`gate: compared with ${doc.baseline.file}${when}`);
    if (doc.method) out.push(`method: ${methodSentence(doc.method)}`);
    out.push(
      '',
      ...textTable(
        COMPARE_HEADER,
        compareRows(doc).map((r) => r.columns),
        NUMERIC,
      ),
    );
    const noise = noiseLines(doc);
    if (noise.length) out.push('', ...noise);
    out.push(...workText(doc));
  }
  if (doc.ab) out.push(...abText(doc.ab));
  const notes = noteLines(doc);
  if (notes.length) out.push('', ...notes);
  if (doc.thresholds.length) out.push('', 'thresholds:', ...doc.thresholds.map(formatThresholdLine));
  out.push('', doc.failed ? `gate: FAIL: ${failureParts(doc).join('; ')}` : 'gate: PASS');
  return out.join('\n');
}

function tableText(t: VerdictTable): string[] {
  return textTable(
    t.header,
    t.rows.map((r) => r.columns),
    t.numeric,
  );
}

function workText(doc: CompareDoc): string[] {
  const t = workTable(doc.cells);
  const same = workSameLine(doc.cells);
  return [...(t.rows.length ? ['', ...tableText(t)] : []), ...(same ? ['', same] : [])];
}

function abText(ab: AbDoc): string[] {
  const out = ['gate: interleaved A/B', `method: ${abMethodSentence(ab)}`, '', ...tableText(abTable(ab))];
  const groups = ab.groups.map((g) => ({
    label: g.label,
    cells: g.comparisons.map((c) => ({ label: `${g.label} · ${c.variant} vs ${c.control}`, work: c.work })),
  }));
  const cells = groups.flatMap((g) => g.cells);
  const work = workTable(cells, 'control');
  if (work.rows.length) out.push('', ...tableText(work));
  const same = workSameLine(cells);
  if (same) out.push('', same);
  const warning = abUnresolvedWarning(ab);
  if (warning) out.push('', `warning: ${warning}`);
  return ['', ...out];
}

function tableMarkdown(t: VerdictTable): string[] {
  const align: Align[] = t.header.map((_, i) => (t.numeric.includes(i) ? 'right' : 'left'));
  const rows = t.rows.map(({ columns, alarm }) =>
    columns.map((c, i) => (alarm && i === columns.length - 1 ? `**${md(c)}**` : md(c))),
  );
  return markdownTable(t.header, rows, align);
}

function abMarkdown(ab: AbDoc): string[] {
  const out = ['### Interleaved A/B', '', md(abMethodSentence(ab)), '', ...tableMarkdown(abTable(ab)), ''];
  const cells = ab.groups.flatMap((g) =>
    g.comparisons.map((c) => ({ label: `${g.label} · ${c.variant} vs ${c.control}`, work: c.work })),
  );
  const work = workTable(cells, 'control');
  if (work.rows.length) out.push(...tableMarkdown(work), '');
  const same = workSameLine(cells);
  if (same) out.push(md(same), '');
  const warning = abUnresolvedWarning(ab);
  if (warning) out.push(`⚠️ ${md(warning)}`, '');
  return out;
}

function markdownRows(doc: CompareDoc): string[] {
  const rows = compareRows(doc).map(({ columns, alarm }) =>
    columns.map((c, i) => (alarm && i === columns.length - 1 ? `**${md(c)}**` : md(c))),
  );
  return markdownTable(COMPARE_HEADER, rows, ALIGN);
}

/** gate.md, and the gate's part of summary.md: lines, every label escaped. */
export function renderCompareMarkdown(doc: CompareDoc): string[] {
  const verdict = doc.failed ? `**FAIL**: ${md(failureParts(doc).join('; '))}` : '**PASS**';
  const out = ['## Regression gate', '', verdict, ''];
  if (doc.baseline) {
    const when = doc.baseline.createdAt ? ` (${md(doc.baseline.createdAt)})` : '';
    out.push(`Baseline: ${md(doc.baseline.file)}${when}.`, '');
    if (doc.method) out.push(`Method: ${md(methodSentence(doc.method))}`, '');
    if (doc.cells.length) out.push(...markdownRows(doc), '');
    const noise = noiseLines(doc);
    if (noise.length) out.push(...noise.map((l) => `- ${md(l)}`), '');
    const work = workTable(doc.cells);
    if (work.rows.length) out.push(...tableMarkdown(work), '');
    const same = workSameLine(doc.cells);
    if (same) out.push(md(same), '');
  }
  if (doc.ab) out.push(...abMarkdown(doc.ab));
  const notes = noteLines(doc);
  if (notes.length) out.push(...notes.map((l) => `- ${md(l)}`), '');
  if (doc.thresholds.length) out.push(...doc.thresholds.map(thresholdLineMarkdown), '');
  out.push(NOT_CLAIMED, '');
  return out;
}
