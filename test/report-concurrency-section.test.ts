// The "concurrent requests" report: runs that carry `concurrency` get a table per mode in report.html
// and summary.md with the lost-update and resurrection rates, one sentence per row, and remedies
// only where the results measured one (a parallel-1 control of the same store, an option set that
// lost less, a store that lost nothing). The ranking of those scenarios says req/s is not the point.
// Results without `concurrency` render with none of it.
import { describe, expect, it } from 'vitest';
import type { CompletedRun, Results, RunMetrics } from '../harness/contracts/results.ts';
import { resultsOf } from './fixtures/report-fixture.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';

type Concurrency = NonNullable<RunMetrics['concurrency']>;

interface Spec {
  store: string;
  mode?: Concurrency['mode'];
  parallel?: number;
  writes?: number;
  lost?: number;
  logouts?: number;
  resurrected?: number;
  setsPerLogin?: number;
  options?: Record<string, boolean>;
  repeat?: number;
}

const latency = (p99: number) => ({ mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 });

function concurrencyOf(s: Spec): Concurrency {
  const mode = s.mode ?? 'concurrent';
  const writes = s.writes ?? 1000;
  const lost = s.lost ?? 0;
  const logouts = s.logouts ?? 0;
  const resurrected = s.resurrected ?? 0;
  return {
    mode,
    parallel: mode === 'concurrent' ? (s.parallel ?? 4) : 1,
    workMs: 5,
    writes,
    lostUpdates: lost,
    lostRate: writes > 0 ? lost / writes : 0,
    logouts,
    resurrected,
    resurrectedRate: logouts > 0 ? resurrected / logouts : 0,
    setsPerLogin: s.setsPerLogin ?? 1,
  };
}

/** One completed run; `concurrency: false` makes a plain run of scenario read (older results). */
function run(s: Spec, concurrency = true): CompletedRun {
  const scenario = concurrency ? (s.mode ?? 'concurrent') : 'read';
  const options = { resave: false, saveUninitialized: false, rolling: false, maxAge: 3_600_000, ...s.options };
  const repeat = s.repeat ?? 1;
  return {
    id: `${s.store}|${scenario}|${JSON.stringify(s.options ?? {})}|p${s.parallel ?? 4}#${repeat}`,
    store: s.store,
    scenario,
    options,
    repeat,
    status: 'completed',
    throughput: { rps: 1000, samples: [1000, 1000] },
    latencyMs: { ...latency(3), source: 'probe', requests: 500 },
    loadedLatencyMs: latency(10),
    requests: { total: 5000, errors: 0, timeouts: 0, non2xx: 0 },
    cookie: { meanBytes: 80, maxBytes: 80 },
    memory: {
      rssBytes: { start: 80e6, end: 90e6, peak: 91e6 },
      heapUsedBytes: { start: 20e6, end: 25e6 },
      samples: [],
    },
    storeOps: { get: 5000, set: 5000, touch: 0, destroy: 0, perRequest: 2 },
    correctness: { sessionsChecked: 16, sessionsValid: 16, lostWrites: 0 },
    ...(concurrency ? { concurrency: concurrencyOf(s) } : {}),
  };
}

function results(runs: CompletedRun[]): Results {
  const settings = {
    duration: 5,
    warmup: 2,
    connections: 16,
    pipelining: 1,
    repeat: 1,
    seed: 1,
    workMs: 5,
    parallel: 4,
  };
  return resultsOf(runs, settings);
}

const REDIS_4 = { store: 'redis', writes: 1000, lost: 748 };
const SQLITE_4 = { store: 'sqlite', writes: 1000, lost: 500 };
const REDIS_1 = { store: 'redis', parallel: 1, writes: 400, lost: 0, repeat: 2 };
const LOGOUT = { store: 'memory', mode: 'logout-race' as const, writes: 950, logouts: 950, resurrected: 950 };

/** Two stores at parallel 4, redis also at parallel 1 (the control), and one logout-race run. */
const withControl = () => results([run(REDIS_4), run(SQLITE_4), run(REDIS_1), run(LOGOUT)]);
const withoutControl = () => results([run(REDIS_4), run(SQLITE_4), run(LOGOUT)]);

