// Ranking and findings come from the numbers alone: failed and skipped runs are listed with their
// reasons and never ranked, a store that lost sessions is not called fastest, overlapping repeats
// read as a tie, and scaling the measurements changes the sentences accordingly.
import { describe, expect, it } from 'vitest';
import { findingText } from '../reports/finding.ts';
import { keyFindings } from '../reports/key-findings.ts';
import { rankScenarios } from '../reports/rank-scenarios.ts';
import type { Results } from '../harness/contracts/results.ts';
import { fixtureResults, fixtureWith, MARKUP_STORE } from './fixtures/report-fixture.ts';

const texts = (results: Results) => keyFindings(rankScenarios(results), results).map(findingText);

describe('ranking', () => {
  const rankings = rankScenarios(fixtureResults());

  it('orders completed cells by median req/s and never ranks failed or skipped ones', () => {
    for (const r of rankings) {
      const rps = r.ranked.map((c) => c.stats.rps.median);
      expect(rps).toEqual([...rps].sort((a, b) => b - a));
      expect(r.ranked.map((c) => c.rank)).toEqual(r.ranked.map((_, i) => i + 1));
      expect(r.ranked.some((c) => c.store === 'redis' || c.store === 'mongo')).toBe(false);
      // The markup store's write runs failed verification: not ranked there, though they have metrics.
      const unranked = r.scenario === 'write' ? ['redis', 'mongo', MARKUP_STORE] : ['redis', 'mongo'];
      expect(new Set(r.unranked.map((c) => c.store))).toEqual(new Set(unranked));
    }
  });

  it('keeps the reasons of runs that did not complete', () => {
    const write = rankings.find((r) => r.scenario === 'write')!;
    expect(write.unranked.flatMap((c) => c.notCompleted.map((run) => run.reason))).toContain(
      'no MongoDB server: pass --mongo-url or start Docker',
    );
    const sqlite = write.ranked.find((c) => c.label === 'sqlite · resave=true')!;
    expect(sqlite.notCompleted.map((run) => run.status)).toEqual(['failed']);
  });
});

