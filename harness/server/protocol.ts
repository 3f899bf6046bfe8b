// Messages between the harness and the server child process (Node IPC).
import type { MemorySample, OptionValue } from '../contracts/results.ts';
import type { ServiceInfo, StoreStats } from '../../stores/types.ts';
import type { PayloadConfig } from '../population/payload.ts';
import type { WorkBucket } from '../contracts/work.ts';

export interface ServerConfig {
  /** Built-in store name or absolute path of a store module. */
  store: string;
  session: { resave: boolean; saveUninitialized: boolean; rolling: boolean; maxAge: number };
  storeOptions: Record<string, OptionValue>;
  secret: string;
  service?: ServiceInfo | undefined;
  dataDir: string;
  sampleIntervalMs: number;
  /** What a logged-in session holds besides the app's fields (default: a realistic payload). */
  payload?: PayloadConfig | undefined;
  /** ms the session routes wait between reading and writing the session (--work-ms). */
  workMs?: number | undefined;
}

/** Fill the store with `count` sessions of the population `seed` (population/population.ts). */
export interface PreloadRequest {
  count: number;
  seed: number;
  /** Store calls in flight at once. */
  concurrency: number;
  /** No session expires sooner than this share of maxAge (population.ts minExpiresIn). */
  minExpiresIn: number;
}

export interface PreloadReport {
  /** Sessions the store's set acknowledged. */
  preloaded: number;
  /** Calls of the store's set during the preload, as the server's counter saw them. */
  setCalls?: number;
  /** Sets that failed (the preload gives up after 100). */
  failed: number;
  firstError?: string;
  ms: number;
  /** Date.now() the expiries were spread from: session i expires at baseMs + expiresIn(i) × maxAge. */
  baseMs: number;
  /** JSON bytes of the first preloaded session, as its store's set received it. */
  sessionBytes: number;
  /** Set when the store keeps sessions in the client (a cookie): there is nothing to preload. */
  skipped?: string;
}

/** Event-loop delay since the last mark (perf_hooks.monitorEventLoopDelay), ms beyond its timer. */
export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface OpCounts {
  get: number;
  set: number;
  touch: number;
  destroy: number;
}

export interface ServerSnapshot {
  requests: number;
  ops: OpCounts;
  opTimeMs: OpCounts;
  /** get calls that found no session. */
  getMisses: number;
  /** Work of the requests finished since the last mark, by action (contracts/work.ts). */
  work?: WorkBucket[];
  eventLoopDelayMs: EventLoopDelay;
  /** The answer to a preload command. */
  preload?: PreloadReport;
  memory: MemorySample;
  /** Samples taken since the last mark. */
  samples: MemorySample[];
  store?: StoreStats | undefined;
  /** Why the store-side size is missing: stats() failed or did not answer in time. */
  storeError?: string;
  /** stats() hit its deadline (a bound, which fails the cell) rather than failing (an outage). */
  storeTimedOut?: boolean;
  /** Store-side size sampled once a second since the last mark (stores with stats()). */
  storeSamples: (StoreStats & { tMs: number })[];
}

/** mark: force a GC, reply, then restart counters and samples (the measured phase begins). */
/** counts: the snapshot without the store's stats() and without a GC (cheap, mid-load). */
export type Command = 'mark' | 'snapshot' | 'gc' | 'counts' | { preload: PreloadRequest };

/** A command's name for messages. */
export const commandName = (c: Command) => (typeof c === 'string' ? c : 'preload');

export type ToServer =
  | { type: 'init'; config: ServerConfig }
  | { type: 'call'; id: number; command: Command }
  | { type: 'shutdown' };

export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'fatal'; message: string }
  | { type: 'reply'; id: number; ok: true; snapshot: ServerSnapshot }
  | { type: 'reply'; id: number; ok: false; message: string };
