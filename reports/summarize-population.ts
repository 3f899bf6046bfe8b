// A cell's preloaded population (run.population), its event-loop delay and the store's detail at the
// end, summarised over repeats the way summarize-cells.ts does the other metrics: medians, counts
// summed, the largest max. Kept apart so results without a population summarise exactly as before.
import type { RunMetrics } from '../harness/contracts/results.ts';
import { median, sum } from '../harness/shared/stats.ts';

type Population = NonNullable<RunMetrics['population']>;
type Detail = Record<string, number>;

/** What summarizePopulation reads: a completed run, or a failed one that got as far as the preload. */
export interface PopulationRun {
  population?: Population | undefined;
  storeSide?: { detail?: Detail | undefined } | undefined;
}

export interface PopulationStats {
  /** Repeats that recorded a population. */
  repeats: number;
  preloaded: number;
  preloadMs: number;
  /** Sets the store refused during the preload, summed over repeats. */
  preloadFailed: number;
  sessionBytes: number;
  users: number;
  storeSessions?: number | undefined;
  /** Store-side bytes added per preloaded session; absent when the store reports no size. */
  bytesPerSession?: number | undefined;
  /** The app's post-GC heap growth per preloaded session (where MemoryStore-type stores keep them). */
  heapBytesPerSession?: number | undefined;
  /** Summed over repeats. */
  resumed: number;
  resumeMisses: number;
  /** storeSide.detail right after the preload, median per key. */
  detail?: Detail | undefined;
  /** storeSide.detail at the end of the run, median per key. */
  endDetail?: Detail | undefined;
  /** Why nothing was preloaded (a client-side store). */
  skipped?: string | undefined;
}

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

const defined = <T>(values: (T | null | undefined)[]): T[] => values.filter((v): v is T => v != null);
const optional = (values: number[]) => (values.length ? median(values) : undefined);

/** Per-key medians of the records that have the key; undefined when there are none. */
function detailOf(records: Detail[]): Detail | undefined {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, median(defined(records.map((r) => r[k])))]));
}

export function summarizePopulation(runs: readonly PopulationRun[]): PopulationStats | undefined {
  const pops = defined(runs.map((r) => r.population));
  if (pops.length === 0) return undefined;
  const withPop = runs.filter((r) => r.population);
  return {
    repeats: pops.length,
    preloaded: median(pops.map((p) => p.preloaded)),
    preloadMs: median(pops.map((p) => p.preloadMs)),
    preloadFailed: sum(pops.map((p) => p.preloadFailed ?? 0)),
    sessionBytes: median(pops.map((p) => p.sessionBytes)),
    users: median(pops.map((p) => p.users)),
    storeSessions: optional(defined(pops.map((p) => p.storeSessions))),
    bytesPerSession: optional(defined(pops.map((p) => p.bytesPerSession))),
    heapBytesPerSession: optional(defined(pops.map((p) => p.heapBytesPerSession))),
    resumed: sum(pops.map((p) => p.resumed ?? 0)),
    resumeMisses: sum(pops.map((p) => p.resumeMisses ?? 0)),
    detail: detailOf(defined(pops.map((p) => p.detail))),
    endDetail: detailOf(defined(withPop.map((r) => r.storeSide?.detail))),
    skipped: pops.find((p) => p.skipped)?.skipped,
  };
}

/** Medians of p50 and p99 across repeats, the largest max; undefined unless every repeat has it. */
export function summarizeEventLoopDelay(
  runs: readonly Pick<RunMetrics, 'eventLoopDelayMs'>[],
): EventLoopDelay | undefined {
  const all = defined(runs.map((r) => r.eventLoopDelayMs));
  if (all.length === 0 || all.length < runs.length) return undefined;
  return {
    p50: median(all.map((d) => d.p50)),
    p99: median(all.map((d) => d.p99)),
    max: Math.max(...all.map((d) => d.max)),
  };
}
