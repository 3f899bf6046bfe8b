// What both load models share: the request bounds, the options, the users and the measured phase.
// The closed model (driver.ts) and the open model (open-model.ts) differ only in when a request
// is sent: when an answer frees its connection, or at its intended time.
import { VirtualUser, type Population } from './virtual-user.ts';
import type { LoadCounters } from './load-counters.ts';
import type { Access } from '../population/access.ts';
import type { Scenario } from '../../scenarios/types.ts';

/**
 * How long a connection waits for an answer before autocannon gives up on it (its `timeout`
 * option: no request written for this long), drops the socket and reconnects. Every request then
 * in flight counts as timed out, with its wait in the latency. Stated, not left to autocannon's
 * default (also 10 s), so results say what bound they were measured against.
 */
export const REQUEST_TIMEOUT_S = 10;

/** The longest the drain waits for answers in flight (at most the request timeout); those still unanswered are hung. */
export const DRAIN_S = 2;

export interface LoadOptions {
  port: number;
  scenario: Scenario;
  connections: number;
  pipelining: number;
  warmup: number;
  duration: number;
  /** Open model: arrivals per second (open-model.ts). Absent: closed model. */
  rate?: number | undefined;
  /** Open model: evenly spaced (default) or Poisson arrivals. */
  arrivals?: 'uniform' | 'poisson' | undefined;
  /** Users of an earlier phase of the same cell (a sweep's steps): cookie jars and state carry on. */
  existingUsers?: VirtualUser[] | undefined;
  seed: number;
  runTag: string;
  /** Session cookie maxAge: a 401 well within it counts as a lost session. */
  maxAgeMs: number;
  /** Seconds without an answer before a connection's requests time out (≥ 1; default REQUEST_TIMEOUT_S). */
  timeoutS?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Virtual users (default: one per connection); each connection serves users i ≡ c (mod connections). */
  users?: number | undefined;
  /** Which of its users a connection serves next (default uniform). */
  access?: Access | undefined;
  /** Pause of one user between its answer and its next request, ms (default 0). */
  thinkTimeMs?: number | undefined;
  /** Preloaded sessions: the first `count` logged-in users resume them instead of logging in. */
  population?: (Population & { count: number }) | undefined;
  /** Called when the warm-up ends; measuring begins once it resolves (it may force a GC). */
  onMeasureStart?: (() => Promise<unknown>) | undefined;
}

/** Interleave anonymous users among the connections (e.g. 1 in 8 for a share of 0.125). */
export function anonymousCount(share: number, connections: number): number {
  return share <= 0 ? 0 : Math.min(connections, Math.max(1, Math.round(share * connections)));
}

/**
 * The users; anonymous ones spread evenly (user i is anonymous when i·anon/n crosses an integer).
 * The first `population.count` logged-in users resume preloaded sessions 0, 1, 2, … in order.
 */
export function makeUsers(opts: LoadOptions): VirtualUser[] {
  if (opts.existingUsers) return opts.existingUsers;
  const n = opts.users ?? opts.connections;
  const anon = anonymousCount(opts.scenario.anonymousShare, n);
  let resumed = 0;
  return Array.from({ length: n }, (_, i) => {
    const anonymous = Math.floor(((i + 1) * anon) / n) > Math.floor((i * anon) / n);
    const user = new VirtualUser(i, anonymous, opts.scenario, opts.seed, opts.runTag, opts.maxAgeMs);
    if (!anonymous && opts.population && resumed < opts.population.count) user.resumeFrom(opts.population, resumed++);
    return user;
  });
}

/** Room for marking the server between warm-up and measuring (a GC of a big heap takes seconds). */
export const MARK_ALLOWANCE_S = 20;

/** The measured phase lasts `ms` from when it actually begins, however long the mark took. */
export function measuredPhase(ms: number) {
  let timer: NodeJS.Timeout | undefined;
  let end: () => void = () => undefined;
  const over = new Promise<void>((resolve) => (end = resolve));
  return {
    over,
    begin: () => {
      timer ??= setTimeout(end, ms);
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * Starts measuring now (no warm-up) or when the warm-up ends. Requests sent while the server is
 * being marked (a forced GC) belong to neither phase.
 */
export async function scheduleMeasuring(
  opts: LoadOptions,
  counters: LoadCounters,
  onBegin: () => void,
): Promise<NodeJS.Timeout | undefined> {
  const begin = () => {
    counters.beginMeasuring();
    onBegin();
  };
  if (opts.warmup === 0) {
    await opts.onMeasureStart?.();
    begin();
    return undefined;
  }
  return setTimeout(() => void (opts.onMeasureStart?.() ?? Promise.resolve()).then(begin, begin), opts.warmup * 1000);
}
