// Messages between the harness and the server child process (Node IPC).
import type { MemorySample, OptionValue } from '../contracts/results.ts';
import type { ServiceInfo, StoreStats } from '../../stores/types.ts';

export interface ServerConfig {
  /** Built-in store name or absolute path of a store module. */
  store: string;
  session: { resave: boolean; saveUninitialized: boolean; rolling: boolean; maxAge: number };
  storeOptions: Record<string, OptionValue>;
  secret: string;
  service?: ServiceInfo | undefined;
  dataDir: string;
  sampleIntervalMs: number;
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
export type Command = 'mark' | 'snapshot' | 'gc';

export type ToServer =
  | { type: 'init'; config: ServerConfig }
  | { type: 'call'; id: number; command: Command }
  | { type: 'shutdown' };

export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'fatal'; message: string }
  | { type: 'reply'; id: number; ok: true; snapshot: ServerSnapshot }
  | { type: 'reply'; id: number; ok: false; message: string };
