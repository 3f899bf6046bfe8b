// Which user acts next: `uniform`, or `zipf:S` (user of rank r is picked with weight 1/r^S, so a
// few hot users make most requests, as in real traffic). Ranks are the users' indices: user 0 is
// the hottest.
import { UsageError } from '../shared/usage-error.ts';

export type Access = { kind: 'uniform' } | { kind: 'zipf'; s: number };

/** zipf exponents above this make one user almost all of the traffic: a typo, not a workload. */
export const MAX_ZIPF_S = 10;

export function parseAccess(raw: string): Access {
  const text = raw.trim();
  if (text === 'uniform') return { kind: 'uniform' };
  const m = /^zipf:(.*)$/.exec(text);
  const s = m ? Number(m[1]) : NaN;
  if (m && m[1]!.trim() !== '' && s > 0 && s <= MAX_ZIPF_S) return { kind: 'zipf', s };
  throw new UsageError(
    `--access ${raw}: give uniform or zipf:S with S a number above 0 and at most ${MAX_ZIPF_S} (e.g. zipf:1.1)`,
  );
}

export function describeAccess(a: Access): string {
  return a.kind === 'uniform' ? 'uniform' : `zipf:${a.s}`;
}

/** Picks one of a connection's users (local positions 0…n-1) by the access distribution of their global ranks. */
export class UserPicker {
  private readonly cdf: Float64Array | undefined;

  constructor(
    ranks: readonly number[],
    access: Access,
    private readonly random: () => number,
  ) {
    if (access.kind === 'uniform' || ranks.length < 2) return;
    const cdf = new Float64Array(ranks.length);
    let sum = 0;
    ranks.forEach((rank, i) => {
      sum += 1 / (rank + 1) ** access.s;
      cdf[i] = sum;
    });
    for (let i = 0; i < cdf.length; i++) cdf[i]! /= sum;
    this.cdf = cdf;
  }

  pick(n: number): number {
    const r = this.random();
    const cdf = this.cdf;
    if (!cdf) return Math.min(n - 1, Math.floor(r * n));
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
