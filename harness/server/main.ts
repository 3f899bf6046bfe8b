// The server child process: one Express app with one store for one measured cell. Talks to the
// harness over IPC (see protocol.ts); binds 127.0.0.1 on port 0 and reports the port it got.
import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import session from 'express-session';
import { createApp, type SessionAdapter } from './app.ts';
import { countStoreOps, createWorkTally, type OpCounter } from './count-store-ops.ts';
import { preloadSessions } from './preload.ts';
import { COOKIE_OPTIONS, sessionContent, type SessionContent } from './session-content.ts';
import type {
  Command,
  EventLoopDelay,
  FromServer,
  PreloadReport,
  PreloadRequest,
  ServerConfig,
  ServerSnapshot,
  ToServer,
} from './protocol.ts';
import type { MemorySample } from '../contracts/results.ts';
import { importStore } from '../../stores/import-store.ts';
import type { StoreInstance, StoreStats } from '../../stores/types.ts';
import { errorMessage } from '../shared/error-message.ts';
import { DeadlineError, withDeadline } from '../shared/deadline.ts';

const send = (msg: FromServer) => process.send?.(msg);
const t0 = performance.now();
let requests = 0;
let samples: MemorySample[] = [];
let storeSamples: ServerSnapshot['storeSamples'] = [];
let counter: OpCounter | undefined;
let instance: StoreInstance | undefined;
let server: Server | undefined;
let content: SessionContent | undefined;
let maxAgeMs = 0;
/** Work per action (contracts/work.ts), for every store, client-side ones included. */
const work = createWorkTally();

/**
 * How late the event loop ran a timer of this period: GC pauses, synchronous pruning, JSON of big
 * sessions. monitorEventLoopDelay records whole periods, so the period is taken off each figure.
 */
const ELD_RESOLUTION_MS = 10;
const eventLoop = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eventLoop.enable();

function eventLoopDelay(): EventLoopDelay {
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS) : 0);
  return { p50: ms(eventLoop.percentile(50)), p99: ms(eventLoop.percentile(99)), max: ms(eventLoop.max) };
}

function sampleMemory(): MemorySample {
  const m = process.memoryUsage();
  return { tMs: Math.round(performance.now() - t0), rss: m.rss, heapUsed: m.heapUsed };
}

async function createInstance(config: ServerConfig): Promise<StoreInstance> {
  const def = await importStore(config.store);
  const created = await def.create({
    session,
    options: config.storeOptions,
    maxAgeMs: config.session.maxAge,
    service: config.service,
    dataDir: config.dataDir,
    secret: config.secret,
  });
  // A bare Store is an EventEmitter with get/set/destroy; a StoreInstance wraps one.
  const isStore = typeof (created as { get?: unknown }).get === 'function';
  return isStore ? { store: created as session.Store } : (created as StoreInstance);
}

function adapterFor(config: ServerConfig, inst: StoreInstance): SessionAdapter {
  if (inst.middleware) {
    return {
      middleware: inst.middleware,
      content: content!,
      regenerate: async (req) => {
        (req as { session: unknown }).session = {};
      },
      destroy: async (req) => {
        (req as { session: unknown }).session = null;
      },
    };
  }
  if (!inst.store) throw new Error('store module returned neither a store nor a middleware');
  counter = countStoreOps(inst.store);
  const { maxAge, ...flags } = config.session;
  const middleware = session({
    ...flags,
    store: inst.store,
    secret: config.secret,
    name: 'sid',
    cookie: { ...COOKIE_OPTIONS, maxAge },
  });
  return {
    middleware,
    content: content!,
    regenerate: (req) => new Promise((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve()))),
    destroy: (req, res) =>
      new Promise((resolve, reject) =>
        req.session.destroy((e) => {
          res.clearCookie('sid');
          return e ? reject(e) : resolve();
        }),
      ),
  };
}

/** The store's stats() may hang or fail (a frozen or stopped server): bounded, and an outcome. */
const STATS_TIMEOUT_MS = 5_000;

/** Set once stats() missed its deadline: later calls would only wait again, so they are not made. */
let statsStuck: string | undefined;

async function boundedStats(): Promise<{ store?: StoreStats; storeError?: string; storeTimedOut?: boolean }> {
  if (!instance?.stats) return {};
  if (statsStuck) return { storeError: statsStuck, storeTimedOut: true };
  try {
    return { store: await withDeadline(Promise.resolve(instance.stats()), STATS_TIMEOUT_MS, "the store's stats()") };
  } catch (err) {
    if (err instanceof DeadlineError) {
      statsStuck = `the store's stats() did not answer within ${STATS_TIMEOUT_MS / 1000} s`;
      return { storeError: statsStuck, storeTimedOut: true };
    }
    return { storeError: `the store's stats() failed: ${errorMessage(err)}` };
  }
}

