// The plan of a run: which stores, scenarios and option cells, with what settings, and the cells
// it expands to (store × scenario × option set × repeat), plus the empty results they will fill.
import { collectEnvironment } from './environment.ts';
import { expandCells } from './options.ts';
import {
  SCHEMA_VERSION,
  SESSIONS_OPTION,
  cellKey,
  type CellOptions,
  type OptionValue,
  type Results,
  type Settings,
} from '../contracts/results.ts';
import type { ServiceOptions } from '../services/index.ts';
import type { PopulationPlan } from './population-args.ts';
import { instanceVariants } from './instances-args.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { ResolvedStore } from '../../stores/load-store.ts';

/** One measured cell of the matrix, as the parent process runs it. */
export interface Cell {
  id: string;
  store: string;
  /** Built-in store name or absolute module path, as the server process loads it. */
  storeSpec: string;
  scenario: Scenario;
  options: CellOptions;
  repeat: number;
}

/** A store in the plan: see resolveStores. */
export type PlannedStore = ResolvedStore;

export interface BenchPlan {
  stores: PlannedStore[];
  scenarios: Scenario[];
  matrix: Map<string, OptionValue[]>;
  settings: Settings;
  services: ServiceOptions;
  /** The population flags, parsed (absent: the defaults). */
  population?: PopulationPlan | undefined;
}

/** A cell's options with its population: `sessions` is present only when the cell preloads some. */
const withSessions = (options: CellOptions, sessions: number): CellOptions =>
  sessions > 0 ? { ...options, [SESSIONS_OPTION]: sessions } : options;

export function planCells(plan: BenchPlan): Cell[] {
  const cells: Cell[] = [];
  for (const store of plan.stores) {
    for (const scenario of plan.scenarios) {
      for (const sessions of plan.settings.sessions ?? [0]) {
        // Each option cell on one instance, then on N behind nginx (instances-args.ts): none unless --instances N > 1.
        const variants = instanceVariants(plan.settings);
        for (const base of expandCells(plan.matrix, store.def).flatMap((b) => variants.map((v) => ({ ...b, ...v })))) {
          const options = withSessions(base, sessions);
          for (let repeat = 1; repeat <= plan.settings.repeat; repeat++) {
            const id = `${cellKey({ store: store.def.name, scenario: scenario.name, options })}#${repeat}`;
            cells.push({ id, store: store.def.name, storeSpec: store.load, scenario, options, repeat });
          }
        }
      }
    }
  }
  return cells;
}

export function newResults(plan: BenchPlan): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    environment: collectEnvironment(),
    settings: plan.settings,
    scenarios: Object.fromEntries(
      plan.scenarios.map((s) => [s.name, { ...s, weights: { ...s.weights } as Record<string, number> }]),
    ),
    stores: Object.fromEntries(
      plan.stores.map(({ def }) => [
        def.name,
        { description: def.description, service: def.service, traits: def.traits },
      ]),
    ),
    runs: [],
  };
}
