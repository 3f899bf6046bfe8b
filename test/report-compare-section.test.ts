// The gate's compare.json shows in report.html and summary.md: the verdict, the regressed metric
// with its cell, threshold lines; escaped labels; a malformed file is ignored with a reason.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runGate } from '../harness/gate/index.ts';
import type { Results } from '../harness/contracts/results.ts';
import { writeReports } from '../reports/index.ts';
import { makeResults, repeats } from './fixtures/gate/make-results.ts';

const BASELINE = path.join(import.meta.dirname, 'fixtures', 'gate', 'baseline.json');
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-compare-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

async function reportFor(current: Results) {
  await runGate(current, { baseline: BASELINE, maxRegressionPct: 10, thresholds: ['p99<0.001'], exports: [] }, dir);
  await writeReports(current, dir);
  return {
    html: await fs.readFile(path.join(dir, 'report.html'), 'utf8'),
    md: await fs.readFile(path.join(dir, 'summary.md'), 'utf8'),
  };
}

describe('compare.json in the reports', () => {
  it('shows a failed gate with the regressed cell and the missed threshold', async () => {
    const { html, md } = await reportFor(
      makeResults(repeats({ store: 'memory', scenario: 'read' }, 'p50', [9, 9.5, 10])),
    );
    expect(md).toMatch(/## Regression gate\n\n\*\*FAIL\*\*/);
    expect(md).toMatch(/\| memory · read · defaults \| p50 \|.*\*\*REGRESSION\*\*/);
    expect(md).toMatch(/- \*\*fail\*\*: p99&lt;0\.001 · memory · read · defaults = 20\.0/);
    expect(html).toContain('<strong>FAIL</strong>');
    expect(html).toContain('<strong>REGRESSION</strong>');
  });

  it('ignores a malformed compare.json and says so', async () => {
    await fs.writeFile(path.join(dir, 'compare.json'), JSON.stringify({ schemaVersion: 7 }));
    const results = makeResults(repeats({ store: 'memory', scenario: 'read' }, 'rps', [1000, 1000, 1000]));
    await writeReports(results, dir);
    expect(await fs.readFile(path.join(dir, 'summary.md'), 'utf8')).toMatch(
      /compare\.json was ignored: not a compare\.json of schemaVersion 1/,
    );
  });
});
