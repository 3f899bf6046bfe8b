// Which latency a number is: one request alone (the harness's unloaded probe) or under the cell's
// load, which on a saturated server is mostly queueing. Every place that shows latency names it.
import type { CellStats } from './summarize-cells.ts';

export const ALONE = 'alone';
export const LOADED = 'under load';

/** How `stats.latency` was measured, in a few words for headings and sentences. */
export function latencyKind(stats: Pick<CellStats, 'latencySource'>): string {
  return stats.latencySource === 'probe' ? ALONE : LOADED;
}

/** True when any cell's headline latency came from the probe: tables then add a loaded column. */
export function anyProbe(cells: readonly { stats: Pick<CellStats, 'latencySource' | 'loadedLatency'> }[]): boolean {
  return cells.some((c) => c.stats.latencySource === 'probe' && c.stats.loadedLatency !== undefined);
}

export const LATENCY_NOTE =
  '“Alone” is one virtual user running the scenario after the load, with nothing else in flight: what a request costs with this store. “Under load” includes queueing behind the other connections.';
