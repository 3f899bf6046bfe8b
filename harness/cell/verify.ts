// Persistence check: after the load, read every live session back through the app and compare it
// with what the server acknowledged to that virtual user. Every read-back has a deadline and so
// does the whole check: a store that never answers costs seconds, not minutes, and shows as
// sessions that did not read back, with the reason in words.
import { prng, type VirtualUser } from '../load/virtual-user.ts';
import type { RunMetrics } from '../contracts/results.ts';
import { errorMessage } from '../shared/error-message.ts';

/** One read-back (GET /dashboard) that has not answered by then counts as not valid. */
export const READBACK_TIMEOUT_MS = 5_000;
/** No read-back starts after this; those left are counted as skipped (not valid). */
export const VERIFY_DEADLINE_MS = 30_000;
/** Once this many read-backs have finished and every one timed out, no more are started. */
export const EARLY_STOP_AFTER = 3;

export interface VerifyOptions {
  port: number;
  users: VirtualUser[];
  /** Sessions idle longer than this (minus a margin) may have expired legitimately: not checked. */
  maxAgeMs: number;
  concurrency?: number;
  readBackTimeoutMs?: number;
  deadlineMs?: number;
  /** Read back at most this many, a seeded random sample of the candidates (0 or absent: all). */
  sample?: number | undefined;
  seed?: number | undefined;
}

interface Dashboard {
  userId?: string;
  cartAdds?: number;
  theme?: string;
}

type Correctness = RunMetrics['correctness'] & {
  readBackTimeouts: number;
  readBackSkipped: number;
  candidates: number;
  expiredBeforeCheck: number;
  details: string[];
};

/** What one read-back found wrong; undefined when the session holds what was acknowledged. */
interface Problem {
  lost: number;
  why: string;
  timedOut?: boolean;
}

/**
 * lostWrites counts acknowledged writes missing on read-back: cart adds short of the acknowledged
 * count, a theme that is neither the acknowledged one nor one still in flight, and for a session
 * that is gone altogether, its login plus every acknowledged write. A read-back that timed out or
 * failed proves nothing lost, so it makes the session not valid without adding lost writes.
 */
export async function verifySessions(opts: VerifyOptions): Promise<Correctness> {
  const now = Date.now();
  const margin = Math.max(250, opts.maxAgeMs * 0.2);
  const timeoutMs = opts.readBackTimeoutMs ?? READBACK_TIMEOUT_MS;
  const deadlineMs = opts.deadlineMs ?? VERIFY_DEADLINE_MS;
  // Whether a session should still be there at `t`: not idle for (nearly) maxAge, and its browser
  // cookie not expiring before its read-back could end (rolling: false: the browser drops it, which
  // is a logout, not a loss of the store's).
  const live = (u: VirtualUser, t: number) =>
    t - u.lastActivity < opts.maxAgeMs - margin && u.jar.validUntil() > t + Math.min(margin, timeoutMs);
  const eligible = opts.users.filter((u) => u.acted && u.verifiable && live(u, now));
  const candidates = sampleOf(eligible, opts.sample ?? 0, opts.seed ?? 1);
  const result: Correctness = {
    candidates: eligible.length,
    ...(candidates.length < eligible.length ? { sampled: true } : {}),
    sessionsChecked: candidates.length,
    sessionsValid: 0,
    lostWrites: 0,
    readBackTimeouts: 0,
    readBackSkipped: 0,
    expiredBeforeCheck: 0,
    details: [],
  };
  const deadline = performance.now() + deadlineMs;
  const queue = [...candidates];
  let finished = 0;
  const allTimingOut = () => finished >= EARLY_STOP_AFTER && result.readBackTimeouts === finished;
  const mayStart = () => !allTimingOut() && performance.now() < deadline;
  const worker = async () => {
    for (let u = mayStart() ? queue.shift() : undefined; u; u = mayStart() ? queue.shift() : undefined) {
      // Thousands of read-backs take a while: with a short maxAge a session may expire legitimately
      // before its turn. It is then not read back, and counted as such.
      if (!live(u, Date.now())) {
        result.expiredBeforeCheck++;
        result.sessionsChecked--;
        continue;
      }
      const problem = await checkUser(opts.port, u, timeoutMs);
      finished++;
      if (!problem) result.sessionsValid++;
      else record(result, u, problem);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  result.readBackSkipped = queue.length;
  if (queue.length > 0) {
    const why = allTimingOut()
      ? `the first ${finished} read-backs all timed out`
      : `verification reached its ${Math.round(deadlineMs / 1000)} s bound`;
    result.details.unshift(`${queue.length} of ${candidates.length} sessions not read back: ${why}`);
  }
  return result;
}

/** A seeded random sample of `n` (partial Fisher–Yates), or all of them when n is 0 or not smaller. */
function sampleOf<T>(items: T[], n: number, seed: number): T[] {
  if (n <= 0 || n >= items.length) return items;
  const copy = [...items];
  const random = prng(seed * 31 + 17);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

function record(result: Correctness, u: VirtualUser, problem: Problem) {
  result.lostWrites += problem.lost;
  if (problem.timedOut) result.readBackTimeouts++;
  if (result.details.length < 10) result.details.push(`user ${u.index} (${u.userId}): ${problem.why}`);
}

async function checkUser(port: number, u: VirtualUser, timeoutMs: number): Promise<Problem | undefined> {
  try {
    // The signal bounds the body as well as the headers.
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await fetch(`http://127.0.0.1:${port}/dashboard`, {
      headers: { cookie: u.jar.cookieHeader() },
      signal,
    });
    const everything = 1 + u.cartAdds + (u.theme !== 'light' ? 1 : 0);
    if (res.status !== 200) {
      await res.body?.cancel();
      return { lost: everything, why: `session missing (HTTP ${res.status})` };
    }
    const got = (await res.json()) as Dashboard;
    if (got.userId !== u.userId) return { lost: everything, why: `holds user ${String(got.userId)}` };
    return compareWrites(u, got);
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') {
      return { lost: 0, timedOut: true, why: `read-back did not answer within ${timeoutMs / 1000} s` };
    }
    return { lost: 0, why: `read-back failed: ${describeFetchError(err)}` };
  }
}

function compareWrites(u: VirtualUser, got: Dashboard): Problem | undefined {
  const adds = got.cartAdds ?? 0;
  const problems: string[] = [];
  let lost = 0;
  if (adds < u.cartAdds || adds > u.cartAdds + u.pendingCart) {
    problems.push(
      `cartAdds ${adds}, acknowledged ${u.cartAdds}${u.pendingCart ? ` (+${u.pendingCart} in flight)` : ''}`,
    );
    lost += Math.max(0, u.cartAdds - adds);
  }
  if (got.theme !== u.theme && !u.pendingThemes.includes(String(got.theme))) {
    problems.push(`theme ${String(got.theme)}, acknowledged ${u.theme}`);
    lost += 1;
  }
  return problems.length ? { lost: Math.max(lost, 1), why: problems.join('; ') } : undefined;
}

/** fetch says only "fetch failed"; the socket's code is in `cause`. */
function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? errorMessage(err);
}
