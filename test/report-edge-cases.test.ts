// Reports of unusual results still render and say what happened: no runs at all, nothing completed,
// an interrupted (partial) run, and a run with zero requests.
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import type { Results } from '../harness/contracts/results.ts';
import { fixtureResults, fixtureWith } from './fixtures/report-fixture.ts';

describe('edge cases', () => {
  it('no runs: both reports render and say so', async () => {
    const empty: Results = { ...fixtureResults(), runs: [] };
    expect(await htmlReport(empty)).toContain('The results hold no runs.');
    expect(markdownReport(empty)).toMatch(/^## Session store benchmark: 0 stores × 0 scenarios/);
  });

  it('nothing completed: no chart, every store listed with its reason', async () => {
    const failed = fixtureWith((r) => r.status !== 'completed');
    const html = await htmlReport(failed);
    expect(html).not.toContain('<figure class="chart"');
    expect(html).toContain('could not start redis');
    expect(markdownReport(failed)).toContain('No run of this scenario completed.');
  });

  it('partial results carry a banner', async () => {
    const partial = { ...fixtureResults(), partial: true };
    expect(await htmlReport(partial)).toContain('Partial results');
    expect(markdownReport(partial)).toContain('Partial results');
  });

  it('a run with zero requests renders no NaN or Infinity', async () => {
    const zero = fixtureWith(
      (r) => r.scenario === 'mixed' && r.options.resave === false && (r.store === 'memory' || r.store === 'sqlite'),
    );
    for (const run of zero.runs) {
      if (run.status !== 'completed' || run.store !== 'sqlite') continue;
      Object.assign(run.throughput, { rps: 0, samples: [0, 0, 0] });
      Object.assign(run.requests, { total: 0 });
      Object.assign(run.latencyMs, { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
    }
    const text = `${await htmlReport(zero)}\n${markdownReport(zero)}`;
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});
