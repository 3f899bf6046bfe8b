// The run's timeline: what happened in each 250 ms of the measured phase (and of the drain after
// it), for every run. LoadCounters calls `recordAnswer`, `recordLost` and `recordHung` with times
// relative to the start of the measured phase, for measured requests only, so the timeline's totals
// equal the run's: Σ(ok + non2xx) = total, Σtimeouts = timeouts, Σerrors = errors, Σhung = hung.
// Outcomes land in the bucket in which they happened (a hung request, which has no outcome, in the
// bucket it was sent in); `waiting` is the number of measured requests in flight at a bucket's end.
// Failed requests are also kept as events (sent, ended, kind) so a fault's window can claim every
// request whose life overlapped it (harness/faults/fault-result.ts).
import type { RunMetrics } from '../contracts/results.ts';

export const TIMELINE_BUCKET_MS = 250;
/** Longer runs get wider buckets, so a 24 h soak writes at most this many points. */
export const TIMELINE_MAX_POINTS = 2_400;
/** Failure events kept for a fault's window; past this they are only counted (`unlisted`). */
export const MAX_FAILURE_EVENTS = 100_000;
/** Buckets past the measured phase: the drain (at most 2 s) plus a margin. */
const DRAIN_BUCKETS_S = 4;

/** Latency bins: 4 % wide from 1 µs to past 1 h (percentiles within 2 %). */
const BIN_BASE = Math.log(1.04);
const BINS = Math.ceil(Math.log(3_600_000_000) / BIN_BASE) + 2;
const binOf = (ms: number) => Math.min(BINS - 1, Math.max(0, Math.floor(Math.log(Math.max(1, ms * 1000)) / BIN_BASE)));
/** The bin's middle, in ms. */
const binMiddleMs = (bin: number) => Math.exp((bin + 0.5) * BIN_BASE) / 1000;

export type TimelinePoint = NonNullable<RunMetrics['timeline']>['points'][number];

export interface FailureEvent {
  /** Sent and ended, ms from the start of the measured phase (a hung request ends with the load). */
  sentMs: number;
  endMs: number;
  kind: 'non2xx' | 'timeout' | 'error' | 'hung';
  status?: number;
}

export interface TimelineResult {
  bucketMs: number;
  points: TimelinePoint[];
  failures: FailureEvent[];
  /** Failure events not kept (more than MAX_FAILURE_EVENTS). */
  unlisted: number;
}

interface Bucket {
  ok: number;
  non2xx: number;
  unauthorized: number;
  timeouts: number;
  errors: number;
  hung: number;
  /** +1 for each measured request sent in this bucket, −1 for each that ended in it. */
  delta: number;
  maxMs: number;
  bins?: Uint32Array;
  timed: number;
}

export class Timeline {
  readonly bucketMs: number;
  private readonly buckets: Bucket[];
  private readonly failures: FailureEvent[] = [];
  private unlisted = 0;

  constructor(durationS: number) {
    const ms = durationS * 1000;
    this.bucketMs = Math.max(TIMELINE_BUCKET_MS, Math.ceil(ms / TIMELINE_MAX_POINTS / 250) * 250);
    const n = Math.ceil(ms / this.bucketMs) + Math.ceil((DRAIN_BUCKETS_S * 1000) / this.bucketMs);
    this.buckets = Array.from({ length: n }, () => ({
      ok: 0,
      non2xx: 0,
      unauthorized: 0,
      timeouts: 0,
      errors: 0,
      hung: 0,
      delta: 0,
      maxMs: 0,
      timed: 0,
    }));
  }

  /** A measured request answered `atMs` after the start of the measured phase. */
  recordAnswer(status: number, sentMs: number, atMs: number): void {
    const b = this.at(atMs);
    if (status >= 200 && status < 300) b.ok++;
    else {
      b.non2xx++;
      if (status === 401) b.unauthorized++;
      this.event({ sentMs, endMs: atMs, kind: 'non2xx', status });
    }
    this.settle(sentMs, b);
    this.time(b, atMs - sentMs);
  }

  /** A measured request its connection took down: a timeout (timed, as the run's latency is) or an error. */
  recordLost(kind: 'timeout' | 'error', sentMs: number, atMs: number): void {
    const b = this.at(atMs);
    if (kind === 'timeout') {
      b.timeouts++;
      this.time(b, atMs - sentMs);
    } else b.errors++;
    this.event({ sentMs, endMs: atMs, kind });
    this.settle(sentMs, b);
  }

  /** A measured request still unanswered when the load ended `endMs` in: charged its wait. */
  recordHung(sentMs: number, endMs: number): void {
    const b = this.at(sentMs);
    b.hung++;
    b.delta++;
    this.time(b, endMs - sentMs);
    this.event({ sentMs, endMs, kind: 'hung' });
  }

  /** The points up to the last bucket that saw anything (at least the measured phase). */
  result(measuredMs: number): TimelineResult {
    let last = Math.max(0, Math.ceil(measuredMs / this.bucketMs) - 1);
    for (let i = this.buckets.length - 1; i > last; i--) if (this.touched(this.buckets[i]!)) last = i;
    let waiting = 0;
    const points = this.buckets.slice(0, last + 1).map((b, i): TimelinePoint => {
      waiting += b.delta;
      return {
        tMs: i * this.bucketMs,
        ok: b.ok,
        non2xx: b.non2xx,
        unauthorized: b.unauthorized,
        timeouts: b.timeouts,
        errors: b.errors,
        hung: b.hung,
        waiting,
        p50Ms: round(percentile(b, 50)),
        p99Ms: round(percentile(b, 99)),
        maxMs: round(b.maxMs),
      };
    });
    return { bucketMs: this.bucketMs, points, failures: this.failures, unlisted: this.unlisted };
  }

  private at(ms: number): Bucket {
    const i = Math.min(this.buckets.length - 1, Math.max(0, Math.floor(ms / this.bucketMs)));
    return this.buckets[i]!;
  }

  /** Sent in its own bucket (+1), ended in `ended` (−1): the running sum is what is in flight. */
  private settle(sentMs: number, ended: Bucket) {
    this.at(sentMs).delta++;
    ended.delta--;
  }

  private time(b: Bucket, ms: number) {
    b.bins ??= new Uint32Array(BINS);
    b.bins[binOf(ms)]!++;
    b.timed++;
    b.maxMs = Math.max(b.maxMs, ms);
  }

  private event(e: FailureEvent) {
    if (this.failures.length < MAX_FAILURE_EVENTS) this.failures.push(e);
    else this.unlisted++;
  }

  private touched(b: Bucket) {
    return b.ok + b.non2xx + b.timeouts + b.errors + b.hung > 0 || b.delta !== 0;
  }
}

function percentile(b: Bucket, p: number): number {
  if (!b.bins || b.timed === 0) return 0;
  const rank = Math.ceil((p / 100) * b.timed);
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += b.bins[i]!;
    if (seen >= rank) return Math.min(binMiddleMs(i), b.maxMs);
  }
  return b.maxMs;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
