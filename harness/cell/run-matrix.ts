// Runs the matrix: every store × scenario × option cell × repeat, each on a fresh server process.
// Outcomes are data: a store that cannot start becomes skipped/failed rows, never a crash.
import type { Results, Run } from '../contracts/results.ts';
import { planCells, type BenchPlan, type Cell } from '../plan/plan-cells.ts';
import { runCell } from './run-cell.ts';
import type { ServiceHandle, ServiceOutcome } from '../services/index.ts';
import { recordService } from '../services/record-service.ts';
import { addScaling } from './instances/scaling.ts';

export interface BenchHooks {
  onCellStart?(cell: Cell, index: number, total: number): void;
  onRun?(run: Run, index: number, total: number): void;
  signal?: AbortSignal | undefined;
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
      if (!services.has(kind))
        services.set(
          kind,
          import('../services/index.ts').then((m) => m.acquireService(kind, plan.services)),
        );
      const outcome = await services.get(def.service)!;
      if (hooks.signal?.aborted) return;
      if (outcome.ok) {
        handle = outcome.handle;
        recordService(results.environment, handle);
      }
      run = outcome.ok
        ? await runCell(cell, {
            settings: plan.settings,
            population: plan.population,
            service: handle!.info,
            signal: hooks.signal,
            beforeStart: () => handle!.clear(),
          })
        : {
            id: cell.id,
            store: cell.store,
            scenario: cell.scenario.name,
            options: cell.options,
            repeat: cell.repeat,
            status: 'skipped',
            reason: outcome.reason,
          };
    } else {
      run = await runCell(cell, { settings: plan.settings, population: plan.population, signal: hooks.signal });
    }
    if (hooks.signal?.aborted && run.status !== 'completed') return;
    addScaling(run, results.runs, results.environment.cpus);
    results.runs.push(run);
    hooks.onRun?.(run, index, cells.length);
  }
}
