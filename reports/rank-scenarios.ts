// Ranking per scenario: completed cells by median req/s; cells with no completed repeat are listed
// apart with their reasons and never ranked.
import type { Results } from '../harness/contracts/results.ts';
import type { NotCompletedRun } from '../harness/shared/group-cells.ts';
import { summarizeCells, type Cell, type CellStats } from './summarize-cells.ts';

export type RankedCell = Cell & { stats: CellStats; rank: number };

export interface ScenarioRanking {
  scenario: string;
  description?: string | undefined;
  ranked: RankedCell[];
  /** Cells where no repeat completed. */
  unranked: Cell[];
}

/** The failed and skipped runs of a cell, one line each, with duplicates folded. */
export function notCompletedReasons(
  runs: readonly NotCompletedRun[],
): { status: string; reason: string; count: number }[] {
  const out = new Map<string, { status: string; reason: string; count: number }>();
  for (const run of runs) {
    const k = `${run.status}\u0000${run.reason}`;
    const entry = out.get(k) ?? { status: run.status, reason: run.reason, count: 0 };
    entry.count++;
    out.set(k, entry);
  }
  return [...out.values()];
}

export function rankCells(cells: readonly Cell[]): { ranked: RankedCell[]; unranked: Cell[] } {
  const withStats = cells.filter((c): c is Cell & { stats: CellStats } => c.stats !== undefined);
  const ranked = withStats
    .sort((a, b) => b.stats.rps.median - a.stats.rps.median || a.label.localeCompare(b.label))
    .map((c, i) => ({ ...c, rank: i + 1 }));
  return { ranked, unranked: cells.filter((c) => c.stats === undefined) };
}

/** One ranking per scenario, in the order scenarios first appear in the runs. */
export function rankScenarios(results: Results, cells: readonly Cell[] = summarizeCells(results)): ScenarioRanking[] {
  const scenarios = [...new Set(cells.map((c) => c.scenario))];
  return scenarios.map((scenario) => ({
    scenario,
    description: results.scenarios?.[scenario]?.description,
    ...rankCells(cells.filter((c) => c.scenario === scenario)),
  }));
}
