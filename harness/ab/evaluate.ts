// The verdicts of --ab from the samples so far: per group and variant against the control, each
// gate metric's interval (interval.ts) and the work per action, exactly (gate/work-compare.ts).
import type { AbComparison, AbGroup } from '../contracts/compare-ab.ts';
import type { CompletedRun, Run } from '../contracts/results.ts';
import { GATE_METRICS, valuesOf } from '../shared/metrics.ts';
import { compareWork, hasWork } from '../gate/work-compare.ts';
import { judgeInterval } from './interval.ts';
import type { AbGroupPlan } from './groups.ts';

export interface AbJudging {
  horizonPct: number;
  confidence: number;
}

const completed = (runs: readonly Run[]) => runs.filter((r): r is CompletedRun => r.status === 'completed');

export function compareVariant(
  control: { label: string; runs: readonly Run[] },
  variant: { label: string; runs: readonly Run[] },
  j: AbJudging,
): AbComparison {
  const c = completed(control.runs);
  const v = completed(variant.runs);
  const metrics = GATE_METRICS.flatMap((m) => {
    const cv = valuesOf(m, c);
    const vv = valuesOf(m, v);
    // A metric the runs do not record (capacity without --sweep) is not compared.
    if (cv.length === 0 || vv.length === 0) return [];
    const i = judgeInterval(cv, vv, m.better, j.horizonPct, j.confidence);
    return [{ metric: m.name, unit: m.unit, better: m.better, ...i }];
  });
  const work = hasWork(c) && hasWork(v) ? compareWork(c, v) : [];
  const fails = metrics.some((m) => m.verdict === 'slower') || work.some((w) => w.fails);
  const unresolved = metrics.some((m) => m.verdict === 'unresolved');
  return {
    control: control.label,
    variant: variant.label,
    samples: { control: c.length, variant: v.length },
    metrics,
    work,
    fails,
    unresolved,
  };
}

export function evaluateGroups(
  groups: readonly AbGroupPlan[],
  samples: ReadonlyMap<string, Run[]>,
  j: AbJudging,
): AbGroup[] {
  return groups.map((g) => {
    const [control, ...others] = g.variants.map((v) => ({ label: v.label, runs: samples.get(v.cell.id) ?? [] }));
    return {
      label: g.label,
      scenario: g.scenario,
      options: g.options,
      comparisons: others.map((o) => compareVariant(control!, o, j)),
    };
  });
}

/**
 * Nothing more to learn: in every comparison the work already fails (exact: more samples change
 * nothing, so this holds from the first round), or, once `enough` samples were taken, every metric
 * is resolved.
 */
export function settled(groups: readonly AbGroup[], enough: boolean): boolean {
  return groups.every((g) => g.comparisons.every((c) => c.work.some((w) => w.fails) || (enough && !c.unresolved)));
}
