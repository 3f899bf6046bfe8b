// The gate's view of a results.json: its runs grouped into cells (by cellKey, repeats pooled), each
// with a label for people. Only completed runs carry measurements the gate trusts; failed and
// skipped ones are never compared as passing.
import { describeOptions, type Run } from '../contracts/results.ts';
import { groupRunsByCell, type RunCell } from '../shared/group-cells.ts';

export interface CellRuns extends RunCell {
  /** "store · scenario · options", for people. */
  label: string;
}

export function cellLabel(run: Pick<Run, 'store' | 'scenario' | 'options'>): string {
  return `${run.store} · ${run.scenario} · ${describeOptions(run.options)}`;
}

/** Cells in first-seen order. */
export function groupByCell(runs: readonly Run[]): Map<string, CellRuns> {
  const cells = new Map<string, CellRuns>();
  for (const [key, cell] of groupRunsByCell(runs)) cells.set(key, { ...cell, label: cellLabel(cell) });
  return cells;
}

/** One line on why a cell's runs did not complete, e.g. "2 of 3 runs failed: …". */
export function notCompletedReason(cell: CellRuns): string {
  const n = cell.completed.length + cell.notCompleted.length;
  const first = cell.notCompleted[0];
  if (!first) return '';
  const status = cell.notCompleted.every((r) => r.status === first.status) ? first.status : 'failed or skipped';
  return `${cell.notCompleted.length} of ${n} runs ${status}: ${first.reason}`;
}
