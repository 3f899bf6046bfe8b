// The exact half of the gate: work per action (contracts/work.ts) against a baseline, or variant B
// against variant A. No repeats and no p-values: each request of a bucket (action × whether the
// session cookie came along) does the same work for a given option set, so a change is a change.
//
// The tolerance, per bucket and quantity: current may exceed baseline by at most
//   floor + Z × √(sd_b²/n_b + sd_c²/n_c)
// - floor: 0 calls (one extra call in every request is +1.00, a tenth of one is +0.10: both fail);
//   for bytes 1 % of the baseline; for Cookie and Set-Cookie bytes at least 16 B, because a signed
//   session id is URL-encoded: each + or / of its 43-character signature takes 3 bytes, so one
//   user's cookie is 0–20 B longer than another's (sd ≈ 2.3 B), and with few users the mean over
//   their cookies moves by that much between two runs (measured: 85 → 88 B with 4 users).
// - the second term is 0 when every request of the bucket did the same work (sd = 0: a dashboard
//   read is always one get and one touch). It is above 0 only where the work depends on the data:
//   a preference set to the theme the session already had is a touch, not a set, so that bucket is
//   a mix whose share moves with how many requests ran; carts grow as users add to them. Z = 5
//   standard errors of that mix: a one-sided chance below 1 in 3 million per quantity, so a matrix
//   of 70 quantities per cell does not cry wolf, while one extra set per request (+1.00 against a
//   tolerance of ~0.2 in the noisiest bucket) and a session 1 KB larger (+1024 B) are far outside.
// Buckets with fewer than MIN_REQUESTS requests on a side are listed, not judged.
import type { CompletedRun } from '../contracts/results.ts';
import { bucketLabel, WORK_QUANTITIES, type WorkBucket, type WorkQuantity } from '../contracts/work.ts';
import type { WorkComparison } from '../contracts/compare.ts';

export const WORK_TOLERANCE = { callsFloor: 0, bytesFloorPct: 1, cookieFloorBytes: 16, z: 5 } as const;
export const MIN_REQUESTS = 5;
const EPSILON = 1e-9;

const isCalls = (q: WorkQuantity) => q === 'get' || q === 'set' || q === 'touch' || q === 'destroy';

/** One bucket over several runs: requests summed, means and sds of the pooled requests. */
export interface PooledBucket {
  action: string;
  cookie: 'sent' | 'none';
  requests: number;
  mean: Record<WorkQuantity, number>;
  sd: Record<WorkQuantity, number>;
}

export function hasWork(runs: readonly CompletedRun[]): boolean {
  return runs.length > 0 && runs.every((r) => r.work !== undefined);
}

export function poolWork(runs: readonly CompletedRun[]): Map<string, PooledBucket> {
  const acc = new Map<string, { b: WorkBucket; n: number; sum: Record<string, number>; sq: Record<string, number> }>();
  for (const run of runs) {
    for (const b of run.work?.buckets ?? []) {
      const key = `${b.action}|${b.cookie}`;
      let a = acc.get(key);
      if (!a) {
        a = { b, n: 0, sum: {}, sq: {} };
        acc.set(key, a);
      }
      a.n += b.requests;
      for (const q of WORK_QUANTITIES) {
        a.sum[q] = (a.sum[q] ?? 0) + b.totals[q];
        a.sq[q] = (a.sq[q] ?? 0) + b.requests * (b.sd[q] ** 2 + b.perRequest[q] ** 2);
      }
    }
  }
  const out = new Map<string, PooledBucket>();
  for (const [key, { b, n, sum, sq }] of acc) {
    const mean = {} as Record<WorkQuantity, number>;
    const sd = {} as Record<WorkQuantity, number>;
    for (const q of WORK_QUANTITIES) {
      mean[q] = n > 0 ? sum[q]! / n : 0;
      sd[q] = n > 0 ? Math.sqrt(Math.max(0, sq[q]! / n - mean[q] ** 2)) : 0;
    }
    out.set(key, { action: b.action, cookie: b.cookie, requests: n, mean, sd });
  }
  return out;
}

function bytesFloor(q: WorkQuantity, baseline: number): number {
  const relative = (baseline * WORK_TOLERANCE.bytesFloorPct) / 100;
  const carriesSid = q === 'cookieBytes' || q === 'setCookieBytes';
  return carriesSid && baseline > 0 ? Math.max(relative, WORK_TOLERANCE.cookieFloorBytes) : relative;
}

/** How much more of `q` per request the current side may do than the baseline before it fails. */
export function allowedIncrease(q: WorkQuantity, base: PooledBucket, cur: PooledBucket): number {
  const floor = isCalls(q) ? WORK_TOLERANCE.callsFloor : bytesFloor(q, base.mean[q]);
  const se = Math.sqrt(base.sd[q] ** 2 / base.requests + cur.sd[q] ** 2 / cur.requests);
  return floor + WORK_TOLERANCE.z * se;
}

/** Every bucket in either side, every quantity either side did some of. */
export function compareWork(baseline: readonly CompletedRun[], current: readonly CompletedRun[]): WorkComparison[] {
  const b = poolWork(baseline);
  const c = poolWork(current);
  const out: WorkComparison[] = [];
  for (const key of new Set([...b.keys(), ...c.keys()])) {
    const base = b.get(key);
    const cur = c.get(key);
    const any = (base ?? cur)!;
    const shell = { action: any.action, cookie: any.cookie, label: bucketLabel(any) };
    const requests = { baseline: base?.requests ?? 0, current: cur?.requests ?? 0 };
    for (const q of WORK_QUANTITIES) {
      const bv = base?.mean[q] ?? 0;
      const cv = cur?.mean[q] ?? 0;
      if (bv === 0 && cv === 0) continue;
      const row = { ...shell, quantity: q, unit: isCalls(q) ? 'calls' : 'B', baseline: bv, current: cv, requests };
      const change = cv - bv;
      if (!base || !cur || base.requests < MIN_REQUESTS || cur.requests < MIN_REQUESTS) {
        out.push({ ...row, change, allowed: null, verdict: 'not-judged', fails: false });
        continue;
      }
      const allowed = allowedIncrease(q, base, cur);
      let verdict: 'more' | 'less' | 'same' = 'same';
      // Sums of many floats are not exact: a hair beyond the tolerance is within it.
      if (change > allowed + EPSILON) verdict = 'more';
      else if (change < -allowed - EPSILON) verdict = 'less';
      out.push({ ...row, change, allowed, verdict, fails: verdict === 'more' });
    }
  }
  return out;
}
