// The --ab flags: an interleaved comparison of variants in one run (harness/ab/). The variants are
// the stores (`--store main=../main/stores/redis.ts,pr=./stores/redis.ts`: `label=path` names a
// module, so two modules with one store name can be told apart) or, with one store, the values of
// the one option that has several (`--option resave=false,true`). The first is the control.
// Every bad value is a UsageError naming it and the valid ones; nothing runs.
import type { Command } from 'commander';
import type { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';
import type { OptionValue } from '../contracts/results.ts';
import type { ResolvedStore } from '../../stores/load-store.ts';

export interface AbPlan {
  axis: 'store' | 'option';
  /** The option the variants differ in (axis option). */
  optionKey?: string | undefined;
  /** Labels, control first: store names, or `key=value` for the option axis. */
  variants: string[];
  horizonPct: number;
  budgetS: number;
  minSamples: number;
  /** Samples per variant at most (each a fresh server). */
  maxSamples: number;
  failUnresolved: boolean;
}

export const AB_DEFAULTS = { horizonPct: 5, budgetS: 15 * 60, minSamples: 3, maxSamples: 100 } as const;

export function addAbFlags(cmd: Command): Command {
  return cmd
    .option('--ab', 'interleaved A/B: compare the variants (stores, or one option’s values) sample by sample', false)
    .option(
      '--horizon <pct>',
      `--ab: a metric is "same" when its 95% interval lies inside ±PCT, faster/slower when wholly beyond it (default ${AB_DEFAULTS.horizonPct})`,
    )
    .option('--budget <duration>', '--ab: stop sampling after this long, as 90s, 30m or 1h (default 15m)')
    .option(
      '--min-samples <n>',
      `--ab: samples per variant before the first verdict (default ${AB_DEFAULTS.minSamples})`,
    )
    .option('--fail-unresolved', '--ab: exit 1 when a metric is still unresolved at the end of the budget', false);
}

const LABEL = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/;

/** `label=path` entries of --store, split; plain entries have no label. */
export function splitStoreLabels(names: string[]): { spec: string; label?: string }[] {
  const out = names.map((name) => {
    const m = LABEL.exec(name);
    return m ? { spec: m[2]!, label: m[1]! } : { spec: name };
  });
  const seen = new Map<string, string>();
  for (const { spec, label } of out) {
    if (!label) continue;
    const other = seen.get(label);
    if (other !== undefined)
      throw new UsageError(
        `--store ${label}=${spec}: the label "${label}" is already used by ${label}=${other}; give each variant its own label`,
      );
    seen.set(label, spec);
  }
  return out;
}

/**
 * Resolves --store entries with labels: each labelled module keeps its own definition under its
 * label's name (two checkouts of one store are two variants). `resolveOne` is stores/load-store.ts's.
 */
export async function resolveLabelledStores(
  names: string[],
  resolve: (names: string[]) => Promise<ResolvedStore[]>,
): Promise<ResolvedStore[]> {
  const entries = splitStoreLabels(names);
  if (entries.every((e) => !e.label)) return resolve(names);
  const out: ResolvedStore[] = [];
  for (const { spec, label } of entries) {
    const [store] = await resolve([spec]);
    const named = label ? { ...store!, def: { ...store!.def, name: label } } : store!;
    const twin = out.find((s) => s.def.name === named.def.name);
    if (twin)
      throw new UsageError(
        `--store ${label ? `${label}=` : ''}${spec}: the name "${named.def.name}" is already used by ${twin.spec}; label them (a=PATH,b=PATH)`,
      );
    out.push(named);
  }
  return out;
}

type Opts = Record<string, unknown>;
type Num = (flag: string, schema: z.ZodNumber) => (raw: string) => number;
type Bounded = (b: { min?: number; max: number; int?: boolean; unit?: string }) => z.ZodNumber;

/** "90s", "30m", "1h" or plain seconds, at most 24 h. */
function parseBudget(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(raw.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : Number.NaN;
  if (!(seconds > 0) || seconds > 24 * 3600)
    throw new UsageError(`--budget ${raw}: give a duration like 90s, 30m or 1h, greater than 0 and at most 24h`);
  return seconds;
}

interface AbContext {
  argv: string[];
  stores: ResolvedStore[];
  matrix: Map<string, OptionValue[]>;
  baseline: string | undefined;
}

/** Checks the --ab flags against the plan; undefined without --ab (then its own flags are refused). */
export function parseAb(o: Opts, ctx: AbContext, num: Num, bounded: Bounded): AbPlan | undefined {
  const given = (flag: string) => ctx.argv.some((a) => a === flag || a.startsWith(`${flag}=`));
  if (!o.ab) {
    const stray = ['--horizon', '--budget', '--min-samples', '--fail-unresolved'].find(given);
    if (stray) throw new UsageError(`${stray} belongs to --ab (an interleaved comparison); add --ab or drop ${stray}`);
    return undefined;
  }
  if (ctx.baseline)
    throw new UsageError(
      `--ab and --baseline ${ctx.baseline}: choose one. --ab measures both sides now, interleaved; --baseline compares with a file`,
    );
  if (given('--repeat'))
    throw new UsageError(
      '--repeat has no meaning with --ab: sampling goes on until each metric is resolved; bound it with --budget',
    );
  const horizonPct = num('horizon', bounded({ max: 100, unit: '%' }))(String(o.horizon ?? AB_DEFAULTS.horizonPct));
  const budgetS = o.budget === undefined ? AB_DEFAULTS.budgetS : parseBudget(String(o.budget));
  const minSamples = num(
    'min-samples',
    bounded({ min: 2, max: AB_DEFAULTS.maxSamples, int: true }),
  )(String(o.minSamples ?? AB_DEFAULTS.minSamples));
  const common = {
    horizonPct,
    budgetS,
    minSamples,
    maxSamples: AB_DEFAULTS.maxSamples,
    failUnresolved: Boolean(o.failUnresolved),
  };
  if (ctx.stores.length >= 2) return { axis: 'store', variants: ctx.stores.map((s) => s.def.name), ...common };
  const several = [...ctx.matrix].filter(([, values]) => values.length >= 2);
  const stores = ctx.stores.map((s) => s.spec).join(',');
  if (several.length === 1) {
    const [key, values] = several[0]!;
    return { axis: 'option', optionKey: key, variants: values.map((v) => `${key}=${String(v)}`), ...common };
  }
  if (several.length > 1)
    throw new UsageError(
      `--ab: the options ${several.map(([k]) => k).join(' and ')} each have several values; the variants must differ in one thing (one store, one option with several values)`,
    );
  throw new UsageError(
    `--ab needs at least two variants, got one: --store ${stores}. Give two stores (--store a=PATH,b=PATH) or one option with two values (--option resave=false,true)`,
  );
}
