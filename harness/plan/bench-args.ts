// Command-line parsing and validation for `npm run bench`. Every bad value becomes a UsageError
// that names it and the valid ones (or its limit); nothing runs and nothing is written. The output
// paths are checked last, by creating them and writing a probe file (output-paths.ts).
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { DEFAULTS, LIMITS, parseOptionFlags, validateMatrix } from './options.ts';
import { addPopulationFlags, parsePopulation } from './population-args.ts';
import { addConcurrencyFlags, parseConcurrency } from './concurrency-args.ts';
import { addRateFlags, defaultConnections, parseRate } from './rate-args.ts';
import { addFaultFlags, parseFaultFlags } from './fault-args.ts';
import { addAbFlags, parseAb, resolveLabelledStores, type AbPlan } from './ab-args.ts';
import { addInstancesFlags, parseInstancesFlags } from './instances-args.ts';
import { UsageError } from '../shared/usage-error.ts';
import { errorMessage } from '../shared/error-message.ts';
import { validateGateOptions, type GateOptions } from '../gate/index.ts';
import { exportFiles, type ExportFormat } from '../gate/exports.ts';
import { prepareOutputs, type OutputTarget } from '../shared/output-paths.ts';
import type { BenchPlan } from './plan-cells.ts';
import type { Settings } from '../contracts/results.ts';
import type { Scenario } from '../../scenarios/types.ts';
import type { ServiceKind } from '../../stores/types.ts';
import { DEFAULT_SCENARIO, scenarios } from '../../scenarios/index.ts';
import { builtinStores } from '../../stores/index.ts';
import { StoreSpecError, resolveStores } from '../../stores/load-store.ts';

export interface CliOptions {
  plan: BenchPlan;
  /** Checked and created while parsing (see output-paths.ts); results/<timestamp>/ by default. */
  out: string;
  json: boolean;
  list: boolean;
  /** Stores the user named explicitly: if one cannot start, the exit code is 1. */
  namedStores: boolean;
  gate: GateOptions;
  /** --ab: the variants to compare interleaved (plan/ab-args.ts); absent otherwise. */
  ab?: AbPlan | undefined;
}

/** A commander parser for `a,b,c` lists that may also be repeated. */
export const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
const collect = (v: string, prev: string[] = []) => [...prev, v];

