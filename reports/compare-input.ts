// compare.json, written by the regression gate (`--baseline`, `--threshold`), read leniently: the
// cells, their metric verdicts and the threshold outcomes, or why the file is ignored.
import { z } from 'zod';
import { isObject, keepValid, memoized, type ExtraInput } from './extra-input.ts';

const metricSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  baseline: z.number(),
  current: z.number(),
  changePct: z.number(),
  pValue: z.number().nullable(),
  verdict: z.string(),
});

const cellSchema = z.object({
  label: z.string(),
  status: z.string(),
  fails: z.boolean(),
  reason: z.string().optional(),
  noiseWarning: z.string().optional(),
  metrics: z.array(metricSchema),
});

const thresholdSchema = z.object({
  threshold: z.string(),
  label: z.string().nullable(),
  actual: z.number().nullable(),
  ok: z.boolean(),
  reason: z.string().optional(),
});

export type CompareCell = z.infer<typeof cellSchema>;
export type CompareThreshold = z.infer<typeof thresholdSchema>;

export interface CompareView {
  failed: boolean;
  baselineFile?: string;
  alpha?: number;
  maxRegressionPct?: number;
  minChangeMs?: number;
  cells: CompareCell[];
  thresholds: CompareThreshold[];
  warnings: string[];
}

export const compareInput = memoized<CompareView>((extra) => {
  if (!extra.ok) return { status: 'ignored', file: extra.file, reason: extra.error };
  const { data, file } = extra;
  if (!isObject(data) || data.schemaVersion !== 1 || typeof data.failed !== 'boolean') {
    return { status: 'ignored', file, reason: 'not a compare.json of schemaVersion 1' };
  }
  const cells = keepValid(data.cells, cellSchema);
  const thresholds = keepValid(data.thresholds, thresholdSchema);
  const method = isObject(data.method) ? data.method : {};
  const baseline = isObject(data.baseline) ? data.baseline : {};
  return {
    status: 'ok',
    file,
    dropped: cells.dropped + thresholds.dropped,
    data: {
      failed: data.failed,
      baselineFile: typeof baseline.file === 'string' ? baseline.file : undefined,
      alpha: typeof method.alpha === 'number' ? method.alpha : undefined,
      maxRegressionPct: typeof method.maxRegressionPct === 'number' ? method.maxRegressionPct : undefined,
      minChangeMs: typeof method.minChangeMs === 'number' ? method.minChangeMs : undefined,
      cells: cells.kept,
      thresholds: thresholds.kept,
      warnings: Array.isArray(data.warnings) ? data.warnings.filter((w): w is string => typeof w === 'string') : [],
    },
  } satisfies ExtraInput<CompareView>;
});

/** 1234 → 1234, 12.345 → 12.35, 0.01234 → 0.0123. */
export const compareNumber = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

export const signedPct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;
export const pValueText = (p: number | null) => (p === null ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** One row per metric of a compared cell; one row for a cell that could not be compared. */
export function compareRows(view: CompareView): { cell: CompareCell; metric?: z.infer<typeof metricSchema> }[] {
  return view.cells.flatMap((cell) => (cell.metrics.length ? cell.metrics.map((metric) => ({ cell, metric })) : [{ cell }]));
}

export function methodText(view: CompareView): string {
  const alpha = view.alpha ?? 0.05;
  const pct = view.maxRegressionPct ?? 10;
  const floor = view.minChangeMs ? ` (for latency, also more than ${view.minChangeMs} ms)` : '';
  return `One-sided Welch t-test on the log of per-repeat values (each fresh-server repeat is one observation), alpha ${alpha}; a regression is significant and a slowdown of more than ${pct}%${floor}.`;
}
