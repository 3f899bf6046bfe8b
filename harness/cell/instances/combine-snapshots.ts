// One ServerSnapshot for N instances, so measure() reads a tier of instances as it reads one
// server: counts summed, memory summed (the tier's heap and RSS), event-loop delay the worst
// instance's. A store the instances share reports the same store-side size on each: it is taken
// once; a store each instance keeps to itself is summed.
import type { MemorySample } from '../../contracts/results.ts';
import type { OpCounts, ServerSnapshot } from '../../server/protocol.ts';
import type { StoreStats } from '../../../stores/types.ts';
import { workQuantities, type WorkBucket } from '../../contracts/work.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function sumOps(list: OpCounts[]): OpCounts {
  return {
    get: sum(list.map((o) => o.get)),
    set: sum(list.map((o) => o.set)),
    touch: sum(list.map((o) => o.touch)),
    destroy: sum(list.map((o) => o.destroy)),
  };
}

function sumMemory(list: MemorySample[]): MemorySample {
  return { tMs: list[0]!.tMs, rss: sum(list.map((m) => m.rss)), heapUsed: sum(list.map((m) => m.heapUsed)) };
}

/** Samples by position (every instance samples on the same period since the same mark). */
function zip<T>(lists: T[][], merge: (items: T[]) => T): T[] {
  const n = Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => merge(lists.map((l) => l[i]!)));
}

function sumStats(list: (StoreStats | undefined)[]): StoreStats | undefined {
  const present = list.filter((s): s is StoreStats => s !== undefined);
  if (present.length === 0) return undefined;
  const total = (k: 'sessions' | 'bytes') =>
    present.every((s) => s[k] !== undefined) ? sum(present.map((s) => s[k]!)) : undefined;
  return { sessions: total('sessions'), bytes: total('bytes') };
}

/**
 * The tier's work per bucket: totals and requests summed, the mean recomputed, and the population sd
 * pooled exactly (each instance's sum of squares is n·(sd² + mean²)).
 */
export function combineWork(lists: WorkBucket[][]): WorkBucket[] {
  const groups = new Map<string, WorkBucket[]>();
  for (const b of lists.flat()) {
    const key = `${b.action}\u0000${b.cookie}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  return [...groups.values()].map((bs) => {
    const requests = sum(bs.map((b) => b.requests));
    const totals = workQuantities((k) => sum(bs.map((b) => b.totals[k])));
    const perRequest = workQuantities((k) => (requests > 0 ? totals[k] / requests : 0));
    const sd = workQuantities((k) => {
      if (requests === 0) return 0;
      const squares = sum(bs.map((b) => b.requests * (b.sd[k] ** 2 + b.perRequest[k] ** 2)));
      return Math.sqrt(Math.max(0, squares / requests - perRequest[k] ** 2));
    });
    const { action, cookie } = bs[0]!;
    return { action, cookie, requests, getMisses: sum(bs.map((b) => b.getMisses)), totals, perRequest, sd };
  });
}

export function combineSnapshots(snaps: ServerSnapshot[], sharedStore: boolean): ServerSnapshot {
  const first = snaps[0]!;
  if (snaps.length === 1) return first;
  const storeError = snaps.find((s) => s.storeError);
  const combined: ServerSnapshot = {
    requests: sum(snaps.map((s) => s.requests)),
    ops: sumOps(snaps.map((s) => s.ops)),
    opTimeMs: sumOps(snaps.map((s) => s.opTimeMs)),
    getMisses: sum(snaps.map((s) => s.getMisses)),
    eventLoopDelayMs: {
      p50: Math.max(...snaps.map((s) => s.eventLoopDelayMs.p50)),
      p99: Math.max(...snaps.map((s) => s.eventLoopDelayMs.p99)),
      max: Math.max(...snaps.map((s) => s.eventLoopDelayMs.max)),
    },
    memory: sumMemory(snaps.map((s) => s.memory)),
    samples: zip(
      snaps.map((s) => s.samples),
      sumMemory,
    ),
    store: sharedStore ? first.store : sumStats(snaps.map((s) => s.store)),
    storeSamples: sharedStore
      ? first.storeSamples
      : zip(
          snaps.map((s) => s.storeSamples),
          (items) => ({ ...sumStats(items), tMs: items[0]!.tMs }),
        ),
  };
  if (storeError?.storeError) combined.storeError = storeError.storeError;
  if (storeError?.storeTimedOut) combined.storeTimedOut = true;
  if (first.preload) combined.preload = first.preload;
  // Work per action (issue 17) of the whole tier, so the gate compares --instances runs too.
  if (snaps.every((s) => s.work)) combined.work = combineWork(snaps.map((s) => s.work!));
  return combined;
}
