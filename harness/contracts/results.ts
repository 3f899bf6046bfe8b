// The results.json contract (schemaVersion 1): what running writes and reporting, gating and other
// tools read. One zod schema is the TypeScript type (z.infer), the validator (the gate checks a
// baseline against all of it, the reports only the parts they rely on) and the source of
// results.schema.json (`npm run schema`). Add fields freely; never rename or drop the documented ones.
// Plain z.object, not z.looseObject: the types stay exact for writers (a misspelt optional field
// is a compile error), and readers keep unknown fields by using the input they validated
// (check-contract.ts), so a file from a newer writer is never rejected for having more.
import { z } from 'zod';
import { runMetricsSchema } from './run-metrics.ts';
import { sloSettingSchema } from './open-model.ts';
import { faultPlanSchema } from './fault.ts';
import { BALANCE_VALUES } from './instances.ts';

export type { Latency, MemorySample, RunMemory, RunMetrics, StoreSideSample } from './run-metrics.ts';

export const SCHEMA_VERSION = 1 as const;

export const optionValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type OptionValue = z.infer<typeof optionValueSchema>;
export const cellOptionsSchema = z
  .record(z.string(), optionValueSchema)
  .describe(
    "The cell's express-session and store options, defaults included, and `sessions`: the preloaded population " +
      '(present only when the cell preloads one).',
  );
export type CellOptions = z.infer<typeof cellOptionsSchema>;

const serviceSchema = z.object({
  mode: z
    .enum(['container', 'url', 'processes'])
    .describe(
      'container: started by the harness; url: the user’s own; processes: local server processes the harness started.',
    ),
  endpoint: z.string().describe('Where the service was: its URL, any password masked.'),
  version: z.string().optional().describe('Server version it reported.'),
});

export const environmentSchema = z
  .object({
    node: z.string(),
    platform: z.string(),
    // Not min 1: os.cpus() is empty where /proc is hidden, and such a run is still a run.
    cpus: z.number().int().nonnegative(),
    cpuModel: z.string(),
    totalMemBytes: z.number().nonnegative(),
    packages: z.record(z.string(), z.string()).describe('Versions of the packages that matter, by name.'),
    images: z
      .record(z.string(), z.string())
      .optional()
      .describe('Container images used, by service kind (redis, postgres, mongo).'),
    services: z
      .record(z.string(), serviceSchema)
      .optional()
      .describe('How each service was provided: "container", "url" or absent.'),
  })
  .describe('How the numbers were obtained: Node, machine and package versions.');
export type Environment = z.infer<typeof environmentSchema>;

