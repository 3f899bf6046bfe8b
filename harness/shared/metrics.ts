// Every metric a run reports, declared once: its name (in thresholds, compare.json and the exports),
// label, unit, which way is better, how to read it from a run, and where it shows: the gate's
// baseline comparison, thresholds, the exports, the ranking tables (report.html, summary.md) and
// the terminal table. Those all read this list, so adding a metric is its measurement, its field
// in the contract (results.ts; compare.ts's COMPARED_METRICS for a gate metric) and one entry here.
import type { ComparedMetric } from '../contracts/compare.ts';
import type { CompletedRun, Latency, RunMetrics } from '../contracts/results.ts';
import { fmtBytes, fmtInt, fmtMs, fmtRatio } from './format-number.ts';
import { mean, median, sum } from './stats.ts';

/** What a run carries: every metric when it completed, some of them when it failed mid-way. */
export type MeasuredRun = { [K in keyof RunMetrics]?: RunMetrics[K] | undefined };

/** A metric's column in the ranking tables, headed by its label, one row per cell (its completed repeats). */
export interface RankingColumn {
  /** 'headline': the heading says which latency it is (alone or under load). 'loaded': shown only
   *  when some cell's headline latency came from the unloaded probe (else it says the same). */
  latency?: 'headline' | 'loaded';
  /** The number shown for a cell; the median of its repeats' values unless given. */
  value?(runs: readonly CompletedRun[]): number | undefined;
  format(v: number): string;
}

/** A metric's column in the terminal table printed after a run, one row per run. */
export interface TerminalColumn {
  heading: string;
  digits: number;
  /** The number shown for a run; the metric's own value unless given. */
  value?(run: MeasuredRun): number | undefined;
}

export interface Metric {
  /** As thresholds, compare.json and the exports spell it. */
  name: string;
  /** For people: the heading of its ranking column. */
  label: string;
  /** '' for a share (0–1). */
  unit: string;
  better: 'higher' | 'lower';
  /** One run's value; undefined when the run did not record it. */
  of(run: MeasuredRun): number | undefined;
  /** A cell's completed repeats as one number (thresholds); the mean of their values unless given. */
  pool?(runs: readonly CompletedRun[]): number;
  /** Compared with a baseline by the gate (the contract's COMPARED_METRICS; a test keeps them equal). */
  gate: boolean;
  /** Accepted in --threshold expressions. */
  threshold: boolean;
  /** Its names in the exports: a Bencher measure, and github-action-benchmark's entry suffix. */
  export?: { bmf: string; gab: string };
  ranking?: RankingColumn;
  terminal?: TerminalColumn;
  /** Recorded only by some runs (capacity: a --sweep's); absent from the others. */
  only?: 'sweep';
}

type Requests = RunMetrics['requests'];

/** Requests that failed: connection errors, timeouts and non-2xx answers. */
export function failedRequests(r: Pick<Requests, 'errors' | 'timeouts' | 'non2xx'>): number {
  return r.errors + r.timeouts + r.non2xx;
}

/** failed / total requests, pooled; 1 when nothing was answered but something failed. */
export function errorRate(requests: readonly Requests[]): number {
  const bad = sum(requests.map(failedRequests));
  const total = sum(requests.map((r) => r.total));
  if (total > 0) return bad / total;
  return bad > 0 ? 1 : 0;
}

function latency(key: keyof Latency, label: string, more: Partial<Metric> = {}): Metric {
  return {
    name: key,
    label,
    unit: 'ms',
    better: 'lower',
    of: (r) => r.latencyMs?.[key],
    gate: false,
    threshold: true,
    ...more,
  };
}

