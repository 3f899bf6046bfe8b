// Groups a results.json's runs into cells (by cellKey, repeats pooled) and reads the per-repeat
// values the gate compares and checks. Only completed runs carry measurements the gate trusts.
import { cellKey, describeOptions, type CellOptions, type CompletedRun, type Run } from '../contracts/results.ts';

export interface CellRuns {
  key: string;
  store: string;
  scenario: string;
  options: CellOptions;
  /** "store · scenario · options", for people. */
  label: string;
  completed: CompletedRun[];
  /** Failed and skipped runs: never compared as passing. */
  notCompleted: Exclude<Run, CompletedRun>[];
}

export function cellLabel(run: Pick<Run, 'store' | 'scenario' | 'options'>): string {
  return `${run.store} · ${run.scenario} · ${describeOptions(run.options)}`;
}

/** Cells in first-seen order. */
export function groupByCell(runs: readonly Run[]): Map<string, CellRuns> {
  const cells = new Map<string, CellRuns>();
  for (const run of runs) {
    const key = cellKey(run);
    let cell = cells.get(key);
    if (!cell) {
      cell = { key, store: run.store, scenario: run.scenario, options: run.options, label: cellLabel(run), completed: [], notCompleted: [] };
      cells.set(key, cell);
    }
    if (run.status === 'completed') cell.completed.push(run);
    else cell.notCompleted.push(run);
  }
  return cells;
}

/** The metrics compared against a baseline. */
export { COMPARED_METRICS, type ComparedMetric } from '../contracts/compare.ts';
import { COMPARED_METRICS, type ComparedMetric } from '../contracts/compare.ts';

export interface MetricInfo {
  unit: string;
  better: 'higher' | 'lower';
  /** One repeat's value. */
  of(run: CompletedRun): number;
}

export const METRIC_INFO: Record<ComparedMetric, MetricInfo> = {
  rps: { unit: 'req/s', better: 'higher', of: (r) => r.throughput.rps },
  p50: { unit: 'ms', better: 'lower', of: (r) => r.latencyMs.p50 },
  p99: { unit: 'ms', better: 'lower', of: (r) => r.latencyMs.p99 },
};

/** (errors + timeouts + non-2xx) / total requests; 1 when nothing completed but something failed. */
export function errorRate(runs: readonly CompletedRun[]): number {
  let bad = 0;
  let total = 0;
  for (const r of runs) {
    bad += r.requests.errors + r.requests.timeouts + r.requests.non2xx;
    total += r.requests.total;
  }
  if (total === 0) return bad > 0 ? 1 : 0;
  return bad / total;
}

/** One line on why a cell's runs did not complete, e.g. "2 of 3 runs failed: …". */
export function notCompletedReason(cell: CellRuns): string {
  const n = cell.completed.length + cell.notCompleted.length;
  const first = cell.notCompleted[0];
  if (!first) return '';
  const status = cell.notCompleted.every((r) => r.status === first.status) ? first.status : 'failed or skipped';
  return `${cell.notCompleted.length} of ${n} runs ${status}: ${first.reason}`;
}
