// Runs the matrix: every store × scenario × option cell × repeat, each on a fresh server process.
// Outcomes are data: a store that cannot start becomes skipped/failed rows, never a crash.
import { collectEnvironment } from './environment.ts';
import { expandCells } from './options.ts';
import type { OptionValue, Results, Run, Settings } from './results.ts';
import { SCHEMA_VERSION, cellKey } from './results.ts';
import { runCell, type Cell } from './run-cell.ts';
import type { ServiceHandle, ServiceOptions, ServiceOutcome } from './services.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { ResolvedStore } from '../stores/load-store.ts';

/** A store in the plan: see resolveStores. */
export type PlannedStore = ResolvedStore;

export interface BenchPlan {
  stores: PlannedStore[];
  scenarios: Scenario[];
  matrix: Map<string, OptionValue[]>;
  settings: Settings;
  services: ServiceOptions;
}

export interface BenchHooks {
  onCellStart?(cell: Cell, index: number, total: number): void;
  onRun?(run: Run, index: number, total: number): void;
  signal?: AbortSignal;
}

export function planCells(plan: BenchPlan): Cell[] {
  const cells: Cell[] = [];
  for (const store of plan.stores) {
    for (const scenario of plan.scenarios) {
      for (const options of expandCells(plan.matrix, store.def)) {
        for (let repeat = 1; repeat <= plan.settings.repeat; repeat++) {
          const id = `${cellKey({ store: store.def.name, scenario: scenario.name, options })}#${repeat}`;
          cells.push({ id, store: store.def.name, storeSpec: store.load, scenario, options, repeat });
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
    scenarios: Object.fromEntries(plan.scenarios.map((s) => [s.name, { ...s, weights: { ...s.weights } as Record<string, number> }])),
    stores: Object.fromEntries(
      plan.stores.map(({ def }) => [def.name, { description: def.description, service: def.service, traits: def.traits }]),
    ),
    runs: [],
  };
}

/** Runs every cell, appending to `results.runs` as it goes so an interrupt loses nothing measured. */
export async function runBench(plan: BenchPlan, results: Results, hooks: BenchHooks = {}): Promise<void> {
  const cells = planCells(plan);
  const services = new Map<string, Promise<ServiceOutcome>>();
  for (const [index, cell] of cells.entries()) {
    if (hooks.signal?.aborted) return;
    hooks.onCellStart?.(cell, index, cells.length);
    const def = plan.stores.find((s) => s.load === cell.storeSpec)!.def;
    let handle: ServiceHandle | undefined;
    let run: Run;
    if (def.service) {
      // Loaded only when a store needs a server: Testcontainers takes seconds to import.
      const kind = def.service;
      if (!services.has(kind)) services.set(kind, import('./services.ts').then((m) => m.acquireService(kind, plan.services)));
      const outcome = await services.get(def.service)!;
      if (hooks.signal?.aborted) return;
      if (outcome.ok) {
        handle = outcome.handle;
        recordService(results, handle);
      }
      run = outcome.ok
        ? await runCell(cell, { settings: plan.settings, service: handle!.info, signal: hooks.signal, beforeStart: () => handle!.clear() })
        : { id: cell.id, store: cell.store, scenario: cell.scenario.name, options: cell.options, repeat: cell.repeat, status: 'skipped', reason: outcome.reason };
    } else {
      run = await runCell(cell, { settings: plan.settings, signal: hooks.signal });
    }
    if (hooks.signal?.aborted && run.status !== 'completed') return;
    results.runs.push(run);
    hooks.onRun?.(run, index, cells.length);
  }
}

function recordService(results: Results, handle: ServiceHandle) {
  const env = results.environment;
  env.services = { ...env.services, [handle.info.kind]: { mode: handle.mode, endpoint: handle.endpoint, version: handle.version } };
  if (handle.image) env.images = { ...env.images, [handle.info.kind]: handle.image };
}
