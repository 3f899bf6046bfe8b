// Which report a results directory gets. With results.json: the full report, store-bench and
// conformance sections alongside. Without it: the report of store-bench.json / conformance.json
// alone. Used by `npm run report -- DIR` and by `npm run bench:store` after it writes its JSON.
// Inputs are checked before the slow vega import, so bad input answers at once.
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadExtras, type Extras } from './load-extras.ts';
import { readResults, ResultsInputError } from './read-results.ts';

export interface DirReportOptions {
  /** Where report.html and summary.md go; defaults to the directory read. */
  out?: string;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** True when the extras hold something a results-less report can show (or explain why it cannot). */
export const hasExtrasReport = (extras: Extras): boolean => Boolean(extras.storeBench || extras.conformance);

/** Writes report.html and summary.md for `dir`; returns their paths. Bad input: ResultsInputError. */
export async function writeDirReports(dir: string, options: DirReportOptions = {}): Promise<string[]> {
  const out = options.out ?? dir;
  const resultsFile = join(dir, 'results.json');
  if (await exists(resultsFile)) {
    const results = await readResults(resultsFile);
    const { writeReports } = await import('./index.ts');
    return writeReports(results, out, { inputDir: dir, source: relative(process.cwd(), resultsFile) || resultsFile });
  }
  if (!(await exists(dir))) throw new ResultsInputError(`directory not found: ${dir}`);
  const extras = await loadExtras(dir);
  if (!hasExtrasReport(extras))
    throw new ResultsInputError(`${dir} holds no results.json, store-bench.json or conformance.json`);
  const { writeExtrasReports } = await import('./extras-report.ts');
  return writeExtrasReports(extras, out);
}
