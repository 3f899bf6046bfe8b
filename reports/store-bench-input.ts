// store-bench.json as the report reads it: kind "store-bench", schemaVersion 1, and only the result
// rows a log-scale chart can draw (ops/s > 0 and finite). Malformed rows and duplicates are counted
// and left out; unknown fields are welcome (the producer may add them).
import { z } from 'zod';
import { BENCH_OPS, STORE_BENCH_SCHEMA_VERSION } from '../harness/contracts/store-bench.ts';
import {
  checkTopLevel,
  commonFields,
  keepValid,
  lenient,
  memoized,
  type EnvironmentView,
  type ExtraInput,
} from './extra-input.ts';
import type { Extra } from './load-extras.ts';

const resultSchema = z.object({
  store: z.string().min(1),
  op: z.string().min(1),
  payloadBytes: z.number().int().positive(),
  opsPerSec: z.number().positive(),
  latencyMs: z.object({ mean: z.number().nonnegative(), p50: z.number().nonnegative(), p99: z.number().nonnegative() }),
  samples: z.number().int().nonnegative(),
  rmePct: lenient(z.number().nonnegative()),
});
export type BenchRow = z.infer<typeof resultSchema>;

const notMeasuredSchema = z.object({
  store: z.string().min(1),
  op: lenient(z.string()),
  payloadBytes: lenient(z.number()),
  status: z.string().min(1),
  reason: z.string().catch(''),
});
export type NotMeasuredRow = z.infer<typeof notMeasuredSchema>;

const settingsSchema = z.object({
  payloads: lenient(z.array(z.number())),
  timeMs: lenient(z.number()),
  warmupMs: lenient(z.number()),
  poolSize: lenient(z.number()),
  method: lenient(z.string()),
});

export interface StoreBenchView {
  createdAt?: string | undefined;
  partial: boolean;
  environment: EnvironmentView;
  settings: z.infer<typeof settingsSchema>;
  results: BenchRow[];
  notMeasured: NotMeasuredRow[];
  /** Every store named in results or notMeasured, in file order. */
  stores: string[];
  /** Ops in the producer's order; ops it may add later follow, sorted. */
  ops: string[];
  /** Payload sizes in bytes, ascending. */
  payloads: number[];
}

function orderOps(rows: readonly BenchRow[]): string[] {
  const known: readonly string[] = BENCH_OPS;
  const seen = new Set(rows.map((r) => r.op));
  return [...known.filter((op) => seen.has(op)), ...[...seen].filter((op) => !known.includes(op)).sort()];
}

/** Keeps the first row of each (store, op, payload): a second one would draw over it. */
function dedupe(rows: readonly BenchRow[]): BenchRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = JSON.stringify([r.store, r.op, r.payloadBytes]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseStoreBench(extra: Extra): ExtraInput<StoreBenchView> {
  const top = checkTopLevel(extra, 'store-bench', STORE_BENCH_SCHEMA_VERSION);
  if (top.status !== 'ok') return top;
  const { data } = top;
  if (!Array.isArray(data.results)) return { status: 'ignored', file: top.file, reason: 'results must be an array' };
  const valid = keepValid(data.results, resultSchema);
  const results = dedupe(valid.kept);
  const notMeasured = keepValid(data.notMeasured, notMeasuredSchema);
  const settings = settingsSchema.safeParse(data.settings);
  return {
    status: 'ok',
    file: top.file,
    dropped: valid.dropped + (valid.kept.length - results.length) + notMeasured.dropped,
    data: {
      ...commonFields(data),
      settings: settings.success ? settings.data : {},
      results,
      notMeasured: notMeasured.kept,
      stores: [...new Set([...results, ...notMeasured.kept].map((r) => r.store))],
      ops: orderOps(results),
      payloads: [...new Set(results.map((r) => r.payloadBytes))].sort((a, b) => a - b),
    },
  };
}

/** The validated store-bench.json, or why it was ignored, or absent. */
export const storeBenchInput = memoized(parseStoreBench);
