// The capacity report: a --sweep's cells are ranked by capacity with a sentence that says how each
// figure is bounded (interpolated, at a step, at least, below the lowest step) next to the
// closed-model maximum; the latency-versus-throughput chart draws p50 and p99 of each step over its
// achieved req/s, the SLO rule and each capacity; summary.md carries the table; --rate runs show
// the generator's own figures and a warning when it fell behind. Results without either show none.
import { describe, expect, it } from 'vitest';
import type { Capacity, CapacityStep } from '../harness/contracts/open-model.ts';
import type { CompletedRun, Results } from '../harness/contracts/results.ts';
import { resultsOf } from './fixtures/report-fixture.ts';
import { capacityPoints, capacitySpec } from '../reports/charts/capacity-chart.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { renderSvg } from '../reports/render-svg.ts';
import { reportContext } from '../reports/report-context.ts';

const latency = (p99: number) => ({ mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 });

function arrivals(rate: number, late = 0, dropped = 0) {
  const intended = rate * 3;
  return {
    process: 'uniform' as const,
    rate,
    intended,
    sent: intended - dropped,
    late,
    dropped,
    lateAfterMs: 10,
    dropAfterMs: 10_000,
    schedulingErrorMs: { p50: -0.3, p90: 0.4, p99: 0.8, p999: 2, max: 4, absP99: 0.9 },
    earlyMs: 0.5,
    generatorCpuCores: 0.1,
    connections: 16,
  };
}

/** A step at `rate` whose p99 is `p99` ms; errors a share of arrivals. */
function step(rate: number, p99: number, errors = 0): CapacityStep {
  const meetsSlo = p99 <= 25 && errors < 0.001;
  return { rate, achievedRps: rate * 0.99, latencyMs: latency(p99), errors, meetsSlo, arrivals: arrivals(rate) };
}

function capacity(bound: Capacity['bound'], rps: number, steps: CapacityStep[], closedMaxRps = 4000): Capacity {
  return { sloMs: 25, percentile: 'p99', maxErrorShare: 0.001, rps, bound, closedMaxRps, steps };
}

function run(store: string, extra: Partial<CompletedRun> = {}, resave = false): CompletedRun {
  const options = { resave, saveUninitialized: false, rolling: false, maxAge: 3_600_000 };
  return {
    id: `${store}|read|resave=${resave}#1`,
    store,
    scenario: 'read',
    options,
    repeat: 1,
    status: 'completed',
    throughput: { rps: 3000, samples: [3000, 3000] },
    latencyMs: { ...latency(3), source: 'probe', requests: 500 },
    loadedLatencyMs: latency(10),
    requests: { total: 15_000, errors: 0, timeouts: 0, non2xx: 0 },
    cookie: { meanBytes: 80, maxBytes: 80 },
    memory: {
      rssBytes: { start: 80e6, end: 90e6, peak: 91e6 },
      heapUsedBytes: { start: 20e6, end: 25e6 },
      samples: [],
    },
    storeOps: { get: 15_000, set: 0, touch: 15_000, destroy: 0, perRequest: 2 },
    correctness: { sessionsChecked: 100, sessionsValid: 100, lostWrites: 0 },
    ...extra,
  };
}

const SETTINGS = { duration: 5, warmup: 2, connections: 16, pipelining: 1, repeat: 1, seed: 1, probe: 2 };
const sweepSettings = {
  ...SETTINGS,
  sweep: { fractions: [0.25, 0.5, 0.75, 1], stepSeconds: 3 },
  slo: { ms: 25, percentile: 'p99' },
};

/** redis interpolated, memory at least, sqlite at a step (errors), postgres below the lowest step. */
function sweep(): Results {
  const runs = [
    run('memory', { capacity: capacity('at-least', 4000, [step(1000, 2), step(2000, 3), step(4000, 9)], 4100) }),
    run('redis', { capacity: capacity('interpolated', 3420, [step(1000, 4), step(3000, 20), step(3800, 40)]) }),
    run('sqlite', { capacity: capacity('at-step', 1000, [step(500, 4), step(1000, 6), step(1500, 8, 0.02)], 1600) }),
    run('postgres', { capacity: capacity('below-lowest', 0, [step(300, 60), step(600, 90)], 900) }),
  ];
  return resultsOf(runs, sweepSettings as Results['settings']);
}

const sectionOf = (page: string) => {
  const start = page.indexOf('<section id="capacity">');
  return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start));
};

