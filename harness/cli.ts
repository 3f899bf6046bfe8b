// Entry point of `npm run bench`: parse → plan → run cells → write results.json and reports.
// Exit codes: 0 every requested run completed, 1 a run failed, 2 bad usage, 130 interrupted.
import fs from 'node:fs/promises';
import path from 'node:path';
import { CommanderError } from 'commander';
import { parseArgs, type CliOptions } from './args.ts';
import { newResults, planCells, runBench } from './bench.ts';
import { formatList } from './list.ts';
import { UsageError } from './options.ts';
import { createProgress } from './progress.ts';
import type { Results } from './results.ts';
import { killAllServers } from './server-process.ts';
import { formatTable } from './table.ts';
import { runGate } from './gate.ts';

function defaultOutDir(): string {
  return path.join('results', new Date().toISOString().replace(/[:.]/g, '-'));
}

export async function writeResults(results: Results, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'results.json');
  await fs.writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

async function writeReportFiles(results: Results, dir: string): Promise<void> {
  try {
    const reports = (await import('../reports/index.ts')) as {
      writeReports?: (r: Results, d: string) => Promise<string[]>;
    };
    await reports.writeReports?.(results, dir);
  } catch (err) {
    process.stderr.write(`warning: reports were not written: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

export function exitCodeFor(results: Results, cli: CliOptions): number {
  if (results.runs.some((r) => r.status === 'failed')) return 1;
  if (cli.namedStores && results.runs.some((r) => r.status === 'skipped')) return 1;
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let cli: CliOptions;
  try {
    cli = await parseArgs(argv);
  } catch (err) {
    if (err instanceof CommanderError) return 0; // --help: commander has printed it
    if (err instanceof UsageError) {
      process.stderr.write(`session-bench: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (cli.list) {
    process.stdout.write(`${formatList()}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: stopping servers and writing what finished…\n');
    controller.abort();
    killAllServers();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  const { settings } = cli.plan;
  const results = newResults(cli.plan);
  const progress = createProgress(process.stderr, settings.warmup + settings.duration + 1.5);
  const outDir = cli.out ?? defaultOutDir();
  try {
    process.stderr.write(`session-bench: ${planCells(cli.plan).length} cells → ${outDir}\n`);
    await runBench(cli.plan, results, {
      signal: controller.signal,
      onCellStart: (cell, i, total) => progress.cellStart(cell, i, total),
      onRun: (run) => progress.cellEnd(run),
    });
  } finally {
    killAllServers();
    if (cli.plan.stores.some((s) => s.def.service)) await (await import('./services.ts')).stopAllServices();
    progress.done();
  }
  if (controller.signal.aborted) results.partial = true;
  const file = await writeResults(results, outDir);
  if (cli.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  (cli.json ? process.stderr : process.stdout).write(`\n${formatTable(results.runs)}\n\nresults: ${file}\n`);
  if (controller.signal.aborted) {
    await writeReportFiles(results, outDir);
    return 130;
  }
  // The gate first, so this run's compare.json (never an older one) feeds the reports.
  await fs.rm(path.join(outDir, 'compare.json'), { force: true });
  const gateCode = await runGate(results, cli.gate, outDir);
  await writeReportFiles(results, outDir);
  return Math.max(exitCodeFor(results, cli), gateCode);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    killAllServers();
    process.stderr.write(`session-bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