export const settingsSchema = z
  .object({
    duration: z.number().positive().describe('Measured seconds per cell.'),
    warmup: z.number().nonnegative().describe('Unmeasured seconds before the measured phase.'),
    connections: z.number().int().min(1).describe('Virtual users: one connection and one cookie jar each.'),
    pipelining: z.number().int().min(1).describe('Requests in flight per connection.'),
    rate: z
      .number()
      .positive()
      .optional()
      .describe(
        "Open model: arrivals per second, sent at their intended times whatever the answers do (each run's " +
          'arrivals says what the generator did). Absent: closed model, as fast as the answers come.',
      ),
    arrivals: z
      .enum(['uniform', 'poisson'])
      .optional()
      .describe('Open model: evenly spaced arrivals (uniform, the default) or a Poisson process.'),
    slo: sloSettingSchema.optional(),
    sweep: z
      .object({
        fractions: z.array(z.number().positive()).describe('Step rates as fractions of the closed-model maximum.'),
        stepSeconds: z.number().positive().describe('Measured seconds per step (after a 1 s warm-up each).'),
      })
      .optional()
      .describe('--sweep: each cell finds its closed-model maximum, then steps the open-model rate (capacity).'),
    repeat: z.number().int().min(1).describe('Repeats of each cell, each on a fresh server.'),
    seed: z.number().int().describe("Seed of the virtual users' choices: the same seed sends the same traffic."),
    settle: z
      .number()
      .nonnegative()
      .optional()
      .describe('Idle seconds after the load before the final memory reading. Absent: 2 × maxAge + 1 s if ≤ 60 s.'),
    probe: z
      .number()
      .nonnegative()
      .optional()
      .describe('Seconds of the unloaded latency probe after the load (0 = off).'),
    sessions: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe(
        'Sessions preloaded into the store before each cell (--sessions; a list is a matrix dimension and each ' +
          "cell's options.sessions says which). Absent in files written before the population existed: 0.",
      ),
    users: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Virtual users (--users), when given. Absent: per cell, min(sessions, 100000) when it preloads sessions, ' +
          'else one per connection; each run records its own in population.users.',
      ),
    access: z
      .string()
      .optional()
      .describe('Which user acts next: uniform, or zipf:S (rank r picked with weight 1/r^S). Absent: uniform.'),
    thinkTimeMs: z
      .number()
      .nonnegative()
      .optional()
      .describe('Pause of one user between an answer and its next request, ms (--think-time). Absent: 0.'),
    payload: z
      .object({
        source: z.enum(['default', 'file']),
        file: z.string().optional().describe('The --payload file.'),
        padToBytes: z.number().int().positive().optional().describe('--payload-bytes: sessions padded to this size.'),
      })
      .optional()
      .describe(
        "What a logged-in session holds besides the app's fields: the default (passport user, CSRF secret, flash) " +
          'or the team’s sample.',
      ),
    verifySample: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'At most this many sessions are read back after the load, a seeded random sample of the users who acted ' +
          '(0 = every one); correctness.candidates says of how many.',
      ),
    workMs: z
      .number()
      .nonnegative()
      .optional()
      .describe("ms the app's session routes wait between reading and writing the session (--work-ms). Absent: 0."),
    parallel: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Scenario concurrent: cart adds one user sends at once, each on its own connection (--parallel).'),
    maxErrorRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Largest share (0–1) of failed requests (errors + timeouts + non-2xx, hung included) a run may have and ' +
          'still count as completed (--max-error-rate, default 0.01).',
      ),
    fault: faultPlanSchema.optional(),
    instances: z
      .array(z.number().int().min(1))
      .optional()
      .describe(
        'App instances per cell (--instances; with N > 1 each cell also runs on 1 instance, the scaling baseline). ' +
          "A cell's options.instances says which (absent: 1). Absent: 1.",
      ),
    balance: z
      .array(z.enum(BALANCE_VALUES))
      .optional()
      .describe('How nginx balanced cells of several instances (--balance; options.balance says which).'),
    storeRttMs: z
      .number()
      .nonnegative()
      .optional()
      .describe('--store-rtt: ms of round-trip time added between the app and its store by a delaying TCP proxy.'),
  })
  .describe('The exact settings of the run.');
export type Settings = z.infer<typeof settingsSchema>;

export const scenarioSpecSchema = z.object({
  name: z.string(),
  description: z.string(),
  weights: z
    .record(z.string(), z.number().nonnegative())
    .describe('Relative weights of what a logged-in user does next.'),
  anonymousShare: z.number().min(0).max(1).describe('Share of connections that are anonymous visitors.'),
  abandonAfter: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('After this many requests since login, the user drops its cookie and starts over (no logout).'),
  mode: z.string().optional().describe('weighted (absent), concurrent (parallel writes of one user) or logout-race.'),
});
export type ScenarioSpec = z.infer<typeof scenarioSpecSchema>;

const declaredStoreSchema = z.object({
  description: z.string().optional(),
  service: z.string().optional(),
  traits: z
    .object({ persistent: z.boolean().optional(), shared: z.boolean().optional(), clientSide: z.boolean().optional() })
    .optional(),
});