export function buildCommand(): Command {
  const cmd = new Command('bench').description('Benchmark Express session stores under realistic logged-in traffic');
  addGateFlags(
    addInstancesFlags(
      addOutputAndServiceFlags(addFaultFlags(addRateFlags(addConcurrencyFlags(addPopulationFlags(addRunFlags(cmd)))))),
    ),
  );
  addAbFlags(cmd);
  return cmd
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/** What is measured and how: stores, scenarios, the option matrix, load shape and bounds. */
function addRunFlags(cmd: Command): Command {
  return cmd
    .option(
      '--store <names>',
      'stores, comma-separated: built-in names or paths to store modules (default: all built-in)',
      list,
    )
    .option('--scenario <names>', `scenarios, comma-separated (default: ${DEFAULT_SCENARIO})`, list)
    .option('--option <key=values>', 'option matrix, repeatable: resave=true,false', collect, [])
    .option('--duration <s>', 'measured seconds per cell', String(DEFAULTS.duration))
    .option('--warmup <s>', 'unmeasured warm-up seconds per cell', String(DEFAULTS.warmup))
    .option(
      '--connections <n>',
      'connections of the load (each serves its share of --users)',
      String(DEFAULTS.connections),
    )
    .option('--pipelining <n>', 'requests in flight per connection', String(DEFAULTS.pipelining))
    .option(
      '--rate <n>',
      'open model: requests per second sent at their intended times, latency timed from them (default: closed model, as fast as the answers come)',
    )
    .option(
      '--probe <s>',
      'seconds of unloaded latency probe (one user, no other load) after the load; 0 = off',
      String(DEFAULTS.probe),
    )
    .option(
      '--soak <duration>',
      'long run: measured time per cell as 90s, 30m or 2h (at most 24h); overrides --duration',
    )
    .option(
      '--settle <s>',
      'idle seconds after the load before the final memory reading (default: 2×maxAge+1 s when that is ≤ 60 s)',
    )
    .option('--repeat <n>', 'fresh-server repeats of each cell', String(DEFAULTS.repeat))
    .option(
      '--max-error-rate <share>',
      'a run whose share of failed requests (connection errors, non-2xx other than 401) is above this is failed; 0 to 1. A request that timed out or never answered fails the run whatever this says',
      String(DEFAULTS.maxErrorRate),
    );
}

/** Where results go, and the user's own servers instead of containers. */
function addOutputAndServiceFlags(cmd: Command): Command {
  return cmd
    .option('--seed <n>', "seed of the virtual users' choices", String(DEFAULTS.seed))
    .option('--out <dir>', 'write DIR/results.json and reports (default: results/<timestamp>/)')
    .option('--json', 'print results.json to stdout', false)
    .option('--list', 'list stores, scenarios and options, then exit', false)
    .addOption(new Option('--redis-url <url>', 'use this Redis server instead of a container').env('REDIS_URL'))
    .addOption(
      new Option('--postgres-url <url>', 'use this PostgreSQL server instead of a container').env('DATABASE_URL'),
    )
    .addOption(new Option('--mongo-url <url>', 'use this MongoDB server instead of a container').env('MONGO_URL'));
}

/** The regression gate: baseline, thresholds, exports. */
function addGateFlags(cmd: Command): Command {
  return cmd
    .option(
      '--baseline <file>',
      `compare with this results.json; exit 1 on a significant regression (default --repeat ${DEFAULTS.baselineRepeat})`,
    )
    .option('--save-baseline <file>', 'also write this run as a baseline file')
    .option('--max-regression <pct>', 'smallest slowdown in % that fails the gate', String(DEFAULTS.maxRegressionPct))
    .option(
      '--threshold <expr>',
      "threshold, repeatable: 'p99<50', 'errors<0.01', 'rps>1000', 'redis:mixed:p99<20'",
      collect,
      [],
    )
    .option('--threshold-config <file>', 'JSON file with { "thresholds": [expr, …], "alpha": 0.05 }')
    .option(
      '--min-change-ms <ms>',
      'latency changes of at most this many ms never fail the gate (scheduler noise)',
      String(DEFAULTS.minChangeMs),
    )
    .option('--alpha <p>', `significance level of the baseline comparison (default ${DEFAULTS.alpha})`)
    .option(
      '--export <format file...>',
      'export results: bmf FILE (Bencher) or gab FILE (github-action-benchmark), repeatable',
    );
}

const num = (flag: string, schema: z.ZodNumber) => (raw: string) => {
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw new UsageError(`--${flag} ${raw}: not a number`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag} ${raw}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

interface Bounds {
  /** Exclusive lower bound 0 ("greater than 0") unless `min` is given (inclusive). */
  min?: number;
  max: number;
  int?: boolean;
  unit?: string;
}

/**
 * A number schema whose every check carries its own message: without one, zod 4 reports a failed
 * `.max` with the schema's type message ("not a number"), which hides the limit.
 */
export function bounded({ min, max, int, unit }: Bounds): z.ZodNumber {
  const atMost = `must be at most ${max}${unit ? ` (${unit})` : ''}`;
  // Infinity is a number to the user ("1e999"), so it fails on the limit, not on the type.
  let s = z.number({ error: (i) => (i.input === Infinity ? atMost : 'not a number') });
  s =
    min === undefined
      ? s.positive({ error: 'must be greater than 0' })
      : s.min(min, { error: min === 0 ? 'must be 0 or more' : `must be at least ${min}` });
  // The limit first: zod's int() also rejects 1e20 (not a safe integer), which is a limit problem.
  s = s.max(max, { error: atMost });
  return int ? s.int({ error: 'must be a whole number' }) : s;
}

/** Runs commander over argv: a bad flag becomes a UsageError; --help and --version pass as CommanderError. */
export function parseCommandLine(cmd: Command, argv: string[]): void {
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version'))
      throw err;
    throw new UsageError(`${errorMessage(err).replace(/^error: /, '')} (run with --help for the valid flags)`);
  }
}

/** Parses argv (without node and script) into a validated plan. Throws UsageError. */
export async function parseArgs(argv: string[]): Promise<CliOptions> {
  const cmd = buildCommand();
  parseCommandLine(cmd, argv);
  const o = cmd.opts<Opts>();
  const settings = parseSettings(o);
  if (cmd.getOptionValueSource('connections') === 'default') settings.connections = defaultConnections(o);
  const population = parsePopulation(o, settings.connections, num, bounded);
  Object.assign(settings, population.settings, parseConcurrency(o, num, bounded), parseRate(o, num, bounded));
  Object.assign(settings, parseInstancesFlags(o));
  const gate = gateOptions(o);
  // A statistical comparison needs repeats: DEFAULTS.baselineRepeat unless the user chose.
  if (gate.baseline && !argv.some((a) => a === '--repeat' || a.startsWith('--repeat=')))
    settings.repeat = DEFAULTS.baselineRepeat;
  validateGateOptions(gate);
  const storeNames = (o.store as string[] | undefined) ?? Object.keys(builtinStores);
  const stores = await usage(resolveLabelledStores(storeNames, resolveStores));
  const chosen = chooseScenarios(o.scenario as string[] | undefined);
  const matrix = validateMatrix(
    parseOptionFlags(o.option as string[]),
    stores.map((s) => s.def),
  );
  const ab = parseAb(o, { argv, stores, matrix, baseline: gate.baseline }, num, bounded);
  Object.assign(
    settings,
    parseFaultFlags(o, settings.duration, {
      stores: stores.map((s) => s.def),
      urls: serviceUrls(o).urls,
      matrix,
      scenarioModes: chosen.map((s) => s.mode),
      sweeping: settings.sweep !== undefined,
    }),
  );
  // Outputs last: every other check has passed, so a bad flag still leaves nothing on disk.
  const out = (o.out as string | undefined) ?? defaultOutDir();
  if (!o.list) await probeOutputs(out, gate);
  return {
    plan: { stores, scenarios: chosen, matrix, settings, services: serviceUrls(o), population: population.plan },
    out,
    json: Boolean(o.json),
    list: Boolean(o.list),
    namedStores: o.store !== undefined,
    gate,
    ...(ab ? { ab } : {}),
  };
}

type Opts = Record<string, string | string[] | boolean | undefined>;

/** The number flags, each within its limit (LIMITS); --soak overrides --duration. */
function parseSettings(o: Opts): Settings {
  const settings: Settings = {
    duration: num('duration', bounded({ max: LIMITS.durationS, unit: 'seconds' }))(String(o.duration)),
    warmup: num('warmup', bounded({ min: 0, max: LIMITS.warmupS, unit: 'seconds' }))(String(o.warmup)),
    connections: num('connections', bounded({ max: LIMITS.connections, int: true }))(String(o.connections)),
    pipelining: num('pipelining', bounded({ max: LIMITS.pipelining, int: true }))(String(o.pipelining)),
    repeat: num('repeat', bounded({ max: LIMITS.repeat, int: true }))(String(o.repeat)),
    seed: num('seed', bounded({ min: 0, max: LIMITS.seed, int: true }))(String(o.seed)),
    probe: num('probe', bounded({ min: 0, max: LIMITS.probeS, unit: 'seconds' }))(String(o.probe)),
    maxErrorRate: num(
      'max-error-rate',
      bounded({ min: 0, max: 1, unit: 'a share of requests: 0.01 = 1%' }),
    )(String(o.maxErrorRate)),
    ...(o.rate !== undefined
      ? { rate: num('rate', bounded({ max: LIMITS.rate, unit: 'requests per second' }))(String(o.rate)) }
      : {}),
    ...(o.settle !== undefined
      ? { settle: num('settle', bounded({ min: 0, max: LIMITS.settleS, unit: 'seconds' }))(String(o.settle)) }
      : {}),
  };
  if (o.soak !== undefined) settings.duration = parseSoak(String(o.soak));
  return settings;
}

/** An empty list (`--scenario ''`) is refused like an unknown name: a run of no scenarios measures nothing. */
function chooseScenarios(names: string[] | undefined): Scenario[] {
  const valid = `Valid scenarios: ${Object.keys(scenarios).join(', ')}`;
  if (names?.length === 0) throw new UsageError(`--scenario needs at least one name. ${valid}`);
  return (names ?? [DEFAULT_SCENARIO]).map((name) => {
    const s = scenarios[name];
    if (!s) throw new UsageError(`unknown scenario "${name}". ${valid}`);
    return s;
  });
}

/** Where results go when --out is not given: results/<timestamp>/. */
export function defaultOutDir(): string {
  return path.join('results', new Date().toISOString().replace(/[:.]/g, '-'));
}

/** Every file the run will write is checked now, not after the last cell. */
function probeOutputs(out: string, gate: GateOptions): Promise<void> {
  const targets: OutputTarget[] = [{ flag: '--out', path: out, kind: 'dir' }];
  if (gate.saveBaseline) targets.push({ flag: '--save-baseline', path: gate.saveBaseline, kind: 'file' });
  for (const e of gate.exports) {
    for (const file of exportFiles(e.format as ExportFormat, e.file))
      targets.push({ flag: `--export ${e.format}`, path: file, kind: 'file' });
  }
  return prepareOutputs(targets);
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
  if (o.redisClusterUrl) urls['redis-cluster'] = String(o.redisClusterUrl);
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

function gateOptions(o: Opts): GateOptions {
  const raw = (o.export as string[] | undefined) ?? [];
  if (raw.length % 2 !== 0)
    throw new UsageError(`--export takes a format and a file (e.g. --export bmf bench.json); got "${raw.join(' ')}"`);
  const exports = [];
  for (let i = 0; i < raw.length; i += 2) exports.push({ format: raw[i]!, file: raw[i + 1]! });
  return {
    baseline: o.baseline as string | undefined,
    saveBaseline: o.saveBaseline as string | undefined,
    maxRegressionPct: num(
      'max-regression',
      bounded({ max: LIMITS.maxRegressionPct, unit: '%' }),
    )(String(o.maxRegression)),
    minChangeMs: num('min-change-ms', bounded({ min: 0, max: LIMITS.minChangeMs, unit: 'ms' }))(String(o.minChangeMs)),
    thresholds: o.threshold as string[],
    thresholdConfig: o.thresholdConfig as string | undefined,
    exports,
    ...(o.alpha !== undefined
      ? {
          alpha: num(
            'alpha',
            z.number().gt(0, { error: 'must be above 0' }).lt(0.5, { error: 'must be below 0.5' }),
          )(String(o.alpha)),
        }
      : {}),
  };
}
