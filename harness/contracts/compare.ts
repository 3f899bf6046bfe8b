// The shape of compare.json (schemaVersion 1), written to the output directory by the gate.
// Tools may read it (reports/ can render it); add fields freely, never rename or drop these.
import type { CellOptions, Settings } from './results.ts';

/** The metrics the baseline comparison tests, in compare.json's `metric` fields. */
export const COMPARED_METRICS = ['rps', 'p50', 'p99'] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

export type MetricVerdict =
  /** Significantly worse (p < alpha) AND worse by more than --max-regression. */
  | 'regression'
  /** Significantly better AND better by more than --max-regression. */
  | 'improvement'
  /** Not significant, or smaller than --max-regression. */
  | 'unchanged'
  /** Fewer than two completed repeats on a side: no test possible. */
  | 'untested';

export interface MetricComparison {
  metric: ComparedMetric;
  unit: string;
  better: 'higher' | 'lower';
  /** Geometric mean of the completed repeats. */
  baseline: number;
  current: number;
  /** (current / baseline − 1) × 100. */
  changePct: number;
  /** One-sided Welch p-value on log per-repeat values, in the direction of the change; null if untested. */
  pValue: number | null;
  /** Coefficient of variation of the per-repeat values (sd / mean); null with fewer than 2 repeats. */
  cv: { baseline: number | null; current: number | null };
  /** Smallest slowdown (%) this comparison detects with 80 % power at alpha; null if untested. */
  minDetectablePct: number | null;
  verdict: MetricVerdict;
}

export type CellStatus =
  /** Both sides have ≥ 2 completed repeats: metrics were tested. */
  | 'compared'
  /** The current run of a baselined cell failed or was skipped: fails the gate. */
  | 'not-completed'
  /** Fewer than 2 completed repeats on a side: fails the gate (the gate cannot do its job). */
  | 'insufficient-repeats'
  /** In the baseline, not run now (the plan changed): listed, does not fail. */
  | 'missing-in-current'
  /** Run now, not in the baseline (new cell) or the baseline has no completed run: listed, does not fail. */
  | 'missing-in-baseline';

export interface CellComparison {
  /** cellKey(): store|scenario|sorted options. */
  key: string;
  label: string;
  store: string;
  scenario: string;
  options: CellOptions;
  status: CellStatus;
  /** True when this cell makes the gate exit 1. */
  fails: boolean;
  reason?: string;
  repeats: { baseline: number; current: number };
  /** Mean coefficient of variation of the per-second throughput samples inside one run (autocorrelated: reported, not tested). */
  withinRunCv: { baseline: number | null; current: number | null };
  metrics: MetricComparison[];
  /** Set when the noise is too high for --max-regression to mean anything. */
  noiseWarning?: string;
}

export interface ThresholdOutcome {
  /** The expression as given, e.g. "redis:mixed:p99<20". */
  threshold: string;
  /** The cell's key and label; null when the threshold matched no cell. */
  key: string | null;
  label: string | null;
  actual: number | null;
  ok: boolean;
  reason?: string;
}

export interface GateMethod {
  test: 'welch-t-one-sided-log';
  alpha: number;
  maxRegressionPct: number;
  /** Latency changes of at most this many ms never fail (scheduler noise floor). */
  minChangeMs: number;
  /** What one observation is: a fresh-server repeat (per-second samples are autocorrelated). */
  unit: 'repeat';
  metrics: ComparedMetric[];
}

export interface CompareReport {
  schemaVersion: 1;
  createdAt: string;
  baseline: { file: string; createdAt: string; settings: Settings } | null;
  method: GateMethod;
  cells: CellComparison[];
  thresholds: ThresholdOutcome[];
  warnings: string[];
  /** Number of metric regressions. */
  regressions: number;
  /** True when the gate exits 1. */
  failed: boolean;
}
