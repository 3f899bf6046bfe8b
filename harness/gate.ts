// The CI gate: compare with a baseline, check thresholds, export for other tools. (Stub: see issue 6.)
import type { Results } from './results.ts';

export interface GateOptions {
  baseline?: string;
  saveBaseline?: string;
  /** Smallest slowdown, in percent, that counts as a regression (with significance). */
  maxRegressionPct: number;
  thresholds: string[];
  thresholdConfig?: string;
  exports: { format: string; file: string }[];
}

/** Throws UsageError for a bad threshold, export format or missing baseline file. */
export function validateGateOptions(_o: GateOptions): void {}

/** Runs after results.json is written; returns 1 when a regression or threshold fails, else 0. */
export async function runGate(_results: Results, _o: GateOptions, _outDir: string): Promise<number> {
  return 0;
}
