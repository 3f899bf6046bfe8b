// Why a measured run must not be ranked, in words; undefined when it may. The rules, in order:
// nothing answered; requests that never got an answer (timed out, or still waiting after the
// drain); more failed requests than --max-error-rate allows; sessions that did not read back what
// was acknowledged; sessions that vanished; no session checked although users logged in.
import { describeErrors, errorShare, sentOf } from '../load/request-errors.ts';
import { DEFAULTS } from '../plan/options.ts';
import type { RunMetrics, Settings } from '../contracts/results.ts';
import { fmtPercent, fmtSeconds } from '../shared/format-number.ts';

const pct = (share: number) => fmtPercent(share, share < 0.1 ? 1 : 0, ' ');

/**
 * Where the failures began, in words: "the redis server stopped answering 4.1 s into the measured
 * phase" for a store with a server, "failures began …" otherwise.
 */
function onset(m: RunMetrics, serviceKind?: string): string {
  const at = m.requests.firstFailureAtMs;
  const when = at !== undefined ? ` ${fmtSeconds(at)} into the measured phase` : '';
  const stalled = m.requests.timeouts + (m.requests.hung ?? 0) > 0;
  if (serviceKind) return `the ${serviceKind} server ${stalled ? 'stopped answering' : 'began failing'}${when}`;
  return `${stalled ? 'the server stopped answering' : 'failures began'}${when}`;
}

/**
 * errorShare without the app's 401s: a 401 is its answer for "not logged in", right for an expired
 * session and a lost session's symptom otherwise, which sessionsLost judges with the user's state.
 */
function failedShare(r: RunMetrics['requests']): number {
  const sent = sentOf(r);
  const unauthorized = r.statusCodes?.['401'] ?? 0;
  return sent > 0 ? Math.max(0, errorShare(r) - unauthorized / sent) : 0;
}

export function failureReason(
  m: RunMetrics,
  settings: Pick<Settings, 'maxErrorRate'>,
  serviceKind?: string,
): string | undefined {
  const c = m.correctness;
  const errors = describeErrors(m.requests);
  const stats = m.storeSide?.error ? `; ${m.storeSide.error}` : '';
  if (m.requests.total === 0)
    return `no request completed during the measured phase${errors ? `: ${errors}` : ''}${stats}`;
  // A request with no answer is never normal: however few, it means the server stalled, and a
  // closed-model load holds few requests in flight, so a stall of seconds is a tiny share of them.
  if (m.requests.timeouts + (m.requests.hung ?? 0) > 0) return `${onset(m, serviceKind)}: ${errors}${stats}`;
  const limit = settings.maxErrorRate ?? DEFAULTS.maxErrorRate;
  const share = failedShare(m.requests);
  if (share > limit) {
    return `${onset(m, serviceKind)}: ${pct(share)} of requests failed, more than the ${pct(limit)} --max-error-rate allows: ${errors ?? 'unknown errors'}${stats}`;
  }
  if (c.sessionsValid < c.sessionsChecked) {
    const what = c.details?.length ? `: ${c.details.slice(0, 3).join('; ')}` : '';
    return `${c.sessionsChecked - c.sessionsValid} of ${c.sessionsChecked} sessions did not read back what was acknowledged${what}`;
  }
  const lost = c.sessionsLost ?? 0;
  if (lost > 0) return `${lost} acknowledged sessions vanished during the run (answered 401 well within maxAge)`;
  const loggedIn = c.usersLoggedIn ?? 0;
  if (c.sessionsChecked === 0 && loggedIn > 0) {
    return `no session could be checked although ${loggedIn} users were logged in at the end of the load${errors ? ` (${errors})` : ''}`;
  }
  return undefined;
}