const sectionOf = (page: string) => {
  const start = page.indexOf('<section id="concurrency">');
  return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start));
};
const partOf = (md: string) => {
  const start = md.indexOf('### Concurrent requests');
  return start < 0 ? '' : md.slice(start, md.indexOf('\n### ', start + 1));
};

describe('concurrent requests in report.html', () => {
  it('has a table per mode with the lost-update and resurrection rates', async () => {
    const section = sectionOf(await htmlReport(withControl()));
    expect(section).toContain('<h2>Concurrent requests</h2>');
    const concurrent = section.slice(
      section.indexOf('data-mode="concurrent"'),
      section.indexOf('data-mode="logout-race"'),
    );
    expect(concurrent.split('<tr').slice(2)).toHaveLength(3);
    expect(concurrent).toContain('<th>lost rate</th>');
    expect(concurrent).toMatch(
      /<strong>redis<\/strong><\/td><td class="num">4<\/td><td class="num">5 ms<\/td><td class="num">1,000<\/td><td class="num">748<\/td><td class="num">74\.8 %<\/td>/,
    );
    const logout = section.slice(section.indexOf('data-mode="logout-race"'));
    expect(logout.split('<tr').slice(2)).toHaveLength(1);
    expect(logout).toContain('<th>resurrection rate</th>');
    expect(logout).toMatch(/<td class="num">950<\/td><td class="num">100 %<\/td>/);
  });

  it('says each row in words, with the right percentages', async () => {
    const section = sectionOf(await htmlReport(withControl()));
    expect(section).toContain(
      'redis, 4 parallel adds with 5 ms of handler work: 74.8 % of acknowledged cart adds were lost (last writer wins).',
    );
    expect(section).toContain(
      'sqlite, 4 parallel adds with 5 ms of handler work: 50 % of acknowledged cart adds were lost (last writer wins).',
    );
    expect(section).toContain(
      'redis, one add at a time with 5 ms of handler work: the control: no overlap, nothing lost (400 adds).',
    );
    expect(section).toContain(
      'memory: 950 of 950 logouts (100 %) were undone by a write in flight: the old cookie was logged in again.',
    );
    expect(section).toMatch(/summed across the completed repeats/);
  });

  it('claims serialising helps only when a parallel-1 run of the same store shows it', async () => {
    const serialising =
      'Serialising a user&#39;s writes (parallel 1) lost nothing: <strong>redis</strong> kept all 400';
    const shown = sectionOf(await htmlReport(withControl()));
    expect(shown).toContain(serialising);
    expect(shown).toContain('against 74.8 % lost at 4 parallel adds');
    expect(shown).not.toContain('Nothing in these results shows a remedy for lost updates');
    const without = sectionOf(await htmlReport(withoutControl()));
    expect(without).not.toContain('Serialising a user');
    expect(without).toContain('Nothing in these results shows a remedy for lost updates');
    expect(without).toContain('<code>--parallel 1</code>');
    // Nothing here kept a logged-out session dead: said, not invented.
    expect(without).toContain('Nothing in these results shows a remedy for undone logouts');
  });

  it('says which option set lost less, or that the options made no difference', async () => {
    const lower = results([
      run({ store: 'redis', lost: 748, options: { resave: true } }),
      run({ store: 'redis', lost: 200, options: { resave: false } }),
    ]);
    const section = sectionOf(await htmlReport(lower));
    expect(section).toContain('<code>resave=true</code>');
    expect(section).toContain(
      'For <strong>redis</strong> (4 parallel adds with 5 ms of handler work), <code>resave=false</code> lost 20 % of acknowledged adds, against 74.8 % with <code>resave=true</code>.',
    );
    const same = results([
      run({ store: 'redis', lost: 748, options: { resave: true } }),
      run({ store: 'redis', lost: 740, options: { resave: false } }),
    ]);
    const none = sectionOf(await htmlReport(same));
    expect(none).toContain('made no measured difference (74 %–74.8 %)');
    expect(none).toContain('Nothing in these results shows a remedy for lost updates');
  });

  it('names a store that lost nothing at parallel adds where another lost some', async () => {
    const section = sectionOf(await htmlReport(results([run(REDIS_4), run({ store: 'merging', lost: 0 })])));
    expect(section).toContain(
      '<strong>merging</strong> lost none of 1,000 acknowledged adds (4 parallel adds with 5 ms of handler work), where <strong>redis</strong> lost 74.8 % of acknowledged adds.',
    );
    expect(section).toContain(
      'merging, 4 parallel adds with 5 ms of handler work: none of 1,000 acknowledged cart adds was lost.',
    );
  });

  it('names a store that let no logout be undone where another did, and no store when none lost', async () => {
    const careful = { store: 'careful', mode: 'logout-race' as const, logouts: 900, resurrected: 0 };
    const section = sectionOf(await htmlReport(results([run(LOGOUT), run(careful)])));
    expect(section).toContain(
      '<strong>careful</strong> let none of 900 logouts be undone (a logout during a write with 5 ms of handler work), where <strong>memory</strong> let 100 % of logouts be undone.',
    );
    expect(section).not.toContain('Nothing in these results shows a remedy for undone logouts');
    const calm = sectionOf(await htmlReport(results([run({ store: 'a', lost: 0 }), run({ store: 'b', lost: 0 })])));
    expect(calm).not.toContain('lost none of');
    expect(calm).toContain('Nothing was lost in these runs: nothing to remedy.');
  });

  it('sums repeats and computes the rate from the sums; flags a double save after regenerate', async () => {
    const r = results([
      run({ store: 'sqlite', lost: 500, setsPerLogin: 2 }),
      run({ store: 'sqlite', lost: 100, setsPerLogin: 2, repeat: 2 }),
    ]);
    const section = sectionOf(await htmlReport(r));
    expect(section).toMatch(
      /<td class="num">2,000<\/td><td class="num">600<\/td><td class="num">30 %<\/td><td class="num">2\.00<\/td>/,
    );
    expect(section).toContain('Each login called the store&#39;s set 2.00 times: a double save after regenerate.');
  });

  it('escapes a store name in the table and the sentences', async () => {
    const page = await htmlReport(results([run({ store: '<b>x</b>', lost: 10 })]));
    expect(sectionOf(page)).not.toContain('<b>x</b>');
    expect(sectionOf(page)).toContain('&lt;b&gt;x&lt;/b&gt;, 4 parallel adds');
  });

  it('notes in the ranking of those scenarios that req/s is not the point', async () => {
    const page = await htmlReport(withControl());
    const ranking = page.slice(page.indexOf('<section id="ranking">'), page.indexOf('<section id="concurrency">'));
    expect(ranking.match(/data-concurrency-note/g)).toHaveLength(2);
    expect(ranking).toContain('Req/s is not the point of this scenario');
  });
});

