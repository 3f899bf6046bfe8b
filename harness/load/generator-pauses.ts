// The load generator's own pauses over a measured phase: garbage collections of the harness
// process and the delay of its event loop. An answer that arrives while the harness is paused is
// timed when the pause ends, so a latency percentile near these figures may be the harness's, not
// the store's. Measured, never subtracted: the reader compares.
import { PerformanceObserver, monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { GeneratorPauses } from '../contracts/open-model.ts';

/** 10 ms: fine enough to see a pause that matters at a 25 ms SLO, cheap enough to run under load. */
const LOOP_RESOLUTION_MS = 10;

export class PauseMeter {
  private gcCount = 0;
  private gcTotalMs = 0;
  private gcMaxMs = 0;
  private observer: PerformanceObserver | undefined;
  private loop: IntervalHistogram | undefined;

  start(): void {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        this.gcCount += 1;
        this.gcTotalMs += e.duration;
        this.gcMaxMs = Math.max(this.gcMaxMs, e.duration);
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
    this.loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loop.enable();
  }

  /** Stops measuring; the figures of what ran since start() (zeros if it never started). */
  stop(): GeneratorPauses {
    this.observer?.disconnect();
    this.loop?.disable();
    // The histogram holds the delay plus the sampling interval itself, in ns.
    const late = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
    const sampled = (this.loop?.count ?? 0) > 0;
    const out: GeneratorPauses = {
      gcCount: this.gcCount,
      gcTotalMs: this.gcTotalMs,
      gcMaxMs: this.gcMaxMs,
      eventLoopDelayP99Ms: sampled ? late(this.loop!.percentile(99)) : 0,
      eventLoopDelayMaxMs: sampled ? late(this.loop!.max) : 0,
    };
    this.observer = undefined;
    this.loop = undefined;
    return out;
  }
}
