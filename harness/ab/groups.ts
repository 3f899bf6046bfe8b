// Which cells of the plan --ab compares with which: a group is what the variants share (scenario,
// session options, population) and holds one cell per variant, control first.
import { describeOptions, SESSIONS_OPTION, type CellOptions } from '../contracts/results.ts';
import { SESSION_OPTIONS } from '../plan/options.ts';
import type { AbPlan } from '../plan/ab-args.ts';
import type { Cell } from '../plan/plan-cells.ts';
import { UsageError } from '../shared/usage-error.ts';

export interface AbGroupPlan {
  label: string;
  scenario: string;
  /** The options the variants share. */
  options: CellOptions;
  /** One cell per variant, in the plan's variant order (control first). */
  variants: { label: string; cell: Cell }[];
}

/** The options that identify a group: express-session's and the population, minus the axis. */
function sharedOptions(options: CellOptions, plan: AbPlan): CellOptions {
  const keep = (k: string) =>
    k !== plan.optionKey && (plan.axis === 'option' || k in SESSION_OPTIONS || k === SESSIONS_OPTION);
  return Object.fromEntries(Object.entries(options).filter(([k]) => keep(k)));
}

function variantOf(cell: Cell, plan: AbPlan): string {
  return plan.axis === 'store' ? cell.store : `${plan.optionKey}=${String(cell.options[plan.optionKey!])}`;
}

export function abGroups(cells: readonly Cell[], plan: AbPlan): AbGroupPlan[] {
  const groups = new Map<string, AbGroupPlan>();
  for (const cell of cells) {
    const options = sharedOptions(cell.options, plan);
    const key = `${cell.scenario.name}|${JSON.stringify(Object.entries(options).sort())}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        label: `${cell.scenario.name} · ${describeOptions(options)}`,
        scenario: cell.scenario.name,
        options,
        variants: [],
      };
      groups.set(key, g);
    }
    const label = variantOf(cell, plan);
    if (g.variants.some((v) => v.label === label))
      throw new UsageError(
        `--ab: variant ${label} has several cells in ${g.label} (a store option with several values?); the variants must differ in one thing`,
      );
    g.variants.push({ label, cell });
  }
  const order = (label: string) => plan.variants.indexOf(label);
  for (const g of groups.values()) g.variants.sort((a, b) => order(a.label) - order(b.label));
  return [...groups.values()];
}
