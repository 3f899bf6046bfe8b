// errorShare and describeErrors read a run's request outcomes: the share that failed or got no
// answer, and the failure that hit most requests, in words a reader can act on.
import { describe, expect, it } from 'vitest';
import { describeErrors, errorShare } from '../harness/load/driver.ts';
import type { RunMetrics } from '../harness/contracts/results.ts';

type Requests = RunMetrics['requests'];
const clean: Requests = {
  sent: 1000,
  total: 1000,
  errors: 0,
  timeouts: 0,
  hung: 0,
  non2xx: 0,
  hungMaxWaitMs: 0,
  statusCodes: { '200': 1000 },
  errorKinds: {},
  timeoutS: 10,
};

describe('errorShare', () => {
  it('is failed or unanswered requests per request sent, and 0 when nothing was sent', () => {
    expect(errorShare(clean)).toBe(0);
    expect(errorShare({ ...clean, total: 900, non2xx: 100, timeouts: 50, errors: 30, hung: 20 })).toBeCloseTo(0.2);
    expect(errorShare({ ...clean, sent: 0, total: 0, statusCodes: {} })).toBe(0);
  });

  it('rebuilds sent for results written before it existed', () => {
    expect(errorShare({ total: 90, errors: 5, timeouts: 5, non2xx: 10 })).toBeCloseTo(0.2);
  });
});

describe('describeErrors', () => {
  it('says nothing when every request was answered 2xx', () => {
    expect(describeErrors(clean)).toBeUndefined();
  });

  it('names the dominant HTTP status with its share of the responses', () => {
    const r = { ...clean, sent: 2685, total: 2685, non2xx: 1995, statusCodes: { '200': 690, '500': 1989, '401': 6 } };
    expect(describeErrors(r)).toBe('1,989 of 2,685 responses were HTTP 500 (and 6 other failed requests)');
  });

  it('names timeouts with their bound, hung requests with the longest wait, and connection errors by kind', () => {
    expect(describeErrors({ ...clean, total: 188, timeouts: 812, errorKinds: { timeout: 812 } })).toBe(
      '812 requests timed out after 10 s',
    );
    expect(describeErrors({ ...clean, total: 960, hung: 40, hungMaxWaitMs: 12_345 })).toBe(
      '40 requests still waiting at the end of the load (longest 12.3 s)',
    );
    expect(describeErrors({ ...clean, total: 700, errors: 300, errorKinds: { ECONNREFUSED: 300 } })).toBe(
      'connection refused (ECONNREFUSED) 300 times',
    );
    expect(describeErrors({ ...clean, total: 999, errors: 1, errorKinds: { closed: 1 } })).toBe(
      'connection closed by the server before it answered 1 time',
    );
  });
});
