// A fault run's figures from its timeline (pure): the window the fault claims, what failed in it,
// the recovery time, and the run's requests outside the window, which the usual verdict judges.
// Recovery: from the end of the fault to the start of the first 1 s window (sliding by one bucket)
// in which ≥ 99 % of responses succeeded and successes per second were ≥ 90 % of the pre-fault
// median. A 401 counts as a success there: it is the app's right answer for a session the store no
// longer has, and the lost sessions are counted on their own (sessionsLostByFault).
import type { RunMetrics } from '../contracts/results.ts';
import type { FailureEvent, TimelineResult } from '../load/timeline.ts';
import type { FaultLog } from './fault-runner.ts';

type FaultResult = NonNullable<RunMetrics['fault']>;
type Requests = RunMetrics['requests'];

export const RECOVERY_SUCCESS_SHARE = 0.99;
export const RECOVERY_THROUGHPUT_SHARE = 0.9;
const WINDOW_MS = 1000;

export interface SessionsOutcome {
  atFault: number;
  lost: number;
  unchecked: number;
}

export function faultResult(
  log: FaultLog,
  timeline: TimelineResult,
  measuredMs: number,
  sessions: SessionsOutcome,
): FaultResult {
  const startMs = log.startMs ?? log.plan.atS * 1000;
  const endMs = log.endMs ?? measuredMs;
  const { bucketMs, points } = timeline;
  const succeeded = (p: (typeof points)[number]) => p.ok + (p.unauthorized ?? 0);
  const perWindow = WINDOW_MS / bucketMs;
  // Full seconds before the fault.
  const before: number[] = [];
  for (let i = 0; (i + 1) * perWindow * bucketMs <= startMs; i++) {
    const slice = points.slice(i * perWindow, (i + 1) * perWindow);
    before.push(slice.reduce((s, p) => s + succeeded(p), 0));
  }
  const preFaultRps = median(before);
  let recoveredAtMs: number | undefined;
  const from = Math.max(Math.ceil(endMs / bucketMs), drainedBucket(timeline, startMs, endMs));
  // A window may end with the measured phase (its timer fires a few ms early or late).
  for (let i = from; (i + perWindow) * bucketMs <= measuredMs + 50; i++) {
    const slice = points.slice(i, i + perWindow);
    const ok = slice.reduce((s, p) => s + succeeded(p), 0);
    const all = slice.reduce((s, p) => s + p.ok + p.non2xx + p.timeouts + p.errors, 0);
    if (all > 0 && ok / all >= RECOVERY_SUCCESS_SHARE && ok >= RECOVERY_THROUGHPUT_SHARE * preFaultRps) {
      recoveredAtMs = i * bucketMs;
      break;
    }
  }
  const toMs = recoveredAtMs !== undefined ? recoveredAtMs + WINDOW_MS : Infinity;
  const claimed = timeline.failures.filter((e) => e.sentMs <= toMs && e.endMs >= startMs);
  const statusCodes: Record<string, number> = {};
  for (const e of claimed)
    if (e.kind === 'non2xx') statusCodes[String(e.status)] = (statusCodes[String(e.status)] ?? 0) + 1;
  const count = (k: FailureEvent['kind']) => claimed.filter((e) => e.kind === k).length;
  const failedAnswers = claimed.filter((e) => e.kind === 'non2xx' && e.status !== 401).length;
  const lastMs = points.length * bucketMs;
  const inWindow = points.filter((p) => p.tMs + bucketMs > startMs && p.tMs < Math.min(toMs, lastMs));
  const maxLatencyMs = Math.max(
    0,
    ...inWindow.map((p) => p.maxMs ?? 0),
    ...claimed.filter((e) => e.kind !== 'error').map((e) => e.endMs - e.sentMs),
  );
  return {
    kind: log.plan.kind,
    atS: round(startMs / 1000),
    durationS: round(Math.max(0, endMs - startMs) / 1000),
    planned: log.plan,
    ...(log.plan.slowMs !== undefined ? { slowMs: log.plan.slowMs } : {}),
    errors: failedAnswers + count('error'),
    timeouts: count('timeout'),
    hung: count('hung'),
    maxLatencyMs: round(maxLatencyMs),
    recoverySeconds: recoveredAtMs !== undefined ? round(Math.max(0, recoveredAtMs - endMs) / 1000) : null,
    preFaultRps,
    sessionsAtFault: sessions.atFault,
    sessionsLostByFault: sessions.lost,
    ...(sessions.unchecked > 0 ? { sessionsUnchecked: sessions.unchecked } : {}),
    window: {
      fromS: round(startMs / 1000),
      toS: round(Math.min(toMs, measuredMs) / 1000),
      requests: claimed.length,
      statusCodes,
    },
    actions: log.actions,
    ...(log.problem ? { problem: log.problem } : {}),
    ...(timeline.unlisted > 0
      ? {
          problem: `${timeline.unlisted} failed requests were not kept as events; the window's counts are short by them`,
        }
      : {}),
  };
}

/**
 * The run's requests without those the fault claimed: what the usual verdict (failure-reason.ts)
 * judges, so a fault run fails for a timeout, a hung request or an error outside its window only.
 */
export function requestsOutsideFault(r: Requests, f: FaultResult): Requests {
  const codes = { ...(r.statusCodes ?? {}) };
  let claimedAnswers = 0;
  let claimedFailedAnswers = 0;
  for (const [code, n] of Object.entries(f.window.statusCodes)) {
    codes[code] = Math.max(0, (codes[code] ?? 0) - n);
    if (codes[code] === 0) delete codes[code];
    claimedAnswers += n;
    if (code !== '401') claimedFailedAnswers += n;
  }
  const errors = Math.max(0, r.errors - (f.errors - claimedFailedAnswers));
  return {
    ...r,
    errors,
    timeouts: Math.max(0, r.timeouts - f.timeouts),
    hung: Math.max(0, (r.hung ?? 0) - f.hung),
    non2xx: Math.max(0, r.non2xx - claimedAnswers),
    statusCodes: codes,
    ...(errors === 0 ? { errorKinds: {} } : {}),
  };
}

/**
 * The first bucket after every request sent before the fault's end has ended: a failure sent
 * before it, or an answer slower than any seen before the fault that must have been sent before
 * it. While they drain (a client's reconnect backoff, a queue released at once), the fault goes on
 * for the users who wait, whatever the throughput of the others.
 */
function drainedBucket({ points, failures, bucketMs }: TimelineResult, startMs: number, endMs: number): number {
  const normalMaxMs = Math.max(0, ...points.filter((p) => p.tMs + bucketMs <= startMs).map((p) => p.maxMs ?? 0));
  let drained = 0;
  for (const e of failures)
    if (e.sentMs < endMs)
      drained = Math.max(drained, e.kind === 'hung' ? Infinity : Math.floor(e.endMs / bucketMs) + 1);
  points.forEach((p, i) => {
    const max = p.maxMs ?? 0;
    if (p.tMs >= startMs && max > normalMaxMs && p.tMs + bucketMs - max < endMs) drained = Math.max(drained, i + 1);
  });
  return drained;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
