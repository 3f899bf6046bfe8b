// The shapes of DIR/store-bench.json and DIR/conformance.json: what `npm run bench:store` writes
// and what reports/ and other tools read. Add fields freely; never rename or drop these.
import type { Environment } from './results.ts';

export const STORE_BENCH_SCHEMA_VERSION = 1 as const;

/** Raw store operations, measured one at a time without HTTP. */
export const BENCH_OPS = ['get-hit', 'get-miss', 'set-new', 'set-overwrite', 'touch', 'destroy'] as const;
export type BenchOp = (typeof BENCH_OPS)[number];

/** One measured (store, op, payload) cell. opsPerSec = 1000 / latencyMs.mean (one op in flight). */
export interface BenchResult {
  store: string;
  op: BenchOp;
  payloadBytes: number;
  opsPerSec: number;
  latencyMs: { mean: number; p50: number; p99: number };
  samples: number;
  /** Relative margin of error of the mean latency, in % (tinybench `latency.rme`). */
  rmePct: number;
}

/** A cell or a whole store that has no numbers, and why (outcomes are data). */
export interface NotMeasured {
  store: string;
  /** Absent when the whole store was not measured. */
  op?: BenchOp;
  payloadBytes?: number;
  status: 'skipped' | 'failed' | 'unsupported' | 'not-applicable';
  reason: string;
}

export interface StoreBenchSettings {
  payloads: number[];
  /** tinybench `time` per task (ms) and its warm-up. */
  timeMs: number;
  warmupMs: number;
  /** Sessions written before each payload size; get-hit, set-overwrite and touch cycle over them. */
  poolSize: number;
  maxAgeMs: number;
  /** How the numbers were obtained, in one sentence. */
  method: string;
}

export interface StoreBenchFile {
  schemaVersion: typeof STORE_BENCH_SCHEMA_VERSION;
  kind: 'store-bench';
  createdAt: string;
  partial?: boolean;
  environment: Environment;
  settings: StoreBenchSettings;
  results: BenchResult[];
  notMeasured: NotMeasured[];
}

export type CheckLevel = 'required' | 'recommended' | 'optional';
export type CheckStatus = 'pass' | 'fail' | 'unsupported';

export interface CheckResult {
  name: string;
  level: CheckLevel;
  status: CheckStatus;
  detail: string;
}

export type StoreConformance =
  | { store: string; status: 'checked'; checks: CheckResult[] }
  | { store: string; status: 'skipped' | 'failed' | 'not-applicable'; reason: string; checks: CheckResult[] };

export interface ConformanceSettings {
  /** Cookie maxAge of the sessions the expiry and touch checks write (ms). */
  shortMaxAgeMs: number;
  /** How long past the expiry a store may still return the session (TTL stores round to seconds). */
  graceMs: number;
  pollMs: number;
  /** Per-call limit: a method that never calls back fails its check. */
  callTimeoutMs: number;
  maxAgeMs: number;
}

export interface ConformanceFile {
  schemaVersion: typeof STORE_BENCH_SCHEMA_VERSION;
  kind: 'conformance';
  createdAt: string;
  partial?: boolean;
  environment: Environment;
  settings: ConformanceSettings;
  stores: StoreConformance[];
}
