// Reads the gate's input files up front: the baseline (a results.json) and the optional JSON gate
// config. Every problem becomes a UsageError that names the file, the bad value and the valid ones.
import fs from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';
import { SCHEMA_VERSION, type Results } from '../contracts/results.ts';

/** The --threshold-config file: `{ "thresholds": ["p99<50", "redis:mixed:p99<20"], "alpha": 0.01 }`. */
export interface GateConfig {
  thresholds: string[];
  /** Significance level of the baseline comparison (default 0.05). */
  alpha?: number;
}

const configSchema = z
  .object({
    thresholds: z.array(z.string().min(1)).default([]),
    alpha: z.number().gt(0).lt(0.5).optional(),
  })
  .strict();

const runBase = {
  store: z.string(),
  scenario: z.string(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  repeat: z.number(),
};

/** Completed runs must carry what the gate reads; the rest of a run is not checked here. */
const runSchema = z.discriminatedUnion('status', [
  z
    .object({
      ...runBase,
      status: z.literal('completed'),
      throughput: z.object({ rps: z.number(), samples: z.array(z.number()) }).loose(),
      latencyMs: z.object({ p50: z.number(), p99: z.number() }).loose(),
      requests: z.object({ total: z.number(), errors: z.number(), timeouts: z.number(), non2xx: z.number() }).loose(),
    })
    .loose(),
  z.object({ ...runBase, status: z.enum(['failed', 'skipped']) }).loose(),
]);

const resultsSchema = z
  .object({ schemaVersion: z.literal(SCHEMA_VERSION), createdAt: z.string(), settings: z.object({}).loose(), runs: z.array(runSchema) })
  .loose();

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} ${file}: not valid JSON (${(err as Error).message})`);
  }
}

const describeIssues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');

export function loadGateConfig(file: string): GateConfig {
  const parsed = configSchema.safeParse(readJson(file, '--threshold-config'));
  if (!parsed.success) {
    throw new UsageError(
      `--threshold-config ${file}: ${describeIssues(parsed.error)}. Valid keys: "thresholds" (array of expressions), "alpha" (number between 0 and 0.5)`,
    );
  }
  return parsed.data;
}

/** Loads a baseline and checks it is a results.json of this schema version (runs are checked loosely). */
export function loadBaseline(file: string): Results {
  const data = readJson(file, '--baseline');
  const parsed = resultsSchema.safeParse(data);
  if (!parsed.success) {
    throw new UsageError(`--baseline ${file}: not a session-bench results.json (schemaVersion ${SCHEMA_VERSION}): ${describeIssues(parsed.error)}`);
  }
  return data as Results;
}
