// The threshold syntax, `[store:[scenario:]]metric<op>value` (e.g. `p99<50`, `errors<0.01`,
// `rps>1000`, `redis:mixed:p99<20`, `*:write:p50<=5`): read by the gate to check a run, and by the
// compare.json renderers to name a threshold's metric and unit.
import { THRESHOLD_METRICS, type Metric } from './metrics.ts';
import { UsageError } from './usage-error.ts';

export type Op = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** The expression as given. */
  source: string;
  /** Store name to match; undefined or "*" for every store. */
  store?: string;
  scenario?: string;
  metric: string;
  op: Op;
  value: number;
}

const SYNTAX =
  "[store:[scenario:]]metric<op>value, e.g. 'p99<50', 'errors<0.01', 'rps>1000', 'redis:mixed:p99<20' (op: < <= > >=; '*' matches any store or scenario)";
const CONDITION = /^([A-Za-z0-9_]+)\s*(<=|>=|<|>)\s*(\S+)$/;

/** The declared metric a threshold checks. */
export function thresholdMetric(name: string): Metric | undefined {
  return THRESHOLD_METRICS.find((m) => m.name === name);
}

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
  if (!thresholdMetric(metric)) {
    throw new UsageError(
      `threshold "${source}": unknown metric "${metric}". Valid metrics: ${THRESHOLD_METRICS.map((t) => t.name).join(', ')}`,
    );
  }
  const value = Number(raw);
  if (!Number.isFinite(value))
    throw new UsageError(`threshold "${source}": "${raw}" is not a number. Syntax: ${SYNTAX}`);
  const [store, scenario] = parts.map((p) => p.trim());
  return { source, metric, op, value, ...(store ? { store } : {}), ...(scenario ? { scenario } : {}) };
}
