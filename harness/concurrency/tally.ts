// Counts the concurrency scenarios' requests the way the load driver does: every request ends
// answered (`total`, any status), as a connection error or as a timeout; latency from an HDR
// histogram of every answer (and every timeout's wait); completed requests per second.
import type { RunMetrics } from '../contracts/results.ts';
import { bump, latencyHistogram } from '../load/load-counters.ts';
import type { Outcome } from './http-user.ts';

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
  private readonly histogram = latencyHistogram();
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
      this.histogram.record(outcome.answer.ms);
      const second = Math.floor((performance.now() - this.start) / 1000);
      if (second < this.buckets.length) this.buckets[second]!++;
    } else if (outcome.kind === 'timeout') {
      r.timeouts++;
      bump(r.errorKinds, 'timeout');
      this.histogram.record(outcome.ms);
    } else {
      r.errors++;
      bump(r.errorKinds, outcome.kind);
    }
    return outcome;
  }

  summary(timeoutS: number): Pick<RunMetrics, 'throughput' | 'latencyMs' | 'requests'> {
    const seconds = (performance.now() - this.start) / 1000;
    return {
      throughput: {
        rps: seconds > 0 ? this.requests.total / seconds : 0,
        samples: this.buckets.slice(0, Math.floor(seconds + 0.1)),
      },
      latencyMs: this.histogram.summary(),
      requests: { ...this.requests, timeoutS },
    };
  }
}
