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
import type { TimelineResult } from './timeline.ts';
import type { VirtualUser } from './virtual-user.ts';
import type { Arrivals } from '../contracts/open-model.ts';
import type { RunMetrics } from '../contracts/results.ts';
import {
  DRAIN_S,
  MARK_ALLOWANCE_S,
  REQUEST_TIMEOUT_S,
  makeUsers,
  measuredPhase,
  scheduleMeasuring,
  type LoadOptions,
} from './load-phases.ts';
import { runOpenLoad } from './open-model.ts';

export { describeErrors, errorShare } from './request-errors.ts';
export { anonymousCount, DRAIN_S, REQUEST_TIMEOUT_S, type LoadOptions } from './load-phases.ts';

export interface LoadResult {
  throughput: RunMetrics['throughput'];
  latencyMs: RunMetrics['latencyMs'];
  requests: RunMetrics['requests'];
  cookie: RunMetrics['cookie'];
  sessionsCreated: number;
  sessionsLost: number;
  users: VirtualUser[];
  measuredSeconds: number;
  /** Open model: what the arrival generator did. */
  arrivals?: Arrivals | undefined;
  /** Per bucket of the measured phase (timeline.ts). */
  timeline?: TimelineResult | undefined;
}

/** The closed model (this file), or the open model when `rate` is given (open-model.ts). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.rate !== undefined) return runOpenLoad(opts, opts.rate);
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