describe('the latency-versus-throughput chart', () => {
  it('draws p50 and p99 of every step over its achieved req/s, the SLO rule and each capacity', async () => {
    const ctx = reportContext(sweep());
    const points = capacityPoints(ctx);
    const redis = points.filter((p) => p.store === 'redis' && p.kind === 'step');
    expect(redis.filter((p) => p.percentile === 'p99').map((p) => [p.rps, p.ms])).toEqual([
      [990, 4],
      [2970, 20],
      [3762, 40],
    ]);
    expect(redis.filter((p) => p.percentile === 'p50').map((p) => p.ms)).toEqual([1, 5, 10]);
    const slo = points.filter((p) => p.kind === 'slo');
    expect(slo.map((p) => [p.ms, p.text])).toEqual([[25, 'SLO p99 ≤ 25 ms']]);
    const marks = points.filter((p) => p.kind === 'capacity');
    expect(marks.map((p) => [p.store, p.rps])).toEqual([
      ['memory', 4000],
      ['redis', 3420],
      ['sqlite', 1000],
    ]); // postgres met no step: no capacity to mark
    expect(marks.find((p) => p.store === 'memory')?.text).toContain('≥ 4,000');

    const spec = capacitySpec(ctx);
    const json = JSON.stringify(spec);
    expect(json).toContain('"type":"log"');
    expect(json).toContain('"mark":{"type":"rule"');
    const { svg, warnings } = await renderSvg(spec!);
    expect(warnings).toEqual([]);
    expect(svg).toContain('SLO p99 ≤ 25 ms');
    expect(svg).toContain('redis: 3,420 req/s');
  });

  it('splits by option combination when one store has several option sets', () => {
    const r = resultsOf(
      [
        run('redis', { capacity: capacity('interpolated', 3420, [step(1000, 4), step(3000, 20), step(3800, 40)]) }),
        run(
          'redis',
          { capacity: capacity('interpolated', 2100, [step(1000, 8), step(2000, 24), step(3000, 50)]) },
          true,
        ),
      ],
      sweepSettings as Results['settings'],
    );
    const points = capacityPoints(reportContext(r));
    expect(new Set(points.filter((p) => p.kind === 'capacity').map((p) => p.label))).toEqual(
      new Set(['redis · resave=false', 'redis · resave=true']),
    );
    expect(JSON.stringify(capacitySpec(reportContext(r)))).toContain('"facet"');
  });
});

describe('the capacity ranking in report.html', () => {
  it('ranks cells by capacity with a sentence that says how each figure is bounded', async () => {
    const section = sectionOf(await htmlReport(sweep()));
    expect(section).toContain('<h2>Capacity at the SLO</h2>');
    const list = section.match(/<ol class="capacity-ranking"[^>]*>(.*?)<\/ol>/s)?.[1] ?? '';
    const items = list
      .split('<li')
      .slice(1)
      .map((li) => li.replace(/^[^>]*>/, '').replace(/<[^>]+>/g, ''));
    expect(items.map((li) => li.match(/^(\w+) sustains/)?.[1])).toEqual(['memory', 'redis', 'sqlite', 'postgres']);
    expect(items[1]).toContain(
      'redis sustains 3,420 req/s at p99 ≤ 25 ms per app process on this machine (interpolated between the 3,000 and 3,800 req/s steps; closed-model maximum 4,000 req/s)',
    );
    expect(items[0]).toContain('memory sustains at least 4,000 req/s');
    expect(items[0]).toContain('a lower bound');
    expect(items[2]).toContain('the next step (1,500 req/s) failed on errors (2.00% of its arrivals)');
    expect(items[3]).toContain('postgres sustains no step');
    expect(items[3]).toContain('not even the lowest step (300 req/s) met the SLO');
    expect(section).toContain('from each request’s intended send time');
    expect(section).toContain('no coordinated omission');
    expect(section).toContain('fractions of the cell’s closed-model maximum');
    expect(section).toContain('On a 2-core machine the load generator shares the cores with the app');
    expect(section).toContain('data-chart="capacity"');
  });

  it('shows no section, chart or table for a run without capacity or arrivals', async () => {
    const plain = resultsOf([run('redis')], SETTINGS as Results['settings']);
    expect(sectionOf(await htmlReport(plain))).toBe('');
    expect(capacitySpec(reportContext(plain))).toBeNull();
    expect(markdownReport(plain)).not.toContain('Capacity');
    expect(markdownReport(plain)).not.toContain('generator');
  });
});

describe('summary.md', () => {
  it('carries the capacity table', () => {
    const md = markdownReport(sweep());
    expect(md).toContain('### Capacity at the SLO');
    expect(md).toContain(
      '| store | scenario | options | capacity req/s | bound | SLO | closed max req/s | steps run |',
    );
    expect(md).toMatch(/\| redis \| read \| — \| 3,420 \| interpolated \| p99 ≤ 25 ms \| 4,000 \| 3 \|/);
    expect(md).toMatch(/\| memory \| read \| — \| ≥ 4,000 \| at least/);
    expect(md).toMatch(/\| postgres \| read \| — \| &lt; 300 \| below the lowest step/);
  });
});

describe('an open-model run', () => {
  const rate = (late: number, dropped: number) =>
    resultsOf([run('redis', { arrivals: arrivals(300, late, dropped) })], {
      ...SETTINGS,
      rate: 300,
      arrivals: 'uniform',
    } as Results['settings']);

  it('shows the generator’s own figures, and says when it kept up', async () => {
    const section = sectionOf(await htmlReport(rate(0, 0)));
    expect(section).toContain('The open-model generator');
    expect(section).toContain('-0.30 / 0.80 ms');
    expect(section).toContain('The generator kept up in every run');
    expect(section).not.toContain('fell behind');
    expect(markdownReport(rate(0, 0))).toContain('### Open-model generator');
  });

  it('warns visibly when the generator fell behind', async () => {
    const section = sectionOf(await htmlReport(rate(12, 3)));
    expect(section).toContain('class="banner generator-behind"');
    expect(section).toContain('12 were sent more than 10.0 ms late and 3 were dropped');
    expect(markdownReport(rate(0, 5))).toContain('⚠️ The generator fell behind');
  });
});
