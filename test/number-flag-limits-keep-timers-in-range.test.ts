// The number flags' upper bounds keep every delay a cell schedules within what setTimeout can hold
// (2^31-1 ms; above it Node fires the timer at once), and the bounds themselves are accepted.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../harness/plan/bench-args.ts';
import { DEFAULTS, LIMITS } from '../harness/plan/options.ts';
import { tempDir } from './helpers/run-cli.ts';

const TIMER_MAX_MS = 2 ** 31 - 1;

describe('number flag limits', () => {
  it('one cell at every time limit (warm-up + duration + probe + settle) stays far below the timer limit', () => {
    const cellMs = (LIMITS.warmupS + LIMITS.durationS + LIMITS.probeS + LIMITS.settleS) * 1000;
    expect(cellMs).toBeLessThan(TIMER_MAX_MS / 10);
    expect(LIMITS.maxAgeMs).toBeLessThanOrEqual(TIMER_MAX_MS);
    expect(LIMITS.storeNumber).toBeLessThanOrEqual(TIMER_MAX_MS); // store intervals are in ms
  });

  it('every limit itself is accepted, and --max-error-rate lands in settings', async () => {
    const out = path.join(await tempDir(), 'out');
    const cli = await parseArgs([
      '--store',
      'memory',
      '--out',
      out,
      '--duration',
      String(LIMITS.durationS),
      '--warmup',
      String(LIMITS.warmupS),
      '--probe',
      String(LIMITS.probeS),
      '--settle',
      String(LIMITS.settleS),
      '--connections',
      String(LIMITS.connections),
      '--pipelining',
      String(LIMITS.pipelining),
      '--repeat',
      String(LIMITS.repeat),
      '--rate',
      String(LIMITS.rate),
      '--seed',
      String(LIMITS.seed),
      '--max-regression',
      String(LIMITS.maxRegressionPct),
      '--min-change-ms',
      String(LIMITS.minChangeMs),
      '--option',
      `maxAge=${LIMITS.maxAgeMs}`,
      '--max-error-rate',
      '1',
    ]);
    expect(cli.plan.settings).toMatchObject({
      duration: LIMITS.durationS,
      settle: LIMITS.settleS,
      seed: LIMITS.seed,
      maxErrorRate: 1,
    });
    expect(cli.plan.matrix.get('maxAge')).toEqual([LIMITS.maxAgeMs]);
  });

  it('--max-error-rate defaults to 1 % and 0 is allowed (no failed request tolerated)', async () => {
    const out = path.join(await tempDir(), 'out');
    expect((await parseArgs(['--store', 'memory', '--out', out])).plan.settings.maxErrorRate).toBe(
      DEFAULTS.maxErrorRate,
    );
    expect(DEFAULTS.maxErrorRate).toBe(0.01);
    expect(
      (await parseArgs(['--store', 'memory', '--out', out, '--max-error-rate', '0'])).plan.settings.maxErrorRate,
    ).toBe(0);
  });
});
