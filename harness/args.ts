// Command-line parsing and validation for `npm run bench`. Every bad value becomes a UsageError
// that names it and the valid ones; nothing runs and nothing is written.
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { DEFAULTS, UsageError, parseOptionFlags, validateMatrix } from './options.ts';
import { validateGateOptions, type GateOptions } from './gate.ts';
import type { BenchPlan } from './bench.ts';
import type { ServiceKind } from '../stores/types.ts';
import { DEFAULT_SCENARIO, scenarios } from '../scenarios/index.ts';
import { builtinStores } from '../stores/index.ts';
import { StoreSpecError, resolveStores } from '../stores/load-store.ts';

export interface CliOptions {
  plan: BenchPlan;
  out?: string;
  json: boolean;
  list: boolean;
  /** Stores the user named explicitly: if one cannot start, the exit code is 1. */
  namedStores: boolean;
  gate: GateOptions;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const collect = (v: string, prev: string[] = []) => [...prev, v];

export function buildCommand(): Command {
  return new Command('bench')
    .description('Benchmark Express session stores under realistic logged-in traffic')
    .option('--store <names>', 'stores, comma-separated: built-in names or paths to store modules (default: all built-in)', list)
    .option('--scenario <names>', `scenarios, comma-separated (default: ${DEFAULT_SCENARIO})`, list)
    .option('--option <key=values>', 'option matrix, repeatable: resave=true,false', collect, [])
    .option('--duration <s>', 'measured seconds per cell', String(DEFAULTS.duration))
    .option('--warmup <s>', 'unmeasured warm-up seconds per cell', String(DEFAULTS.warmup))
    .option('--connections <n>', 'virtual users (one connection and cookie jar each)', String(DEFAULTS.connections))
    .option('--pipelining <n>', 'requests in flight per connection', String(DEFAULTS.pipelining))
    .option('--rate <n>', 'open model: total requests per second (default: closed model, as fast as possible)')
    .option('--probe <s>', 'seconds of unloaded latency probe (one user, no other load) after the load; 0 = off', String(DEFAULTS.probe))
    .option('--soak <duration>', 'long run: measured time per cell as 90s, 30m or 2h (at most 24h); overrides --duration')
    .option('--settle <s>', 'idle seconds after the load before the final memory reading (default: 2×maxAge+1 s when that is ≤ 60 s)')
    .option('--repeat <n>', 'fresh-server repeats of each cell', String(DEFAULTS.repeat))
    .option('--seed <n>', 'seed of the virtual users\' choices', String(DEFAULTS.seed))
    .option('--out <dir>', 'write DIR/results.json and reports (default: results/<timestamp>/)')
    .option('--json', 'print results.json to stdout', false)
    .option('--list', 'list stores, scenarios and options, then exit', false)
    .addOption(new Option('--redis-url <url>', 'use this Redis server instead of a container').env('REDIS_URL'))
    .addOption(new Option('--postgres-url <url>', 'use this PostgreSQL server instead of a container').env('DATABASE_URL'))
    .addOption(new Option('--mongo-url <url>', 'use this MongoDB server instead of a container').env('MONGO_URL'))
    .option('--baseline <file>', 'compare with this results.json; exit 1 on a significant regression (default --repeat 3)')
    .option('--save-baseline <file>', 'also write this run as a baseline file')
    .option('--max-regression <pct>', 'smallest slowdown in % that fails the gate', '10')
    .option('--threshold <expr>', "threshold, repeatable: 'p99<50', 'errors<0.01', 'rps>1000', 'redis:mixed:p99<20'", collect, [])
    .option('--threshold-config <file>', 'JSON file with { "thresholds": [expr, …], "alpha": 0.05 }')
    .option('--min-change-ms <ms>', 'latency changes of at most this many ms never fail the gate (scheduler noise)', '1')
    .option('--alpha <p>', 'significance level of the baseline comparison (default 0.05)')
    .option('--export <format file...>', 'export results: bmf FILE (Bencher) or gab FILE (github-action-benchmark), repeatable')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

const num = (flag: string, schema: z.ZodNumber) => (raw: string) => {
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw new UsageError(`--${flag} ${raw}: not a number`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag} ${raw}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};
const positive = z.number({ error: 'not a number' }).finite().positive({ error: 'must be greater than 0' });
const positiveInt = positive.int({ error: 'must be a whole number' });

/** Parses argv (without node and script) into a validated plan. Throws UsageError. */
export async function parseArgs(argv: string[]): Promise<CliOptions> {
  const cmd = buildCommand();
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version')) throw err;
    const msg = err instanceof Error ? err.message.replace(/^error: /, '') : String(err);
    throw new UsageError(`${msg} (run with --help for the valid flags)`);
  }
  const o = cmd.opts<Record<string, string | string[] | boolean | undefined>>();
  const settings = {
    duration: num('duration', positive)(String(o.duration)),
    warmup: num('warmup', z.number().finite().min(0, { error: 'must be 0 or more' }))(String(o.warmup)),
    connections: num('connections', positiveInt.max(10_000))(String(o.connections)),
    pipelining: num('pipelining', positiveInt.max(100))(String(o.pipelining)),
    repeat: num('repeat', positiveInt.max(100))(String(o.repeat)),
    seed: num('seed', z.number().int({ error: 'must be a whole number' }))(String(o.seed)),
    probe: num('probe', z.number().finite().min(0, { error: 'must be 0 or more' }).max(600))(String(o.probe)),
    ...(o.rate !== undefined ? { rate: num('rate', positive)(String(o.rate)) } : {}),
    ...(o.settle !== undefined ? { settle: num('settle', z.number().finite().min(0, { error: 'must be 0 or more' }).max(3600))(String(o.settle)) } : {}),
  };
  if (o.soak !== undefined) settings.duration = parseSoak(String(o.soak));
  const gate = gateOptions(o);
  // A statistical comparison needs repeats: 3 unless the user chose.
  if (gate.baseline && !argv.some((a) => a === '--repeat' || a.startsWith('--repeat='))) settings.repeat = 3;
  validateGateOptions(gate);
  const storeNames = (o.store as string[] | undefined) ?? Object.keys(builtinStores);
  const stores = await usage(resolveStores(storeNames));
  const scenarioNames = (o.scenario as string[] | undefined) ?? [DEFAULT_SCENARIO];
  const chosen = scenarioNames.map((name) => {
    const s = scenarios[name];
    if (!s) throw new UsageError(`unknown scenario "${name}". Valid scenarios: ${Object.keys(scenarios).join(', ')}`);
    return s;
  });
  const matrix = validateMatrix(parseOptionFlags(o.option as string[]), stores.map((s) => s.def));
  return {
    plan: { stores, scenarios: chosen, matrix, settings, services: serviceUrls(o) },
    out: o.out as string | undefined,
    json: Boolean(o.json),
    list: Boolean(o.list),
    namedStores: o.store !== undefined,
    gate,
  };
}

/** Store-spec problems are usage errors (exit 2). */
export async function usage<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw err instanceof StoreSpecError ? new UsageError(err.message) : err;
  }
}

