// The gate and a --sweep's capacity: `capacity>N` thresholds, and the baseline comparison of
// capacity where both sides measured it (and only there: a run without a sweep has none).
import { describe, expect, it } from 'vitest';
import { compareResults } from '../harness/gate/compare.ts';
import { evaluateThresholds } from '../harness/gate/thresholds.ts';
import { parseThreshold } from '../harness/shared/threshold-expression.ts';
import type { Run } from '../harness/contracts/results.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';

const withCapacity = (run: Run, rps: number): Run => ({ ...run, capacity: capacity(rps) }) as Run;
function capacity(rps: number) {
  return {
    sloMs: 25,
    percentile: 'p99',
    maxErrorShare: 0.001,
    rps,
    bound: 'interpolated',
    closedMaxRps: rps * 1.2,
    steps: [],
  };
}
const swept = (store: string, values: number[]) =>
  values.map((v, i) => withCapacity(makeRun({ store, repeat: i + 1, rps: 1000 + i }), v));
const o = { alpha: 0.05, maxRegressionPct: 5, minChangeMs: 1 };

describe('capacity in the gate', () => {
  it('capacity>N passes above N and fails below it, naming the value', () => {
    const results = makeResults([...swept('redis', [900, 910]), ...swept('sqlite', [300, 310])]);
    const outcomes = evaluateThresholds([parseThreshold('capacity>500')], results);
    const of = (store: string) => outcomes.find((x) => x.key?.startsWith(`${store}|`));
    expect(of('redis')).toMatchObject({ ok: true, actual: 905 });
    expect(of('sqlite')).toMatchObject({ ok: false, actual: 305 });
  });

  it('a capacity threshold on runs without a sweep fails: nothing was measured', () => {
    const outcomes = evaluateThresholds([parseThreshold('capacity>10')], makeResults([makeRun()]));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((x) => !x.ok)).toBe(true);
  });

  it('compares capacity with the baseline only where both sides have it', () => {
    const base = makeResults([
      ...swept('redis', [1000, 1010, 990]),
      makeRun({ store: 'memory' }),
      makeRun({ store: 'memory', repeat: 2 }),
    ]);
    const cur = makeResults([
      ...swept('redis', [700, 710, 690]),
      makeRun({ store: 'memory' }),
      makeRun({ store: 'memory', repeat: 2 }),
    ]);
    const cells = compareResults(base, cur, o);
    const redis = cells.find((c) => c.store === 'redis')!;
    const memory = cells.find((c) => c.store === 'memory')!;
    expect(redis.metrics.find((m) => m.metric === 'capacity')).toMatchObject({ verdict: 'regression' });
    expect(redis.fails).toBe(true);
    expect(memory.metrics.map((m) => m.metric)).not.toContain('capacity');
  });
});
