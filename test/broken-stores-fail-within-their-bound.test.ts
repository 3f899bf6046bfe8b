// Custom stores that misbehave on purpose. Each ends as a failed row with a reason in words, within
// a stated bound, never ranked, while the next store in the matrix still runs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailedRun, Results } from '../harness/contracts/results.ts';
import { collect, readJson, runBenchCli, spawnCli, tempDir, waitForOutput } from './helpers/run-cli.ts';

const fixture = (name: string) => `./test/fixtures/stores/${name}`;
const QUICKER = ['--scenario', 'read', '--duration', '2', '--warmup', '0.5', '--connections', '4', '--probe', '0.5'];

async function bench(stores: string, env: NodeJS.ProcessEnv = {}) {
  const out = path.join(await tempDir(), 'out');
  const res = await runBenchCli(['--store', stores, ...QUICKER, '--out', out], env);
  const results = await readJson<Results>(path.join(out, 'results.json'));
  const summary = await fs.readFile(path.join(out, 'summary.md'), 'utf8');
  return { res, results, summary };
}

describe('broken custom stores', () => {
  it('stats() that never answers: that store fails within the bound, the next one completes', async () => {
    const out = path.join(await tempDir(), 'out');
    const child = spawnCli('harness/cli/bench.ts', [
      '--store',
      `${fixture('stats-never-resolves-store.mjs')},memory`,
      ...QUICKER,
      '--out',
      out,
    ]);
    const done = collect(child);
    // Each cell's time, from its progress line: the healthy memory cell is the control.
    await waitForOutput(child, /0\/2 stats-never-resolves/);
    const t0 = performance.now();
    await waitForOutput(child, /1\/2 memory/, 90_000); // a hang guard: the cell takes about 10 s
    const t1 = performance.now();
    const res = await done;
    const [brokenMs, healthyMs] = [t1 - t0, performance.now() - t1];
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(res.code).toBe(1);
    const [broken, memory] = results.runs;
    expect(broken).toMatchObject({ store: 'stats-never-resolves', status: 'failed' });
    expect((broken as FailedRun).reason).toMatch(/stats\(\) did not answer within \d+ s/);
    expect(memory).toMatchObject({ store: 'memory', status: 'completed' });
    expect(results.partial).toBeUndefined();
    // The stuck stats() costs its stated bound once, not once per sample: the broken cell takes at
    // most what the healthy one took plus twice that bound.
    const boundMs = Number(/within (\d+) s/.exec((broken as FailedRun).reason)![1]) * 1000;
    expect(brokenMs).toBeLessThan(healthyMs + 2 * boundMs);
  });

  it('get that throws: failed, exit 1, not ranked; the reason names the HTTP 500s', async () => {
    const { res, results, summary } = await bench(fixture('get-throws-store.mjs'));
    expect(res.code).toBe(1);
    const run = results.runs[0] as FailedRun;
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/HTTP 500/);
    expect(run.requests!.non2xx).toBeGreaterThan(0);
    expect(summary).toMatch(/not ranked: \*\*get-throws/);
  });

  it('an event loop blocked for seconds: the stalled requests are counted and the run fails', async () => {
    const { res, results } = await bench(fixture('blocks-event-loop-store.mjs'), {
      // Past the load and its 2 s drain: the requests in flight are still unanswered, so hung.
      BLOCK_MS: '6000',
      BLOCK_AT_MS: '1800',
    });
    expect(res.code).toBe(1);
    const run = results.runs[0] as FailedRun;
    expect(run.status).toBe('failed');
    const r = run.requests!;
    expect(r.timeouts + (r.hung ?? 0)).toBeGreaterThan(0);
    // The stalled waits are in the latency figures: the max holds the longest of them, and that
    // is far beyond what a request takes when nothing blocks (the unloaded probe's median).
    const stalledMs = Math.max(r.hungMaxWaitMs ?? 0, r.timeouts > 0 ? r.timeoutS! * 1000 : 0);
    expect(run.loadedLatencyMs!.max).toBeGreaterThanOrEqual(Math.floor(stalledMs)); // max is rounded
    expect(stalledMs).toBeGreaterThan(10 * run.latencyMs!.p50);
  });
});
