// Reporting entry point: a keyed map of reporters, each `(results, options) => files` with files as
// { filename: content }, and writeReports, which the bench CLI calls after writing results.json.
// Reports only read results (and optional extra inputs); they never run a benchmark.
import { join } from 'node:path';
import { ensureDir } from '../harness/shared/output-paths.ts';
import type { Results } from '../harness/contracts/results.ts';
import { writeFileAtomic } from '../harness/shared/write-atomic.ts';
import { htmlReporter } from './html/html-reporter.ts';
import { loadExtras } from './load-extras.ts';
import { markdownReporter } from './markdown/markdown-reporter.ts';
import type { ReportOptions } from './report-context.ts';

export type ReportFiles = Record<string, string>;
export type Reporter = (results: Results, options: ReportOptions) => Promise<ReportFiles>;

export const reporters = {
  html: htmlReporter,
  markdown: markdownReporter,
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;

export interface WriteReportsOptions extends ReportOptions {
  /** Where store-bench.json, conformance.json and compare.json are looked for; defaults to `dir`. */
  inputDir?: string;
  /** Which reporters to run; defaults to all. */
  only?: ReporterName[];
}

/** Writes report.html and summary.md (one file per reporter output) into `dir`; returns their paths. */
export async function writeReports(
  results: Results,
  dir: string,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  const extras = options.extras ?? (await loadExtras(options.inputDir ?? dir));
  const names = options.only ?? (Object.keys(reporters) as ReporterName[]);
  await ensureDir(dir);
  const written: string[] = [];
  for (const name of names) {
    const files = await reporters[name](results, { ...options, extras });
    for (const [file, content] of Object.entries(files)) {
      const path = join(dir, file);
      // Atomic: a browser or CI step reading the report mid-write sees the old file or the new one.
      await writeFileAtomic(path, content);
      written.push(path);
    }
  }
  return written;
}

export type { ReportOptions } from './report-context.ts';
export { readResults, ResultsInputError } from './read-results.ts';
