// Pure parts of the open model: the arrival schedule (uniform and Poisson), the SLO flag and the
// capacity rule (interpolated between the last step within the SLO and the first beyond it).
import { describe, expect, it } from 'vitest';
import { ArrivalSchedule } from '../harness/load/arrival-schedule.ts';
import { capacityOf } from '../harness/cell/capacity.ts';
import { parseSlo } from '../harness/plan/rate-args.ts';
import type { CapacityStep } from '../harness/contracts/open-model.ts';

const step = (rate: number, p99: number, errors = 0): CapacityStep => ({
  rate,
  achievedRps: rate,
  latencyMs: { mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3 },
  errors,
  meetsSlo: false,
});
const slo = { ms: 25, percentile: 'p99' } as const;

describe('arrival schedule', () => {
  it('uniform arrivals are evenly spaced at the rate', () => {
    const s = new ArrivalSchedule(250, 'uniform', 1000, 1);
    const times = Array.from({ length: 5 }, () => s.take());
    expect(times).toEqual([1000, 1004, 1008, 1012, 1016]);
  });

  it('Poisson arrivals keep the rate on average, with exponential gaps, and repeat for a seed', () => {
    const gaps = (seed: number) => {
      const s = new ArrivalSchedule(1000, 'poisson', 0, seed);
      let last = s.take();
      return Array.from({ length: 20_000 }, () => {
        const t = s.take();
        const g = t - last;
        last = t;
        return g;
      });
    };
    const g = gaps(7);
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
    // Exponential: about e^-1 of the gaps exceed the mean; uniform gaps would give none or all.
    const longer = g.filter((x) => x > 1).length / g.length;
    expect(longer).toBeGreaterThan(0.34);
    expect(longer).toBeLessThan(0.4);
    expect(gaps(7).slice(0, 10)).toEqual(g.slice(0, 10));
    expect(gaps(8).slice(0, 10)).not.toEqual(g.slice(0, 10));
  });
});

describe('--slo', () => {
  it('takes MS or PERCENTILE:MS', () => {
    expect(parseSlo('25')).toEqual({ ms: 25, percentile: 'p99' });
    expect(parseSlo('p99.9:50')).toEqual({ ms: 50, percentile: 'p999' });
    expect(parseSlo('p50:2.5')).toEqual({ ms: 2.5, percentile: 'p50' });
    expect(() => parseSlo('p42:x')).toThrow(/unknown percentile "p42"/);
    expect(() => parseSlo('0')).toThrow(/"0" is not a latency/);
  });
});

describe('capacity', () => {
  it('is interpolated between the last step within the SLO and the first beyond it', () => {
    const c = capacityOf([step(100, 5), step(200, 15), step(300, 35), step(400, 400)], slo, 320);
    expect(c.bound).toBe('interpolated');
    // 15 ms at 200, 35 ms at 300: 25 ms is halfway.
    expect(c.rps).toBeCloseTo(250, 6);
    expect(c.closedMaxRps).toBe(320);
    expect(c.steps.map((s) => s.rate)).toEqual([100, 200, 300, 400]);
  });

  it('stops at the first miss: a later step that happens to pass does not raise it', () => {
    const c = capacityOf([step(100, 5), step(200, 45), step(300, 20)], slo, 300);
    expect(c.rps).toBeLessThan(200);
    expect(c.rps).toBeGreaterThan(100);
  });

  it('a step that fails on errors gives the last good step, not an interpolation', () => {
    const c = capacityOf([step(100, 5), step(200, 10, 0.002)], slo, 250);
    expect(c).toMatchObject({ rps: 100, bound: 'at-step', maxErrorShare: 0.001 });
  });

  it('says when every step met the SLO (a lower bound) and when none did', () => {
    expect(capacityOf([step(100, 5), step(200, 6)], slo, 220)).toMatchObject({ rps: 200, bound: 'at-least' });
    expect(capacityOf([step(100, 50)], slo, 120)).toMatchObject({ rps: 0, bound: 'below-lowest' });
  });

  it('uses the percentile the SLO names', () => {
    const p999 = { ms: 25, percentile: 'p999' } as const;
    // p999 is twice p99 in these steps: 10 → 20 ms passes, 15 → 30 ms does not.
    const c = capacityOf([step(100, 10), step(200, 15)], p999, 220);
    expect(c.percentile).toBe('p999');
    expect(c.rps).toBeCloseTo(150, 6);
  });
});
