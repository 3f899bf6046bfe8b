// Command-line parsing and validation for `npm run bench:store`. Every bad value becomes a
// UsageError that names it and the valid ones; nothing runs and nothing is written. --out is
// checked last, by creating it and writing a probe file (output-paths.ts).
import path from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULTS } from '../plan/options.ts';
import { UsageError } from '../shared/usage-error.ts';
import { prepareOutputDir } from '../shared/output-paths.ts';
import type { ServiceOptions } from '../services/index.ts';
import { builtinStores } from '../../stores/index.ts';
import { resolveStores, type ResolvedStore } from '../../stores/load-store.ts';
import { list, parseCommandLine, serviceUrls, usage } from '../plan/bench-args.ts';
import { MAX_PAYLOAD_BYTES, minPayloadBytes } from './session-payload.ts';

const STORE_BENCH_DEFAULTS = DEFAULTS.storeBench;

export type { ResolvedStore as PlannedStore } from '../../stores/load-store.ts';

export interface StoreBenchPlan {
  stores: ResolvedStore[];
  /** Stores the user named: one that cannot be measured makes the exit code 1. */
  namedStores: boolean;
  conformance: boolean;
  payloads: number[];
  timeMs: number;
  warmupMs: number;
  poolSize: number;
  maxAgeMs: number;
  /** Checked and created while parsing; results/store-bench-<timestamp>/ by default. */
  out: string;
  services: ServiceOptions;
}

export function buildStoreBenchCommand(): Command {
  return new Command('bench:store')
    .description('Measure raw session-store operations (no HTTP) or check stores against the Store contract')
    .option(
      '--store <names>',
      'stores, comma-separated: built-in names or paths to store modules (default: all built-in)',
      list,
    )
    .option(
      '--payload <bytes>',
      `session sizes in bytes of JSON, comma-separated (default: ${STORE_BENCH_DEFAULTS.payloads.join(',')})`,
      list,
    )
    .option('--time <ms>', 'tinybench measuring time per op and payload, in ms', String(STORE_BENCH_DEFAULTS.timeMs))
    .option('--conformance', 'run the store contract suite instead of the micro-bench', false)
    .option(
      '--out <dir>',
      'write DIR/store-bench.json or DIR/conformance.json (default: results/store-bench-<timestamp>/)',
    )
    .addOption(new Option('--redis-url <url>', 'use this Redis server instead of a container').env('REDIS_URL'))
    .addOption(
      new Option('--postgres-url <url>', 'use this PostgreSQL server instead of a container').env('DATABASE_URL'),
    )
    .addOption(new Option('--mongo-url <url>', 'use this MongoDB server instead of a container').env('MONGO_URL'))
    .addOption(
      new Option(
        '--redis-cluster-url <nodes>',
        'use this Redis Cluster (comma-separated nodes) instead of local redis-server nodes',
      ).env('REDIS_CLUSTER_URL'),
    )
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

export function parsePayloads(raw: string[], maxAgeMs: number): number[] {
  const min = minPayloadBytes(maxAgeMs);
  const valid = `whole numbers of bytes from ${min} to ${MAX_PAYLOAD_BYTES}, comma-separated (e.g. --payload 200,2000,20000)`;
  if (raw.length === 0) throw new UsageError(`--payload needs at least one size: ${valid}`);
  return [
    ...new Set(
      raw.map((v) => {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < min || n > MAX_PAYLOAD_BYTES)
          throw new UsageError(`--payload ${v}: sizes are ${valid}`);
        return n;
      }),
    ),
  ];
}

export function parseTime(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 10 || n > 60_000) {
    throw new UsageError(
      `--time ${raw}: a whole number of milliseconds from 10 to 60000 (default ${STORE_BENCH_DEFAULTS.timeMs})`,
    );
  }
  return n;
}

/** results/store-bench-<timestamp>/ */
export function defaultStoreBenchOut(): string {
  return path.join('results', `store-bench-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}

/** Parses argv (without node and script). Throws UsageError, or CommanderError for --help. */
export async function parseStoreBenchArgs(argv: string[]): Promise<StoreBenchPlan> {
  const cmd = buildStoreBenchCommand();
  parseCommandLine(cmd, argv);
  const o = cmd.opts<Record<string, unknown>>();
  const { maxAgeMs, poolSize } = STORE_BENCH_DEFAULTS;
  const timeMs = parseTime(String(o.time));
  const payloads = parsePayloads(
    (o.payload as string[] | undefined) ?? STORE_BENCH_DEFAULTS.payloads.map(String),
    maxAgeMs,
  );
  const stores = await usage(resolveStores((o.store as string[] | undefined) ?? Object.keys(builtinStores)));
  // Last, so a bad flag leaves nothing on disk; before any store is opened, so a bad --out costs nothing.
  const out = o.out ? String(o.out) : defaultStoreBenchOut();
  await prepareOutputDir(out, '--out');
  return {
    stores,
    namedStores: o.store !== undefined,
    conformance: Boolean(o.conformance),
    payloads,
    timeMs,
    warmupMs: Math.max(10, Math.round(timeMs / 3)),
    poolSize,
    maxAgeMs,
    out,
    services: serviceUrls(o),
  };
}
