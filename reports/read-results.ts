// Reads a results.json for reporting, with errors that name the file and the field at fault. Checks
// only what reports rely on; unknown fields are welcome (the contract lets running add fields).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMA_VERSION, type Results } from '../harness/contracts/results.ts';
import { redactUrls } from '../stores/mask-url.ts';

/** Bad report input: the CLI prints the message without a stack trace and exits 2. */
export class ResultsInputError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'the top level must be an object';
  if (data.schemaVersion !== SCHEMA_VERSION) return `schemaVersion must be ${SCHEMA_VERSION} (found ${JSON.stringify(data.schemaVersion)})`;
  if (typeof data.createdAt !== 'string') return 'createdAt must be a string';
  if (!isObject(data.environment)) return 'environment must be an object';
  if (!isObject(data.settings)) return 'settings must be an object';
  if (!Array.isArray(data.runs)) return 'runs must be an array';
  for (const [i, run] of data.runs.entries()) {
    if (!isObject(run)) return `runs[${i}] must be an object`;
    for (const key of ['store', 'scenario', 'status'] as const) {
      if (typeof run[key] !== 'string') return `runs[${i}].${key} must be a string`;
    }
    if (!isObject(run.options)) return `runs[${i}].options must be an object`;
    if (!['completed', 'failed', 'skipped'].includes(run.status as string)) return `runs[${i}].status must be completed, failed or skipped (found ${JSON.stringify(run.status)})`;
    if (run.status === 'completed' && !isObject(run.throughput)) return `runs[${i}] is completed but has no throughput`;
  }
  return undefined;
}

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
    throw new ResultsInputError(code === 'ENOENT' ? `results file not found: ${file}` : `cannot read results file ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ResultsInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const problem = fieldProblem(data);
  if (problem) throw new ResultsInputError(`${file} is not a session-bench results file: ${problem}`);
  return redactReasons(data as Results);
}

/** A results file from elsewhere may quote a URL with its password in a reason: never show it. */
export function redactReasons(results: Results): Results {
  return { ...results, runs: results.runs.map((r) => (typeof r.reason === 'string' ? { ...r, reason: redactUrls(r.reason) } : r)) as Results['runs'] };
}
