// compare.json's work comparisons and --ab verdicts for people, as tables (header + rows) that the
// terminal, gate.md, summary.md and report.html each lay out in their own dialect (render-compare.ts
// and reports/html/sections/compare-section.ts). Formatting only: every verdict is in the file.
import { fmtChangePct, fmtNumber } from './format-number.ts';

/** What the renderers read of one work comparison row (contracts/compare-work.ts). */
export interface WorkDocRow {
  label: string;
  quantity: string;
  unit: string;
  baseline: number;
  current: number;
  change: number;
  allowed: number | null;
  verdict: string;
  fails: boolean;
}

export interface AbDocMetric {
  metric: string;
  unit: string;
  control: number;
  variant: number;
  diffPct: number;
  ciPct: [number, number] | null;
  verdict: string;
}

export interface AbDocComparison {
  control: string;
  variant: string;
  samples: { control: number; variant: number };
  metrics: AbDocMetric[];
  work: WorkDocRow[];
  fails: boolean;
  unresolved: boolean;
}

/** What the renderers read of compare.json's `ab` (contracts/compare-ab.ts). */
export interface AbDoc {
  horizonPct: number;
  confidence: number;
  budgetS: number;
  elapsedS: number;
  stoppedBy: string;
  failUnresolved: boolean;
  order: string[];
  groups: { label: string; comparisons: AbDocComparison[] }[];
  unresolved: number;
}

export interface VerdictTable {
  header: string[];
  numeric: number[];
  rows: { columns: string[]; alarm: boolean }[];
}

function signed(v: number): string {
  if (v === 0) return '±0';
  return `${v > 0 ? '+' : '−'}${fmtNumber(Math.abs(v))}`;
}
const withUnit = (v: number, unit: string) => (unit ? `${fmtNumber(v)} ${unit}` : fmtNumber(v));

export const WORK_HEADER = ['cell', 'action', 'work / request', 'baseline', 'current', 'change', 'allowed', 'verdict'];

/** Rows that changed or could not be judged; `same` rows are summed up by workSameLine. */
export function workTable(
  cells: { label: string; work?: WorkDocRow[] | undefined }[],
  control = 'baseline',
): VerdictTable {
  const rows = cells.flatMap((c) =>
    (c.work ?? [])
      .filter((w) => w.verdict !== 'same')
      .map((w) => ({
        columns: [
          c.label,
          w.label,
          `${w.quantity} (${w.unit})`,
          fmtNumber(w.baseline),
          fmtNumber(w.current),
          signed(w.change),
          w.allowed === null ? '-' : `+${fmtNumber(w.allowed)}`,
          w.fails ? 'MORE WORK' : w.verdict,
        ],
        alarm: w.fails,
      })),
  );
  return { header: WORK_HEADER.map((h) => (h === 'baseline' ? control : h)), numeric: [3, 4, 5, 6], rows };
}

/** "work: 42 quantities in 7 actions within tolerance (exact counts)", or undefined when none was compared. */
export function workSameLine(cells: { work?: WorkDocRow[] | undefined }[]): string | undefined {
  const rows = cells.flatMap((c) => c.work ?? []);
  if (rows.length === 0) return undefined;
  const same = rows.filter((w) => w.verdict === 'same');
  const actions = new Set(same.map((w) => w.label)).size;
  return `work: ${same.length} of ${rows.length} quantities (${actions} actions) the same within tolerance; exact counts per request, no repeats needed`;
}

/** "dashboard set +1 calls" for the verdict line. */
export const workFailureText = (w: WorkDocRow) => `${w.label}: ${w.quantity} ${signed(w.change)} ${w.unit}/request`;

export const AB_HEADER = ['group', 'variant', 'metric', 'control', 'variant value', 'diff', '95% CI', 'verdict'];

const ciText = (ci: [number, number] | null) => (ci ? `${fmtChangePct(ci[0])} … ${fmtChangePct(ci[1])}` : '-');

export function abTable(ab: AbDoc): VerdictTable {
  const rows = ab.groups.flatMap((g) =>
    g.comparisons.flatMap((c) =>
      c.metrics.map((m) => ({
        columns: [
          g.label,
          `${c.variant} vs ${c.control} (${c.samples.variant}+${c.samples.control})`,
          m.metric,
          withUnit(m.control, m.unit),
          withUnit(m.variant, m.unit),
          fmtChangePct(m.diffPct),
          ciText(m.ciPct),
          m.verdict === 'slower' ? 'SLOWER' : m.verdict,
        ],
        alarm: m.verdict === 'slower' || (ab.failUnresolved && m.verdict === 'unresolved'),
      })),
    ),
  );
  return { header: AB_HEADER, numeric: [3, 4, 5, 6], rows };
}

/** One sentence on how the interleaved comparison was made and why it stopped. */
export function abMethodSentence(ab: AbDoc): string {
  const pct = Math.round(ab.confidence * 100);
  return `Interleaved A/B on this machine: ${ab.order.length} samples, each a fresh server, in the order ${abbreviateOrder(ab.order)}; a metric is resolved when its ${pct}% confidence interval (Welch, on the log of per-sample values) lies wholly inside ±${ab.horizonPct}% (same) or wholly beyond it (faster/slower). Stopped: ${ab.stoppedBy} after ${Math.round(ab.elapsedS)} s of a ${Math.round(ab.budgetS)} s budget.`;
}

function abbreviateOrder(order: string[]): string {
  const shown = order.slice(0, 8).join(' ');
  return order.length > 8 ? `${shown} …` : shown;
}

/** What made an --ab comparison fail, e.g. "pr vs main in read · defaults: slower p50; more work: dashboard set +1". */
export function abFailureParts(ab: AbDoc): string[] {
  return ab.groups.flatMap((g) =>
    g.comparisons
      .filter((c) => c.fails || (ab.failUnresolved && c.unresolved))
      .map((c) => {
        const slower = c.metrics.filter((m) => m.verdict === 'slower').map((m) => m.metric);
        const work = c.work.filter((w) => w.fails).map(workFailureText);
        const unresolved = ab.failUnresolved
          ? c.metrics.filter((m) => m.verdict === 'unresolved').map((m) => m.metric)
          : [];
        const parts = [
          ...(slower.length ? [`slower ${slower.join(', ')}`] : []),
          ...(work.length ? [`more work: ${work.join(', ')}`] : []),
          ...(unresolved.length ? [`unresolved ${unresolved.join(', ')} (--fail-unresolved)`] : []),
        ];
        return `${c.variant} vs ${c.control} in ${g.label}: ${parts.join('; ')}`;
      }),
  );
}

/** The warning printed when some metric stayed unresolved (exit 0 unless --fail-unresolved). */
export function abUnresolvedWarning(ab: AbDoc): string | undefined {
  if (ab.unresolved === 0) return undefined;
  const what = ab.failUnresolved ? 'fails the gate (--fail-unresolved)' : 'is neither a pass nor a fail: exit 0';
  return `${ab.unresolved} metric(s) unresolved when sampling stopped (${ab.stoppedBy}): the ${Math.round(ab.confidence * 100)}% interval still straddles ±${ab.horizonPct}%; this ${what}. Raise --budget, or widen --horizon`;
}
