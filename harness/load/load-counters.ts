// Counts one load run so that every request sent in the measured phase ends in exactly one place:
// answered (`total`), `errors`, `timeouts`, or `hung` (still waiting when the load ended, after
// the drain). Requests belong to the phase they were sent in. Latency is timed with our own clock from when each request
// was built, so a request that never got an answer still shows its wait: a stall is charged to the
// requests it held up instead of vanishing with them.
import * as hdr from 'hdr-histogram-js';
import type { RunMetrics } from '../contracts/results.ts';
import type { InFlight, PlannedRequest, ResponseEffect, VirtualUser } from './virtual-user.ts';
import { Timeline, type TimelineResult } from './timeline.ts';

/** Waits above 1 h are clamped in the histogram; `hungMaxWaitMs` stays exact. */
const HIGHEST_US = 3_600_000_000;

/** Every counter present: the contract's optional fields (older files lack them) are always written here. */
export type RequestCounts = {
  [K in keyof Omit<RunMetrics['requests'], 'timeoutS' | 'meanInFlight' | 'firstFailureAtMs'>]-?: Exclude<
    RunMetrics['requests'][K],
    undefined
  >;
};

export interface LoadSummary {
  throughput: RunMetrics['throughput'];
  latencyMs: RunMetrics['latencyMs'];
  requests: RunMetrics['requests'];
  cookie: RunMetrics['cookie'];
  sessionsCreated: number;
  measuredSeconds: number;
  timeline: TimelineResult;
}

export const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** A latency histogram in µs (waits above 1 h clamped), as every load of the harness records it. */
export function latencyHistogram() {
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
  return {
    record: (ms: number) => h.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)))),
    /** Mean, percentiles and max in ms; all 0 when nothing was recorded. */
    summary(): RunMetrics['latencyMs'] {
      const n = h.totalCount;
      const at = (p: number) => (n ? h.getValueAtPercentile(p) / 1000 : 0);
      return {
        mean: n ? h.mean / 1000 : 0,
        p50: at(50),
        p90: at(90),
        p99: at(99),
        p999: at(99.9),
        max: n ? h.maxValue / 1000 : 0,
      };
    },
  };
}

export class LoadCounters {
  readonly requests: RequestCounts = {
    sent: 0,
    total: 0,
    errors: 0,
    timeouts: 0,
    hung: 0,
    non2xx: 0,
    hungMaxWaitMs: 0,
    byAction: {},
    statusCodes: {},
    errorKinds: {},
  };
  private measuring = false;
  private measureStart = 0;
  private measureEnd: number | undefined;
  private endedAt: number | undefined;
  /** Requests written and not yet answered or lost, in either phase. */
  private inFlight = 0;
  private onIdle: (() => void) | undefined;
  private readonly histogram = latencyHistogram();
  private readonly timeline: Timeline;
  private readonly buckets: number[];
  private waitSumMs = 0;
  /** When the first measured request that would fail was sent (a stall) or failed (an error). */
  private firstFailure: number | undefined;
  private sessionsCreated = 0;
  private readonly cookie = { sum: 0, n: 0, max: 0, sentSum: 0 };

  constructor(
    durationS: number,
    private readonly timeoutS: number,
  ) {
    this.buckets = new Array<number>(Math.ceil(durationS)).fill(0);
    this.timeline = new Timeline(durationS);
  }

  beginMeasuring(now = performance.now()): void {
    if (this.measureEnd !== undefined) return;
    this.measuring = true;
    this.measureStart = now;
  }

  /** The measured phase is over: nothing more is sent (see `draining`); what is in flight may still finish. */
  endMeasuring(now = performance.now()): void {
    this.measureEnd ??= now;
  }

  get draining(): boolean {
    return this.measureEnd !== undefined;
  }

