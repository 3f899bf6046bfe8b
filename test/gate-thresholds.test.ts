// Thresholds as data: the syntax, its usage errors, scoping, the error rate, and that a threshold
// that cannot be checked fails instead of passing.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../harness/shared/usage-error.ts';
import { evaluateThresholds } from '../harness/gate/thresholds.ts';
import { formatThresholdLine } from '../harness/shared/render-compare.ts';
import { parseThreshold } from '../harness/shared/threshold-expression.ts';
import { makeResults, makeRun, repeats } from './fixtures/gate/make-results.ts';

describe('parseThreshold', () => {
  it('reads unscoped, store-scoped and store:scenario-scoped expressions', () => {
    expect(parseThreshold('p99<50')).toEqual({ source: 'p99<50', metric: 'p99', op: '<', value: 50 });
    expect(parseThreshold('errors < 0.01')).toMatchObject({ metric: 'errors', op: '<', value: 0.01 });
    expect(parseThreshold('redis:rps>=1000')).toMatchObject({ store: 'redis', metric: 'rps', op: '>=', value: 1000 });
    expect(parseThreshold('redis:mixed:p99<=20')).toMatchObject({ store: 'redis', scenario: 'mixed', op: '<=' });
    expect(parseThreshold('*:write:p50<5')).toMatchObject({ store: '*', scenario: 'write' });
  });

  it.each([
    ['nosuchmetric<1', /unknown metric "nosuchmetric".*Valid metrics: rps, p50, p90, p99, p999, mean, max, errors/],
    ['p99=50', /cannot read "p99=50".*Syntax/],
    ['p99<fast', /"fast" is not a number/],
    ['p99<', /cannot read/],
    ['a:b:c:p99<1', /bad scope/],
    [':p99<1', /bad scope/],
    ['', /cannot read/],
  ])('rejects %j as a usage error', (expr, message) => {
    expect(() => parseThreshold(expr)).toThrow(UsageError);
    expect(() => parseThreshold(expr)).toThrow(message);
  });
});

describe('evaluateThresholds', () => {
  const results = makeResults([
    ...repeats({ store: 'memory', scenario: 'read' }, 'p99', [10, 14]),
    ...repeats({ store: 'sqlite', scenario: 'read' }, 'p99', [40, 60]),
    makeRun({ store: 'memory', scenario: 'write', total: 1000, errors: 3, non2xx: 7 }),
    makeRun({ store: 'redis', scenario: 'read', status: 'skipped' }),
  ]);

  it('checks every cell the scope matches, on the mean of its repeats', () => {
    const out = evaluateThresholds([parseThreshold('*:read:p99<50')], results);
    expect(out.map((t) => [t.key?.split('|')[0], t.actual, t.ok])).toEqual([
      ['memory', 12, true],
      ['sqlite', 50, false],
      ['redis', null, false],
    ]);
  });

  it('computes errors as (errors + timeouts + non-2xx) / total', () => {
    const [t] = evaluateThresholds([parseThreshold('memory:write:errors<0.01')], results);
    expect(t!.actual).toBeCloseTo(0.01, 12);
    expect(t!.ok).toBe(false);
    expect(evaluateThresholds([parseThreshold('memory:write:errors<=0.01')], results)[0]!.ok).toBe(true);
  });

  it('fails a threshold that matched no cell, and one whose cell never completed', () => {
    const [none] = evaluateThresholds([parseThreshold('mongo:p99<1')], results);
    expect(none).toMatchObject({ ok: false, key: null, reason: 'matched no cell of this run' });
    const [skipped] = evaluateThresholds([parseThreshold('redis:p99<1000')], results);
    expect(skipped!.ok).toBe(false);
    expect(skipped!.reason).toContain('skipped');
  });

  it('prints ok: and fail: lines naming the cell and the value', () => {
    const lines = evaluateThresholds([parseThreshold('p99<50')], results).map(formatThresholdLine);
    expect(lines[0]).toBe('ok: p99<50  memory · read · defaults: p99 = 12.00 ms');
    expect(lines[1]).toMatch(/^fail: p99<50 {2}sqlite · read · defaults: p99 = 50\.00 ms$/);
  });
});
