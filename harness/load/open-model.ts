// The open model: requests arrive at their intended times (arrival-schedule.ts) whatever the answers
// do, and each is timed from its intended send time, as wrk2 and k6's arrival-rate executors do:
// a request that waits for a free connection behind a stalled store is charged that wait
// (no coordinated omission). Each arrival acts for a user of the population who has nothing in
// flight (one request per user at a time, so no two requests of one session race), with its
// cookie jar. Requests go over `connections` undici clients, one request in flight each.
//
// Every measured arrival ends in one place: sent (then answered, error, timeout or hung, as in
// the closed model: load-counters.ts) or dropped. An arrival still waiting for a connection
// DROP_AFTER (the request timeout) after its intended time, or when the load ends, is dropped: it
// is counted and its wait so far goes into the latency as a lower bound. One sent more than
// LATE_AFTER_MS after its time is `late`: the generator or its connections fell behind.
import { Client, type Dispatcher } from 'undici';
import { ArrivalSchedule, EARLY_MS, startTicker } from './arrival-schedule.ts';
import { CLOSED } from './load-client.ts';
import { LoadCounters, latencyHistogram } from './load-counters.ts';
import {
  DRAIN_S,
  REQUEST_TIMEOUT_S,
  makeUsers,
  measuredPhase,
  scheduleMeasuring,
  type LoadOptions,
} from './load-phases.ts';
import { FreeUsers } from './free-users.ts';
import { PauseMeter } from './generator-pauses.ts';
import type { VirtualUser } from './virtual-user.ts';
import type { Arrivals, GeneratorPauses } from '../contracts/open-model.ts';
import type { LoadResult } from './driver.ts';

/** A request sent this long after its intended time was late: well past the timer's own error (about 1 ms). */
export const LATE_AFTER_MS = 10;

interface Arrival {
  intended: number;
  measured: boolean;
}

/**
 * Scheduling errors are recorded shifted by this much, so that the earliest a request can be sent
 * (EARLY_MS before its time) is still a positive value for the histogram.
 */
const ERROR_OFFSET_MS = EARLY_MS + 1;

/** The generator's own figures for the measured phase (histograms: a soak's millions of sends cost no memory). */
class ArrivalTally {
  intended = 0;
  sent = 0;
  late = 0;
  dropped = 0;
  private readonly shifted = latencyHistogram();
  private readonly size = latencyHistogram();
  private earliest = Infinity;
  private latest = -Infinity;

  onSent(a: Arrival, now: number) {
    if (!a.measured) return;
    const error = now - a.intended;
    this.sent++;
    if (error > LATE_AFTER_MS) this.late++;
    this.shifted.record(error + ERROR_OFFSET_MS);
    this.size.record(Math.abs(error));
    this.earliest = Math.min(this.earliest, error);
    this.latest = Math.max(this.latest, error);
  }

  summary(
    rate: number,
    process: Arrivals['process'],
    dropAfterMs: number,
    cpuCores: number,
    connections: number,
    pauses: GeneratorPauses,
  ): Arrivals {
    const s = this.shifted.summary();
    const none = this.sent === 0;
    const at = (v: number) => (none ? 0 : Math.max(this.earliest, v - ERROR_OFFSET_MS));
    return {
      process,
      rate,
      intended: this.intended,
      sent: this.sent,
      late: this.late,
      dropped: this.dropped,
      lateAfterMs: LATE_AFTER_MS,
      dropAfterMs,
      schedulingErrorMs: {
        p50: at(s.p50),
        p90: at(s.p90),
        p99: at(s.p99),
        p999: at(s.p999),
        max: none ? 0 : this.latest,
        absP99: none ? 0 : this.size.summary().p99,
      },
      earlyMs: EARLY_MS,
      generatorCpuCores: cpuCores,
      connections,
      generatorPausesMs: pauses,
    };
  }
}

