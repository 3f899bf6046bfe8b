// Entry point of `npm run bench:store`: raw store micro-benchmarks (tinybench, no HTTP), or with
// --conformance the Store contract suite. Writes DIR/store-bench.json or DIR/conformance.json, then
// has reports/ write DIR/report.html and summary.md (the full report if DIR holds a results.json).
// Exit codes: 0 all measured / every check passed or unsupported, 1 a store or check failed,
// 2 bad usage, 130 interrupted (what finished is still written, marked partial).
import path from 'node:path';
import { CommanderError } from 'commander';
import { UsageError } from '../shared/usage-error.ts';
import { parseStoreBenchArgs, type StoreBenchPlan } from '../store-bench/store-bench-args.ts';
import type { ConformanceFile, StoreBenchFile } from '../contracts/store-bench.ts';
import { conformanceExitCode, microBenchExitCode, runConformanceSuite, runMicroBench } from '../store-bench/index.ts';
import { formatBenchTable, formatConformanceTable } from '../store-bench/tables.ts';
import { writeJsonFile } from '../shared/write-json-file.ts';
import { errorMessage, errorStack } from '../shared/error-message.ts';

const log = (line: string) => process.stderr.write(`bench:store: ${line}\n`);

/** Stops containers this run started. services.ts is imported only if a store needed it. */
async function stopServices(plan?: StoreBenchPlan): Promise<void> {
  if (plan && !plan.stores.some((s) => s.def.service)) return;
  const { stopAllServices } = await import('../services/index.ts');
  await stopAllServices();
}

function writeJson(dir: string, name: string, data: StoreBenchFile | ConformanceFile): Promise<string> {
  return writeJsonFile(path.join(dir, name), data);
}

/** A report that cannot be written is a warning: the JSON, the run's real output, is already on disk. */
async function writeReport(dir: string): Promise<void> {
  try {
    const { writeDirReports } = await import('../../reports/write-dir-reports.ts');
    const written = await writeDirReports(dir);
    process.stdout.write(`report: ${written.find((f) => f.endsWith('.html')) ?? written.join(', ')}\n`);
  } catch (err) {
    log(`warning: report not written: ${errorMessage(err)}`);
  }
}

async function parse(argv: string[]): Promise<StoreBenchPlan | number> {
  try {
    return await parseStoreBenchArgs(argv);
  } catch (err) {
    if (err instanceof CommanderError) return 0; // --help: commander has printed it
    if (err instanceof UsageError) {
      process.stderr.write(`bench:store: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** First Ctrl-C: stop after the current operation, close stores, write what finished. Second: exit. */
function onInterrupt(controller: AbortController) {
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    log('interrupted: closing stores and writing what finished… (Ctrl-C again to quit now)');
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function run(plan: StoreBenchPlan, signal: AbortSignal): Promise<number> {
  const outDir = plan.out;
  const what = plan.conformance ? 'contract checks' : `${plan.payloads.length} payload sizes, ${plan.timeMs} ms per op`;
  log(`${plan.stores.length} stores, ${what} → ${outDir}`);
  if (plan.conformance) {
    const file = await runConformanceSuite(plan, { signal, log });
    const written = await writeJson(outDir, 'conformance.json', file);
    process.stdout.write(`\n${formatConformanceTable(file)}\n\nconformance: ${written}\n`);
    await writeReport(outDir);
    return signal.aborted ? 130 : conformanceExitCode(file, plan.namedStores);
  }
  const file = await runMicroBench(plan, { signal, log });
  const written = await writeJson(outDir, 'store-bench.json', file);
  process.stdout.write(`\n${formatBenchTable(file)}\n\nstore-bench: ${written}\n`);
  await writeReport(outDir);
  return signal.aborted ? 130 : microBenchExitCode(file, plan.namedStores);
}

async function main(argv: string[]): Promise<number> {
  const plan = await parse(argv);
  if (typeof plan === 'number') return plan;
  const controller = new AbortController();
  onInterrupt(controller);
  try {
    return await run(plan, controller.signal);
  } finally {
    await stopServices(plan);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: unknown) => {
    process.stderr.write(`bench:store: ${errorStack(err)}\n`);
    await stopServices().catch(() => undefined);
    process.exit(1);
  },
);