describe('findings', () => {
  it('state failed and skipped stores with their reasons', () => {
    const all = texts(fixtureResults());
    expect(all).toContainEqual(
      expect.stringMatching(/^redis was not ranked \(8 runs failed in mixed, write\): could not start redis/),
    );
    expect(all).toContainEqual(expect.stringMatching(/^mongo was not ranked \(8 runs skipped/));
    expect(all).toContainEqual(
      `${MARKUP_STORE} was not ranked (4 runs failed in write): 3 of 14 sessions did not read back what was acknowledged: user 3 (u3): cartAdds 4 < acknowledged 7`,
    );
  });

  it('do not call a completed store that lost sessions the fastest, and say what it lost', () => {
    // Older results (and hand-made ones) may mark such runs completed; the report must still tell.
    const results = fixtureResults();
    for (const run of results.runs) {
      if (run.store !== 'cookie' || run.scenario !== 'mixed' || run.status !== 'completed') continue;
      Object.assign(run.correctness, { sessionsValid: 11, lostWrites: 5 });
      run.throughput.rps *= 10;
    }
    const all = texts(results);
    expect(all.find((t) => t.startsWith('Fastest in mixed:'))).not.toContain('cookie');
    expect(all).toContainEqual(
      expect.stringMatching(
        /^cookie · resave=false in mixed: 22 of 28 checked sessions valid, 10 acknowledged writes lost\. Not compared/,
      ),
    );
  });

  it('name the latency they quote: one request alone when the probe ran', () => {
    expect(texts(fixtureResults())).toContainEqual(expect.stringMatching(/^Lowest p99 in mixed \(alone\): /));
    const loaded = fixtureResults();
    for (const run of loaded.runs) if (run.status === 'completed') delete run.latencyMs.source;
    expect(texts(loaded)).toContainEqual(expect.stringMatching(/^Lowest p99 in mixed \(under load\): /));
  });

  it('follow the measurements: doubling every req/s doubles the numbers quoted', () => {
    const doubled = fixtureResults();
    for (const run of doubled.runs) if (run.status === 'completed') run.throughput.rps *= 2;
    const before = texts(fixtureResults()).find((t) => t.startsWith('Fastest in mixed:'))!;
    const after = texts(doubled).find((t) => t.startsWith('Fastest in mixed:'))!;
    const rps = (t: string) => Number(/at ([\d,]+) req\/s/.exec(t)![1]!.replace(/,/g, ''));
    expect(Math.abs(rps(after) - 2 * rps(before))).toBeLessThanOrEqual(1); // both were rounded
  });

  it('call two stores tied when their repeats overlap', () => {
    const results = fixtureWith(
      (r) =>
        r.scenario === 'mixed' && r.options.resave === false && (r.store === 'memory' || r.store === 'memorystore'),
    );
    // One fast repeat makes memorystore's min–max range swallow memory's.
    const fast = results.runs.find((r) => r.status === 'completed' && r.store === 'memorystore');
    if (fast?.status === 'completed') fast.throughput.rps = 1e9;
    expect(texts(results).find((t) => t.startsWith('Fastest in mixed:'))).toMatch(/treat them as tied/);
  });

  it('with one repeat, call two stores tied only when their per-second samples overlap', () => {
    const one = (samples: [number[], number[]]) => {
      const results = fixtureWith(
        (r) =>
          r.repeat === 1 &&
          r.scenario === 'mixed' &&
          r.options.resave === false &&
          (r.store === 'memory' || r.store === 'sqlite'),
      );
      for (const run of results.runs) {
        if (run.status !== 'completed') continue;
        run.throughput.samples = run.store === 'memory' ? samples[0] : samples[1];
        run.throughput.rps = run.store === 'memory' ? 200 : 100;
      }
      return texts(results).find((t) => t.startsWith('Fastest in mixed:'))!;
    };
    expect(
      one([
        [100, 200, 300],
        [60, 100, 260],
      ]),
    ).toMatch(/per-second throughput overlaps .*: treat them as tied/);
    expect(
      one([
        [190, 200, 210],
        [90, 100, 110],
      ]),
    ).toMatch(/\+100% over sqlite \(100 req\/s\)\.$/);
  });

  it('say a single repeat has no measured spread', () => {
    const one = fixtureWith((r) => r.repeat === 1);
    expect(texts(one).find((t) => t.startsWith('Fastest in mixed:'))).toMatch(
      /one repeat: spread across repeats not measured/,
    );
  });

  it('report memory verdicts when present, and RSS growth as a hint when not', () => {
    expect(texts(fixtureResults())).toContainEqual(
      expect.stringMatching(/^Server memory in mixed: growing for memory \(/),
    );
    const bare = fixtureResults();
    for (const run of bare.runs) if (run.status === 'completed') delete run.memory.verdict;
    expect(texts(bare)).toContainEqual(
      expect.stringMatching(
        /^Server RSS in mixed grew most with memory · resave=\w+ \(\+[\d.]+ MiB.*not a leak verdict/,
      ),
    );
  });

  it('list traits the store modules declare, as declared, when results carry them', () => {
    const results = fixtureResults();
    // 'junk' checks that a malformed entry from another tool is ignored, not trusted.
    (results as { stores: unknown }).stores = {
      sqlite: { traits: { persistent: true, shared: false } },
      cookie: { traits: { persistent: true, shared: true, clientSide: true } },
      redis: { traits: { shared: true } },
      memory: 'junk',
    };
    const declared = texts(results).find((t) => t.startsWith('Declared by the store modules'));
    // In ranking order; redis never completed a run, so it is not listed.
    expect(declared).toBe(
      'Declared by the store modules, not measured by these runs: sessions survive a server restart: cookie, sqlite; sessions are shared across processes: cookie; the session lives in the cookie: cookie.',
    );
    expect(texts(fixtureResults()).some((t) => t.startsWith('Declared'))).toBe(false);
  });

  it('say what these runs did not measure', () => {
    expect(texts(fixtureResults()).at(-1)).toMatch(
      /^Not measured by these runs: whether sessions survive a server restart/,
    );
  });
});
