// Number formatting shared by the HTML and Markdown reporters: one place decides precision and units.

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(n: number): string {
  return intFmt.format(Math.round(n));
}

/** Milliseconds with precision that suits their size. */
export function fmtMs(ms: number): string {
  if (ms >= 100) return `${fmtInt(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'];

/** Bytes in binary units; `signed` prefixes + for growth. */
export function fmtBytes(bytes: number, signed = false): string {
  const sign = bytes < 0 ? '−' : signed ? '+' : '';
  let v = Math.abs(bytes);
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  const digits = unit === 0 || v >= 100 ? 0 : 1;
  return `${sign}${v.toFixed(digits)} ${UNITS[unit]}`;
}

export function fmtRps(rps: number): string {
  return `${fmtInt(rps)} req/s`;
}

/** A relative difference, e.g. +12% or −3%. */
export function fmtPct(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const pct = Math.round(ratio * 100);
  return `${pct < 0 ? '−' : '+'}${Math.abs(pct)}%`;
}

export function fmtRatio(n: number, digits = 2): string {
  return n.toFixed(digits);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${fmtInt(n)} ${n === 1 ? word : many}`;
}
