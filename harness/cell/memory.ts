// Memory growth of the server process: bytes per session, what survives expiry, and a verdict.
// Readings come from post-GC heaps taken at phase boundaries (see README "Memory").
import type { MemorySample, RunMemory } from '../contracts/results.ts';
import type { ServerSnapshot } from '../server/protocol.ts';

/** Heap movements smaller than this are allocator and JIT noise, not sessions. */
export const NOISE_BYTES = 512 * 1024;
/** Retained bytes per session created above which expired sessions are considered kept. */
export const LEAK_BYTES_PER_SESSION = 64;
/** Longest automatic settle: beyond it, a verdict would make a cell wait too long. */
export const MAX_AUTO_SETTLE_MS = 60_000;

/** How long to wait after the load for every session to expire and be pruned (ms; 0 = no settle). */
export function autoSettleMs(maxAgeMs: number): number {
  const settle = 2 * maxAgeMs + 1000;
  return settle <= MAX_AUTO_SETTLE_MS ? settle : 0;
}

export interface GcReadings {
  beforeLoad: number;
  afterWarmup: number;
  afterLoad: number;
  afterSettle?: number;
}

export function analyseMemory(
  start: ServerSnapshot,
  end: ServerSnapshot,
  gc: GcReadings,
  sessionsCreated: number,
  maxAgeMs: number,
): RunMemory {
  const t0 = start.memory.tMs;
  const samples: MemorySample[] = downsample(
    [start.memory, ...end.samples, end.memory].map((s) => ({ ...s, tMs: s.tMs - t0 })),
    1200,
  );
  const bytesPerSession = sessionsCreated > 0 ? (gc.afterLoad - gc.afterWarmup) / sessionsCreated : null;
  const retained = gc.afterSettle === undefined ? null : gc.afterSettle - gc.afterWarmup;
  return {
    rssBytes: { start: start.memory.rss, end: end.memory.rss, peak: Math.max(...samples.map((s) => s.rss)) },
    heapUsedBytes: { start: start.memory.heapUsed, end: end.memory.heapUsed },
    samples,
    gc,
    bytesPerSession,
    retainedAfterExpiryBytes: retained,
    ...verdict(retained, sessionsCreated, maxAgeMs),
  };
}

/**
 * growing: once every session has expired (settle > maxAge, no traffic) the post-GC heap is still
 * above its post-warm-up level by more than max(NOISE_BYTES, LEAK_BYTES_PER_SESSION × sessions
 * created in the measured phase). bounded: it is not. unknown: no settle phase was run.
 */
export function verdict(
  retained: number | null,
  sessionsCreated: number,
  maxAgeMs: number,
): Pick<RunMemory, 'verdict' | 'verdictReason'> {
  if (retained === null) {
    return {
      verdict: 'unknown',
      verdictReason: `no settle phase: maxAge ${maxAgeMs} ms is too long to wait for every session to expire (use --option maxAge=1500 --scenario churn, or --settle)`,
    };
  }
  const limit = Math.max(NOISE_BYTES, LEAK_BYTES_PER_SESSION * sessionsCreated);
  const kb = (b: number) => `${Math.round(b / 1024)} KiB`;
  return retained > limit
    ? {
        verdict: 'growing',
        verdictReason: `${kb(retained)} still held after every session expired (limit ${kb(limit)} for ${sessionsCreated} sessions)`,
      }
    : {
        verdict: 'bounded',
        verdictReason: `${kb(Math.max(0, retained))} held after every session expired (limit ${kb(limit)})`,
      };
}

/** Keep long soak runs readable: at most `max` samples, evenly spaced, keeping first and last. */
export function downsample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)]!);
}
