// The exact gate through the real CLI, with one repeat a side: a baseline, then the same store with
// one extra set per request (exit 1, naming the action and `set`), then the store unchanged (exit 0).
// And --ab on two labelled modules of one store name: the extra write fails it after one round
// (an exact count needs no more samples), while the timing, with one sample a side, stays unresolved.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../harness/contracts/compare.ts';
import { readJson, runBenchCli, tempDir } from './helpers/run-cli.ts';

const STORE = 'test/fixtures/stores/work-fault-store.mjs';
const LOAD = [
  '--scenario',
  'read',
  '--duration',
  '1',
  '--warmup',
  '0.5',
  '--connections',
  '2',
  '--probe',
  '0',
  '--sessions',
  '0',
];

let dir: string;
let baseline: string;
beforeAll(async () => {
  dir = await tempDir('gate-work-');
  baseline = path.join(dir, 'baseline.json');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('the work gate, end to end', () => {
  it('records a baseline with one repeat', async () => {
    const r = await runBenchCli([
      '--store',
      STORE,
      ...LOAD,
      '--out',
      path.join(dir, 'base'),
      '--save-baseline',
      baseline,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }, 30_000);

  it('fails one extra set per request, naming the action and set', async () => {
    const out = path.join(dir, 'extra');
    const gate = ['--baseline', baseline, '--repeat', '1', '--out', out];
    const r = await runBenchCli(['--store', STORE, ...LOAD, ...gate], { WORK_EXTRA_SET: '1' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /gate: FAIL: regression in work-fault · read · defaults \(more work: dashboard: set \+1\.00 calls\/request/,
    );
    const report = await readJson<CompareReport>(path.join(out, 'compare.json'));
    expect(report.cells[0]!.work!.find((w) => w.quantity === 'set')).toMatchObject({
      label: 'dashboard',
      change: 1,
      fails: true,
    });
  }, 30_000);

  it('passes the store unchanged without any repeats', async () => {
    const r = await runBenchCli([
      '--store',
      STORE,
      ...LOAD,
      '--baseline',
      baseline,
      '--repeat',
      '1',
      '--out',
      path.join(dir, 'same'),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('gate: PASS');
    expect(r.stdout).toMatch(/timing \(.*\) not tested/);
  }, 30_000);

  it('--ab: one round of two labelled modules shows the extra write exactly and fails', async () => {
    const F = 'test/fixtures/stores/ab';
    const out = path.join(dir, 'ab');
    const args = [
      '--ab',
      '--store',
      `main=${F}/plain.mjs,pr=${F}/extra-set.mjs`,
      ...LOAD,
      '--budget',
      '1s',
      '--out',
      out,
    ];
    const r = await runBenchCli(args);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = await readJson<CompareReport>(path.join(out, 'compare.json'));
    expect(report.ab).toMatchObject({ variants: ['main', 'pr'], order: ['main', 'pr'], stoppedBy: 'resolved' });
    const c = report.ab!.groups[0]!.comparisons[0]!;
    expect(c.metrics.every((m) => m.verdict === 'unresolved')).toBe(true);
    expect(c.work.filter((w) => w.fails).map((w) => `${w.label} ${w.quantity}`)).toContain('dashboard set');
    expect(r.stdout).toMatch(/gate: FAIL: pr vs main in read · defaults: more work: dashboard: set \+1\.00/);
  }, 30_000);
});
