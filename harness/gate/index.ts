// The CI gate: compare with a baseline, check thresholds, save a baseline, export for other tools.
// validateGateOptions runs before anything is measured (bad input → UsageError, exit 2); runGate
// runs after results.json is written and returns 1 on a regression, an uncompared baselined cell
// or a missed threshold, else 0. The statistics are explained in gate/compare.ts.
import path from 'node:path';
import { UsageError } from '../shared/usage-error.ts';
import type { Results } from '../contracts/results.ts';
import { writeFileAtomic } from '../shared/write-atomic.ts';
import { writeJsonFile } from '../shared/write-json-file.ts';
import { groupByCell } from './cells.ts';
import type { CompareReport } from '../contracts/compare.ts';
import type { AbReport } from '../contracts/compare-ab.ts';
import { loadBaseline, loadGateConfig } from './config.ts';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from './exports.ts';
import { DEFAULTS } from '../shared/defaults.ts';
import { renderCompareMarkdown, renderCompareText } from '../shared/render-compare.ts';
import { parseThreshold, type Threshold } from '../shared/threshold-expression.ts';
import { buildReport } from './report.ts';

export interface GateOptions {
  baseline?: string | undefined;
  saveBaseline?: string | undefined;
  /** Smallest slowdown, in percent, that counts as a regression (with significance). */
  maxRegressionPct: number;
  thresholds: string[];
  thresholdConfig?: string | undefined;
  exports: { format: string; file: string }[];
  /** Significance level of the comparison; overrides the config file's "alpha" (default DEFAULTS.alpha). */
  alpha?: number | undefined;
  /** Latency changes of at most this many ms never fail the gate (default DEFAULTS.minChangeMs). */
  minChangeMs?: number | undefined;
}

interface ResolvedGate {
  thresholds: Threshold[];
  alpha: number;
  baseline?: { file: string; results: Results };
  exports: { format: ExportFormat; file: string }[];
}

const isExportFormat = (f: string): f is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(f);

function resolveExports(list: GateOptions['exports']): ResolvedGate['exports'] {
  return list.map(({ format, file }) => {
    if (!isExportFormat(format)) {
      throw new UsageError(
        `--export ${format}: unknown format. Valid formats: bmf (Bencher Metric Format), gab (github-action-benchmark custom JSON)`,
      );
    }
    return { format, file };
  });
}

function resolveAlpha(o: GateOptions, fromConfig: number | undefined): number {
  const alpha = o.alpha ?? fromConfig ?? DEFAULTS.alpha;
  if (!(alpha > 0 && alpha < 0.5)) throw new UsageError(`--alpha ${alpha}: must be between 0 and 0.5 (e.g. 0.05)`);
  return alpha;
}

/** Reads and checks every gate input; throws UsageError naming the bad value and the valid ones. */
function resolveGate(o: GateOptions): ResolvedGate {
  const config = o.thresholdConfig ? loadGateConfig(o.thresholdConfig) : undefined;
  const thresholds = [...o.thresholds, ...(config?.thresholds ?? [])].map(parseThreshold);
  const alpha = resolveAlpha(o, config?.alpha);
  const exports = resolveExports(o.exports);
  if (!(o.maxRegressionPct > 0))
    throw new UsageError(`--max-regression ${o.maxRegressionPct}: must be greater than 0 (a percentage, e.g. 10)`);
  const baseline = o.baseline ? { file: o.baseline, results: loadBaseline(o.baseline) } : undefined;
  return { thresholds, alpha, exports, ...(baseline ? { baseline } : {}) };
}

/** Throws UsageError for a bad threshold, config, export format or baseline file. */
export function validateGateOptions(o: GateOptions): void {
  resolveGate(o);
}

async function saveBaseline(results: Results, file: string, out: string[]): Promise<void> {
  await writeJsonFile(file, results);
  out.push(`baseline: saved ${file}`);
  const thin = [...groupByCell(results.runs).values()].filter((c) => c.completed.length < 2);
  if (thin.length) {
    out.push(
      `warning: ${thin.length} cell(s) in this baseline have fewer than 2 completed repeats (e.g. ${thin[0]!.label}); comparisons need at least 2 per side: record baselines with --repeat ${DEFAULTS.baselineRepeat}`,
    );
  }
}

/** compare.json (read by the reports) and gate.md (the gate's section on its own). */
async function writeReportFiles(report: CompareReport, outDir: string): Promise<void> {
  await writeJsonFile(path.join(outDir, 'compare.json'), report);
  await writeFileAtomic(path.join(outDir, 'gate.md'), renderCompareMarkdown(report).join('\n'));
}

/** `ab`: the verdicts of an --ab run (harness/ab/), compared in this run rather than with a file. */
export async function runGate(results: Results, o: GateOptions, outDir: string, ab?: AbReport): Promise<number> {
  const gate = resolveGate(o);
  const lines: string[] = [];
  if (o.saveBaseline) await saveBaseline(results, o.saveBaseline, lines);
  for (const e of gate.exports)
    lines.push(`export: ${e.format} → ${(await writeExport(results, e.format, e.file)).join(', ')}`);
  let code = 0;
  if (gate.baseline || gate.thresholds.length > 0 || ab) {
    const report = buildReport({
      ab,
      current: results,
      baseline: gate.baseline,
      thresholds: gate.thresholds,
      alpha: gate.alpha,
      maxRegressionPct: o.maxRegressionPct,
      minChangeMs: o.minChangeMs ?? DEFAULTS.minChangeMs,
    });
    await writeReportFiles(report, outDir);
    lines.push(renderCompareText(report), `compare: ${path.join(outDir, 'compare.json')}`);
    code = report.failed ? 1 : 0;
  }
  if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n`);
  return code;
}
