// The load driver: autocannon with one virtual user (cookie jar + state) per connection. One
// continuous run: the first `warmup` seconds are not measured, so users stay logged in across it.
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { VirtualUser } from './virtual-user.ts';
import type { RunMetrics } from './results.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface LoadOptions {
  port: number;
  scenario: Scenario;
  connections: number;
  pipelining: number;
  warmup: number;
  duration: number;
  rate?: number;
  seed: number;
  runTag: string;
  /** Session cookie maxAge: a 401 well within it counts as a lost session. */
  maxAgeMs: number;
  signal?: AbortSignal;
  /** Called when the warm-up ends; measuring begins once it resolves (it may force a GC). */
  onMeasureStart?: () => Promise<unknown>;
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

type Client = {
  requestIterator: { setRequests(reqs: unknown[]): void };
  on(event: string, fn: (...args: never[]) => void): void;
};

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const anon = anonymousCount(opts.scenario.anonymousShare, opts.connections);
  // Spread anonymous users evenly: user i is anonymous when i*anon/n crosses an integer.
  const isAnonymous = (i: number) => Math.floor(((i + 1) * anon) / opts.connections) > Math.floor((i * anon) / opts.connections);
  const users: VirtualUser[] = [];
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const buckets = new Array<number>(Math.ceil(opts.duration)).fill(0);
  const counts = { total: 0, errors: 0, timeouts: 0, non2xx: 0, byAction: {} as Record<string, number> };
  const cookie = { sum: 0, n: 0, max: 0 };
  const sent = { sum: 0 };
  let sessionsCreated = 0;
  let measureStart = 0;
  let measuring = false;

  const setupClient = (client: Client) => {
    const i = users.length;
    const user = new VirtualUser(i, isAnonymous(i), opts.scenario, opts.seed, opts.runTag, opts.maxAgeMs);
    users.push(user);
    // Per-client request list: autocannon resets `context` on every wrap, so state lives in `user`.
    // Set through the iterator because Client.setRequests refuses when pipelining > 1.
    client.requestIterator.setRequests([{ setupRequest: (req: Record<string, unknown>) => Object.assign(req, user.next()) }]);
    // Status and Set-Cookie straight from the parser's raw headers: cheaper than onResponse,
    // which rebuilds a header object for every response. Fires before the next request is built.
    client.on('headers', (info: { statusCode: number; headers: string[] }) => {
      const effect = user.onResponse(info.statusCode, setCookieOf(info.headers));
      // Cookie sizes count over the whole run: most cookies are set at login, during warm-up.
      if (effect.cookieBytes > 0) {
        cookie.sum += effect.cookieBytes;
        cookie.n++;
        cookie.max = Math.max(cookie.max, effect.cookieBytes);
      }
      if (!measuring) return;
      counts.byAction[effect.action] = (counts.byAction[effect.action] ?? 0) + 1;
      if (effect.sessionCreated) sessionsCreated++;
      sent.sum += effect.sentCookieBytes;
    });
    client.on('response', (status: number, _bytes: number, durationMs: number) => {
      if (!measuring) return;
      counts.total++;
      if (status < 200 || status >= 300) counts.non2xx++;
      histogram.recordValue(Math.max(1, Math.round(durationMs * 1000)));
      const second = Math.floor((performance.now() - measureStart) / 1000);
      if (second < buckets.length) buckets[second] = (buckets[second] ?? 0) + 1;
    });
    client.on('timeout', () => {
      user.dropInFlight(opts.pipelining);
      if (measuring) counts.timeouts++;
    });
    client.on('connError', () => {
      if (measuring) counts.errors++;
    });
  };

  const beginMeasuring = () => {
    measuring = true;
    measureStart = performance.now();
  };
  // Responses that arrive while the server is being marked (GC) belong to neither phase.
  const warmupTimer =
    opts.warmup > 0
      ? setTimeout(() => void (opts.onMeasureStart?.() ?? Promise.resolve()).then(beginMeasuring, beginMeasuring), opts.warmup * 1000)
      : undefined;

  if (opts.warmup === 0) {
    await opts.onMeasureStart?.();
    beginMeasuring();
  }
  const instance = autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    pipelining: opts.pipelining,
    duration: opts.warmup + opts.duration,
    overallRate: opts.rate,
    requests: [{ method: 'GET', path: '/' }],
    setupClient: setupClient as unknown as autocannon.Options['setupClient'],
  });
  const stop = () => (instance as unknown as { stop(): void }).stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();
  try {
    await instance;
  } finally {
    clearTimeout(warmupTimer);
    opts.signal?.removeEventListener('abort', stop);
  }
  // autocannon ends the run itself: the measured phase is from the mark to its end.
  const measuredSeconds = measuring ? (performance.now() - measureStart) / 1000 : 0;
  const ms = (p: number) => (counts.total ? histogram.getValueAtPercentile(p) / 1000 : 0);
  return {
    throughput: {
      rps: measuredSeconds > 0 ? counts.total / measuredSeconds : 0,
      // A second that was measured for at least 90 % of it counts (the mark's GC shortens the phase).
      samples: buckets.slice(0, Math.floor(measuredSeconds + 0.1)),
    },
    latencyMs: {
      mean: counts.total ? histogram.mean / 1000 : 0,
      p50: ms(50),
      p90: ms(90),
      p99: ms(99),
      p999: ms(99.9),
      max: counts.total ? histogram.maxValue / 1000 : 0,
    },
    requests: counts,
    cookie: { meanBytes: cookie.n ? cookie.sum / cookie.n : 0, maxBytes: cookie.max, sentMeanBytes: counts.total ? sent.sum / counts.total : 0 },
    sessionsCreated,
    sessionsLost: users.reduce((s, u) => s + u.sessionsLost, 0),
    users,
    measuredSeconds,
  };
}

/** Set-Cookie values from a raw header list [name, value, name, value, …]. */
function setCookieOf(raw: string[]): string[] | undefined {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 10 && name.toLowerCase() === 'set-cookie') (out ??= []).push(raw[i + 1]!);
  }
  return out;
}
