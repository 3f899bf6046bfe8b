// compare.json, written by the regression gate (`--baseline`, `--threshold`), read leniently into
// what the shared renderer (harness/shared/render-compare.ts) reads: the cells, their metric
// verdicts and the threshold outcomes, or why the file is ignored.
import { z } from 'zod';
import type { CompareDoc } from '../harness/shared/render-compare.ts';
import { isObject, keepValid, lenient, memoized, type ExtraInput } from './extra-input.ts';

const pair = z.object({ baseline: z.number().nullable(), current: z.number().nullable() });

const metricSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  baseline: z.number(),
  current: z.number(),
  changePct: z.number(),
  pValue: z.number().nullable(),
  cv: lenient(pair),
  verdict: z.string(),
});

const workRowSchema = z.object({
  label: z.string(),
  quantity: z.string(),
  unit: z.string(),
  baseline: z.number(),
  current: z.number(),
  change: z.number(),
  allowed: z.number().nullable(),
  verdict: z.string(),
  fails: z.boolean(),
});

const abSchema = z.object({
  horizonPct: z.number(),
  confidence: z.number(),
  budgetS: z.number(),
  elapsedS: z.number(),
  stoppedBy: z.string(),
  failUnresolved: z.boolean(),
  order: z.array(z.string()),
  unresolved: z.number(),
  groups: z.array(
    z.object({
      label: z.string(),
      comparisons: z.array(
        z.object({
          control: z.string(),
          variant: z.string(),
          samples: z.object({ control: z.number(), variant: z.number() }),
          metrics: z.array(
            z.object({
              metric: z.string(),
              unit: z.string(),
              control: z.number(),
              variant: z.number(),
              diffPct: z.number(),
              ciPct: z.tuple([z.number(), z.number()]).nullable(),
              verdict: z.string(),
            }),
          ),
          work: z.array(workRowSchema),
          fails: z.boolean(),
          unresolved: z.boolean(),
        }),
      ),
    }),
  ),
});

const cellSchema = z.object({
  label: z.string(),
  status: z.string(),
  fails: z.boolean(),
  reason: z.string().optional(),
  noiseWarning: z.string().optional(),
  repeats: lenient(z.object({ baseline: z.number(), current: z.number() })),
  withinRunCv: lenient(pair),
  metrics: z.array(metricSchema),
  work: lenient(z.array(workRowSchema)),
});

const thresholdSchema = z.object({
  threshold: z.string(),
  label: z.string().nullable(),
  actual: z.number().nullable(),
  ok: z.boolean(),
  reason: z.string().optional(),
});

const methodSchema = z.object({ alpha: z.number(), maxRegressionPct: z.number(), minChangeMs: lenient(z.number()) });
const baselineSchema = z.object({ file: z.string(), createdAt: lenient(z.string()) });

export const compareInput = memoized<CompareDoc>((extra) => {
  if (!extra.ok) return { status: 'ignored', file: extra.file, reason: extra.error };
  const { data, file } = extra;
  if (!isObject(data) || data.schemaVersion !== 1 || typeof data.failed !== 'boolean') {
    return { status: 'ignored', file, reason: 'not a compare.json of schemaVersion 1' };
  }
  const cells = keepValid(data.cells, cellSchema);
  const thresholds = keepValid(data.thresholds, thresholdSchema);
  const method = methodSchema.safeParse(data.method);
  const baseline = baselineSchema.safeParse(data.baseline);
  const ab = abSchema.safeParse(data.ab);
  return {
    status: 'ok',
    file,
    dropped: cells.dropped + thresholds.dropped,
    data: {
      failed: data.failed,
      baseline: baseline.success ? baseline.data : null,
      method: method.success ? method.data : undefined,
      cells: cells.kept,
      thresholds: thresholds.kept,
      ...(ab.success ? { ab: ab.data } : {}),
      warnings: Array.isArray(data.warnings) ? data.warnings.filter((w): w is string => typeof w === 'string') : [],
    },
  } satisfies ExtraInput<CompareDoc>;
});
