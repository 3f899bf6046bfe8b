// `npm run bench -- --ab …`: the plan's cells grouped into variants (groups.ts), sampled
// interleaved until resolved or out of budget (run-ab.ts); the runs go into results.runs as they
// finish, the verdicts to the gate (gate/index.ts runGate) as compare.json's `ab`.
import type { AbReport } from '../contracts/compare-ab.ts';
import type { Results } from '../contracts/results.ts';
import type { AbPlan } from '../plan/ab-args.ts';
import { planCells, type BenchPlan } from '../plan/plan-cells.ts';
import type { BenchHooks } from '../cell/run-matrix.ts';
import { abGroups } from './groups.ts';
import { runAb } from './run-ab.ts';
import { sampleRunner } from './run-sample.ts';

export async function runAbBench(plan: BenchPlan, ab: AbPlan, results: Results, hooks: BenchHooks): Promise<AbReport> {
  const cells = planCells({ ...plan, settings: { ...plan.settings, repeat: 1 } });
  const groups = abGroups(cells, ab);
  return runAb(groups, ab, {
    runSample: sampleRunner(plan, results, hooks.signal),
    signal: hooks.signal,
    onSampleStart: (cell, i, expected) => hooks.onCellStart?.(cell, i, expected),
    onSample: (run) => {
      results.runs.push(run);
      hooks.onRun?.(run, results.runs.length - 1, results.runs.length);
    },
  });
}
