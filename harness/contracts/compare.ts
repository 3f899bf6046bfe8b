// The compare.json contract (schemaVersion 1), written to the output directory by the gate. Tools
// may read it (reports/ renders it); add fields freely, never rename or drop these. The zod schema
// is the type and the validator, as for results.json (results.ts).
import { z } from 'zod';
import { cellOptionsSchema, resultsSchema, settingsSchema } from './results.ts';
import { workComparisonSchema } from './compare-work.ts';
import { documentedEnum } from './documented-enum.ts';
import { abReportSchema } from './compare-ab.ts';

export type { WorkComparison } from './compare-work.ts';

export const COMPARE_SCHEMA_VERSION = 1 as const;

/** The metrics the baseline comparison tests, in compare.json's `metric` fields. */
/** capacity: only for cells a --sweep measured on both sides. */
export const COMPARED_METRICS = ['rps', 'p50', 'p99', 'capacity'] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

// Each member's meaning, for the enums' descriptions and for people reading this file.
const VERDICTS = {
  regression: 'significantly worse (p < alpha) AND worse by more than --max-regression',
  improvement: 'significantly better AND better by more than --max-regression',
  unchanged: 'not significant, or smaller than --max-regression',
  untested: 'fewer than two completed repeats on a side: no test possible',
} as const;

const CELL_STATUSES = {
  compared: 'both sides have ≥ 2 completed repeats: metrics were tested',
  'not-completed': 'the current run of a baselined cell failed or was skipped: fails the gate',
  'insufficient-repeats': 'fewer than 2 completed repeats on a side: fails the gate (the gate cannot do its job)',
  'missing-in-current': 'in the baseline, not run now (the plan changed): listed, does not fail',
  'missing-in-baseline':
    'run now, not in the baseline (new cell) or the baseline has no completed run: listed, does not fail',
} as const;

const pairSchema = z.object({ baseline: z.number().nullable(), current: z.number().nullable() });

const metricVerdictSchema = documentedEnum(VERDICTS);
export type MetricVerdict = z.infer<typeof metricVerdictSchema>;

const metricComparisonSchema = z.object({
  metric: z.enum(COMPARED_METRICS),
  unit: z.string(),
  better: z.enum(['higher', 'lower']),
  baseline: z.number().describe('Geometric mean of the completed repeats.'),
  current: z.number(),
  changePct: z.number().describe('(current / baseline − 1) × 100.'),
  pValue: z
    .number()
    .nullable()
    .describe('One-sided Welch p-value on log per-repeat values, in the direction of the change; null if untested.'),
  cv: pairSchema.describe(
    'Coefficient of variation of the per-repeat values (sd / mean); null with fewer than 2 repeats.',
  ),
  minDetectablePct: z
    .number()
    .nullable()
    .describe('Smallest slowdown (%) this comparison detects with 80 % power at alpha; null if untested.'),
  verdict: metricVerdictSchema,
});
export type MetricComparison = z.infer<typeof metricComparisonSchema>;

const cellStatusSchema = documentedEnum(CELL_STATUSES);
export type CellStatus = z.infer<typeof cellStatusSchema>;

const cellComparisonSchema = z.object({
  key: z.string().describe('cellKey(): store|scenario|sorted options.'),
  label: z.string(),
  store: z.string(),
  scenario: z.string(),
  options: cellOptionsSchema,
  status: cellStatusSchema,
  fails: z.boolean().describe('True when this cell makes the gate exit 1.'),
  reason: z.string().optional(),
  repeats: z.object({ baseline: z.number().int().nonnegative(), current: z.number().int().nonnegative() }),
  withinRunCv: pairSchema.describe(
    'Mean coefficient of variation of the per-second throughput samples inside one run ' +
      '(autocorrelated: reported, not tested).',
  ),
  metrics: z.array(metricComparisonSchema),
  work: z
    .array(workComparisonSchema)
    .optional()
    .describe('Work per action against the baseline; absent when a side recorded none (an older baseline).'),
  noiseWarning: z.string().optional().describe('Set when the noise is too high for --max-regression to mean anything.'),
});
export type CellComparison = z.infer<typeof cellComparisonSchema>;

const thresholdOutcomeSchema = z.object({
  threshold: z.string().describe('The expression as given, e.g. "redis:mixed:p99<20".'),
  key: z.string().nullable().describe("The cell's key; null when the threshold matched no cell."),
  label: z.string().nullable().describe("The cell's label; null when the threshold matched no cell."),
  actual: z.number().nullable(),
  ok: z.boolean(),
  reason: z.string().optional(),
});
export type ThresholdOutcome = z.infer<typeof thresholdOutcomeSchema>;

const gateMethodSchema = z.object({
  test: z.literal('welch-t-one-sided-log'),
  alpha: z.number().gt(0).lt(1),
  maxRegressionPct: z.number().nonnegative(),
  minChangeMs: z
    .number()
    .nonnegative()
    .describe('Latency changes of at most this many ms never fail (scheduler noise floor).'),
  unit: z
    .literal('repeat')
    .describe('What one observation is: a fresh-server repeat (per-second samples are autocorrelated).'),
  metrics: z.array(z.enum(COMPARED_METRICS)),
});
export type GateMethod = z.infer<typeof gateMethodSchema>;

export const compareReportSchema = z
  .object({
    schemaVersion: z.literal(COMPARE_SCHEMA_VERSION),
    createdAt: z.iso.datetime(),
    baseline: z
      .object({ file: z.string(), createdAt: resultsSchema.shape.createdAt, settings: settingsSchema })
      .nullable(),
    method: gateMethodSchema,
    cells: z.array(cellComparisonSchema),
    thresholds: z.array(thresholdOutcomeSchema),
    warnings: z.array(z.string()),
    regressions: z.number().int().nonnegative().describe('Number of metric regressions (work increases included).'),
    ab: abReportSchema.optional().describe('--ab: the interleaved comparison of variants measured in this run.'),
    failed: z.boolean().describe('True when the gate exits 1.'),
  })
  .meta({ title: `session-bench compare.json (schemaVersion ${COMPARE_SCHEMA_VERSION})` });
export type CompareReport = z.infer<typeof compareReportSchema>;