/** The outcomes of a run, its discriminator: outcomes are data, never a crash of the matrix. */
export const RUN_STATUSES = ['completed', 'failed', 'skipped'] as const;

export const runBaseSchema = z.object({
  id: z.string().describe('The cell key and the repeat: store|scenario|options#repeat.'),
  store: z.string().describe("The store's name (its size is storeSide)."),
  scenario: z.string(),
  options: cellOptionsSchema,
  repeat: z.number().int().min(1),
});

const completedRunSchema = runBaseSchema.extend({
  status: z.literal('completed'),
  reason: z.string().optional().describe('A note on a completed run, when there is one.'),
  ...runMetricsSchema.shape,
});
export type CompletedRun = z.infer<typeof completedRunSchema>;

const failedRunSchema = runBaseSchema.extend({
  status: z.literal('failed'),
  reason: z.string().describe('Why the run failed, in words.'),
  // A failed run keeps whatever it measured before it failed.
  ...runMetricsSchema.partial().shape,
});
export type FailedRun = z.infer<typeof failedRunSchema>;

const skippedRunSchema = runBaseSchema.extend({
  status: z.literal('skipped'),
  reason: z.string().describe('Why the run was not started, in words.'),
});
export type SkippedRun = z.infer<typeof skippedRunSchema>;

export const runSchema = z.discriminatedUnion('status', [completedRunSchema, failedRunSchema, skippedRunSchema]).meta({
  id: 'run',
  description:
    'One repeat of one cell (store × scenario × options). A failed run carries whatever it measured before it ' +
    'failed: any of the metric fields may be missing.',
});
export type Run = z.infer<typeof runSchema>;

export const resultsSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    createdAt: z.iso.datetime().describe('When the run began (ISO 8601, UTC).'),
    partial: z.boolean().optional().describe('true while a run is going and after an interrupt.'),
    environment: environmentSchema,
    settings: settingsSchema,
    scenarios: z.record(z.string(), scenarioSpecSchema).optional().describe('The scenarios run, by name.'),
    stores: z
      .record(z.string(), declaredStoreSchema)
      .optional()
      .describe('What each store declared about itself (not measured): description, service, traits.'),
    runs: z.array(runSchema),
  })
  .meta({
    $id: 'https://session-bench.dev/results.schema.json',
    title: `session-bench results.json (schemaVersion ${SCHEMA_VERSION})`,
    description:
      'The contract between running, reporting and gating. Fields may be added; documented ones are never ' +
      'renamed or dropped. Generated from harness/contracts/results.ts by `npm run schema`.',
  });
export type Results = z.infer<typeof resultsSchema>;

/** express-session options every run records, at the values a run uses unless the matrix says otherwise. */
export const SESSION_OPTION_DEFAULTS: Readonly<CellOptions> = {
  resave: false,
  saveUninitialized: false,
  rolling: false,
  maxAge: 3_600_000,
};

/** The cell option that holds a cell's preloaded population (absent = 0). */
export const SESSIONS_OPTION = 'sessions';
/** --sessions when not given: a store of production size. */
export const DEFAULT_SESSIONS = 10_000;

/** A cell's options for people: only those that differ from the defaults (population included), or "defaults". */
export function describeOptions(options: CellOptions): string {
  const defaults: CellOptions = { ...SESSION_OPTION_DEFAULTS, [SESSIONS_OPTION]: DEFAULT_SESSIONS };
  const diff = Object.entries(options).filter(([k, v]) => defaults[k] !== v);
  return diff.length ? diff.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'defaults';
}

/** Stable identity of a cell across runs and machines: store, scenario and sorted options. */
export function cellKey(run: Pick<Run, 'store' | 'scenario' | 'options'>): string {
  const opts = Object.keys(run.options)
    .sort()
    .map((k) => `${k}=${String(run.options[k])}`)
    .join(',');
  return `${run.store}|${run.scenario}|${opts}`;
}
