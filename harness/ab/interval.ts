// The stopping rule of --ab, after Tachometer: a metric is resolved when the confidence interval
// of its difference lies wholly inside ±horizon ("same") or wholly beyond it ("faster"/"slower");
// while it straddles -horizon or +horizon, more samples are needed ("unresolved").
//
// The difference is taken on the log of the per-sample values (rates and latencies are noisy in
// proportion to their size; on logs a ratio is the same size at any speed), its interval from
// Welch's t with Welch–Satterthwaite degrees of freedom, and shown as a percentage of the control.
import type { AbVerdict } from '../contracts/compare-ab.ts';
import { mean, studentTQuantile, welchTTest } from '../shared/stats.ts';

export interface Interval {
  control: number;
  variant: number;
  diffPct: number;
  ciPct: [number, number] | null;
  verdict: AbVerdict;
}

const logOf = (v: number) => Math.log(Math.max(v, 1e-6));
const pct = (logRatio: number) => (Math.exp(logRatio) - 1) * 100;

/** Per-sample values of the control and the variant → the difference, its interval, the verdict. */
export function judgeInterval(
  control: readonly number[],
  variant: readonly number[],
  better: 'higher' | 'lower',
  horizonPct: number,
  confidence = 0.95,
): Interval {
  const lc = control.map(logOf);
  const lv = variant.map(logOf);
  const d = mean(lv) - mean(lc);
  const common = { control: Math.exp(mean(lc)), variant: Math.exp(mean(lv)), diffPct: pct(d) };
  if (lc.length < 2 || lv.length < 2) return { ...common, ciPct: null, verdict: 'unresolved' };
  const w = welchTTest(lc, lv);
  const half = w.se === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, w.df) * w.se;
  const ciPct: [number, number] = [pct(d - half), pct(d + half)];
  return { ...common, ciPct, verdict: verdictOf(ciPct, better, horizonPct) };
}

export function verdictOf([lo, hi]: [number, number], better: 'higher' | 'lower', horizonPct: number): AbVerdict {
  if (lo > -horizonPct && hi < horizonPct) return 'same';
  const up = lo >= horizonPct;
  const down = hi <= -horizonPct;
  if (!up && !down) return 'unresolved';
  const worse = better === 'higher' ? down : up;
  return worse ? 'slower' : 'faster';
}
