// Thresholds as data: `[store:[scenario:]]metric<op>value`, e.g. `p99<50`, `errors<0.01`,
// `rps>1000`, `redis:p99<20`, `redis:mixed:p99<20`, `*:write:p50<=5`. Every cell the scope matches
// is checked on its own; a threshold that matches no cell, or a cell with no completed run, fails.
// The expressions are parsed in shared/threshold-expression.ts and the metrics declared in
// shared/metrics.ts; a cell's value is read over its completed repeats (see pooledValue).
import type { Results } from '../contracts/results.ts';
import type { ThresholdOutcome } from '../contracts/compare.ts';
import { pooledValue } from '../shared/metrics.ts';
import { thresholdMetric, type Op, type Threshold } from '../shared/threshold-expression.ts';
import { groupByCell, notCompletedReason, type CellRuns } from './cells.ts';

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
    if (hit.length === 0)
      return [
        { threshold: t.source, key: null, label: null, actual: null, ok: false, reason: 'matched no cell of this run' },
      ];
    return hit.map((c) => evaluateOne(t, c));
  });
}

function evaluateOne(t: Threshold, c: CellRuns): ThresholdOutcome {
  const base = { threshold: t.source, key: c.key, label: c.label };
  if (c.completed.length === 0)
    return { ...base, actual: null, ok: false, reason: `no completed run (${notCompletedReason(c)})` };
  const metric = thresholdMetric(t.metric);
  if (!metric) throw new Error(`threshold "${t.source}": metric ${t.metric} is not declared`);
  const actual = pooledValue(metric, c.completed);
  return { ...base, actual, ok: holds(actual, t.op, t.value) };
}