/** `withStore: false` skips the store's stats(): at the mark it would delay the measured phase (SCAN of 10⁶ keys). */
async function snapshot(withStore = true): Promise<ServerSnapshot> {
  const { store, storeError, storeTimedOut } = withStore ? await boundedStats() : {};
  return {
    ...(storeError ? { storeError, storeTimedOut: storeTimedOut === true } : {}),
    requests,
    ops: { ...(counter?.counts ?? { get: 0, set: 0, touch: 0, destroy: 0 }) },
    opTimeMs: { ...(counter?.timeMs ?? { get: 0, set: 0, touch: 0, destroy: 0 }) },
    getMisses: counter?.getMisses ?? 0,
    work: work.buckets(),
    eventLoopDelayMs: eventLoopDelay(),
    memory: sampleMemory(),
    samples,
    store,
    storeSamples,
  };
}

let sampling = false;
let nextSampleAt = 0;

/**
 * At most once a second, and skipped while the previous sample is still waiting (a hung stats()).
 * Counting a large store is work (SCAN over 10⁶ keys, count(*) over a big table), so the sampling
 * backs off to spend at most a twentieth of the time on it.
 */
async function sampleStore() {
  const now = performance.now();
  if (sampling || now < nextSampleAt) return;
  sampling = true;
  try {
    const { store } = await boundedStats();
    const end = performance.now();
    nextSampleAt = end + 20 * (end - now);
    if (store) storeSamples.push({ tMs: Math.round(end - t0), sessions: store.sessions, bytes: store.bytes });
  } finally {
    sampling = false;
  }
}

async function preload(req: PreloadRequest): Promise<PreloadReport> {
  if (!instance?.store) {
    const skipped = 'this store keeps sessions in the client (a cookie): there is nothing to preload';
    return { preloaded: 0, failed: 0, ms: 0, baseMs: Date.now(), sessionBytes: 0, skipped };
  }
  const before = counter?.counts.set ?? 0;
  const report = await preloadSessions(instance.store, content!, req, maxAgeMs);
  return { ...report, setCalls: (counter?.counts.set ?? 0) - before };
}

async function handle(command: Command): Promise<ServerSnapshot> {
  const report = typeof command === 'object' ? await preload(command.preload) : undefined;
  if (command === 'gc' || command === 'mark' || report) (globalThis as { gc?: () => void }).gc?.();
  const snap = await snapshot(command !== 'mark' && command !== 'counts');
  if (command === 'mark') {
    requests = 0;
    samples = [];
    storeSamples = [];
    counter?.reset();
    work.reset();
    eventLoop.reset();
  }
  return report ? { ...snap, preload: report } : snap;
}

async function init(config: ServerConfig) {
  content = sessionContent(config.payload ?? {});
  maxAgeMs = config.session.maxAge;
  instance = await createInstance(config);
  const app = createApp(adapterFor(config, instance), () => requests++, config.workMs ?? 0, work.track);
  setInterval(() => samples.push(sampleMemory()), config.sampleIntervalMs).unref();
  if (instance.stats) setInterval(() => void sampleStore().catch(() => undefined), 1000).unref();
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server!.once('listening', resolve).once('error', reject));
  server.keepAliveTimeout = 60_000;
  const addr = server.address();
  send({ type: 'ready', port: typeof addr === 'object' && addr ? addr.port : 0 });
}

async function shutdown(code = 0) {
  try {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await instance?.close?.();
  } finally {
    process.exit(code);
  }
}

process.on('message', (msg: ToServer) => {
  if (msg.type === 'init') {
    init(msg.config).catch((err: unknown) => {
      send({ type: 'fatal', message: errorMessage(err) });
      void shutdown(1);
    });
  } else if (msg.type === 'call') {
    handle(msg.command).then(
      (snapshot) => send({ type: 'reply', id: msg.id, ok: true, snapshot }),
      (err: unknown) => send({ type: 'reply', id: msg.id, ok: false, message: String(err) }),
    );
  } else if (msg.type === 'shutdown') {
    void shutdown(0);
  }
});
// The harness is gone (crash, kill -9): never outlive it.
process.on('disconnect', () => void shutdown(0));
