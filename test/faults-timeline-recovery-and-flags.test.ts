// Store faults without a server: the timeline accounts for every measured request as the run's
// totals do; a fault's window claims what overlapped it and finds the recovery; the flags refuse a
// fault on an embedded store or a server of the user's own, and bad forms, naming the valid ones.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../harness/plan/bench-args.ts';
import { parseFault } from '../harness/plan/fault-args.ts';
import { LoadCounters } from '../harness/load/load-counters.ts';
import type { ResponseEffect, VirtualUser } from '../harness/load/virtual-user.ts';
import { Timeline } from '../harness/load/timeline.ts';
import { faultResult, requestsOutsideFault } from '../harness/faults/fault-result.ts';
import { calibrate, startDelayProxy } from '../harness/faults/delay-proxy.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import { tempDir } from './helpers/run-cli.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { htmlReporter } from '../reports/html/html-reporter.ts';

const request = (sentAt: number) => ({ action: 'dashboard' as const, sentCookieBytes: 10, sentAt, measured: true });
const effect = (status: number, sentAt: number): ResponseEffect => ({
  action: 'dashboard',
  status,
  cookieBytes: 0,
  sentCookieBytes: 10,
  sessionCreated: false,
  request: request(sentAt),
});

describe('the timeline', () => {
  it("sums to the run's totals: answered, errors, timeouts and hung, each in its bucket", () => {
    const counters = new LoadCounters(2, 10);
    const t0 = 1_000;
    counters.beginMeasuring(t0);
    for (let i = 0; i < 40; i++) counters.answered(effect(i % 10 === 0 ? 500 : 200, t0 + i * 40), t0 + i * 40 + 5);
    counters.answered(effect(401, t0 + 100), t0 + 120);
    counters.failed([request(t0 + 300), request(t0 + 310)], 'ECONNRESET', t0 + 320);
    counters.failed([request(t0 + 400)], 'timeout', t0 + 1_900);
    counters.endMeasuring(t0 + 2_000);
    counters.markEnd(t0 + 2_500);
    const hungUser = { inFlightRequests: [request(t0 + 1_500)] } as unknown as VirtualUser;
    const s = counters.summarize([hungUser], 1);
    const pts = s.timeline.points;
    const sum = (k: 'ok' | 'non2xx' | 'timeouts' | 'errors' | 'hung' | 'unauthorized') =>
      pts.reduce((a, p) => a + (p[k] ?? 0), 0);
    expect(sum('ok') + sum('non2xx')).toBe(s.requests.total);
    expect(sum('non2xx')).toBe(s.requests.non2xx);
    expect(sum('unauthorized')).toBe(1);
    expect(sum('errors')).toBe(s.requests.errors);
    expect(sum('timeouts')).toBe(s.requests.timeouts);
    expect(sum('hung')).toBe(s.requests.hung);
    expect(s.timeline.bucketMs).toBe(250);
    // The timeout ended in the 1.75–2 s bucket after 1.5 s; the hung request is still waiting at the end.
    expect(pts[7]!.timeouts).toBe(1);
    expect(pts[7]!.maxMs).toBeCloseTo(1_500, 0);
    expect(pts[6]!.hung).toBe(1);
    expect(pts.at(-1)!.waiting).toBe(1);
    expect(s.timeline.failures.map((f) => f.kind).sort()).toEqual(
      [...Array(5).fill('non2xx'), 'error', 'error', 'hung', 'timeout'].sort(),
    );
  });

  it('gives long runs wider buckets, at most 2,400 points', () => {
    expect(new Timeline(10).bucketMs).toBe(250);
    expect(new Timeline(86_400).bucketMs).toBe(36_000);
  });
});

/** 12 s of 100 answers per bucket; from 4 s to 6 s every answer a 500; slow answers until 6.5 s. */
function faultyTimeline() {
  const t = new Timeline(12);
  for (let ms = 0; ms < 12_000; ms += 10) {
    const during = ms >= 4_000 && ms < 6_000;
    const draining = ms >= 6_000 && ms < 6_500;
    t.recordAnswer(during ? 500 : 200, ms - (draining ? 900 : 2), ms);
  }
  return t.result(12_000);
}

describe("a fault's figures", () => {
  const log = { plan: { kind: 'stop' as const, atS: 4, durationS: 2 }, startMs: 4_000, endMs: 6_000, actions: [] };
  const f = faultResult(log, faultyTimeline(), 12_000, { atFault: 10, lost: 10, unchecked: 0 });

  it('claims the failures that overlap the fault and finds the recovery after the slow answers drained', () => {
    expect(f.errors).toBe(200);
    expect(f.window.statusCodes).toEqual({ '500': 200 });
    expect(f.preFaultRps).toBe(100);
    // The slow answers (sent before the fault ended) end at 6.5 s: recovery is measured from 6.0 s.
    expect(f.recoverySeconds).toBe(0.5);
    expect(f.maxLatencyMs).toBeGreaterThanOrEqual(900);
    expect(f.sessionsLostByFault).toBe(10);
  });

  it('leaves nothing for the usual verdict when every failure was inside the window', () => {
    const requests = {
      sent: 1_200,
      total: 1_200,
      errors: 0,
      timeouts: 0,
      hung: 0,
      non2xx: 200,
      statusCodes: { '200': 1_000, '500': 200 },
    };
    const outside = requestsOutsideFault(requests, f);
    expect(outside.non2xx).toBe(0);
    expect(outside.statusCodes).toEqual({ '200': 1_000 });
  });

  it('has no recovery when the store never came back within the run', () => {
    const never = faultResult({ ...log, endMs: undefined }, faultyTimeline(), 12_000, {
      atFault: 0,
      lost: 0,
      unchecked: 0,
    });
    expect(never.recoverySeconds).toBeNull();
  });
});

