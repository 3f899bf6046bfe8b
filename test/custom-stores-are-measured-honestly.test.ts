// Custom store modules load by path; a slow get shows in latency; a store that acknowledges writes
// and keeps nothing is reported failed (exit 1), never ranked.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompletedRun, Results } from '../harness/contracts/results.ts';
import { QUICK, readJson, runBenchCli, tempDir } from './helpers/run-cli.ts';

const fixture = (name: string) => `./test/fixtures/stores/${name}`;
const DELAY_MS = 5;

describe('custom stores', () => {
  it('a store that waits in get shows the wait at p50, against itself without it', async () => {
    const out = path.join(await tempDir(), 'out');
    const res = await runBenchCli(
      [
        '--store',
        `${fixture('plain-memory-store.mjs')},${fixture('slow-get-store.mjs')}`,
        '--scenario',
        'read',
        ...QUICK,
        '--probe',
        '1',
        '--out',
        out,
      ],
      { SLOW_GET_MS: String(DELAY_MS) },
    );
    expect(res.code, res.stderr).toBe(0);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    const p50 = (name: string) => (results.runs.find((r) => r.store === name) as CompletedRun).latencyMs.p50;
    // Behaviour, not a timing budget: the injected wait must appear, nearly whole, in the median
    // (latencyMs comes from the unloaded probe, where queueing cannot hide it).
    expect(p50('slow-get') - p50('plain-memory')).toBeGreaterThan(DELAY_MS * 0.8);
  });

  it('a store that drops writes is failed with a reason, and the exit code is 1', async () => {
    const out = path.join(await tempDir(), 'out');
    const res = await runBenchCli([
      '--store',
      fixture('drop-writes-store.mjs'),
      '--scenario',
      'mixed',
      ...QUICK,
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    const run = results.runs[0]!;
    expect(run.store).toBe('drop-writes');
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/sessions (did not read back|vanished)/);
    expect(res.stdout).toMatch(/failed: drop-writes/);
  });
});
