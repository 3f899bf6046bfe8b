// Small statistics over repeats and per-second samples. Medians, not means: one noisy repeat on a
// shared machine should not move the headline number.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function mean(values: readonly number[]): number {
  return values.length ? sum(values) / values.length : Number.NaN;
}

/** Coefficient of variation (stddev / mean); NaN with fewer than two values. */
export function cv(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  const variance = sum(values.map((v) => (v - m) ** 2)) / (values.length - 1);
  return m === 0 ? Number.NaN : Math.sqrt(variance) / m;
}

export interface Range {
  median: number;
  min: number;
  max: number;
}

export function range(values: readonly number[]): Range {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** True when two ranges share any value: the difference between them is within the spread. */
export function overlaps(a: Range, b: Range): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/** Linear-interpolated quantile, q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

/** The middle half of the values, as a Range (median, 25th, 75th percentile). */
export function interquartile(values: readonly number[]): Range {
  return { median: median(values), min: quantile(values, 0.25), max: quantile(values, 0.75) };
}
