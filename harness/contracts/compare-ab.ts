// compare.json's `ab` part (schemaVersion 1, added fields only): the interleaved comparison of
// `--ab` variants measured in one run, on one machine, A B B A … on fresh servers. Per metric the
// difference with its 95 % confidence interval and a verdict against the horizon; per action the
// exact change in work. Written by harness/ab/, rendered by harness/shared/render-ab.ts.
import { z } from 'zod';
import { cellOptionsSchema } from './results.ts';
import { workComparisonSchema } from './compare-work.ts';
import { documentedEnum } from './documented-enum.ts';

const AB_VERDICTS = {
  faster: 'the whole confidence interval of the difference is beyond the horizon, on the better side',
  slower: 'the whole confidence interval is beyond the horizon, on the worse side: fails the gate',
  same: 'the whole confidence interval lies inside ±horizon',
  unresolved:
    'the interval still straddles a horizon when sampling stopped (the budget ran out): exit 0 with a warning, 1 with --fail-unresolved',
} as const;

const STOPPED_BY = {
  resolved: 'every compared metric of every comparison was resolved',
  budget: 'the time budget (--budget) would have been exceeded by another round',
  'max-samples': 'the largest number of samples per variant was reached',
  failed: 'a sample failed: the comparison cannot go on honestly',
  interrupted: 'Ctrl-C',
} as const;

export const abVerdictSchema = documentedEnum(AB_VERDICTS);
export type AbVerdict = z.infer<typeof abVerdictSchema>;

const abMetricSchema = z.object({
  metric: z.string().describe('rps, p50 or p99 (the gate metrics).'),
  unit: z.string(),
  better: z.enum(['higher', 'lower']),
  control: z.number().describe('Geometric mean over the control variant’s samples.'),
  variant: z.number(),
  diffPct: z.number().describe('(variant / control − 1) × 100, from the difference of the log means.'),
  ciPct: z
    .tuple([z.number(), z.number()])
    .nullable()
    .describe('95 % confidence interval of diffPct (Welch, on the logs); null with fewer than 2 samples a side.'),
  verdict: abVerdictSchema,
});
export type AbMetric = z.infer<typeof abMetricSchema>;

const abComparisonSchema = z.object({
  control: z.string().describe('The first variant (its label).'),
  variant: z.string(),
  samples: z.object({ control: z.number().int().nonnegative(), variant: z.number().int().nonnegative() }),
  metrics: z.array(abMetricSchema),
  work: z.array(workComparisonSchema).describe('Work per action, variant against control, exact.'),
  fails: z.boolean().describe('A metric is slower or a work quantity is more.'),
  unresolved: z.boolean().describe('Some metric is unresolved.'),
});
export type AbComparison = z.infer<typeof abComparisonSchema>;

const abGroupSchema = z.object({
  label: z.string().describe('What the variants share: scenario and options.'),
  scenario: z.string(),
  options: cellOptionsSchema,
  comparisons: z.array(abComparisonSchema),
});
export type AbGroup = z.infer<typeof abGroupSchema>;

export const abReportSchema = z.object({
  axis: z.enum(['store', 'option']).describe('What the variants differ in.'),
  variants: z.array(z.string()).describe('Their labels, control first.'),
  horizonPct: z.number().positive(),
  confidence: z.number().gt(0).lt(1),
  minSamples: z.number().int().positive(),
  budgetS: z.number().positive(),
  elapsedS: z.number().nonnegative(),
  stoppedBy: documentedEnum(STOPPED_BY),
  failUnresolved: z.boolean(),
  order: z.array(z.string()).describe('The variant of each sample, in the order they ran.'),
  groups: z.array(abGroupSchema),
  unresolved: z.number().int().nonnegative().describe('Unresolved metrics over all comparisons.'),
});
export type AbReport = z.infer<typeof abReportSchema>;
