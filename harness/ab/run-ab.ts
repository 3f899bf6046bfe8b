// --ab: samples the variants interleaved (schedule.ts), each sample a fresh server, and stops as
// soon as every compared metric is resolved (interval.ts), when another round would overrun the
// time budget, when a sample fails, or at the largest number of samples. Runs are appended to
// results.runs as they finish, so an interrupt keeps what was measured. The sampler is injected:
// the tests drive this loop with fixed samples.
import type { AbReport } from '../contracts/compare-ab.ts';
import type { Run } from '../contracts/results.ts';
import type { AbPlan } from '../plan/ab-args.ts';
import type { Cell } from '../plan/plan-cells.ts';
import { evaluateGroups, settled } from './evaluate.ts';
import type { AbGroupPlan } from './groups.ts';
import { roundOrder } from './schedule.ts';

export const AB_CONFIDENCE = 0.95;

export interface AbHooks {
  runSample(cell: Cell): Promise<Run>;
  onSampleStart?(cell: Cell, index: number, expected: number): void;
  onSample?(run: Run): void;
  signal?: AbortSignal | undefined;
  /** ms; performance.now by default (the tests give a clock). */
  now?: () => number;
}

/** A planned cell as the sample of round `round`: its own id and repeat number. */
function sampleOf(cell: Cell, round: number): Cell {
  return { ...cell, repeat: round, id: `${cell.id.replace(/#\d+$/, '')}#${round}` };
}

export async function runAb(groups: AbGroupPlan[], plan: AbPlan, hooks: AbHooks): Promise<AbReport> {
  const now = hooks.now ?? (() => performance.now());
  const judging = { horizonPct: plan.horizonPct, confidence: AB_CONFIDENCE };
  const samples = new Map<string, Run[]>();
  const order: string[] = [];
  const start = now();
  const perRound = groups.reduce((n, g) => n + g.variants.length, 0);
  let stoppedBy: AbReport['stoppedBy'] = 'max-samples';
  let lastRoundMs = 0;
  rounds: for (let round = 1; round <= plan.maxSamples; round++) {
    if (round > 1 && now() - start + lastRoundMs > plan.budgetS * 1000) {
      stoppedBy = 'budget';
      break;
    }
    const roundStart = now();
    for (const g of groups) {
      for (const v of roundOrder(g.variants, round)) {
        if (hooks.signal?.aborted) {
          stoppedBy = 'interrupted';
          break rounds;
        }
        const cell = sampleOf(v.cell, round);
        hooks.onSampleStart?.(cell, order.length, Math.max(order.length + 1, perRound * plan.minSamples));
        const run = await hooks.runSample(cell);
        if (hooks.signal?.aborted && run.status !== 'completed') {
          stoppedBy = 'interrupted';
          break rounds;
        }
        order.push(v.label);
        samples.set(v.cell.id, [...(samples.get(v.cell.id) ?? []), run]);
        hooks.onSample?.(run);
        if (run.status !== 'completed') {
          stoppedBy = 'failed';
          break rounds;
        }
      }
    }
    lastRoundMs = now() - roundStart;
    if (settled(evaluateGroups(groups, samples, judging), round >= plan.minSamples)) {
      stoppedBy = 'resolved';
      break;
    }
  }
  const evaluated = evaluateGroups(groups, samples, judging);
  const unresolved = evaluated.reduce(
    (n, g) => n + g.comparisons.reduce((k, c) => k + c.metrics.filter((m) => m.verdict === 'unresolved').length, 0),
    0,
  );
  return {
    axis: plan.axis,
    variants: plan.variants,
    horizonPct: plan.horizonPct,
    confidence: AB_CONFIDENCE,
    minSamples: plan.minSamples,
    budgetS: plan.budgetS,
    elapsedS: (now() - start) / 1000,
    stoppedBy,
    failUnresolved: plan.failUnresolved,
    order,
    groups: evaluated,
    unresolved,
  };
}
