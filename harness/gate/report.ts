// Builds the CompareReport (compare.json) from a run, an optional baseline and thresholds, and
// warns when the two runs were not measured the same way (then a difference may not be the code's).
import type { Results } from '../contracts/results.ts';
import { COMPARE_SCHEMA_VERSION, type CompareReport, type GateMethod } from '../contracts/compare.ts';
import type { AbReport } from '../contracts/compare-ab.ts';
import { GATE_METRICS } from '../shared/metrics.ts';
import { compareResults } from './compare.ts';
import type { Threshold } from '../shared/threshold-expression.ts';
import { evaluateThresholds } from './thresholds.ts';

export interface ReportInput {
  current: Results;
  baseline?: { file: string; results: Results } | undefined;
  thresholds: Threshold[];
  alpha: number;
  maxRegressionPct: number;
  minChangeMs?: number | undefined;
  /** --ab's verdicts (harness/ab/): the comparison made in this run. */
  ab?: AbReport | undefined;
}

// probe decides what latencyMs is (unloaded probe or latency under load), so it must match too.
const SETTINGS = ['duration', 'warmup', 'connections', 'pipelining', 'rate', 'probe'] as const;

/** Differences in how the baseline and this run were measured. */
export function contextWarnings(baseline: Results, current: Results): string[] {
  const out: string[] = [];
  for (const k of SETTINGS) {
    const [b, c] = [baseline.settings[k], current.settings[k]];
    if (b !== c)
      out.push(
        `baseline was measured with ${k} ${String(b ?? 'unset')}, this run with ${String(c ?? 'unset')}: differences may come from the settings, not the code`,
      );
  }
  const be = baseline.environment;
  const ce = current.environment;
  if (be && ce && (be.cpus !== ce.cpus || be.cpuModel !== ce.cpuModel)) {
    out.push(
      `baseline ran on ${be.cpus} × ${be.cpuModel}, this run on ${ce.cpus} × ${ce.cpuModel}: compare on the same kind of machine`,
    );
  }
  if (be && ce && be.node !== ce.node) out.push(`baseline ran on Node ${be.node}, this run on Node ${ce.node}`);
  return out;
}

export function buildReport(input: ReportInput): CompareReport {
  const method: GateMethod = {
    test: 'welch-t-one-sided-log',
    alpha: input.alpha,
    maxRegressionPct: input.maxRegressionPct,
    minChangeMs: input.minChangeMs ?? 0,
    unit: 'repeat',
    metrics: GATE_METRICS.map((m) => m.name),
  };
  const b = input.baseline;
  const cells = b
    ? compareResults(b.results, input.current, {
        alpha: input.alpha,
        maxRegressionPct: input.maxRegressionPct,
        minChangeMs: input.minChangeMs,
      })
    : [];
  const thresholds = evaluateThresholds(input.thresholds, input.current);
  const regressions = cells.reduce(
    (n, c) =>
      n + c.metrics.filter((m) => m.verdict === 'regression').length + (c.work ?? []).filter((w) => w.fails).length,
    0,
  );
  // A baseline that shares no cell with this run compares nothing: that must not read as a pass.
  const disjoint =
    b !== undefined && cells.every((c) => c.status === 'missing-in-baseline' || c.status === 'missing-in-current');
  const warnings = b ? contextWarnings(b.results, input.current) : [];
  if (disjoint) warnings.push('no cell of this run has a completed baseline: nothing was compared');
  const ab = input.ab;
  const abComparisons = ab?.groups.flatMap((g) => g.comparisons) ?? [];
  const abRegressions = abComparisons.reduce(
    (n, c) => n + c.metrics.filter((m) => m.verdict === 'slower').length + c.work.filter((w) => w.fails).length,
    0,
  );
  const abFailed = abComparisons.some((c) => c.fails || (ab!.failUnresolved && c.unresolved));
  if (ab && abComparisons.length === 0) warnings.push('--ab compared nothing: no group had two variants');
  if (ab?.stoppedBy === 'failed') warnings.push('--ab stopped early: a sample did not complete (see the runs)');
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    baseline: b ? { file: b.file, createdAt: b.results.createdAt, settings: b.results.settings } : null,
    method,
    cells,
    thresholds,
    warnings,
    regressions: regressions + abRegressions,
    ...(ab ? { ab } : {}),
    failed:
      disjoint ||
      abFailed ||
      (ab !== undefined && (abComparisons.length === 0 || ab.stoppedBy === 'failed')) ||
      cells.some((c) => c.fails) ||
      thresholds.some((t) => !t.ok),
  };
}
