// The load driver: autocannon connections, each serving its share of the virtual users (cookie jar
// + state each; connection-users.ts), by default one user per connection. One
// continuous run: the first `warmup` seconds are not measured, so users stay logged in across it.
// Every request sent in the measured phase is accounted for (see load-counters.ts):
// sent = total (answered) + errors + timeouts + hung. When the measured phase ends, users stop
// sending and the load drains: it waits (at most DRAIN_S) for the answers still in flight, so
// an answer that was merely on its way is not counted as hung.
import autocannon from 'autocannon';
import { ConnectionUsers } from './connection-users.ts';
import { attachUsers, type AutocannonClient } from './load-client.ts';
import { LoadCounters } from './load-counters.ts';
import { VirtualUser, type Population } from './virtual-user.ts';
import type { Access } from '../population/access.ts';
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
  const connections = dealUsers(users, opts);
  let next = 0;
  const setupClient = (client: AutocannonClient) =>
    attachUsers(client, connections[next++]!, counters, opts.pipelining);

  const phase = measuredPhase(opts.duration * 1000);
  const warmupTimer = await scheduleMeasuring(opts, counters, phase.begin);
  const instance = autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    pipelining: opts.pipelining,
    // A backstop only: runUntilDrained stops the run itself once the drain is over. The measured
    // phase starts once the server is marked (a GC, at most MARK_ALLOWANCE_S), so it may start late.
    duration: opts.warmup + MARK_ALLOWANCE_S + opts.duration + drainS + 1,
    // autocannon acts on stop() at its next sample tick: tick often so the stop lands at once.
    sampleInt: 100,
    ...(opts.rate !== undefined ? { overallRate: opts.rate } : {}),
    timeout: timeoutS,
    requests: [{ method: 'GET', path: '/' }],
    setupClient: setupClient as unknown as NonNullable<autocannon.Options['setupClient']>,
  });
  try {
    await runUntilDrained(instance, counters, phase.over, drainS * 1000, opts.signal);
  } finally {
    clearTimeout(warmupTimer);
    phase.cancel();
  }
  return {
    ...counters.summarize(users, opts.connections),
    sessionsLost: users.reduce((s, u) => s + u.sessionsLost, 0),
    users,
  };
}

/**
 * The users; anonymous ones spread evenly (user i is anonymous when i·anon/n crosses an integer).
 * The first `population.count` logged-in users resume preloaded sessions 0, 1, 2, … in order.
 */
function makeUsers(opts: LoadOptions): VirtualUser[] {
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

/** User i goes to connection i mod C and stays there (see connection-users.ts). */
function dealUsers(users: VirtualUser[], opts: LoadOptions): ConnectionUsers[] {
  const c = opts.connections;
  if (users.length < c) throw new RangeError(`users (${users.length}) must be at least connections (${c})`);
  const shares: VirtualUser[][] = Array.from({ length: c }, () => []);
  for (const u of users) shares[u.index % c]!.push(u);
  return shares.map(
    (share, k) =>
      new ConnectionUsers(share, opts.access ?? { kind: 'uniform' }, opts.thinkTimeMs ?? 0, opts.seed * 7_919 + k),
  );
}

/** Room for marking the server between warm-up and measuring (a GC of a big heap takes seconds). */
const MARK_ALLOWANCE_S = 20;

/** The measured phase lasts `ms` from when it actually begins, however long the mark took. */
function measuredPhase(ms: number) {
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
async function scheduleMeasuring(
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

/**
 * Ends the measured phase when `over` resolves, drains, then stops autocannon. An abort stops at
 * once: whatever is in flight then is hung.
 */
async function runUntilDrained(
  instance: ReturnType<typeof autocannon>,
  counters: LoadCounters,
  over: Promise<void>,
  drainMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const autocannonStop = () => (instance as unknown as { stop(): void }).stop();
  const stop = () => {
    counters.endMeasuring();
    counters.markEnd();
    autocannonStop();
  };
  let finished = false;
  void over.then(() => {
    if (finished) return;
    counters.endMeasuring();
    void counters.idle(drainMs).then(stop);
  });
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    await instance;
  } finally {
    finished = true;
    signal?.removeEventListener('abort', stop);
  }
}
