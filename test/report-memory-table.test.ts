// The memory table lists, per run, the verdict, bytes per session and what outlived expiry; it is
// left out when no run recorded those readings.
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { fixtureResults, MARKUP_STORE } from './fixtures/report-fixture.ts';

const tableOf = (page: string) => {
  const start = page.indexOf('<table', page.indexOf('bytes / session') - 400);
  return page.slice(start, page.indexOf('</table>', start));
};

describe('memory per session table', () => {
  it('shows a row per measured run with its verdict and bytes per session', async () => {
    const results = fixtureResults();
    const page = await htmlReport(results);
    expect(page).toContain('Memory per session');
    const table = tableOf(page);
    const measured = results.runs.filter((r) => r.status !== 'skipped' && r.memory);
    expect(table.match(/<tr>/g)?.length).toBe(measured.length + 1);
    expect(table).toMatch(/badge growing/);
    expect(table).not.toContain('<img');
    expect(table).toContain(MARKUP_STORE.replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 8));
  });

  it('is left out when no run has a verdict or bytes per session', async () => {
    const results = fixtureResults();
    for (const r of results.runs) {
      if (r.status === 'skipped' || !r.memory) continue;
      delete r.memory.verdict;
      delete r.memory.bytesPerSession;
    }
    expect(await htmlReport(results)).not.toContain('Memory per session');
  });
});
