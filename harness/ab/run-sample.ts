// One --ab sample: one cell on a fresh server, its store's service (container or URL) acquired
// once for the whole run, as run-matrix.ts does for the ordinary matrix.
import type { Results, Run } from '../contracts/results.ts';
import type { BenchPlan, Cell } from '../plan/plan-cells.ts';
import { runCell } from '../cell/run-cell.ts';
import { recordService } from '../services/record-service.ts';

export type RunSample = (cell: Cell) => Promise<Run>;

export function sampleRunner(plan: BenchPlan, results: Results, signal?: AbortSignal): RunSample {
  const ctx = { settings: plan.settings, population: plan.population, signal };
  return async (cell) => {
    const def = plan.stores.find((s) => s.load === cell.storeSpec)!.def;
    if (!def.service) return runCell(cell, ctx);
    // Loaded only when a store needs a server: Testcontainers takes seconds to import.
    const services = await import('../services/index.ts');
    const outcome = await services.acquireService(def.service, plan.services);
    if (!outcome.ok) {
      const { id, store, options, repeat } = cell;
      return { id, store, scenario: cell.scenario.name, options, repeat, status: 'skipped', reason: outcome.reason };
    }
    recordService(results.environment, outcome.handle);
    return runCell(cell, { ...ctx, service: outcome.handle.info, beforeStart: () => outcome.handle.clear() });
  };
}
