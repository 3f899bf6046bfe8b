// The "store at size" report: with a preloaded population, report.html and summary.md show each store's
// bytes per session at each size, the chart draws a store measured at two sizes against itself, the
// ranking says at which population it measured, and a sampled read-back says it was a sample.
// Results written before the population existed render with none of it.
import { describe, expect, it } from 'vitest';
import type { CompletedRun, Results } from '../harness/contracts/results.ts';
import { resultsOf } from './fixtures/report-fixture.ts';
import { storeAtSizePoints, storeAtSizeSpec } from '../reports/charts/store-at-size-chart.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { renderSvg } from '../reports/render-svg.ts';
import { reportContext } from '../reports/report-context.ts';

interface Shape {
  rps: number;
  /** Store-side bytes per session, or null for a store that keeps sessions in the app's heap. */
  storeBytes: number | null;
  heapBytes: number;
  detail?: Record<string, number>;
}

const SHAPES: Record<string, Shape> = {
  redis: { rps: 3000, storeBytes: 820, heapBytes: 100, detail: { usedMemoryDataset: 80_000_000 } },
  memory: { rps: 4000, storeBytes: null, heapBytes: 910 },
  postgres: {
    rps: 1200,
    storeBytes: 770,
    heapBytes: 2,
    detail: { tableBytes: 70_000_000, deadTuples: 7177, hotUpdateShare: 0.0024 },
  },
};

const latency = (p99: number) => ({ mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 });

/** One completed run of `store` with `sessions` preloaded; larger populations are a little slower. */
function run(store: string, sessions: number, repeat = 1): CompletedRun {
  const s = SHAPES[store]!;
  const slow = sessions > 10_000 ? 0.8 : 1;
  const candidates = Math.min(sessions, 17_950);
  const checked = Math.min(candidates, 2000);
  const options = { resave: false, saveUninitialized: false, rolling: false, maxAge: 3_600_000, sessions };
  const total = Math.round(s.rps * slow * 5);
  return {
    id: `${store}|read|sessions=${sessions}#${repeat}`,
    store,
    scenario: 'read',
    options,
    repeat,
    status: 'completed',
    throughput: { rps: s.rps * slow, samples: [s.rps * slow, s.rps * slow] },
    latencyMs: { ...latency(3), source: 'probe', requests: 500 },
    loadedLatencyMs: latency(10 / slow),
    requests: { total, errors: 0, timeouts: 0, non2xx: 0 },
    cookie: { meanBytes: 80, maxBytes: 80 },
    memory: {
      rssBytes: { start: 80e6, end: 90e6, peak: 91e6 },
      heapUsedBytes: { start: 20e6, end: 25e6 },
      samples: [],
    },
    storeOps: { get: total, set: 0, touch: total, destroy: 0, perRequest: 2, getMisses: 0 },
    correctness: {
      sessionsChecked: checked,
      sessionsValid: checked,
      lostWrites: 0,
      candidates,
      sampled: checked < candidates,
    },
    population: {
      preloaded: sessions,
      preloadMs: sessions / 50,
      sessionBytes: 478,
      users: Math.min(sessions, 100_000),
      storeSessions: sessions,
      bytesPerSession: s.storeBytes,
      heapBytesPerSession: s.heapBytes,
      resumed: candidates,
      resumeMisses: 0,
      ...(s.detail ? { detail: s.detail } : {}),
    },
    eventLoopDelayMs: { p50: 0.5, p99: 8 / slow, max: 20 },
    ...(s.detail ? { storeSide: { detail: s.detail } } : {}),
  };
}

function results(runs: CompletedRun[]): Results {
  const sessions = [...new Set(runs.map((r) => Number(r.options.sessions)))];
  const settings = {
    duration: 5,
    warmup: 2,
    connections: 16,
    pipelining: 1,
    repeat: 1,
    seed: 1,
    probe: 2,
    sessions,
    access: 'uniform',
    verifySample: 2000,
  };
  return resultsOf(runs, settings, { services: { redis: { mode: 'container', endpoint: 'redis://127.0.0.1:6379' } } });
}

/** Two stores at two populations, and postgres at one. */
const twoSizes = () =>
  results([
    run('redis', 1000),
    run('redis', 100_000),
    run('memory', 1000),
    run('memory', 100_000),
    run('postgres', 100_000),
  ]);

/** The same results as older files had them: no population, event-loop delay or sampled read-back. */
function oldStyle(): Results {
  const r = twoSizes();
  const runs = r.runs.filter((run) => run.options.sessions === 100_000);
  for (const run of runs) {
    if (run.status !== 'completed') continue;
    delete run.options.sessions;
    delete run.population;
    delete run.eventLoopDelayMs;
    delete run.storeSide;
    delete run.correctness.candidates;
    delete run.correctness.sampled;
    delete run.storeOps.getMisses;
  }
  const { sessions: _s, access: _a, verifySample: _v, ...settings } = r.settings;
  return { ...r, settings, runs };
}

const sectionOf = (page: string) => {
  const start = page.indexOf('<section id="store-at-size">');
  return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start));
};
const rowsOf = (section: string) => section.split('<tr').slice(2);

