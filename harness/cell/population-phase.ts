// The population phase of a cell: fill the store with the preloaded sessions through its own set
// (in the server process), measure what they cost on both sides, and hand the load driver the
// means to resume them (signed cookies and what each session holds).
import type { RunMetrics } from '../contracts/results.ts';
import type { Population, VirtualUser } from '../load/virtual-user.ts';
import {
  SESSION_COOKIE,
  minExpiresIn,
  populationSid,
  preloadedState,
  signedCookieValue,
} from '../population/population.ts';
import type { ServerSnapshot } from '../server/protocol.ts';
import type { ServerHandle } from './server-process.ts';

/** Store calls in flight during the preload: more than any pool here takes (pg's queue holds the rest). */
export const PRELOAD_CONCURRENCY = 64;

/** The preload's deadline: a minute plus 2 ms a session (100,000 → 260 s; this machine needs well under 30). */
export function preloadBoundMs(sessions: number): number {
  return 60_000 + 2 * sessions;
}

export interface PopulationPhase {
  metrics: NonNullable<RunMetrics['population']>;
  /** For the load driver; undefined when nothing was preloaded. */
  population: (Population & { count: number }) | undefined;
  /** Why the preload failed, in words: the store refused sessions. */
  refused?: string | undefined;
}

export async function preloadPopulation(
  server: ServerHandle,
  opts: { sessions: number; seed: number; secret: string; maxAgeMs: number; users: number; spanMs: number },
): Promise<PopulationPhase> {
  const before = opts.sessions > 0 ? await server.call('gc') : undefined;
  const least = minExpiresIn(opts.spanMs, opts.maxAgeMs);
  const after = await server.call(
    {
      preload: { count: opts.sessions, seed: opts.seed, concurrency: PRELOAD_CONCURRENCY, minExpiresIn: least },
    },
    preloadBoundMs(opts.sessions),
  );
  const report = after.preload!;
  const metrics: PopulationPhase['metrics'] = {
    preloaded: report.preloaded,
    preloadMs: report.ms,
    ...(report.failed ? { preloadFailed: report.failed } : {}),
    ...(report.setCalls !== undefined ? { preloadSetCalls: report.setCalls } : {}),
    sessionBytes: report.sessionBytes,
    users: opts.users,
    ...(report.skipped ? { skipped: report.skipped } : {}),
    ...(before ? sizeAfterPreload(before, after, report.preloaded) : {}),
  };
  if (report.failed > 0) {
    const why = report.firstError ? `: ${report.firstError}` : '';
    return { metrics, population: undefined, refused: `the store refused ${report.failed} preloaded sessions${why}` };
  }
  if (report.preloaded === 0) return { metrics, population: undefined };
  const { seed, secret, maxAgeMs } = opts;
  const population: Population & { count: number } = {
    count: report.preloaded,
    resume(index) {
      const st = preloadedState(seed, index, least);
      const expiresAt = report.baseMs + st.expiresIn * maxAgeMs;
      return {
        cookieName: SESSION_COOKIE,
        cookieValue: signedCookieValue(populationSid(seed, index), secret),
        cookieExpiresAt: expiresAt,
        userId: st.userId,
        cartAdds: st.cartItems,
        theme: st.theme,
        lastActivity: expiresAt - maxAgeMs,
      };
    },
  };
  return { metrics, population };
}

function sizeAfterPreload(before: ServerSnapshot, after: ServerSnapshot, preloaded: number) {
  const per = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && preloaded > 0 ? (a - b) / preloaded : null;
  return {
    ...(after.store?.sessions !== undefined ? { storeSessions: after.store.sessions } : {}),
    ...(after.store?.bytes !== undefined ? { storeBytes: after.store.bytes } : {}),
    bytesPerSession: per(after.store?.bytes, before.store?.bytes),
    heapBytesPerSession: per(after.memory.heapUsed, before.memory.heapUsed),
    ...(after.store?.detail ? { detail: after.store.detail } : {}),
  };
}

/** How the resumed sessions fared on first use. */
export function resumeCounts(users: readonly VirtualUser[]): { resumed: number; resumeMisses: number } {
  let resumed = 0;
  let resumeMisses = 0;
  for (const u of users) {
    if (u.resumed === 'hit') resumed++;
    else if (u.resumed === 'miss') resumeMisses++;
  }
  return { resumed, resumeMisses };
}