describe('the delaying proxy', () => {
  it('adds the round-trip time it is set to, in order, and measures its own cost', async () => {
    const c = await calibrate(20, 20);
    expect(c.proxiedMs - c.proxiedZeroMs).toBeGreaterThanOrEqual(19);
    expect(c.proxiedZeroMs).toBeGreaterThan(0);
    const p = await startDelayProxy({ host: '127.0.0.1', port: 1 }, 0);
    p.setDelay(5);
    expect(p.delayMs).toBe(5);
    await p.close();
  });
});

describe('--fault and --store-rtt', () => {
  it('parses KIND:DURATION@AT', () => {
    expect(parseFault('stop:3s@4s', 12)).toEqual({ kind: 'stop', durationS: 3, atS: 4 });
    expect(parseFault('freeze:500ms@2s', 12)).toEqual({ kind: 'freeze', durationS: 0.5, atS: 2 });
    expect(parseFault('restart@4s', 12)).toEqual({ kind: 'restart', durationS: 0, atS: 4 });
    expect(parseFault('slow:+200:3s@4', 12)).toEqual({ kind: 'slow', durationS: 3, atS: 4, slowMs: 200 });
  });

  const bad: [string, RegExp][] = [
    ['crash:3s@4s', /unknown form; give KIND:DURATION@AT with KIND stop, freeze, restart or slow:\+MS/],
    ['stop@4s', /stop needs a DURATION/],
    ['stop:3s@0.5s', /AT must be at least 1s/],
    ['stop:9s@4s', /must end inside the measured phase/],
    ['restart:2s@4s', /restart .* takes no DURATION/],
    ['slow:+0:1s@2s', /slow:\+MS needs MS greater than 0/],
  ];
  it.each(bad)('refuses --fault %s', (spec, why) => {
    expect(() => parseFault(spec, 12)).toThrow(UsageError);
    expect(() => parseFault(spec, 12)).toThrow(why);
  });

  const out = async () => path.join(await tempDir(), 'out');
  it('refuses a fault on an embedded store, and on a server of your own', async () => {
    await expect(parseArgs(['--store', 'memory', '--fault', 'stop:1s@1s', '--out', await out()])).rejects.toThrow(
      /memory is embedded in the app process, there is no server to stop/,
    );
    await expect(
      parseArgs([
        '--store',
        'redis',
        '--redis-url',
        'redis://127.0.0.1:1',
        '--fault',
        'freeze:1s@1s',
        '--out',
        await out(),
      ]),
    ).rejects.toThrow(/the redis server of redis is your own .* only the containers it starts/);
    await expect(parseArgs(['--store', 'sqlite', '--store-rtt', '1', '--out', await out()])).rejects.toThrow(
      UsageError,
    );
    await expect(parseArgs(['--store', 'redis', '--option', 'persistence=rdb', '--out', await out()])).rejects.toThrow(
      /persistence takes none or aof/,
    );
  });

  it('records the fault and the rtt in the settings', async () => {
    const cli = await parseArgs([
      '--store',
      'redis',
      '--fault',
      'stop:3s@4s',
      '--duration',
      '12',
      '--store-rtt',
      '2',
      '--out',
      await out(),
    ]);
    expect(cli.plan.settings.fault).toEqual({ kind: 'stop', durationS: 3, atS: 4 });
    expect(cli.plan.settings.storeRttMs).toBe(2);
  });
});

describe('the report\'s "when the store fails"', () => {
  const log = { plan: { kind: 'freeze' as const, atS: 4, durationS: 2 }, startMs: 4_000, endMs: 6_000, actions: [] };
  const timeline = faultyTimeline();
  const fault = faultResult(log, timeline, 12_000, { atFault: 10, lost: 0, unchecked: 2 });
  const run = {
    ...makeRun({ store: 'redis' }),
    fault,
    timeline: { bucketMs: timeline.bucketMs, points: timeline.points },
  };
  const results = makeResults([run]);

  it('has the table and one sentence per fault run in summary.md', () => {
    const md = markdownReport(results);
    expect(md).toContain('### When the store fails');
    expect(md).toMatch(/\| redis \| defaults \| a 2\.0 s freeze at 4 s \| 200 \| 0 \| 0 \|/);
    expect(md).toContain('redis, with default settings: a 2.0 s freeze failed 200 requests');
    expect(md).toContain('all 8 sessions checked survived; 2 more were not used again, so not checked');
  });

  it('draws the timeline around the fault in report.html', async () => {
    const page = (await htmlReporter(results, {}))['report.html']!;
    expect(page).toContain('<section id="faults"><h2>When the store fails</h2>');
    expect(page).toMatch(/data-chart="fault-timeline"><svg/);
  });
});