describe('store at size in report.html', () => {
  it('has one row per store and population, with bytes per session for each store', async () => {
    const section = sectionOf(await htmlReport(twoSizes()));
    expect(section).toContain('<h2>Store at size</h2>');
    const rows = rowsOf(section);
    expect(rows).toHaveLength(5);
    const redis = rows.filter((r) => r.includes('<strong>redis</strong>'));
    const memory = rows.filter((r) => r.includes('<strong>memory</strong>'));
    expect(redis.map((r) => /<td class="num"[^>]*>([\d,]+)/.exec(r)?.[1])).toEqual(['1,000', '100,000']);
    for (const r of redis) expect(r).toMatch(/820 B<br><span class="muted">store-side/);
    // A store that keeps sessions in the app process: its heap growth, said to be the app's heap.
    for (const r of memory) expect(r).toMatch(/910 B<br><span class="muted">app heap/);
    expect(rows.find((r) => r.includes('<strong>postgres</strong>'))).toMatch(/770 B.*store-side/s);
  });

  it('says which latency it shows and what the figures do not claim', async () => {
    const section = sectionOf(await htmlReport(twoSizes()));
    expect(section).toContain('<th>p99 under load</th>');
    expect(section).toContain('<th>event-loop delay p99 / max</th>');
    expect(section).toMatch(/do not claim how a store scales on your servers/);
    expect(section).toMatch(/in a container on the same machine/);
    expect(section).toMatch(/2 CPUs/);
  });

  it('shows PostgreSQL’s HOT-update share and dead tuples at the end', async () => {
    const row = rowsOf(sectionOf(await htmlReport(twoSizes()))).find((r) => r.includes('<strong>postgres</strong>'));
    expect(row).toContain('HOT updates 0.2%, 7,177 dead tuples');
  });

  it('draws the chart when a store has two sizes, and not when every store has one', async () => {
    const section = sectionOf(await htmlReport(twoSizes()));
    expect(section).toContain('data-chart="store-at-size"');
    expect(section).toContain('<svg');
    const one = results([run('redis', 100_000), run('memory', 100_000)]);
    const oneSection = sectionOf(await htmlReport(one));
    expect(oneSection).toContain('<h2>Store at size</h2>');
    expect(oneSection).not.toContain('data-chart');
  });

  it('keeps the bytes per session of a cell whose only repeat failed, flagged as preload only', async () => {
    const r = twoSizes();
    const failed = r.runs.find((x) => x.store === 'redis' && x.options.sessions === 1000)!;
    Object.assign(failed, { status: 'failed', reason: '1 of 1000 sessions did not read back' });
    const row = rowsOf(sectionOf(await htmlReport(r))).find((x) => x.includes('no repeat completed'));
    expect(row).toContain('<strong>redis</strong>');
    expect(row).toMatch(/820 B/);
    expect(row).toMatch(/class="flagged"/);
  });
});

describe('the store-at-size chart', () => {
  it('has a line per store measured at two sizes, in req/s, p99 under load and bytes per session', () => {
    const points = storeAtSizePoints(reportContext(twoSizes()));
    expect(new Set(points.map((p) => p.store))).toEqual(new Set(['redis', 'memory']));
    expect(new Set(points.map((p) => p.metric))).toEqual(new Set(['req/s', 'p99 under load, ms', 'bytes / session']));
    const rps = points.filter((p) => p.store === 'redis' && p.metric === 'req/s');
    expect(rps.map((p) => [p.sessions, p.value])).toEqual([
      [1000, 3000],
      [100_000, 2400],
    ]);
  });

  it('renders without vega-lite warnings', async () => {
    const spec = storeAtSizeSpec(reportContext(twoSizes()));
    const { svg, warnings } = await renderSvg(spec!);
    expect(warnings).toEqual([]);
    expect(svg).toMatch(/role="graphics-symbol"/);
  });
});

describe('the ranking and the read-back sample', () => {
  it('says at which population the ranking measured', async () => {
    const one = await htmlReport(results([run('redis', 10_000), run('memory', 10_000)]));
    expect(one).toContain('Measured with 10,000 sessions preloaded into each store.');
    const two = await htmlReport(twoSizes());
    expect(two).toContain('Measured at 1,000 and 100,000 sessions preloaded');
    expect(two).toMatch(/<strong>redis<\/strong><br><code>sessions=1000<\/code>/);
  });

  it('says a sampled read-back was a sample of the candidates, on the page and in summary.md', async () => {
    const page = await htmlReport(twoSizes());
    const ranking = page.slice(page.indexOf('<section id="ranking">'), page.indexOf('<section id="store-at-size">'));
    expect(ranking).toContain('2,000 / 2,000<br><span class="muted">sample of 17,950</span>');
    expect(ranking).toContain('read back a random sample: 2,000 of 17,950 users who acted');
    // 1,000 sessions: every candidate was read back, so no note on those rows.
    expect(ranking).toContain('1,000 / 1,000</td>');
    const md = markdownReport(twoSizes());
    expect(md).toContain('2,000/2,000 (sample of 17,950)');
    expect(md).toContain('Measured at 1,000 and 100,000 sessions preloaded');
  });
});

describe('store at size in summary.md', () => {
  it('has a table with bytes per session for each store at each size', () => {
    const md = markdownReport(twoSizes());
    const part = md.slice(md.indexOf('### Store at size'));
    expect(part).toMatch(
      /\| redis \| read \| 1,000 \| 20\.0 ms \| 820 B store-side \| 3,000 \| 10\.0 ms \| 8\.00 ms \|/,
    );
    expect(part).toMatch(
      /\| memory \| read \| 100,000 \| 2\.0 s \| 910 B app heap \| 3,200 \| 12\.5 ms \| 10\.0 ms \|/,
    );
    expect(part).toMatch(/\| postgres \| read \| 100,000 \|/);
  });
});

describe('results without a population', () => {
  it('render with no store-at-size section, population line or sample note', async () => {
    const old = oldStyle();
    const page = await htmlReport(old);
    expect(page).not.toContain('store-at-size');
    expect(page).not.toContain('Store at size');
    expect(page).not.toContain('data-population');
    expect(page).not.toContain('sample of');
    expect(page).not.toContain('preloaded');
    const md = markdownReport(old);
    expect(md).not.toContain('Store at size');
    expect(md).not.toContain('sample of');
    expect(md).not.toContain('preloaded');
  });
});
