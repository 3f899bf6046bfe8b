// Number formatting for every output: the terminal, compare.json renderings, report.html and
// summary.md. One place decides precision, units, signs and the text for a missing value.

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Rounded, with thousands separators: 12,345. */
export function fmtInt(n: number): string {
  return intFmt.format(Math.round(n));
}

/** A fixed number of decimals; '-' when the value was not measured (terminal tables). */
export function fmtFixed(v: number | undefined, digits: number): string {
  return v === undefined ? '-' : v.toFixed(digits);
}

/** About three significant digits for values of any size: 1234, 12.35, 0.0123 (gate tables). */
export function fmtNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** Milliseconds with precision that suits their size. */
export function fmtMs(ms: number): string {
  if (ms >= 100) return `${fmtInt(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Microseconds with precision that suits their size (store calls take from 2 µs to many ms). */
export function fmtUs(us: number): string {
  if (us >= 100) return fmtInt(us);
  return us >= 10 ? us.toFixed(1) : us.toFixed(2);
}

/** Seconds with one decimal, from milliseconds: "4.1 s". */
export function fmtSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'];

/** Bytes in binary units; `signed` prefixes + for growth. */
export function fmtBytes(bytes: number, signed = false): string {
  let sign = '';
  if (bytes < 0) sign = '−';
  else if (signed) sign = '+';
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

/** A share (0.141) as a percentage: "14.1%"; `gap` goes before the sign ("14.1 %" in failure reasons). */
export function fmtPercent(share: number, digits = 1, gap = ''): string {
  return `${(share * 100).toFixed(digits)}${gap}%`;
}

/** A relative difference in prose, rounded: +12% or −3%; n/a when it cannot be computed. */
export function fmtPct(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const pct = Math.round(ratio * 100);
  return `${pct < 0 ? '−' : '+'}${Math.abs(pct)}%`;
}

/** A change already in percent, signed with one decimal: +12.3% or -3.0% (gate tables). */
export function fmtChangePct(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/** A p-value: three decimals, <0.001 below that, '-' when there was no test. */
export function fmtPValue(p: number | null): string {
  if (p === null) return '-';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtRatio(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** "1 request", "2,685 requests". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${fmtInt(n)} ${n === 1 ? word : many}`;
}
