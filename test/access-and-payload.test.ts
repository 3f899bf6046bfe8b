// Pure pieces of the population: the access distribution, session ids, padding to a size.
import { describe, expect, it } from 'vitest';
import { UserPicker, parseAccess } from '../harness/population/access.ts';
import { padSession } from '../harness/population/payload.ts';
import { populationSid, preloadedState } from '../harness/population/population.ts';
import { prng } from '../harness/load/virtual-user.ts';

const counts = (picker: UserPicker, n: number, draws: number) => {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) c[picker.pick(n)]!++;
  return c;
};

describe('access distribution', () => {
  it('uniform picks every user about equally', () => {
    const ranks = Array.from({ length: 10 }, (_, i) => i);
    const c = counts(new UserPicker(ranks, { kind: 'uniform' }, prng(1)), 10, 50_000);
    expect(Math.min(...c) / Math.max(...c)).toBeGreaterThan(0.9);
  });

  it('zipf:1 picks rank 0 about ten times as often as rank 9', () => {
    const ranks = Array.from({ length: 100 }, (_, i) => i);
    const c = counts(new UserPicker(ranks, parseAccess('zipf:1'), prng(2)), 100, 200_000);
    const ratio = c[0]! / c[9]!;
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(12.5);
  });

  it('a connection of users with ranks 3, 7, 11 weighs them by their global ranks', () => {
    const c = counts(new UserPicker([3, 7, 11], { kind: 'zipf', s: 1 }, prng(3)), 3, 60_000);
    // weights 1/4, 1/8, 1/12
    expect(c[0]! / c[1]!).toBeGreaterThan(1.8);
    expect(c[0]! / c[1]!).toBeLessThan(2.2);
  });

  it.each(['zipf:x', 'zipf:', 'zipf:0', 'zipf:-1', 'zipf:11', 'pareto'])('%s is refused, naming the value', (raw) => {
    expect(() => parseAccess(raw)).toThrow(new RegExp(`--access ${raw}: give uniform or zipf:S`));
  });
});

describe('population', () => {
  it('ids are 32 characters, distinct, and the same for the same seed', () => {
    const ids = new Set(Array.from({ length: 10_000 }, (_, i) => populationSid(9, i)));
    expect(ids.size).toBe(10_000);
    expect(populationSid(9, 5)).toBe(populationSid(9, 5));
    expect(populationSid(9, 5)).not.toBe(populationSid(10, 5));
    expect(populationSid(9, 5)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('expiries spread over the whole of maxAge', () => {
    const f = Array.from({ length: 10_000 }, (_, i) => preloadedState(1, i).expiresIn);
    expect(Math.min(...f)).toBeGreaterThan(0);
    expect(Math.max(...f)).toBeLessThanOrEqual(1);
    const firstHalf = f.filter((x) => x < 0.5).length / f.length;
    expect(firstHalf).toBeGreaterThan(0.45);
    expect(firstHalf).toBeLessThan(0.55);
  });

  it('padding makes the JSON exactly the size asked, and leaves a larger session alone', () => {
    const s: Record<string, unknown> = { a: 'x'.repeat(50) };
    padSession(s, 2_000);
    expect(Buffer.byteLength(JSON.stringify(s))).toBe(2_000);
    const big: Record<string, unknown> = { a: 'x'.repeat(500) };
    padSession(big, 100);
    expect(big.pad).toBeUndefined();
  });
});
