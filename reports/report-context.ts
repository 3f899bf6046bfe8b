// What every reporter and section gets: the results, their summarised cells and rankings, findings,
// and any extra inputs. Computed once per report so sections stay small and consistent.
import type { Results } from '../harness/contracts/results.ts';
import type { Finding } from './finding.ts';
import { keyFindings } from './key-findings.ts';
import type { Extras } from './load-extras.ts';
import { rankScenarios, type ScenarioRanking } from './rank-scenarios.ts';
import { summarizeCells, type Cell } from './summarize-cells.ts';

export interface ReportOptions {
  /** Extra inputs (store-bench.json, conformance.json, compare.json) already loaded. */
  extras?: Extras;
  /** Page title; defaults to one naming the stores and scenarios. */
  title?: string;
  /** The results file name shown in the report. */
  source?: string;
}

export interface ReportContext {
  results: Results;
  cells: Cell[];
  rankings: ScenarioRanking[];
  findings: Finding[];
  extras: Extras;
  title: string;
  source?: string | undefined;
  /** Stores with at least one completed run, in ranking order: the colour domain of all charts. */
  stores: string[];
}

function defaultTitle(cells: readonly Cell[]): string {
  const stores = new Set(cells.map((c) => c.store)).size;
  const scenarios = new Set(cells.map((c) => c.scenario)).size;
  return `Session store benchmark: ${stores} ${stores === 1 ? 'store' : 'stores'} × ${scenarios} ${scenarios === 1 ? 'scenario' : 'scenarios'}`;
}

export function reportContext(results: Results, options: ReportOptions = {}): ReportContext {
  const cells = summarizeCells(results);
  const rankings = rankScenarios(results, cells);
  return {
    results,
    cells,
    rankings,
    findings: keyFindings(rankings, results),
    extras: options.extras ?? {},
    title: options.title ?? defaultTitle(cells),
    source: options.source,
    stores: [...new Set(rankings.flatMap((r) => r.ranked.map((c) => c.store)))],
  };
}
