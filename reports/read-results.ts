// Reads a results.json for reporting, with errors that name the file and the field at fault. Checks
// only what reports rely on, with the contract's own field schemas (harness/contracts/results.ts);
// unknown fields are welcome (the contract lets running add fields).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { checkContract, summarizeProblems } from '../harness/contracts/check-contract.ts';
import { RUN_STATUSES, resultsSchema, runBaseSchema, type Results } from '../harness/contracts/results.ts';
import { runMetricsSchema } from '../harness/contracts/run-metrics.ts';
import { redactUrls } from '../stores/mask-url.ts';

/** Bad report input: the CLI prints the message without a stack trace and exits 2. */
export class ResultsInputError extends Error {}

/**
 * The contract cut down to what every report section needs before it can start: which cell a run
 * is, its outcome, and a completed run's throughput. Lenient so that a hand-made or older file still
 * renders: the rest (environment and settings fields, the other metrics) is left to the sections
 * that show it, and createdAt is shown as written, so any string will do.
 */
const { store, scenario, options } = runBaseSchema.shape;
const throughput = runMetricsSchema.shape.throughput.optional();
const reportedRunSchema = z
  .object({ store, scenario, status: z.enum(RUN_STATUSES), options, throughput })
  .refine((run) => run.status !== 'completed' || run.throughput !== undefined, 'is completed but has no throughput');

const reportedResultsSchema = z.object({
  schemaVersion: resultsSchema.shape.schemaVersion,
  createdAt: z.string(),
  environment: z.object({}),
  settings: z.object({}),
  runs: z.array(reportedRunSchema),
});

/** Accepts the results.json path or the directory that holds it. */
export async function resolveResultsPath(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'results.json') : path;
  } catch {
    return path;
  }
}

export async function readResults(path: string): Promise<Results> {
  const file = await resolveResultsPath(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ResultsInputError(
      code === 'ENOENT'
        ? `results file not found: ${file}`
        : `cannot read results file ${file}: ${(err as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ResultsInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const checked = checkContract(reportedResultsSchema, data);
  if (!checked.ok)
    throw new ResultsInputError(`${file} is not a session-bench results file: ${summarizeProblems(checked.problems)}`);
  // Only the parts above were checked: the sections read the rest defensively.
  return redactReasons(data as Results);
}

/** A results file from elsewhere may quote a URL with its password in a reason: never show it. */
export function redactReasons(results: Results): Results {
  return {
    ...results,
    runs: results.runs.map((r) =>
      typeof r.reason === 'string' ? { ...r, reason: redactUrls(r.reason) } : r,
    ) as Results['runs'],
  };
}
