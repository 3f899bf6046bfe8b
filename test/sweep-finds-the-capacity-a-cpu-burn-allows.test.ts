// --sweep end to end: a store that burns 4 ms of CPU per get can serve at most 250 gets a second in
// one app process, so its closed-model maximum and its capacity at the SLO must both be below that,
// and the capacity must be a rate the steps actually bracket.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../harness/contracts/results.ts';
import { ROOT, readJson, runBenchCli, tempDir } from './helpers/run-cli.ts';

const BURN_MS = 4;
const LIMIT = 1000 / BURN_MS;

describe('--sweep', () => {
  it('records steps and a capacity below the limit the burn implies', async () => {
    const out = path.join(await tempDir(), 'out');
    const store = path.join(ROOT, 'test/fixtures/stores/burns-cpu-store.mjs');
    const res = await runBenchCli(
      [
        ...['--store', store, '--scenario', 'read', '--sessions', '0', '--probe', '0', '--settle', '0'],
        ...['--duration', '1.5', '--warmup', '0.5', '--sweep', '0.3,0.8,1.3', '--sweep-step', '1.5', '--slo', '40'],
        ...['--out', out],
      ],
      { BURN_MS: String(BURN_MS) },
    );
    expect(res.code, res.stderr).toBe(0);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(results.settings.slo).toEqual({ ms: 40, percentile: 'p99' });
    expect(results.settings.sweep).toEqual({ fractions: [0.3, 0.8, 1.3], stepSeconds: 1.5 });
    const run = results.runs[0]!;
    expect(run.status).toBe('completed');
    if (run.status !== 'completed') return;
    const c = run.capacity!;
    expect(c.closedMaxRps).toBeLessThan(LIMIT);
    expect(c.steps.length).toBeGreaterThanOrEqual(2);
    expect(c.steps[0]!.meetsSlo).toBe(true);
    // 130 % of the maximum cannot meet any SLO: its queue grows for the whole step.
    expect(c.steps.at(-1)!.meetsSlo).toBe(false);
    expect(c.rps).toBeGreaterThan(c.steps[0]!.rate);
    expect(c.rps).toBeLessThan(LIMIT);
    expect(['interpolated', 'at-step']).toContain(c.bound);
    for (const s of c.steps) expect(s.arrivals!.intended).toBe(s.arrivals!.sent + s.arrivals!.dropped);
  });
});
