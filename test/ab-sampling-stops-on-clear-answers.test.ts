// --ab's loop on fixed samples (no server): the interval rule, the interleaved order, stopping on a
// clear difference and on clear sameness, "unresolved" when the budget ends, and A/A with one
// module never failing. The sampler and the clock are the test's, so nothing here is timed.
import { describe, expect, it } from 'vitest';
import type { CompletedRun, Run } from '../harness/contracts/results.ts';
import type { AbGroupPlan } from '../harness/ab/groups.ts';
import { judgeInterval, verdictOf } from '../harness/ab/interval.ts';
import { runAb } from '../harness/ab/run-ab.ts';
import { schedule } from '../harness/ab/schedule.ts';
import type { AbPlan } from '../harness/plan/ab-args.ts';
import type { Cell } from '../harness/plan/plan-cells.ts';
import { scenarios } from '../scenarios/index.ts';
import { buildReport } from '../harness/gate/report.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';

const plan = (o: Partial<AbPlan> = {}): AbPlan => ({
  axis: 'store',
  variants: ['a', 'b'],
  horizonPct: 5,
  budgetS: 600,
  minSamples: 3,
  maxSamples: 100,
  failUnresolved: false,
  ...o,
});

const cell = (store: string): Cell => ({
  id: `${store}|read|#1`,
  store,
  storeSpec: store,
  scenario: scenarios.read!,
  options: {},
  repeat: 1,
});

const group: AbGroupPlan = {
  label: 'read · defaults',
  scenario: 'read',
  options: {},
  variants: [
    { label: 'a', cell: cell('a') },
    { label: 'b', cell: cell('b') },
  ],
};

/** A deterministic wobble in ±spread, different for every sample. */
const wobble = (i: number, spread: number) => 1 + spread * Math.sin(i * 2.399963 + 0.7);

/** A sampler whose rps and p50 come from `value(store, index)`; every sample takes 10 s of the fake clock. */
function sampler(value: (store: string, i: number) => { rps: number; p50: number }) {
  let t = 0;
  let i = 0;
  return {
    now: () => t,
    runSample: async (c: Cell): Promise<Run> => {
      t += 10_000;
      const v = value(c.store, i++);
      return {
        ...(makeRun({ store: c.store, repeat: c.repeat, rps: v.rps, p50: v.p50, p99: v.p50 * 4 }) as CompletedRun),
        id: c.id,
      };
    },
  };
}

describe('the interval rule', () => {
  it('says same inside ±horizon, slower or faster wholly beyond it, unresolved across a boundary', () => {
    expect(verdictOf([-3, 4], 'lower', 5)).toBe('same');
    expect(verdictOf([6, 40], 'lower', 5)).toBe('slower');
    expect(verdictOf([6, 40], 'higher', 5)).toBe('faster');
    expect(verdictOf([-40, -6], 'higher', 5)).toBe('slower');
    expect(verdictOf([2, 9], 'lower', 5)).toBe('unresolved');
    expect(verdictOf([-9, 9], 'lower', 5)).toBe('unresolved');
  });

  it('puts the difference of log means at the centre, as a percentage of the control', () => {
    const i = judgeInterval([1, 1.1, 0.9], [2, 2.2, 1.8], 'lower', 5);
    expect(i.diffPct).toBeCloseTo(100, 6);
    expect(i.ciPct![0]).toBeLessThan(100);
    expect(i.ciPct![1]).toBeGreaterThan(100);
    expect(i.verdict).toBe('slower');
  });
});

