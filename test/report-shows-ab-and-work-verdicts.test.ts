// compare.json's --ab verdicts and work rows show in report.html and summary.md: the interval, the
// SLOWER verdict, the action and quantity that did more work, the unresolved warning; and the file
// the gate wrote satisfies its contract (contracts/compare.ts, with `ab`).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runGate } from '../harness/gate/index.ts';
import { compareReportSchema } from '../harness/contracts/compare.ts';
import type { AbReport } from '../harness/contracts/compare-ab.ts';
import type { WorkComparison } from '../harness/contracts/compare.ts';
import { writeReports } from '../reports/index.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-ab-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const moreSets: WorkComparison = {
  action: 'dashboard',
  cookie: 'sent',
  label: 'dashboard',
  quantity: 'set',
  unit: 'calls',
  baseline: 0,
  current: 1,
  change: 1,
  allowed: 0,
  requests: { baseline: 900, current: 880 },
  verdict: 'more',
  fails: true,
};

const ab = (over: Partial<AbReport> = {}): AbReport => ({
  axis: 'store',
  variants: ['main', 'pr'],
  horizonPct: 5,
  confidence: 0.95,
  minSamples: 3,
  budgetS: 900,
  elapsedS: 25,
  stoppedBy: 'resolved',
  failUnresolved: false,
  order: ['main', 'pr', 'pr', 'main', 'main', 'pr'],
  unresolved: 1,
  groups: [
    {
      label: 'read · defaults',
      scenario: 'read',
      options: {},
      comparisons: [
        {
          control: 'main',
          variant: 'pr',
          samples: { control: 3, variant: 3 },
          metrics: [
            {
              metric: 'rps',
              unit: 'req/s',
              better: 'higher',
              control: 3000,
              variant: 840,
              diffPct: -72,
              ciPct: [-74.5, -70.3],
              verdict: 'slower',
            },
            {
              metric: 'p99',
              unit: 'ms',
              better: 'lower',
              control: 3.1,
              variant: 3.2,
              diffPct: 3,
              ciPct: [-6, 12],
              verdict: 'unresolved',
            },
          ],
          work: [moreSets],
          fails: true,
          unresolved: true,
        },
      ],
    },
  ],
  ...over,
});

describe('--ab verdicts in the reports', () => {
  it('show the interval, SLOWER, the extra work by action and the unresolved warning, and exit 1', async () => {
    const results = makeResults([makeRun({ store: 'main' }), makeRun({ store: 'pr' })]);
    const code = await runGate(results, { maxRegressionPct: 10, thresholds: [], exports: [] }, dir, ab());
    expect(code).toBe(1);
    const compare = JSON.parse(await fs.readFile(path.join(dir, 'compare.json'), 'utf8'));
    expect(compareReportSchema.safeParse(compare).success).toBe(true);
    await writeReports(results, dir);
    const md = await fs.readFile(path.join(dir, 'summary.md'), 'utf8');
    const html = await fs.readFile(path.join(dir, 'report.html'), 'utf8');
    expect(md).toMatch(
      /\*\*FAIL\*\*: pr vs main in read · defaults: slower rps; more work: dashboard: set \+1\.00 calls\/request/,
    );
    expect(md).toMatch(/\| read · defaults \| pr vs main \(3\+3\) \| rps \|.*-74\.5% … -70\.3% \| \*\*SLOWER\*\* \|/);
    expect(md).toMatch(/\| dashboard \| set \(calls\) \|.*\*\*MORE WORK\*\* \|/);
    expect(md).toContain('1 metric(s) unresolved');
    expect(html).toContain('<strong>SLOWER</strong>');
    expect(html).toContain('<strong>MORE WORK</strong>');
    expect(html).toContain('Interleaved A/B');
  });

  it('passes with unresolved metrics unless --fail-unresolved', async () => {
    const same = ab({
      groups: [
        {
          ...ab().groups[0]!,
          comparisons: [
            {
              ...ab().groups[0]!.comparisons[0]!,
              metrics: [ab().groups[0]!.comparisons[0]!.metrics[1]!],
              work: [],
              fails: false,
            },
          ],
        },
      ],
    });
    const results = makeResults([makeRun({ store: 'main' }), makeRun({ store: 'pr' })]);
    const gate = { maxRegressionPct: 10, thresholds: [], exports: [] };
    expect(await runGate(results, gate, dir, same)).toBe(0);
    expect(await runGate(results, gate, dir, { ...same, failUnresolved: true })).toBe(1);
  });
});
