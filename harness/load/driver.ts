// The load driver: autocannon with one virtual user (cookie jar + state) per connection. One
// continuous run: the first `warmup` seconds are not measured, so users stay logged in across it.
// Every request sent in the measured phase is accounted for (see load-counters.ts):
// sent = total (answered) + errors + timeouts + hung. When the measured phase ends, users stop
// sending and the load drains: it waits (at most DRAIN_S) for the answers still in flight, so
// an answer that was merely on its way is not counted as hung.
import autocannon from 'autocannon';
import { attachUser, type AutocannonClient } from './load-client.ts';
import { LoadCounters } from './load-counters.ts';
import { VirtualUser } from './virtual-user.ts';
import type { RunMetrics } from '../contracts/results.ts';
import type { Scenario } from '../../scenarios/types.ts';

export { describeErrors, errorShare } from './request-errors.ts';

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
  rate?: number | undefined;
  seed: number;
  runTag: string;
  /** Session cookie maxAge: a 401 well within it counts as a lost session. */
  maxAgeMs: number;
  /** Seconds without an answer before a connection's requests time out (≥ 1; default REQUEST_TIMEOUT_S). */
  timeoutS?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called when the warm-up ends; measuring begins once it resolves (it may force a GC). */
  onMeasureStart?: (() => Promise<unknown>) | undefined;
}

export interface LoadResult {
  throughput: RunMetrics['throughput'];
  latencyMs: RunMetrics['latencyMs'];
  requests: RunMetrics['requests'];
  cookie: RunMetrics['cookie'];
  sessionsCreated: number;
  sessionsLost: number;
  users: VirtualUser[];
  measuredSeconds: number;
}

/** Interleave anonymous users among the connections (e.g. 1 in 8 for a share of 0.125). */
export function anonymousCount(share: number, connections: number): number {
  return share <= 0 ? 0 : Math.min(connections, Math.max(1, Math.round(share * connections)));
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const timeoutS = opts.timeoutS ?? REQUEST_TIMEOUT_S;
  // autocannon rejects a timeout below 1 s; say so in our words rather than in its.
  if (!(timeoutS >= 1)) throw new RangeError(`timeoutS must be at least 1 (got ${timeoutS})`);
  const drainS = Math.min(DRAIN_S, timeoutS);
  const counters = new LoadCounters(opts.duration, timeoutS);
  const users = makeUsers(opts);
  let next = 0;
  const setupClient = (client: AutocannonClient) => attachUser(client, users[next++]!, counters, opts.pipelining);

  const warmupTimer = await scheduleMeasuring(opts, counters);
  const instance = autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    pipelining: opts.pipelining,
    // A backstop only: runUntilDrained stops the run itself once the drain is over.
    duration: opts.warmup + opts.duration + drainS + 1,
    // autocannon acts on stop() at its next sample tick: tick often so the stop lands at once.
    sampleInt: 100,
    ...(opts.rate !== undefined ? { overallRate: opts.rate } : {}),
    timeout: timeoutS,
    requests: [{ method: 'GET', path: '/' }],
    setupClient: setupClient as unknown as NonNullable<autocannon.Options['setupClient']>,
  });
  try {
    await runUntilDrained(instance, counters, (opts.warmup + opts.duration) * 1000, drainS * 1000, opts.signal);
  } finally {
    clearTimeout(warmupTimer);
  }
  return {
    ...counters.summarize(users, opts.connections),
    sessionsLost: users.reduce((s, u) => s + u.sessionsLost, 0),
    users,
  };
}

/** One user per connection; anonymous ones spread evenly (user i is anonymous when i·anon/n crosses an integer). */
function makeUsers(opts: LoadOptions): VirtualUser[] {
  const anon = anonymousCount(opts.scenario.anonymousShare, opts.connections);
  const n = opts.connections;
  return Array.from({ length: n }, (_, i) => {
    const anonymous = Math.floor(((i + 1) * anon) / n) > Math.floor((i * anon) / n);
    return new VirtualUser(i, anonymous, opts.scenario, opts.seed, opts.runTag, opts.maxAgeMs);
  });
}

/**
 * Starts measuring now (no warm-up) or when the warm-up ends. Requests sent while the server is
 * being marked (a forced GC) belong to neither phase.
 */
async function scheduleMeasuring(opts: LoadOptions, counters: LoadCounters): Promise<NodeJS.Timeout | undefined> {
  const begin = () => counters.beginMeasuring();
  if (opts.warmup === 0) {
    await opts.onMeasureStart?.();
    begin();
    return undefined;
  }
  return setTimeout(() => void (opts.onMeasureStart?.() ?? Promise.resolve()).then(begin, begin), opts.warmup * 1000);
}

/**
 * Ends the measured phase after `loadMs`, drains, then stops autocannon. An abort stops at once:
 * whatever is in flight then is hung.
 */
async function runUntilDrained(
  instance: ReturnType<typeof autocannon>,
  counters: LoadCounters,
  loadMs: number,
  drainMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const autocannonStop = () => (instance as unknown as { stop(): void }).stop();
  const stop = () => {
    counters.endMeasuring();
    counters.markEnd();
    autocannonStop();
  };
  const endTimer = setTimeout(() => {
    counters.endMeasuring();
    void counters.idle(drainMs).then(stop);
  }, loadMs);
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    await instance;
  } finally {
    clearTimeout(endTimer);
    signal?.removeEventListener('abort', stop);
  }
}