export async function runOpenLoad(opts: LoadOptions, rate: number): Promise<LoadResult> {
  const timeoutS = opts.timeoutS ?? REQUEST_TIMEOUT_S;
  if (!(timeoutS >= 1)) throw new RangeError(`timeoutS must be at least 1 (got ${timeoutS})`);
  const dropAfterMs = timeoutS * 1000;
  const counters = new LoadCounters(opts.duration, timeoutS);
  const users = makeUsers(opts);
  // An earlier phase's requests still unanswered (a sweep's users carry on) died with its connections.
  forgetCutOff(users);
  const free = new FreeUsers(users, opts.access ?? { kind: 'uniform' }, opts.seed * 7_919 + 1);
  const load = new OpenLoad(opts, counters, free, dropAfterMs);
  const tally = load.tally;
  let measureStart: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let cpuCores = 0;
  const pauseMeter = new PauseMeter();
  let pauses: GeneratorPauses | undefined;
  const phase = measuredPhase(opts.duration * 1000);
  const warmupTimer = await scheduleMeasuring(opts, counters, () => {
    measureStart = performance.now();
    cpuAtStart = process.cpuUsage();
    pauseMeter.start();
    phase.begin();
  });
  const schedule = new ArrivalSchedule(rate, opts.arrivals ?? 'uniform', performance.now(), opts.seed * 31 + 17);
  const until = () => (measureStart === undefined ? Infinity : measureStart + opts.duration * 1000);
  const ticker = startTicker(
    schedule,
    until,
    (intended) => load.arrive(intended, measureStart !== undefined && intended >= measureStart),
    () => load.pump(),
  );
  const stop = () => {
    ticker.stop();
    counters.endMeasuring();
    load.end();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();
  try {
    await Promise.race([phase.over, load.ended]);
    ticker.stop();
    counters.endMeasuring();
    if (cpuAtStart && measureStart !== undefined) {
      const used = process.cpuUsage(cpuAtStart);
      cpuCores = (used.user + used.system) / 1000 / Math.max(1, performance.now() - measureStart);
    }
    pauses = pauseMeter.stop();
    if (!opts.signal?.aborted) await load.drain(Math.min(DRAIN_S, timeoutS) * 1000);
  } finally {
    clearTimeout(warmupTimer);
    phase.cancel();
    opts.signal?.removeEventListener('abort', stop);
    ticker.stop();
    pauses ??= pauseMeter.stop();
    await load.close();
  }
  const summary = counters.summarize(users, opts.connections);
  forgetCutOff(users);
  // Answers within the measured window, not those the drain brought in later: over capacity, the
  // drain answers a backlog that the measured seconds did not.
  const { samples } = summary.throughput;
  if (samples.length > 0) summary.throughput.rps = samples.reduce((s, x) => s + x, 0) / samples.length;
  return {
    ...summary,
    sessionsLost: users.reduce((s, u) => s + u.sessionsLost, 0),
    users,
    arrivals: tally.summary(rate, opts.arrivals ?? 'uniform', dropAfterMs, cpuCores, opts.connections, pauses),
  };
}

/** Requests whose connection is gone (hung, counted already) will never be answered: their users are uncertain. */
function forgetCutOff(users: readonly VirtualUser[]) {
  for (const u of users) if (u.inFlightRequests.length > 0) u.connectionLost();
}

/** The queue of arrivals, the connections and the users they act for. */
class OpenLoad {
  readonly tally = new ArrivalTally();
  private readonly clients: Client[];
  private readonly idle: Client[];
  private queue: Arrival[] = [];
  private head = 0;
  private inFlight = 0;
  private stopped = false;
  private onSettled: (() => void) | undefined;
  private markEnded: () => void = () => undefined;
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));

  constructor(
    opts: LoadOptions,
    private readonly counters: LoadCounters,
    private readonly free: FreeUsers,
    private readonly dropAfterMs: number,
  ) {
    const timeoutMs = (opts.timeoutS ?? REQUEST_TIMEOUT_S) * 1000;
    this.clients = Array.from(
      { length: opts.connections },
      () =>
        new Client(`http://127.0.0.1:${opts.port}`, {
          pipelining: 1,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          connectTimeout: timeoutMs,
        }),
    );
    // A stack: the connection used last is used next, so a light load keeps few connections warm.
    this.idle = [...this.clients].reverse();
  }

  arrive(intended: number, measured: boolean): void {
    if (this.stopped) return;
    if (measured) this.tally.intended++;
    this.queue.push({ intended, measured });
  }

  /** Sends queued arrivals while a connection and a user are free; drops those that waited too long. */
  pump(now = performance.now()): void {
    while (this.head < this.queue.length && now - this.queue[this.head]!.intended > this.dropAfterMs)
      this.drop(this.queue[this.head++]!, now);
    while (!this.stopped && this.head < this.queue.length && this.idle.length > 0) {
      const user = this.free.take();
      if (!user) break;
      this.send(this.queue[this.head++]!, user, this.idle.pop()!);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.checkSettled();
  }

  /** Waits (at most `ms`) for queued arrivals to be sent and answered; what is left is dropped or hung. */
  drain(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms).unref();
      const self = this;
      function done() {
        clearTimeout(timer);
        self.onSettled = undefined;
        resolve();
      }
      this.onSettled = done;
      this.pump();
    });
  }

  /** Nothing more is sent: whatever is queued is dropped; in flight stays in flight (hung unless answered). */
  end(): void {
    if (this.stopped) return;
    this.stopped = true;
    const now = performance.now();
    while (this.head < this.queue.length) this.drop(this.queue[this.head++]!, now);
    this.markEnded();
  }

  async close(): Promise<void> {
    this.end();
    this.counters.markEnd();
    // destroy() fails what is in flight; onError ignores it once stopped, so those requests are hung.
    await Promise.allSettled(this.clients.map((c) => c.destroy()));
  }

  private drop(a: Arrival, now: number) {
    if (!a.measured) return;
    this.tally.dropped++;
    this.counters.unsent(a.intended, now);
  }

  private send(a: Arrival, user: VirtualUser, client: Client) {
    const now = performance.now();
    this.tally.onSent(a, now);
    const req = this.counters.build(user, { from: Math.min(a.intended, now), measured: a.measured });
    this.inFlight++;
    let status = 0;
    let setCookie: string[] | undefined;
    const settle = () => {
      this.inFlight--;
      this.idle.push(client);
      this.free.release();
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect: () => undefined,
      onHeaders: (statusCode, raw) => {
        status = statusCode;
        setCookie = setCookieOfRaw(raw);
        return true;
      },
      onData: () => true,
      onComplete: () => {
        settle();
        this.counters.answered(user.onResponse(status, setCookie));
        this.pump();
      },
      onError: (err) => {
        settle();
        if (this.stopped) return;
        this.counters.failed(user.connectionLost(), errorKind(err));
        this.pump();
      },
    };
    client.dispatch({ path: req.path, method: req.method, headers: req.headers, body: req.body ?? null }, handler);
  }

  private checkSettled() {
    if (!this.onSettled || this.inFlight > 0 || this.head < this.queue.length) return;
    this.onSettled();
  }
}

/** Set-Cookie values from undici's raw headers [name, value, …] (Buffers). */
function setCookieOfRaw(raw: Buffer[] | string[] | null | undefined): string[] | undefined {
  if (!raw) return undefined;
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 10 || name.toString().toLowerCase() !== 'set-cookie') continue;
    out ??= [];
    out.push(raw[i + 1]!.toString());
  }
  return out;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The closed model's words for the same outcomes: timeout, closed, or the socket's error code. */
function errorKind(err: Error & { code?: string }): string {
  if (err.code && TIMEOUT_CODES.has(err.code)) return 'timeout';
  if (err.code === 'UND_ERR_SOCKET') return CLOSED;
  return err.code ?? err.name ?? 'error';
}
