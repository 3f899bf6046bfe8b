// The gate's statistics on fixed inputs with p-values known independently of this code: closed
// forms of Student's t CDF (df 1: Cauchy, df 2, df 4), printed t-table critical values, Welch
// tests worked by hand, and the classic Welch example (scipy.stats.ttest_ind(equal_var=False)
// gives the same t, df and p to the digits asserted).
import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  mean,
  studentTCdf,
  studentTQuantile,
  studentTUpperTail,
  variance,
  welchTTest,
} from '../harness/shared/stats.ts';

describe("Student's t distribution", () => {
  it('matches the Cauchy closed form at df = 1', () => {
    for (const t of [-3, -0.5, 0, 0.7, 1.5, 12]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 8);
  });

  it('matches the closed form at df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t²))', () => {
    for (const t of [-4, -1, 0.3, 2, 9]) expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 8);
  });

  it('matches the closed form at df = 4', () => {
    const f4 = (t: number) => {
      const u = 1 + (t * t) / 4;
      return 0.5 + (3 / 8) * (t / Math.sqrt(u)) * (1 - (t * t) / (12 * u));
    };
    for (const t of [-2.5, -0.4, 1, 3.674]) expect(studentTCdf(t, 4)).toBeCloseTo(f4(t), 8);
  });

  it('gives the critical values printed in t tables', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
    expect(studentTQuantile(0.995, 30)).toBeCloseTo(2.75, 3);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.05, 5)).toBeCloseTo(-2.015, 3);
  });

  it('keeps small upper tails precise instead of rounding 1 − CDF to 0', () => {
    // P(T ≥ 40) at df 1 is 1/2 − atan(40)/π = atan(1/40)/π.
    expect(studentTUpperTail(40, 1) / (Math.atan(1 / 40) / Math.PI)).toBeCloseTo(1, 8);
    expect(studentTUpperTail(1e4, 3)).toBeGreaterThan(0);
  });
});

describe("Welch's t-test", () => {
  it('two pairs with equal spread: t = 2√2, df = 2, one-sided p = 1/2 − 1/√5 ≈ 0.0528', () => {
    const r = welchTTest([1, 3], [5, 7]);
    expect(r.t).toBeCloseTo(2 * Math.SQRT2, 10);
    expect(r.df).toBeCloseTo(2, 10);
    expect(r.pGreater).toBeCloseTo(0.5 - 1 / Math.sqrt(5), 8);
    expect(r.pLess).toBeCloseTo(1 - r.pGreater, 10);
  });

  it('three against three: t = 3/√(2/3) ≈ 3.674, df = 4, one-sided p ≈ 0.01066', () => {
    const r = welchTTest([1, 2, 3], [4, 5, 6]);
    expect(r.t).toBeCloseTo(3 / Math.sqrt(2 / 3), 10);
    expect(r.df).toBeCloseTo(4, 10);
    expect(r.pGreater).toBeCloseTo(0.010656, 5);
  });

  it('reproduces the classic unequal-variance example (t ≈ 2.455, df ≈ 24.99, two-sided p ≈ 0.021)', () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(a1, a2);
    expect(r.t).toBeCloseTo(2.455356, 5);
    expect(r.df).toBeCloseTo(24.98853, 4);
    expect(2 * r.pGreater).toBeCloseTo(0.021378, 5);
  });

  it('treats two constant samples as certain when they differ and as no evidence when equal', () => {
    expect(welchTTest([5, 5, 5], [6, 6, 6]).pGreater).toBe(0);
    const same = welchTTest([5, 5], [5, 5]);
    expect(same.pGreater).toBe(1);
    expect(same.pLess).toBe(1);
  });

  it('refuses samples too small to estimate a variance', () => {
    expect(() => welchTTest([1], [2, 3])).toThrow(RangeError);
  });
});

describe('moments', () => {
  it('computes mean, sample variance and CV', () => {
    expect(mean([2, 4, 6])).toBe(4);
    expect(variance([2, 4, 6])).toBe(4);
    expect(coefficientOfVariation([2, 4, 6])).toBeCloseTo(0.5, 12);
    expect(coefficientOfVariation([7])).toBeNull();
  });
});