/** In this order in thresholds' valid-metrics list, the ranking's columns and the gate's rows. */
export const METRICS: readonly Metric[] = [
  {
    name: 'rps',
    label: 'req/s',
    unit: 'req/s',
    better: 'higher',
    of: (r) => r.throughput?.rps,
    gate: true,
    threshold: true,
    export: { bmf: 'throughput', gab: 'throughput' },
    ranking: { format: fmtInt },
    terminal: { heading: 'req/s', digits: 0 },
  },
  latency('p50', 'p50', {
    gate: true,
    export: { bmf: 'latency', gab: 'p50 latency' },
    ranking: { latency: 'headline', format: fmtMs },
    terminal: { heading: 'p50 ms', digits: 2 },
  }),
  latency('p90', 'p90'),
  latency('p99', 'p99', {
    gate: true,
    export: { bmf: 'latency-p99', gab: 'p99 latency' },
    ranking: { latency: 'headline', format: fmtMs },
    terminal: { heading: 'p99 ms', digits: 2 },
  }),
  latency('p999', 'p99.9'),
  latency('mean', 'mean'),
  latency('max', 'max'),
  {
    name: 'loadedP99',
    label: 'p99 loaded',
    unit: 'ms',
    better: 'lower',
    of: (r) => r.loadedLatencyMs?.p99,
    gate: false,
    threshold: false,
    ranking: { latency: 'loaded', format: fmtMs },
  },
  {
    name: 'errors',
    label: 'errors',
    unit: '',
    better: 'lower',
    gate: false,
    threshold: true,
    of: (r) => (r.requests ? errorRate([r.requests]) : undefined),
    pool: (runs) => errorRate(runs.map((r) => r.requests)),
    // The tables count failed requests; thresholds judge their share.
    ranking: { value: (runs) => sum(runs.map((r) => failedRequests(r.requests))), format: fmtInt },
    terminal: { heading: 'errors', digits: 0, value: (r) => (r.requests ? failedRequests(r.requests) : undefined) },
  },
  {
    name: 'cookieBytes',
    label: 'cookie',
    unit: 'B',
    better: 'lower',
    gate: false,
    threshold: false,
    of: (r) => r.cookie?.meanBytes,
    ranking: { format: (v) => `${fmtInt(v)} B` },
    terminal: { heading: 'cookie B', digits: 0 },
  },
  {
    name: 'rssGrowth',
    label: 'RSS growth',
    unit: 'B',
    better: 'lower',
    gate: false,
    threshold: false,
    of: (r) => (r.memory ? r.memory.rssBytes.end - r.memory.rssBytes.start : undefined),
    ranking: { format: (v) => fmtBytes(v, true) },
  },
  {
    // --sweep: the highest rate within the SLO (capacity.ts). Absent from runs without a sweep, so
    // the gate compares it only where both sides measured it.
    name: 'capacity',
    label: 'capacity',
    unit: 'req/s',
    better: 'higher',
    gate: true,
    threshold: true,
    only: 'sweep',
    of: (r) => r.capacity?.rps,
  },
  {
    name: 'storeOpsPerRequest',
    label: 'store calls / req',
    unit: 'calls',
    better: 'lower',
    gate: false,
    threshold: false,
    of: (r) => r.storeOps?.perRequest,
    ranking: { format: (v) => fmtRatio(v) },
  },
];

export type GateMetric = Metric & { name: ComparedMetric };
export type ExportedMetric = Metric & { export: NonNullable<Metric['export']> };
export type RankingMetric = Metric & { ranking: RankingColumn };
export type TerminalMetric = Metric & { terminal: TerminalColumn };

/** The gate's metrics, in order; equal to the contract's COMPARED_METRICS (a test checks it). */
export const GATE_METRICS = METRICS.filter((m) => m.gate) as readonly GateMetric[];
export const THRESHOLD_METRICS = METRICS.filter((m) => m.threshold);
export const EXPORTED_METRICS = METRICS.filter((m): m is ExportedMetric => m.export !== undefined);
export const RANKING_METRICS = METRICS.filter((m): m is RankingMetric => m.ranking !== undefined);
export const TERMINAL_METRICS = METRICS.filter((m): m is TerminalMetric => m.terminal !== undefined);

/** The values the runs recorded (a run without one is left out). */
export function valuesOf(metric: Metric, runs: readonly MeasuredRun[]): number[] {
  return runs.map((r) => metric.of(r)).filter((v): v is number => v !== undefined);
}

/** A cell's completed repeats as one number, the way thresholds read it. */
export function pooledValue(metric: Metric, runs: readonly CompletedRun[]): number {
  return metric.pool ? metric.pool(runs) : mean(valuesOf(metric, runs));
}

/** The number a ranking column shows for a cell; undefined unless every repeat recorded it. */
export function rankingValue(metric: RankingMetric, runs: readonly CompletedRun[]): number | undefined {
  if (metric.ranking.value) return metric.ranking.value(runs);
  const values = valuesOf(metric, runs);
  return values.length === runs.length && values.length > 0 ? median(values) : undefined;
}

/** The number the terminal table shows for a run. */
export function terminalValue(metric: TerminalMetric, run: MeasuredRun): number | undefined {
  return metric.terminal.value ? metric.terminal.value(run) : metric.of(run);
}
