// Custom stores that misbehave on purpose. Each ends as a failed row with a reason in words, within
// a stated bound, never ranked, while the next store in the matrix still runs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailedRun, Results } from '../harness/contracts/results.ts';
import { readJson, runBenchCli, tempDir } from './helpers/run-cli.ts';

const fixture = (name: string) => `./test/fixtures/stores/${name}`;
const QUICKER = ['--scenario', 'read', '--duration', '2', '--warmup', '0.5', '--connections', '4', '--probe', '0.5'];

async function bench(stores: string, env: NodeJS.ProcessEnv = {}) {
  const out = path.join(await tempDir(), 'out');
  const t0 = Date.now();
  const res = await runBenchCli(['--store', stores, ...QUICKER, '--out', out], env);
  const results = await readJson<Results>(path.join(out, 'results.json'));
  const summary = await fs.readFile(path.join(out, 'summary.md'), 'utf8');
  return { res, results, summary, seconds: (Date.now() - t0) / 1000 };
}

describe('broken custom stores', () => {
  it("stats() that never answers: that store fails within the bound, the next one completes", async () => {
    const { res, results, seconds } = await bench(`${fixture('stats-never-resolves-store.mjs')},memory`);
    expect(res.code).toBe(1);
    const [broken, memory] = results.runs;
    expect(broken).toMatchObject({ store: 'stats-never-resolves', status: 'failed' });
    expect((broken as FailedRun).reason).toMatch(/stats\(\) did not answer within \d+ s/);
    expect(memory).toMatchObject({ store: 'memory', status: 'completed' });
    expect(results.partial).toBeUndefined();
    expect(seconds).toBeLessThan(60);
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
    const { res, results } = await bench(fixture('blocks-event-loop-store.mjs'), { BLOCK_MS: '12000', BLOCK_AT_MS: '1800' });
    expect(res.code).toBe(1);
    const run = results.runs[0] as FailedRun;
    expect(run.status).toBe('failed');
    const r = run.requests!;
    expect(r.timeouts + (r.hung ?? 0)).toBeGreaterThan(0);
    expect(run.loadedLatencyMs!.max).toBeGreaterThan(1000);
  });
});