describe('interleaving', () => {
  it('alternates the variants, reversing every other round (a b b a a b …)', () => {
    expect(schedule(['a', 'b'], 3)).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(schedule(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c', 'c', 'b', 'a']);
  });
});

describe('runAb stops on clear answers', () => {
  it('stops at the minimum samples on a clear slowdown and fails', async () => {
    const s = sampler((store, i) => ({
      rps: (store === 'b' ? 300 : 3000) * wobble(i, 0.05),
      p50: (store === 'b' ? 4 : 0.4) * wobble(i + 3, 0.05),
    }));
    const report = await runAb([group], plan(), s);
    expect(report.stoppedBy).toBe('resolved');
    expect(report.order).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    const c = report.groups[0]!.comparisons[0]!;
    expect(c.metrics.map((m) => [m.metric, m.verdict])).toEqual([
      ['rps', 'slower'],
      ['p50', 'slower'],
      ['p99', 'slower'],
    ]);
    expect(
      buildReport({ current: makeResults([]), thresholds: [], alpha: 0.05, maxRegressionPct: 10, ab: report }).failed,
    ).toBe(true);
  });

  it('stops on clear sameness once the interval is narrow enough, and passes', async () => {
    const s = sampler((_store, i) => ({ rps: 3000 * wobble(i, 0.03), p50: 0.4 * wobble(i + 5, 0.03) }));
    const report = await runAb([group], plan(), s);
    expect(report.stoppedBy).toBe('resolved');
    expect(report.unresolved).toBe(0);
    expect(report.groups[0]!.comparisons[0]!.metrics.every((m) => m.verdict === 'same')).toBe(true);
    expect(
      buildReport({ current: makeResults([]), thresholds: [], alpha: 0.05, maxRegressionPct: 10, ab: report }).failed,
    ).toBe(false);
  });

  it('reports unresolved, not a pass or a fail, when the budget ends; --fail-unresolved makes it fail', async () => {
    // ±25 % noise and a 60 s budget (six samples of 10 s): the interval cannot settle.
    const noisy = () => sampler((_store, i) => ({ rps: 3000 * wobble(i, 0.25), p50: 0.4 * wobble(i + 1, 0.25) }));
    const report = await runAb([group], plan({ budgetS: 60 }), noisy());
    expect(report.stoppedBy).toBe('budget');
    expect(report.order.length).toBe(6);
    expect(report.unresolved).toBeGreaterThan(0);
    const input = { current: makeResults([]), thresholds: [], alpha: 0.05, maxRegressionPct: 10 };
    expect(buildReport({ ...input, ab: report }).failed).toBe(false);
    const strict = await runAb([group], plan({ budgetS: 60, failUnresolved: true }), noisy());
    expect(buildReport({ ...input, ab: strict }).failed).toBe(true);
  });

  it('stops after the first round when the work already differs: an exact count needs no more samples', async () => {
    const s = sampler((_store, i) => ({ rps: 3000 * wobble(i, 0.2), p50: 0.4 * wobble(i + 1, 0.2) }));
    const times = <T extends Record<string, number>>(q: T, n: number) =>
      Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v * n])) as T;
    const withWork = async (c: Cell): Promise<Run> => {
      const run = (await s.runSample(c)) as CompletedRun;
      const set = c.store === 'b' ? 1 : 0;
      const q = {
        get: 1,
        set,
        touch: 1 - set,
        destroy: 0,
        storeBytesWritten: 0,
        storeBytesRead: 500,
        sessionBytes: 500,
        setCookieBytes: 0,
        cookieBytes: 86,
      };
      const sd = { ...q, get: 0, set: 0, touch: 0, storeBytesRead: 0, sessionBytes: 0, cookieBytes: 0 };
      return {
        ...run,
        work: {
          buckets: [
            {
              action: 'dashboard',
              cookie: 'sent',
              requests: 1000,
              getMisses: 0,
              totals: times(q, 1000),
              perRequest: q,
              sd,
            },
          ],
        },
      };
    };
    const report = await runAb([group], plan(), { now: s.now, runSample: withWork });
    expect(report.stoppedBy).toBe('resolved');
    expect(report.order).toEqual(['a', 'b']);
    const c = report.groups[0]!.comparisons[0]!;
    expect(c.fails).toBe(true);
    expect(c.work.filter((w) => w.fails).map((w) => w.quantity)).toEqual(['set']);
  });

  it('never fails an A/A comparison of one module, whatever the noise (20 fixed sample sets)', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const spread = 0.02 + (seed % 5) * 0.05;
      // Both variants draw from the same sequence of wobbles: the same module, measured in turn.
      const s = sampler((_store, i) => ({
        rps: 3000 * wobble(i * 7 + seed, spread),
        p50: 0.4 * wobble(i * 5 + seed, spread),
      }));
      const report = await runAb([group], plan({ budgetS: 300 }), s);
      const c = report.groups[0]!.comparisons[0]!;
      expect(c.fails, `seed ${seed}: ${JSON.stringify(c.metrics)}`).toBe(false);
    }
  });
});