  /** Resolves once nothing is in flight, or after `ms`: the answers a drain waits for. */
  idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Unref'd: an aborted run must not be kept alive by a drain nobody waits for.
      const timer = setTimeout(done, ms).unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.onIdle = done;
      this.checkIdle();
    });
  }

  /**
   * Builds the user's next request, stamped with its send time (autocannon writes it at once). The
   * open model says instead when its latency counts from (the intended send time, or the actual
   * one if earlier) and whether its arrival belongs to the measured phase.
   */
  build(user: VirtualUser, at?: { from: number; measured: boolean }): PlannedRequest {
    const measured = at ? at.measured : this.measuring && !this.draining;
    this.inFlight++;
    if (measured) this.requests.sent++;
    return user.next(at?.from ?? performance.now(), measured);
  }

  /** Open model: a measured arrival that was never sent. Its wait so far is a lower bound of its latency. */
  unsent(intended: number, now = performance.now()): void {
    this.recordWait(now - intended);
    this.noteFailure(intended);
  }

  answered(effect: ResponseEffect, now = performance.now()): void {
    this.settled(1);
    // Cookie sizes count over the whole run: most cookies are set at login, during warm-up.
    if (effect.cookieBytes > 0) {
      this.cookie.sum += effect.cookieBytes;
      this.cookie.n++;
      this.cookie.max = Math.max(this.cookie.max, effect.cookieBytes);
    }
    const req = effect.request;
    if (!req.measured) return;
    this.timeline.recordAnswer(effect.status, req.sentAt - this.measureStart, now - this.measureStart);
    const r = this.requests;
    r.total++;
    bump(r.byAction, effect.action);
    if (effect.status < 200 || effect.status >= 300) {
      r.non2xx++;
      this.noteFailure(now);
    }
    bump(r.statusCodes, String(effect.status));
    if (effect.sessionCreated) this.sessionsCreated++;
    this.cookie.sentSum += effect.sentCookieBytes;
    this.recordWait(now - req.sentAt);
    const second = Math.floor((now - this.measureStart) / 1000);
    if (second < this.buckets.length) this.buckets[second] = (this.buckets[second] ?? 0) + 1;
  }

  /**
   * Requests their connection took down with it. A timed-out request waited the whole bound, so its
   * wait goes into the latency; a refused or reset connection fails in microseconds, and mixing
   * those in would make a broken server look fast, so errors are counted, not timed.
   */
  failed(lost: InFlight[], kind: string, now = performance.now()): void {
    this.settled(lost.length);
    for (const req of lost) {
      if (!req.measured) continue;
      if (kind === 'timeout') {
        this.requests.timeouts++;
        this.recordWait(now - req.sentAt);
        this.noteFailure(req.sentAt);
      } else {
        this.requests.errors++;
        this.noteFailure(now);
      }
      bump(this.requests.errorKinds, kind);
      this.timeline.recordLost(
        kind === 'timeout' ? 'timeout' : 'error',
        req.sentAt - this.measureStart,
        now - this.measureStart,
      );
    }
  }

  /** The load stopped (autocannon destroyed its clients): later answers are not waited for. */
  markEnd(now = performance.now()): void {
    this.endedAt ??= now;
  }

  /** Whatever is still in flight is hung, charged its wait up to the end of the load. */
  summarize(users: VirtualUser[], connections: number): LoadSummary {
    this.markEnd();
    const end = this.endedAt!;
    const r = this.requests;
    for (const user of users) {
      for (const req of user.inFlightRequests) {
        if (!req.measured) continue;
        r.hung++;
        this.timeline.recordHung(req.sentAt - this.measureStart, end - this.measureStart);
        r.hungMaxWaitMs = Math.max(r.hungMaxWaitMs, end - req.sentAt);
        this.noteFailure(req.sentAt);
        this.recordWait(end - req.sentAt);
      }
    }
    const measuredSeconds = this.measuring ? ((this.measureEnd ?? end) - this.measureStart) / 1000 : 0;
    const measuredMs = measuredSeconds * 1000;
    return {
      throughput: {
        rps: measuredSeconds > 0 ? r.total / measuredSeconds : 0,
        // A second that was measured for at least 90 % of it counts (the mark's GC shortens the phase).
        samples: this.buckets.slice(0, Math.floor(measuredSeconds + 0.1)),
      },
      latencyMs: this.histogram.summary(),
      requests: {
        ...r,
        timeoutS: this.timeoutS,
        // Little's law: summed waits over measured time is the mean number in flight.
        meanInFlight: measuredMs > 0 && connections > 0 ? this.waitSumMs / measuredMs / connections : 0,
        ...(this.firstFailure !== undefined
          ? { firstFailureAtMs: Math.max(0, this.firstFailure - this.measureStart) }
          : {}),
      },
      cookie: {
        meanBytes: this.cookie.n ? this.cookie.sum / this.cookie.n : 0,
        maxBytes: this.cookie.max,
        sentMeanBytes: r.total ? this.cookie.sentSum / r.total : 0,
      },
      sessionsCreated: this.sessionsCreated,
      measuredSeconds,
      timeline: this.timeline.result(measuredMs),
    };
  }

  private settled(count: number) {
    this.inFlight -= count;
    this.checkIdle();
  }

  private checkIdle() {
    if (this.inFlight > 0 || !this.onIdle) return;
    const done = this.onIdle;
    this.onIdle = undefined;
    done();
  }

  private noteFailure(at: number) {
    this.firstFailure = Math.min(this.firstFailure ?? Infinity, at);
  }

  private recordWait(ms: number) {
    this.waitSumMs += ms;
    this.histogram.record(ms);
  }
}
