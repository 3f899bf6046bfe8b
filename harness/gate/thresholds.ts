// Thresholds as data: `[store:[scenario:]]metric<op>value`, e.g. `p99<50`, `errors<0.01`,
// `rps>1000`, `redis:p99<20`, `redis:mixed:p99<20`, `*:write:p50<=5`. Every cell the scope matches
// is checked on its own; a threshold that matches no cell, or a cell with no completed run, fails.
import { UsageError } from '../shared/usage-error.ts';
import type { CompletedRun, Results } from '../contracts/results.ts';
import type { ThresholdOutcome } from '../contracts/compare.ts';
import { errorRate, groupByCell, notCompletedReason, type CellRuns } from './cells.ts';
import { mean } from './stats.ts';

type Op = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** The expression as given. */
  source: string;
  /** Store name to match; undefined or "*" for every store. */
  store?: string;
  scenario?: string;
  metric: ThresholdMetric;
  op: Op;
  value: number;
}

const latency = (k: 'p50' | 'p90' | 'p99' | 'p999' | 'mean' | 'max') => (runs: CompletedRun[]) => mean(runs.map((r) => r.latencyMs[k]));

/** Each metric is read over a cell's completed repeats: the mean of per-repeat values, errors pooled. */
export const THRESHOLD_METRICS = {
  rps: { unit: 'req/s', of: (runs: CompletedRun[]) => mean(runs.map((r) => r.throughput.rps)) },
  p50: { unit: 'ms', of: latency('p50') },
  p90: { unit: 'ms', of: latency('p90') },
  p99: { unit: 'ms', of: latency('p99') },
  p999: { unit: 'ms', of: latency('p999') },
  mean: { unit: 'ms', of: latency('mean') },
  max: { unit: 'ms', of: latency('max') },
  errors: { unit: '', of: errorRate },
} as const;

export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;

const SYNTAX = "[store:[scenario:]]metric<op>value, e.g. 'p99<50', 'errors<0.01', 'rps>1000', 'redis:mixed:p99<20' (op: < <= > >=; '*' matches any store or scenario)";
const CONDITION = /^([A-Za-z0-9_]+)\s*(<=|>=|<|>)\s*(\S+)$/;

/** Parses one expression; throws UsageError naming the bad part and the valid ones. */
export function parseThreshold(source: string): Threshold {
  const parts = source.trim().split(':');
  const condition = parts.pop()!.trim();
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) {
    throw new UsageError(`threshold "${source}": bad scope. Syntax: ${SYNTAX}`);
  }
  const m = CONDITION.exec(condition);
  if (!m) throw new UsageError(`threshold "${source}": cannot read "${condition}". Syntax: ${SYNTAX}`);
  const [, metric, op, raw] = m as unknown as [string, string, Op, string];
  if (!(metric in THRESHOLD_METRICS)) {
    throw new UsageError(`threshold "${source}": unknown metric "${metric}". Valid metrics: ${Object.keys(THRESHOLD_METRICS).join(', ')}`);
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`threshold "${source}": "${raw}" is not a number. Syntax: ${SYNTAX}`);
  const [store, scenario] = parts.map((p) => p.trim());
  return { source, metric: metric as ThresholdMetric, op, value, ...(store ? { store } : {}), ...(scenario ? { scenario } : {}) };
}

const matches = (want: string | undefined, have: string) => want === undefined || want === '*' || want === have;

function holds(actual: number, op: Op, value: number): boolean {
  if (op === '<') return actual < value;
  if (op === '<=') return actual <= value;
  if (op === '>') return actual > value;
  return actual >= value;
}

export function evaluateThresholds(thresholds: Threshold[], results: Results): ThresholdOutcome[] {
  const cells = [...groupByCell(results.runs).values()];
  return thresholds.flatMap((t) => {
    const hit = cells.filter((c) => matches(t.store, c.store) && matches(t.scenario, c.scenario));
    if (hit.length === 0) return [{ threshold: t.source, key: null, label: null, actual: null, ok: false, reason: 'matched no cell of this run' }];
    return hit.map((c) => evaluateOne(t, c));
  });
}

function evaluateOne(t: Threshold, c: CellRuns): ThresholdOutcome {
  const base = { threshold: t.source, key: c.key, label: c.label };
  if (c.completed.length === 0) return { ...base, actual: null, ok: false, reason: `no completed run (${notCompletedReason(c)})` };
  const actual = THRESHOLD_METRICS[t.metric].of(c.completed);
  return { ...base, actual, ok: holds(actual, t.op, t.value) };
}

/** "ok: p99<50 memory · read · defaults: p99 = 12.3 ms" / "fail: …". */
export function formatThresholdLine(o: ThresholdOutcome): string {
  const where = o.label ?? '(no cell)';
  const metric = parseThreshold(o.threshold).metric;
  const unit = THRESHOLD_METRICS[metric].unit;
  const value = o.actual === null ? o.reason : `${metric} = ${formatNumber(o.actual)}${unit ? ` ${unit}` : ''}`;
  return `${o.ok ? 'ok' : 'fail'}: ${o.threshold}  ${where}: ${value}`;
}

export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}
