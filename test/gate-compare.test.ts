// The baseline comparison on fixed inputs: a regression needs significance AND size; A/A passes;
// per-second samples are not pooled; missing, failed and thin cells are listed and never pass.
// Inputs are exp() of hand-worked samples, so the log-scale Welch p-values are known exactly.
import { describe, expect, it } from 'vitest';
import { compareResults, judge } from '../harness/gate/compare.ts';
import { buildReport } from '../harness/gate/report.ts';
import { makeResults, makeRun, repeats } from './fixtures/gate/make-results.ts';

const o = { alpha: 0.05, maxRegressionPct: 10 };
const exp = (xs: number[], scale = 1, base = 1) => xs.map((x) => base * Math.exp(x * scale));

describe('judge (one metric)', () => {
  it('flags a large, significant slowdown with its known p-value (df 4, p ≈ 0.01066)', () => {
    const j = judge(exp([1, 2, 3]), exp([4, 5, 6]), 'lower', o);
    expect(j.pValue).toBeCloseTo(0.010656, 5);
    expect(j.changePct).toBeCloseTo((Math.exp(3) - 1) * 100, 6);
    expect(j.verdict).toBe('regression');
  });

  it('does not flag a huge change that two noisy repeats cannot establish (p ≈ 0.0528)', () => {
    const j = judge(exp([1, 3]), exp([5, 7]), 'lower', o);
    expect(j.pValue).toBeCloseTo(0.5 - 1 / Math.sqrt(5), 8);
    expect(j.verdict).toBe('unchanged');
  });

  it('does not flag a significant change smaller than --max-regression (3 % at p ≈ 0.011)', () => {
    const j = judge(exp([1, 2, 3], 0.01, 5), exp([4, 5, 6], 0.01, 5), 'lower', o);
    expect(j.pValue).toBeCloseTo(0.010656, 5);
    expect(j.changePct).toBeCloseTo(3.05, 2);
    expect(j.verdict).toBe('unchanged');
    expect(
      judge(exp([1, 2, 3], 0.01, 5), exp([4, 5, 6], 0.01, 5), 'lower', { ...o, maxRegressionPct: 2 }).verdict,
    ).toBe('regression');
  });

  it('ignores a significant latency shift no larger than the ms floor (scheduler noise), not a larger one', () => {
    // 0.44 → 0.60 ms: +36 %, tight repeats, p < 0.001, but 0.16 ms.
    const before = [0.44, 0.45, 0.43];
    const after = [0.6, 0.61, 0.59];
    expect(judge(before, after, 'lower', o).verdict).toBe('regression');
    expect(judge(before, after, 'lower', o, 1).verdict).toBe('unchanged');
    expect(judge(before, [3.4, 3.5, 3.45], 'lower', o, 1).verdict).toBe('regression');
  });

  it('reads throughput the other way round: down is worse, up is an improvement', () => {
    expect(judge(exp([4, 5, 6]), exp([1, 2, 3]), 'higher', o).verdict).toBe('regression');
    expect(judge(exp([1, 2, 3]), exp([4, 5, 6]), 'higher', o).verdict).toBe('improvement');
  });

  it('passes an A/A comparison of noisy repeats', () => {
    const j = judge([1000, 1180, 870], [1090, 930, 1150], 'higher', o);
    expect(j.pValue!).toBeGreaterThan(0.05);
    expect(j.verdict).toBe('unchanged');
  });

  it('leaves a single repeat untested instead of guessing', () => {
    const j = judge([1000], [500, 510], 'higher', o);
    expect(j.pValue).toBeNull();
    expect(j.verdict).toBe('untested');
  });

  it('reports the smallest detectable slowdown, which shrinks as the noise does', () => {
    const noisy = judge([900, 1100, 1000], [950, 1050, 1000], 'higher', o).minDetectablePct!;
    const quiet = judge([990, 1010, 1000], [995, 1005, 1000], 'higher', o).minDetectablePct!;
    expect(quiet).toBeLessThan(noisy);
    expect(quiet).toBeLessThan(10);
  });
});