/** --redis-url / --postgres-url / --mongo-url (or their environment variables) by service kind. */
export function serviceUrls(o: Record<string, unknown>): { urls: Partial<Record<ServiceKind, string>> } {
  const urls: Partial<Record<ServiceKind, string>> = {};
  if (o.redisUrl) urls.redis = String(o.redisUrl);
  if (o.postgresUrl) urls.postgres = String(o.postgresUrl);
  if (o.mongoUrl) urls.mongo = String(o.mongoUrl);
  return { urls };
}

/** "90s", "30m", "2h" or plain seconds → seconds, bounded so a soak always stops by itself. */
export function parseSoak(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(raw.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!(seconds > 0) || seconds > 24 * 3600) {
    throw new UsageError(`--soak ${raw}: give a duration like 90s, 30m or 2h, greater than 0 and at most 24h`);
  }
  return seconds;
}

function gateOptions(o: Record<string, string | string[] | boolean | undefined>): GateOptions {
  const raw = (o.export as string[] | undefined) ?? [];
  if (raw.length % 2 !== 0) throw new UsageError(`--export takes a format and a file (e.g. --export bmf bench.json); got "${raw.join(' ')}"`);
  const exports = [];
  for (let i = 0; i < raw.length; i += 2) exports.push({ format: raw[i]!, file: raw[i + 1]! });
  return {
    baseline: o.baseline as string | undefined,
    saveBaseline: o.saveBaseline as string | undefined,
    maxRegressionPct: num('max-regression', positive)(String(o.maxRegression)),
    minChangeMs: num('min-change-ms', z.number().finite().min(0, { error: 'must be 0 or more' }))(String(o.minChangeMs)),
    thresholds: o.threshold as string[],
    thresholdConfig: o.thresholdConfig as string | undefined,
    exports,
    ...(o.alpha !== undefined ? { alpha: num('alpha', z.number().gt(0, { error: 'must be above 0' }).lt(0.5, { error: 'must be below 0.5' }))(String(o.alpha)) } : {}),
  };
}

