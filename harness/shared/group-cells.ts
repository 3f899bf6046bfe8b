// Groups a results.json's runs into cells (store × scenario × options, by cellKey) with their
// repeats split into completed and not: the one grouping the gate, the exports and the reports use.
import { cellKey, type CellOptions, type CompletedRun, type Run } from '../contracts/results.ts';

export type NotCompletedRun = Exclude<Run, CompletedRun>;

export interface RunCell {
  key: string;
  store: string;
  scenario: string;
  options: CellOptions;
  /** Only completed runs carry measurements to trust. */
  completed: CompletedRun[];
  /** Failed and skipped runs. */
  notCompleted: NotCompletedRun[];
}

/** Cells by key, in first-seen order. */
export function groupRunsByCell(runs: readonly Run[]): Map<string, RunCell> {
  const cells = new Map<string, RunCell>();
  for (const run of runs) {
    const key = cellKey(run);
    let cell = cells.get(key);
    if (!cell) {
      cell = { key, store: run.store, scenario: run.scenario, options: run.options, completed: [], notCompleted: [] };
      cells.set(key, cell);
    }
    if (run.status === 'completed') cell.completed.push(run);
    else cell.notCompleted.push(run);
  }
  return cells;
}
