// End to end through the real CLI, as a user wires the gate into CI: a baseline of a custom store,
// the same store again (A/A) passes, the store with 3 ms added to every `get` fails and names its
// cell; thresholds pass (0), miss (1) and are rejected as usage errors (2). Asserts exit codes and behaviour only, never milliseconds.
//
// Why these settings are robust on a small shared machine (2 cores, other benchmarks running):
// - One connection: the server is never CPU-saturated, so the delay is not hidden by queueing and
//   shows in full: p50 goes from ~0.6–1 ms to ~5–6 ms (×6–10) and throughput drops ~80 %.
// - Repeats are the observations (3 fresh servers a side), tested with Welch at alpha 0.05 AND an
//   effect-size floor: --max-regression 150 (each request 2.5× slower). Significance alone is not
//   enough here: measured on this machine, two A/A batches minutes apart differed by +62 % in p50
//   with tight repeats (p < 0.001), because a neighbour's load shifts a whole batch. The floor sits
//   well above that drift and well below the ×6–10 the slowed store causes, so both tests keep a
//   wide margin on either side. (The default 10 % is for quiet, dedicated CI machines.)
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../harness/contracts/compare.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const STORE_MODULE = `// A MemoryStore whose get() waits GATE_E2E_GET_DELAY_MS before answering.
export default {
  name: 'custom',
  create({ session }) {
    const store = new session.MemoryStore();
    const delay = Number(process.env.GATE_E2E_GET_DELAY_MS ?? 0);
    if (delay > 0) {
      const get = store.get.bind(store);
      store.get = (sid, cb) => setTimeout(() => get(sid, cb), delay);
    }
    return store;
  },
};
`;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'harness/cli/bench.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        let code = 0;
        if (err) code = typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let store: string;
let baseline: string;
// --probe 0: with one connection the latency under load is already the per-request cost, and the
// unloaded probe would add 2 s to each of the nine repeats.
const LOAD = [
  '--scenario',
  'read',
  '--duration',
  '1',
  '--warmup',
  '0.5',
  '--connections',
  '1',
  '--probe',
  '0',
  '--sessions',
  '0',
];
const GATE = () => ['--baseline', baseline, '--max-regression', '150'];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-e2e-'));
  store = path.join(dir, 'custom-store.mjs');
  baseline = path.join(dir, 'baseline', 'results.json');
  await fs.writeFile(store, STORE_MODULE);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('regression gate through the CLI', () => {
  it('records a baseline from --repeat 3 runs', async () => {
    const r = await cli([
      '--store',
      store,
      ...LOAD,
      '--repeat',
      '3',
      '--out',
      path.join(dir, 'base'),
      '--save-baseline',
      baseline,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`baseline: saved ${baseline}`);
  }, 60_000);

  it('passes the same store again (A/A), with 3 repeats by default and the error-rate threshold met', async () => {
    const out = path.join(dir, 'aa');
    const r = await cli(['--store', store, ...LOAD, ...GATE(), '--threshold', 'errors<0.01', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('ok: errors<0.01');
    expect(r.stdout).toContain('gate: PASS');
    const report = JSON.parse(await fs.readFile(path.join(out, 'compare.json'), 'utf8')) as CompareReport;
    expect(report.cells.map((c) => [c.label, c.status, c.repeats])).toEqual([
      ['custom · read · defaults', 'compared', { baseline: 3, current: 3 }],
    ]);
    await expect(fs.readFile(path.join(out, 'summary.md'), 'utf8')).resolves.toContain('## Regression gate');
  }, 60_000);

  it('fails the same store with 3 ms added to every get, naming the cell; a missed threshold also counts', async () => {
    // The missed threshold rides on this run to keep the file short; the verdict line lists both causes.
    const args = ['--store', store, ...LOAD, ...GATE(), '--threshold', 'p99<0.001', '--out', path.join(dir, 'slow')];
    const r = await cli(args, { GATE_E2E_GET_DELAY_MS: '3' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/custom · read · defaults\s+\S+[^\n]*REGRESSION/);
    expect(r.stdout).toMatch(/^fail: p99<0\.001 {2}custom · read · defaults: p99 = /m);
    expect(r.stdout).toMatch(
      /gate: FAIL: regression in custom · read · defaults \([a-z0-9, ]+\); 1 threshold\(s\) missed/,
    );
  }, 60_000);

  it('exits 2 on an unknown threshold metric before running anything', async () => {
    const usage = await cli(['--store', store, '--threshold', 'nosuchmetric<1', '--out', path.join(dir, 'never')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown metric "nosuchmetric"');
    await expect(fs.stat(path.join(dir, 'never'))).rejects.toThrow();
  }, 60_000);
});
