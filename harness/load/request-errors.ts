// A run's request outcomes read for a verdict: the share that failed, and the dominant failure in
// words ("1,989 of 2,685 responses were HTTP 500"), for failure reasons and reports.
import type { RunMetrics } from '../contracts/results.ts';
import { fmtInt, fmtSeconds, plural } from '../shared/format-number.ts';

type Requests = RunMetrics['requests'];

const n = fmtInt;
const times = (x: number) => plural(x, 'time');
const requests = (x: number) => plural(x, 'request');
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : fmtSeconds(ms));

/** What autocannon and Node call a failed connection, in words. */
const KIND_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  EPIPE: 'connection broken while sending (EPIPE)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  EADDRNOTAVAIL: 'no local port left (EADDRNOTAVAIL)',
  closed: 'connection closed by the server before it answered',
};

/** Requests sent; results written before `sent` existed are rebuilt from their parts. */
export function sentOf(r: Requests): number {
  return r.sent ?? r.total + r.errors + r.timeouts + (r.hung ?? 0);
}

/** (errors + timeouts + non2xx + hung) / sent: the share of requests that failed or got no answer (0 when none was sent). */
export function errorShare(r: Requests): number {
  const sent = sentOf(r);
  return sent > 0 ? (r.errors + r.timeouts + r.non2xx + (r.hung ?? 0)) / sent : 0;
}

/** The failure that hit most requests, in words; undefined when every request was answered 2xx. */
export function describeErrors(r: Requests): string | undefined {
  const failures = failuresOf(r).sort((a, b) => b.count - a.count);
  const top = failures[0];
  if (!top || top.count === 0) return undefined;
  const rest = failures.slice(1).reduce((s, f) => s + f.count, 0);
  return rest > 0 ? `${top.words} (and ${n(rest)} other failed ${rest === 1 ? 'request' : 'requests'})` : top.words;
}

function failuresOf(r: Requests): { count: number; words: string }[] {
  const out: { count: number; words: string }[] = [];
  const responses = `${n(r.total)} ${r.total === 1 ? 'response' : 'responses'}`;
  const codes = Object.entries(r.statusCodes ?? {}).filter(([code]) => !/^2\d\d$/.test(code));
  if (codes.length)
    for (const [code, count] of codes)
      out.push({ count, words: `${n(count)} of ${responses} ${count === 1 ? 'was' : 'were'} HTTP ${code}` });
  else if (r.non2xx > 0)
    out.push({ count: r.non2xx, words: `${n(r.non2xx)} of ${responses} ${r.non2xx === 1 ? 'was' : 'were'} not 2xx` });
  if (r.timeouts > 0) {
    const bound = r.timeoutS !== undefined ? ` after ${r.timeoutS} s` : ' (no answer within the request timeout)';
    out.push({ count: r.timeouts, words: `${requests(r.timeouts)} timed out${bound}` });
  }
  const hung = r.hung ?? 0;
  if (hung > 0) {
    const longest = r.hungMaxWaitMs !== undefined ? ` (longest ${seconds(r.hungMaxWaitMs)})` : '';
    out.push({ count: hung, words: `${requests(hung)} still waiting at the end of the load${longest}` });
  }
  const kinds = Object.entries(r.errorKinds ?? {}).filter(([kind]) => kind !== 'timeout');
  if (kinds.length)
    for (const [kind, count] of kinds)
      out.push({ count, words: `${KIND_WORDS[kind] ?? `connection error ${kind}`} ${times(count)}` });
  else if (r.errors > 0) out.push({ count: r.errors, words: `connection errors ${times(r.errors)}` });
  return out;
}
