// When the open model's requests are meant to be sent: evenly spaced at the rate, or a Poisson
// process of it (exponential gaps from a seeded PRNG, so a repeat sends at the same offsets). The
// ticker wakes on a timer and hands over every arrival that is due.
//
// Node's timers count whole milliseconds from a loop time that is itself truncated to the
// millisecond, so a timer fires up to ~1.1 ms after the time asked for (measured here, idle: p50
// 0.55 ms, p99 1.1 ms late at 1,000 wake-ups a second). Handing arrivals over up to EARLY_MS
// before their time centres that error near zero. Measured under load at 1,000 req/s: EARLY_MS
// 0.5 gave p99 1.0–1.14 ms late, 0.75 gave 0.87–1.34, 1 gave 0.82 (and |error| p99 0.97–0.99).
// A request sent early is timed from its actual send, never from the later intended time, so
// sending early cannot shorten a latency.
// Tried and dropped: a worker thread sleeping in Atomics.wait (microsecond timeouts) as the alarm.
// It was exact when idle but worse under load (p99 1.4–2.9 ms against 1.2–1.5), because two threads
// must wake per arrival instead of one. Busy-waiting would cost a core.
import { prng } from './virtual-user.ts';

export const EARLY_MS = 1;

export type ArrivalProcess = 'uniform' | 'poisson';

/** Intended send times (performance.now() ms) from `start` on. */
export class ArrivalSchedule {
  private nextAt: number;
  private readonly gapMs: number;
  private readonly random: () => number;

  constructor(
    rate: number,
    private readonly process: ArrivalProcess,
    start: number,
    seed: number,
  ) {
    if (!(rate > 0)) throw new RangeError(`rate must be above 0 (got ${rate})`);
    this.gapMs = 1000 / rate;
    this.random = prng(seed);
    this.nextAt = start;
  }

  /** The next arrival's intended time, without consuming it. */
  peek(): number {
    return this.nextAt;
  }

  /** Consumes the next arrival: its intended time. */
  take(): number {
    const at = this.nextAt;
    this.nextAt += this.process === 'uniform' ? this.gapMs : -Math.log(1 - this.random()) * this.gapMs;
    return at;
  }
}

/**
 * Runs `onDue(intended)` for every arrival of `schedule` due by now + EARLY_MS, then `afterBatch()`,
 * until stop() or `until()` (exclusive; it may move from Infinity to a time once the measured
 * phase is known).
 */
export function startTicker(
  schedule: ArrivalSchedule,
  until: () => number,
  onDue: (intended: number) => void,
  afterBatch: () => void,
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    timer = undefined;
    if (stopped) return;
    const horizon = performance.now() + EARLY_MS;
    let any = false;
    while (schedule.peek() <= horizon && schedule.peek() < until()) {
      onDue(schedule.take());
      any = true;
    }
    if (any) afterBatch();
    if (stopped || schedule.peek() >= until()) return;
    timer = setTimeout(tick, Math.max(0, schedule.peek() - EARLY_MS - performance.now()));
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
