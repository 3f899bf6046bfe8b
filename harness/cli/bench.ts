// Entry point of `npm run bench`: parse → plan → run cells → write results.json and reports.
// Exit codes: 0 every requested run completed, 1 a run failed, 2 bad usage, 130 Ctrl-C, 143 SIGTERM.
// results.json is rewritten after every cell, so an interrupt or a crash keeps what finished.
import { sweepSeconds } from '../cell/sweep.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CommanderError } from 'commander';
import { parseArgs, type CliOptions } from '../plan/bench-args.ts';
import { runBench, type BenchHooks } from '../cell/run-matrix.ts';
import type { AbReport } from '../contracts/compare-ab.ts';
import { newResults, planCells } from '../plan/plan-cells.ts';
import { formatList } from './list.ts';
import { UsageError } from '../shared/usage-error.ts';
import { createProgress } from './progress.ts';
import type { Results } from '../contracts/results.ts';
import { handleInterrupts, removeOwnContainersSync } from './interrupt.ts';
import { resultsFile } from './results-file.ts';
import { killAllServers } from '../cell/server-process.ts';
import { PID_LABEL } from '../services/labels.ts';
import { formatTable } from './run-table.ts';
import { runGate } from '../gate/index.ts';
import { errorMessage, errorStack } from '../shared/error-message.ts';

async function writeReportFiles(results: Results, dir: string): Promise<void> {
  try {
    const reports = (await import('../../reports/index.ts')) as {
      writeReports?: (r: Results, d: string) => Promise<string[]>;
    };
    await reports.writeReports?.(results, dir);
  } catch (err) {
    process.stderr.write(`warning: reports were not written: ${errorMessage(err)}\n`);
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
  const outDir = cli.out; // checked and created while the flags were parsed
  const results = newResults(cli.plan);
  results.partial = true; // until every cell has run
  const file = resultsFile(results, outDir);
  const usesServices = cli.plan.stores.some((s) => s.def.service);
  const interrupts = handleInterrupts({
    onFirst: () => {
      process.stderr.write(
        '\ninterrupted: stopping servers and writing what finished… (again in a moment to force quit)\n',
      );
      killAllServers();
    },
    onForce: () => {
      process.stderr.write('\nforced quit: writing what finished and exiting\n');
      killAllServers();
      file.writeSync();
      if (usesServices) removeOwnContainersSync(PID_LABEL);
    },
  });
  forceQuitWrite = () => file.writeSync();

  const { settings } = cli.plan;
  const progress = createProgress(process.stderr, settings.warmup + settings.duration + 1.5 + sweepSeconds(settings));
  await file.write(); // a valid (empty, partial) results.json exists from the start
  let ab: AbReport | undefined; // --ab's verdicts, for the gate
  try {
    process.stderr.write(`session-bench: ${planCells(cli.plan).length} cells → ${outDir}\n`);
    const hooks: BenchHooks = {
      signal: interrupts.signal,
      onCellStart: (cell, i, total) => progress.cellStart(cell, i, total),
      onRun: (run) => {
        progress.cellEnd(run);
        file
          .write()
          .catch((err: unknown) => process.stderr.write(`warning: results.json not updated: ${String(err)}\n`));
      },
    };
    if (cli.ab) ab = await (await import('../ab/index.ts')).runAbBench(cli.plan, cli.ab, results, hooks);
    else await runBench(cli.plan, results, hooks);
  } finally {
    killAllServers();
    if (usesServices) await (await import('../services/index.ts')).stopAllServices();
    progress.done();
  }
  if (interrupts.exitCode() === undefined) delete results.partial;
  await file.write();
  if (cli.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  (cli.json ? process.stderr : process.stdout).write(`\n${formatTable(results.runs)}\n\nresults: ${file.file}\n`);
  const interrupted = interrupts.exitCode();
  if (interrupted !== undefined) {
    await writeReportFiles(results, outDir);
    return interrupted;
  }
  // The gate first, so this run's compare.json (never an older one) feeds the reports.
  await fs.rm(path.join(outDir, 'compare.json'), { force: true });
  const gateCode = await runGate(results, cli.gate, outDir, ab);
  await writeReportFiles(results, outDir);
  // A Ctrl-C while the gate or the reports were written still says the run was interrupted.
  return interrupts.exitCode() ?? Math.max(exitCodeFor(results, cli), gateCode);
}

/** Set once results exist: a crash still writes what finished. */
let forceQuitWrite: (() => void) | undefined;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    killAllServers();
    if (err instanceof UsageError) {
      process.stderr.write(`session-bench: ${err.message}\n`);
      process.exit(2);
    }
    forceQuitWrite?.();
    process.stderr.write(`session-bench: ${errorStack(err)}\n`);
    process.exit(1);
  },
);