describe('concurrent requests in summary.md', () => {
  it('has the core columns, the sentences and the measured remedy', () => {
    const part = partOf(markdownReport(withControl()));
    expect(part).toMatch(/\| ⚠️ redis \| concurrent \| 4 \| 5 ms \| 74\.8 % \(748 \/ 1,000\) \| — \| 1\.00 \|/);
    expect(part).toMatch(/\| redis \| concurrent \| 1 \| 5 ms \| 0 % \(0 \/ 400\) \| — \| 1\.00 \|/);
    expect(part).toMatch(/\| ⚠️ memory \| logout-race \| — \| 5 ms \| — \| 100 % \(950 \/ 950\) \| 1\.00 \|/);
    expect(part).toContain(
      '- sqlite, 4 parallel adds with 5 ms of handler work: 50 % of acknowledged cart adds were lost (last writer wins).',
    );
    expect(part).toContain("- ✅ Serialising a user's writes (parallel 1) lost nothing: **redis** kept all 400");
    expect(markdownReport(withControl())).toContain('Req/s is not the point of this scenario');
    const without = partOf(markdownReport(withoutControl()));
    expect(without).not.toContain('Serialising');
    expect(without).toContain('`--parallel 1`');
  });
});

describe('results without concurrency', () => {
  it('render with no concurrent-requests section, part or ranking note', async () => {
    const old = results([run({ store: 'redis' }, false), run({ store: 'memory' }, false)]);
    const page = await htmlReport(old);
    expect(page).not.toContain('id="concurrency"');
    expect(page).not.toContain('Concurrent requests');
    expect(page).not.toContain('data-concurrency-note');
    const md = markdownReport(old);
    expect(md).not.toContain('Concurrent requests');
    expect(md).not.toContain('Req/s is not the point');
  });
});
