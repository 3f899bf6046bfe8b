// A cell's capacity at a latency SLO from its sweep steps: the highest rate whose percentile latency
// (timed from intended send times) is within the SLO with errors under MAX_ERROR_SHARE. Between the
// last step that meets it and the first that does not, the rate is interpolated linearly on the
// latency, and the result says so (`bound`).
import type { Capacity, CapacityStep, SloPercentile } from '../contracts/open-model.ts';

/** A step with 0.1 % or more of its arrivals failed does not meet the SLO, whatever its latency. */
export const MAX_ERROR_SHARE = 0.001;

export interface Slo {
  ms: number;
  percentile: SloPercentile;
}

export function meetsSlo(step: Pick<CapacityStep, 'latencyMs' | 'errors'>, slo: Slo): boolean {
  return step.latencyMs[slo.percentile] <= slo.ms && step.errors < MAX_ERROR_SHARE;
}

/** The steps in rate order; the first that misses the SLO ends the search (later ones are past the knee). */
export function capacityOf(steps: CapacityStep[], slo: Slo, closedMaxRps: number): Capacity {
  const sorted = [...steps].sort((a, b) => a.rate - b.rate);
  const base = {
    sloMs: slo.ms,
    percentile: slo.percentile,
    maxErrorShare: MAX_ERROR_SHARE,
    closedMaxRps,
    steps: sorted,
  };
  const firstMiss = sorted.findIndex((s) => !meetsSlo(s, slo));
  if (firstMiss === -1) return { ...base, rps: sorted.at(-1)?.rate ?? 0, bound: 'at-least' };
  if (firstMiss === 0) return { ...base, rps: 0, bound: 'below-lowest' };
  const good = sorted[firstMiss - 1]!;
  const bad = sorted[firstMiss]!;
  const lo = good.latencyMs[slo.percentile];
  const hi = bad.latencyMs[slo.percentile];
  // Missed on errors, or latency did not rise: nothing to interpolate on.
  if (bad.errors >= MAX_ERROR_SHARE || !(hi > lo)) return { ...base, rps: good.rate, bound: 'at-step' };
  const rps = good.rate + ((slo.ms - lo) / (hi - lo)) * (bad.rate - good.rate);
  return { ...base, rps, bound: 'interpolated' };
}
