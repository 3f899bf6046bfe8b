// Dependency-free statistics for the gate and the reports: sample moments, medians and quantiles,
// Student's t distribution (through the regularized incomplete beta function) and Welch's
// unequal-variance t-test. Checked against closed forms (df = 1, 2, 4) and printed t tables in
// test/gate-stats.test.ts.

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length ? sum(values) / values.length : Number.NaN;
}

/** Medians, not means, for headline numbers: one noisy repeat should not move them. NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Linear-interpolated quantile, q in [0, 1]; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

export interface Range {
  median: number;
  min: number;
  max: number;
}

export function range(values: readonly number[]): Range {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** The middle half of the values, as a Range (median, 25th, 75th percentile). */
export function interquartile(values: readonly number[]): Range {
  return { median: median(values), min: quantile(values, 0.25), max: quantile(values, 0.75) };
}

/** True when two ranges share any value: the difference between them is within the spread. */
export function overlaps(a: Range, b: Range): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/** Sample variance (n − 1 denominator); 0 for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Sample standard deviation over the mean; null when it cannot be estimated. */
export function coefficientOfVariation(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  return m === 0 ? null : Math.sqrt(variance(xs)) / Math.abs(m);
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61503916999186,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** Continued fraction of the incomplete beta function, evaluated with the modified Lentz method. */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let result = d;
  for (let m = 1; m <= 500; m++) {
    for (const numerator of [evenTerm(a, b, x, m), oddTerm(a, b, x, m)]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      result *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return result;
}

const evenTerm = (a: number, b: number, x: number, m: number) => (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
const oddTerm = (a: number, b: number, x: number, m: number) =>
  (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));

/** I_x(a, b), the regularized incomplete beta function. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast only on one side of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` (possibly fractional) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** P(T ≥ t), computed directly so that small tails keep their precision. */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** The t with P(T ≤ t) = p (bisection; 1e-10 is plenty for power estimates and tests). */
export function studentTQuantile(p: number, df: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`quantile needs 0 < p < 1, got ${p}`);
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface WelchResult {
  /** mean(b) − mean(a). */
  diff: number;
  /** Standard error of the difference. */
  se: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** One-sided p-value for H1: mean(b) > mean(a). */
  pGreater: number;
  /** One-sided p-value for H1: mean(b) < mean(a). */
  pLess: number;
}

/** Welch's t-test of sample b against sample a; each needs at least two values. */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) throw new RangeError("Welch's t-test needs at least two values per sample");
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(b) - mean(a);
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both samples constant: the difference is certain (or exactly zero, with no evidence either way).
    const df = a.length + b.length - 2;
    return {
      diff,
      se,
      t: diff === 0 ? 0 : Math.sign(diff) * Infinity,
      df,
      pGreater: diff > 0 ? 0 : 1,
      pLess: diff < 0 ? 0 : 1,
    };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = diff / se;
  return { diff, se, t, df, pGreater: studentTUpperTail(t, df), pLess: studentTUpperTail(-t, df) };
}
