// Exports for other tools, one entry per cell (completed repeats only), named by cellKey(), one
// measure per metric the declaration exports (shared/metrics.ts: throughput, p50 and p99 today):
//   bmf  Bencher Metric Format JSON: { "<cell>": { "throughput": {value, lower_value, upper_value},
//        "latency": {…}, "latency-p99": {…} } }. Bencher's built-in Latency measure is in nanoseconds
//        and Throughput in operations/second, so latency is converted from ms to ns; value is
//        the mean over repeats and lower/upper the smallest and largest repeat.
//   gab  github-action-benchmark "custom" tools: arrays of { name, unit, value, range?, extra? }.
//        One file cannot mix directions, so FILE gives two: FILE-stem.bigger.json
//        (tool: customBiggerIsBetter, e.g. throughput) and FILE-stem.smaller.json
//        (customSmallerIsBetter, e.g. latency in ms).
import type { CompletedRun, Results } from '../contracts/results.ts';
import { fmtPercent } from '../shared/format-number.ts';
import { EXPORTED_METRICS, valuesOf } from '../shared/metrics.ts';
import { coefficientOfVariation, mean, variance } from '../shared/stats.ts';
import { writeJsonFile } from '../shared/write-json-file.ts';
import { groupByCell } from './cells.ts';

export const EXPORT_FORMATS = ['bmf', 'gab'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}
export type Bmf = Record<string, Record<string, BmfMetric>>;

export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

const NS_PER_MS = 1e6;

function summary(values: number[], scale = 1): BmfMetric {
  return {
    value: mean(values) * scale,
    lower_value: Math.min(...values) * scale,
    upper_value: Math.max(...values) * scale,
  };
}

function completedCells(results: Results): [string, CompletedRun[]][] {
  return [...groupByCell(results.runs).values()].filter((c) => c.completed.length > 0).map((c) => [c.key, c.completed]);
}

export function toBmf(results: Results): Bmf {
  const out: Bmf = {};
  for (const [key, runs] of completedCells(results)) {
    const measures = EXPORTED_METRICS.map((m) => [
      m.export.bmf,
      summary(valuesOf(m, runs), m.unit === 'ms' ? NS_PER_MS : 1),
    ]);
    out[key] = Object.fromEntries(measures) as Record<string, BmfMetric>;
  }
  return out;
}

function gabEntry(name: string, unit: string, values: number[]): GabEntry {
  const cv = coefficientOfVariation(values);
  const entry: GabEntry = { name, unit, value: round(mean(values)) };
  if (values.length > 1) entry.range = `± ${round(Math.sqrt(variance(values)))}`;
  entry.extra = `repeats: ${values.length}${cv === null ? '' : `\nCV: ${fmtPercent(cv, 1)}`}`;
  return entry;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function toGab(results: Results): { bigger: GabEntry[]; smaller: GabEntry[] } {
  const bigger: GabEntry[] = [];
  const smaller: GabEntry[] = [];
  for (const [key, runs] of completedCells(results)) {
    for (const m of EXPORTED_METRICS) {
      (m.better === 'higher' ? bigger : smaller).push(gabEntry(`${key} ${m.export.gab}`, m.unit, valuesOf(m, runs)));
    }
  }
  return { bigger, smaller };
}

/** FILE-stem.bigger.json and FILE-stem.smaller.json beside FILE. */
export function gabFiles(file: string): { bigger: string; smaller: string } {
  const stem = file.endsWith('.json') ? file.slice(0, -'.json'.length) : file;
  return { bigger: `${stem}.bigger.json`, smaller: `${stem}.smaller.json` };
}

/** The files one --export writes: FILE itself, or gab's pair beside it. Probed before the run. */
export function exportFiles(format: ExportFormat, file: string): string[] {
  if (format === 'bmf') return [file];
  const { bigger, smaller } = gabFiles(file);
  return [bigger, smaller];
}

/** Writes one export; returns the files written. */
export async function writeExport(results: Results, format: ExportFormat, file: string): Promise<string[]> {
  if (format === 'bmf') return [await writeJsonFile(file, toBmf(results))];
  const { bigger, smaller } = toGab(results);
  const files = gabFiles(file);
  return [await writeJsonFile(files.bigger, bigger), await writeJsonFile(files.smaller, smaller)];
}