describe('compareResults (cells)', () => {
  const cell = { store: 'memory', scenario: 'read' };

  it('treats repeats, not per-second samples, as the observations', () => {
    // Each run is rock-steady inside (identical per-second samples) but the runs disagree: pooling
    // 3 × 60 seconds would make the 20 % drop look certain; three repeats a side cannot.
    const steady = (rps: number) => Array.from({ length: 60 }, () => rps);
    const base = [800, 1200, 1000].map((rps, i) => makeRun({ ...cell, repeat: i + 1, rps, samples: steady(rps) }));
    const cur = [640, 960, 800].map((rps, i) => makeRun({ ...cell, repeat: i + 1, rps, samples: steady(rps) }));
    const [c] = compareResults(makeResults(base), makeResults(cur), o);
    expect(c!.metrics.find((m) => m.metric === 'rps')!.verdict).toBe('unchanged');
    expect(c!.withinRunCv.current).toBe(0);
  });

  it('fails a cell whose throughput dropped significantly and names it', () => {
    const base = makeResults(repeats(cell, 'rps', [1000, 1010, 990]));
    const cur = makeResults(repeats(cell, 'rps', [700, 705, 698]));
    const report = buildReport({ current: cur, baseline: { file: 'b.json', results: base }, thresholds: [], ...o });
    expect(report.failed).toBe(true);
    expect(report.regressions).toBe(1);
    expect(report.cells[0]!.label).toBe('memory · read · defaults');
  });

  it('lists cells missing on either side without failing, and fails when nothing is shared', () => {
    const base = makeResults([...repeats(cell, 'rps', [1000, 1010]), ...repeats({ store: 'gone' }, 'rps', [5, 6])]);
    const cur = makeResults([...repeats(cell, 'rps', [1000, 1005]), ...repeats({ store: 'new' }, 'rps', [7, 8])]);
    const cells = compareResults(base, cur, o);
    expect(cells.map((c) => [c.store, c.status, c.fails])).toEqual([
      ['memory', 'compared', false],
      ['new', 'missing-in-baseline', false],
      ['gone', 'missing-in-current', false],
    ]);
    const disjoint = buildReport({
      current: makeResults(repeats({ store: 'new' }, 'rps', [7, 8])),
      baseline: { file: 'b', results: base },
      thresholds: [],
      ...o,
    });
    expect(disjoint.failed).toBe(true);
  });

  it('never passes a baselined cell whose current runs failed or were skipped', () => {
    const base = makeResults(repeats(cell, 'rps', [1000, 1010, 990]));
    const cur = makeResults([
      makeRun({ ...cell, repeat: 1 }),
      makeRun({ ...cell, repeat: 2, status: 'failed' }),
      makeRun({ ...cell, repeat: 3, status: 'skipped' }),
    ]);
    const [c] = compareResults(base, cur, o);
    expect(c!.status).toBe('not-completed');
    expect(c!.fails).toBe(true);
    expect(c!.reason).toContain('2 of 3 runs failed or skipped');
  });

  it('fails a cell with fewer than two completed repeats on a side, saying how to fix it', () => {
    const [c] = compareResults(
      makeResults(repeats(cell, 'rps', [1000])),
      makeResults(repeats(cell, 'rps', [1000, 990, 1010])),
      o,
    );
    expect(c!.status).toBe('insufficient-repeats');
    expect(c!.fails).toBe(true);
    expect(c!.reason).toContain('--repeat 3');
  });

  it('warns when the noise is too high for the threshold to mean anything', () => {
    const noisy = compareResults(
      makeResults(repeats(cell, 'p50', [3, 6, 4])),
      makeResults(repeats(cell, 'p50', [5, 3, 6])),
      o,
    );
    expect(noisy[0]!.noiseWarning).toMatch(/too noisy for --max-regression 10%.*p50/);
  });
});
