// `npm run report -- path/to/results.json|DIR [--out DIR]`: rebuilds report.html and summary.md from a
// results file, or from a directory (which may hold only store-bench.json / conformance.json),
// without re-running anything. Bad input: one clear line on stderr, exit code 2.
import { stat } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { EXTRA_FILES } from './load-extras.ts';
import { readResults, resolveResultsPath, ResultsInputError } from './read-results.ts';
import { errorMessage, errorStack } from '../harness/shared/error-message.ts';
import { ensureDir } from '../harness/shared/output-paths.ts';

const USAGE = 'usage: npm run report -- path/to/results.json|DIR [--out DIR]';

/** The directory to report on when the input is one, or names store-bench.json / conformance.json. */
async function inputDirectory(input: string): Promise<string | undefined> {
  if (
    await stat(input).then(
      (s) => s.isDirectory(),
      () => false,
    )
  )
    return input;
  return (Object.values(EXTRA_FILES) as string[]).includes(basename(input)) ? dirname(input) : undefined;
}

const parseCommandLine = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    throw new ResultsInputError(`${errorMessage(err)}\n${USAGE}`);
  }
  if (parsed.values.help) {
    process.stdout.write(
      `${USAGE}\nWrites report.html and summary.md next to results.json (or into DIR), or into --out DIR.\nA DIR without results.json gets the report of its store-bench.json / conformance.json.\n`,
    );
    return 0;
  }
  const [input, ...extra] = parsed.positionals;
  if (!input || extra.length)
    throw new ResultsInputError(`${input ? 'expected one results file' : 'missing the results file'}\n${USAGE}`);
  const dir = await inputDirectory(input);
  if (dir !== undefined) {
    const { writeDirReports } = await import('./write-dir-reports.ts');
    for (const path of await writeDirReports(dir, parsed.values.out ? { out: parsed.values.out } : {}))
      process.stdout.write(`wrote ${path}\n`);
    return 0;
  }
  const file = await resolveResultsPath(input);
  const results = await readResults(file);
  const inputDir = dirname(file);
  const outDir = parsed.values.out ?? inputDir;
  await ensureDir(outDir).catch((err: unknown) => {
    throw new ResultsInputError(`--out ${errorMessage(err)}`);
  });
  // Loaded after the input checks: vega is slow to import, and bad input should answer at once.
  const { writeReports } = await import('./index.ts');
  const written = await writeReports(results, outDir, { inputDir, source: relative(process.cwd(), file) || file });
  for (const path of written) process.stdout.write(`wrote ${path}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ResultsInputError) {
      process.stderr.write(`report: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`report: ${errorStack(err)}\n`);
    process.exit(1);
  },
);
