// The scale-out flags of `npm run bench`: --instances N (app processes per cell behind nginx),
// --balance round-robin|sticky, and --redis-cluster-url (the team's own Redis Cluster). Both lists
// are matrix dimensions; a cell of N > 1 instances records options.instances and options.balance,
// and a run asking for N > 1 also runs each cell on 1 instance: the baseline of `scaling`.
import { Option, type Command } from 'commander';
import type { CellOptions, Settings } from '../contracts/results.ts';
import { BALANCE_VALUES } from '../contracts/instances.ts';
import { UsageError } from '../shared/usage-error.ts';
import type { Balance } from '../balancer/nginx-config.ts';

export const INSTANCES_LIMIT = 64;
/** The cell options that say how many instances and how they were balanced (absent: 1, none). */
export const INSTANCES_OPTION = 'instances';
export const BALANCE_OPTION = 'balance';

export function addInstancesFlags(cmd: Command): Command {
  return cmd
    .option(
      '--instances <list>',
      `app instances per cell behind nginx, comma-separated, 1 to ${INSTANCES_LIMIT} (above 1 also runs 1: the scaling baseline)`,
      '1',
    )
    .option(
      '--balance <list>',
      'how nginx spreads requests over several instances: round-robin (per request) or sticky (a route cookie), comma-separated',
      'round-robin',
    )
    .addOption(
      new Option(
        '--redis-cluster-url <nodes>',
        'use this Redis Cluster (comma-separated nodes, host:port or redis://…) instead of local redis-server nodes',
      ).env('REDIS_CLUSTER_URL'),
    );
}

type Opts = Record<string, string | string[] | boolean | undefined>;

function parseInstances(raw: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > INSTANCES_LIMIT);
  if (bad !== undefined || parts.length === 0) {
    throw new UsageError(
      `--instances ${raw}: give whole numbers from 1 to ${INSTANCES_LIMIT}, comma-separated (e.g. 2 or 1,2,4); "${bad ?? raw}" is not one`,
    );
  }
  const counts = [...new Set(parts.map(Number))];
  // The scaling baseline: N instances are measured against one.
  if (counts.some((n) => n > 1) && !counts.includes(1)) counts.unshift(1);
  return counts.sort((a, b) => a - b);
}

function parseBalance(raw: string): Balance[] {
  const parts = raw.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !(BALANCE_VALUES as readonly string[]).includes(p));
  if (bad !== undefined) {
    throw new UsageError(`--balance ${raw}: "${bad}" is not a balancing mode. Valid: ${BALANCE_VALUES.join(', ')}`);
  }
  return [...new Set(parts)] as Balance[];
}

/** Settings fields, present only when they differ from the single-instance default. */
export function parseInstancesFlags(o: Opts): Pick<Settings, 'instances' | 'balance'> {
  const instances = parseInstances(String(o.instances ?? '1'));
  const balance = parseBalance(String(o.balance ?? 'round-robin'));
  if (instances.length === 1 && instances[0] === 1) return {};
  return { instances, balance };
}

/** The instance variants of one cell's options: {} for one instance, then N × balance. */
export function instanceVariants(settings: Pick<Settings, 'instances' | 'balance'>): CellOptions[] {
  const variants: CellOptions[] = [];
  for (const n of settings.instances ?? [1]) {
    if (n === 1) variants.push({});
    else
      for (const b of settings.balance ?? ['round-robin'])
        variants.push({ [INSTANCES_OPTION]: n, [BALANCE_OPTION]: b });
  }
  return variants;
}

/** A cell's instance count and balance, and its options without them (what the store is given). */
export function splitInstances(options: CellOptions): {
  count: number;
  balance: Balance;
  rest: CellOptions;
} {
  const { [INSTANCES_OPTION]: n, [BALANCE_OPTION]: b, ...rest } = options;
  return { count: Number(n ?? 1), balance: (b ?? 'round-robin') as Balance, rest };
}
