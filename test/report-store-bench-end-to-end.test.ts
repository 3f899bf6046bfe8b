// As a user runs it: `bench:store` writes report.html and summary.md next to store-bench.json with
// no results.json; `npm run report -- DIR` rebuilds them; a DIR that also holds a results.json gets
// the full report with the micro-bench alongside; a DIR with nothing to report answers exit 2.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirReports } from '../reports/write-dir-reports.ts';
import { FIXTURE_PATH } from './fixtures/report-fixture.ts';
import { collect, spawnCli, tempDir } from './helpers/run-cli.ts';

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('store-bench report end to end', () => {
  it('bench:store writes report.html with the chart; report CLI rebuilds it; results.json adds the full report', async () => {
    const dir = path.join(await tempDir(), 'D');
    const bench = await collect(
      spawnCli('harness/cli/store-bench.ts', ['--store', 'memory', '--time', '100', '--out', dir]),
    );
    expect(bench.code).toBe(0);
    expect(bench.stdout).toContain(`report: ${path.join(dir, 'report.html')}`);
    const html = read(path.join(dir, 'report.html'));
    expect(html).toMatch(/<figure class="chart" data-chart="store-bench"><svg[^>]*>[\s\S]*role="graphics-symbol"/);
    expect(html).toContain('no HTTP benchmark (no results.json)');
    expect(read(path.join(dir, 'summary.md'))).toMatch(/\| get-hit \| 200 B \| [\d,]+ \|/);

    fs.rmSync(path.join(dir, 'report.html'));
    const report = await collect(spawnCli('reports/cli.ts', [dir]));
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(read(path.join(dir, 'report.html'))).toContain('data-chart="store-bench"');

    fs.copyFileSync(FIXTURE_PATH, path.join(dir, 'results.json'));
    await writeDirReports(dir);
    const full = read(path.join(dir, 'report.html'));
    expect(full).toContain('id="ranking"');
    expect(full).toContain('data-chart="store-bench"');
  });

  it('a directory with nothing to report: one line, exit 2', async () => {
    const dir = await tempDir();
    const r = await collect(spawnCli('reports/cli.ts', [dir]));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`report: ${dir} holds no results.json, store-bench.json or conformance.json\n`);
  });
});
