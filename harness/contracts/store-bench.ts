// The contracts of DIR/store-bench.json and DIR/conformance.json: what `npm run bench:store` writes
// and what reports/ and other tools read. Both carry STORE_BENCH_SCHEMA_VERSION and a `kind` that
// tells them apart. Add fields freely; never rename or drop these. The zod schemas are the types
// and the validators, as for results.json (results.ts).
import { z } from 'zod';
import { environmentSchema, resultsSchema } from './results.ts';

export const STORE_BENCH_SCHEMA_VERSION = 1 as const;

/** Raw store operations, measured one at a time without HTTP. */
export const BENCH_OPS = ['get-hit', 'get-miss', 'set-new', 'set-overwrite', 'touch', 'destroy'] as const;
export type BenchOp = (typeof BENCH_OPS)[number];

const ms = () => z.number().nonnegative();

/** The top-level fields both files share. */
const fileHeader = {
  schemaVersion: z.literal(STORE_BENCH_SCHEMA_VERSION),
  createdAt: resultsSchema.shape.createdAt,
  partial: z.boolean().optional().describe('true while the run is going and after an interrupt.'),
  environment: environmentSchema,
};

const benchResultSchema = z
  .object({
    store: z.string(),
    op: z.enum(BENCH_OPS),
    payloadBytes: z.number().int().positive(),
    opsPerSec: z.number().nonnegative(),
    latencyMs: z.object({ mean: ms(), p50: ms(), p99: ms() }),
    samples: z.number().int().nonnegative(),
    rmePct: z
      .number()
      .nonnegative()
      .describe('Relative margin of error of the mean latency, in % (tinybench `latency.rme`).'),
  })
  .describe('One measured (store, op, payload) cell. opsPerSec = 1000 / latencyMs.mean (one op in flight).');
export type BenchResult = z.infer<typeof benchResultSchema>;

const notMeasuredSchema = z
  .object({
    store: z.string(),
    op: z.enum(BENCH_OPS).optional().describe('Absent when the whole store was not measured.'),
    payloadBytes: z.number().int().positive().optional(),
    status: z.enum(['skipped', 'failed', 'unsupported', 'not-applicable']),
    reason: z.string(),
  })
  .describe('A cell or a whole store that has no numbers, and why (outcomes are data).');
export type NotMeasured = z.infer<typeof notMeasuredSchema>;

const storeBenchSettingsSchema = z.object({
  payloads: z.array(z.number().int().positive()),
  timeMs: ms().describe('tinybench `time` per task (ms).'),
  warmupMs: ms().describe('tinybench warm-up time per task (ms).'),
  poolSize: z
    .number()
    .int()
    .positive()
    .describe('Sessions written before each payload size; get-hit, set-overwrite and touch cycle over them.'),
  maxAgeMs: z.number().positive(),
  method: z.string().describe('How the numbers were obtained, in one sentence.'),
});
export type StoreBenchSettings = z.infer<typeof storeBenchSettingsSchema>;

export const storeBenchFileSchema = z
  .object({
    ...fileHeader,
    kind: z.literal('store-bench'),
    settings: storeBenchSettingsSchema,
    results: z.array(benchResultSchema),
    notMeasured: z.array(notMeasuredSchema),
  })
  .meta({ title: `session-bench store-bench.json (schemaVersion ${STORE_BENCH_SCHEMA_VERSION})` });
export type StoreBenchFile = z.infer<typeof storeBenchFileSchema>;

const checkLevelSchema = z.enum(['required', 'recommended', 'optional']);
export type CheckLevel = z.infer<typeof checkLevelSchema>;
const checkStatusSchema = z.enum(['pass', 'fail', 'unsupported']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

const checkResultSchema = z.object({
  name: z.string(),
  level: checkLevelSchema,
  status: checkStatusSchema,
  detail: z.string(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

const storeConformanceSchema = z.discriminatedUnion('status', [
  z.object({ store: z.string(), status: z.literal('checked'), checks: z.array(checkResultSchema) }),
  z.object({
    store: z.string(),
    status: z.enum(['skipped', 'failed', 'not-applicable']),
    reason: z.string(),
    checks: z.array(checkResultSchema),
  }),
]);
export type StoreConformance = z.infer<typeof storeConformanceSchema>;

const conformanceSettingsSchema = z.object({
  shortMaxAgeMs: z
    .number()
    .positive()
    .describe('Cookie maxAge of the sessions the expiry and touch checks write (ms).'),
  graceMs: ms().describe(
    'How long past the expiry a store may still return the session (TTL stores round to seconds).',
  ),
  pollMs: z.number().positive(),
  callTimeoutMs: z.number().positive().describe('Per-call limit: a method that never calls back fails its check.'),
  maxAgeMs: z.number().positive(),
});
export type ConformanceSettings = z.infer<typeof conformanceSettingsSchema>;

export const conformanceFileSchema = z
  .object({
    ...fileHeader,
    kind: z.literal('conformance'),
    settings: conformanceSettingsSchema,
    stores: z.array(storeConformanceSchema),
  })
  .meta({ title: `session-bench conformance.json (schemaVersion ${STORE_BENCH_SCHEMA_VERSION})` });
export type ConformanceFile = z.infer<typeof conformanceFileSchema>;
