// Counts the concurrency scenarios' requests the way the load driver does: every request ends
// answered (`total`, any status), as a connection error or as a timeout; latency from an HDR
// histogram of every answer (and every timeout's wait); completed requests per second.
import * as hdr from 'hdr-histogram-js';
import type { RunMetrics } from '../contracts/results.ts';
import type { Outcome } from './http-user.ts';

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

export class Tally {
  readonly requests = {
    sent: 0,
    total: 0,
    errors: 0,
    timeouts: 0,
    hung: 0,
    non2xx: 0,
    hungMaxWaitMs: 0,
    byAction: {} as Record<string, number>,
    statusCodes: {} as Record<string, number>,
    errorKinds: {} as Record<string, number>,
  };
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000 });
  private readonly buckets: number[];
  private readonly start = performance.now();

  constructor(durationS: number) {
    this.buckets = new Array<number>(Math.ceil(durationS)).fill(0);
  }

  record(action: string, outcome: Outcome): Outcome {
    const r = this.requests;
    r.sent++;
    if (outcome.ok) {
      r.total++;
      bump(r.byAction, action);
      bump(r.statusCodes, String(outcome.answer.status));
      if (outcome.answer.status < 200 || outcome.answer.status >= 300) r.non2xx++;
      this.wait(outcome.answer.ms);
      const second = Math.floor((performance.now() - this.start) / 1000);
      if (second < this.buckets.length) this.buckets[second]!++;
    } else if (outcome.kind === 'timeout') {
      r.timeouts++;
      bump(r.errorKinds, 'timeout');
      this.wait(outcome.ms);
    } else {
      r.errors++;
      bump(r.errorKinds, outcome.kind);
    }
    return outcome;
  }

  summary(timeoutS: number): Pick<RunMetrics, 'throughput' | 'latencyMs' | 'requests'> {
    const seconds = (performance.now() - this.start) / 1000;
    const h = this.histogram;
    const n = h.totalCount;
    const at = (p: number) => (n ? h.getValueAtPercentile(p) / 1000 : 0);
    return {
      throughput: {
        rps: seconds > 0 ? this.requests.total / seconds : 0,
        samples: this.buckets.slice(0, Math.floor(seconds + 0.1)),
      },
      latencyMs: {
        mean: n ? h.mean / 1000 : 0,
        p50: at(50),
        p90: at(90),
        p99: at(99),
        p999: at(99.9),
        max: n ? h.maxValue / 1000 : 0,
      },
      requests: { ...this.requests, timeoutS },
    };
  }

  private wait(ms: number) {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }
}
