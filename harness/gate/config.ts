// Reads the gate's input files up front: the baseline (a results.json) and the optional JSON gate
// config. Every problem becomes a UsageError that names the file, the bad value and the valid ones.
import fs from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';
import { checkContract, summarizeProblems } from '../contracts/check-contract.ts';
import { SCHEMA_VERSION, resultsSchema, type Results } from '../contracts/results.ts';

/** The --threshold-config file: `{ "thresholds": ["p99<50", "redis:mixed:p99<20"], "alpha": 0.01 }`. */
export interface GateConfig {
  thresholds: string[];
  /** Significance level of the baseline comparison (default 0.05). */
  alpha?: number | undefined;
}

const configSchema = z
  .object({
    thresholds: z.array(z.string().min(1)).default([]),
    alpha: z.number().gt(0).lt(0.5).optional(),
  })
  .strict();

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

const describeIssues = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');

export function loadGateConfig(file: string): GateConfig {
  const parsed = configSchema.safeParse(readJson(file, '--threshold-config'));
  if (!parsed.success) {
    throw new UsageError(
      `--threshold-config ${file}: ${describeIssues(parsed.error)}. Valid keys: "thresholds" (array of expressions), "alpha" (number between 0 and 0.5)`,
    );
  }
  return parsed.data;
}

/**
 * Loads a baseline and checks all of it against the results.json contract: the gate compares
 * numbers, and a wrong value found up front (exit 2, nothing run) beats a wrong verdict later.
 * Unknown fields pass, as the contract allows.
 */
export function loadBaseline(file: string): Results {
  const checked = checkContract(resultsSchema, readJson(file, '--baseline'));
  if (!checked.ok) {
    const problems = summarizeProblems(checked.problems);
    throw new UsageError(
      `--baseline ${file}: not a session-bench results.json (schemaVersion ${SCHEMA_VERSION}): ${problems}`,
    );
  }
  return checked.value;
}
