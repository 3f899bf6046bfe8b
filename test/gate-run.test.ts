// The gate's entry points: validateGateOptions turns every bad input into a UsageError that names
// it; runGate writes compare.json, the Markdown section and the baseline copy, and sets the code.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runGate, validateGateOptions, type GateOptions } from '../harness/gate/index.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import type { CompareReport } from '../harness/contracts/compare.ts';
import { makeResults, repeats } from './fixtures/gate/make-results.ts';

const BASELINE = path.join(import.meta.dirname, 'fixtures', 'gate', 'baseline.json');
const opts = (o: Partial<GateOptions> = {}): GateOptions => ({
  maxRegressionPct: 10,
  thresholds: [],
  exports: [],
  ...o,
});

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-run-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeFile(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return file;
}

describe('validateGateOptions', () => {
  it('accepts a valid baseline, thresholds, config and exports', async () => {
    const config = await writeFile('gate.json', JSON.stringify({ thresholds: ['redis:p99<20'], alpha: 0.01 }));
    expect(() =>
      validateGateOptions(
        opts({
          baseline: BASELINE,
          thresholds: ['p99<50'],
          thresholdConfig: config,
          exports: [{ format: 'bmf', file: 'x' }],
        }),
      ),
    ).not.toThrow();
  });

  it.each<[string, () => Promise<Partial<GateOptions>>, RegExp]>([
    ['a bad threshold', async () => ({ thresholds: ['p99 50'] }), /threshold "p99 50"/],
    [
      'an unknown metric',
      async () => ({ thresholds: ['nosuchmetric<1'] }),
      /unknown metric "nosuchmetric". Valid metrics: rps/,
    ],
    [
      'an unknown export format',
      async () => ({ exports: [{ format: 'csv', file: 'x' }] }),
      /--export csv: unknown format. Valid formats: bmf .*gab/,
    ],
    [
      'a missing baseline',
      async () => ({ baseline: path.join(dir, 'nope.json') }),
      /--baseline .*nope.json: no such file/,
    ],
    ['a baseline that is not JSON', async () => ({ baseline: await writeFile('b.json', '{') }), /not valid JSON/],
    [
      'a baseline that is not a results.json',
      async () => ({ baseline: await writeFile('b.json', '{"runs": 3}') }),
      /not a session-bench results.json.*schemaVersion/,
    ],
    [
      'an unknown config key',
      async () => ({ thresholdConfig: await writeFile('c.json', '{"treshold": []}') }),
      /--threshold-config .*treshold.*Valid keys: "thresholds"/,
    ],
    [
      'a bad threshold in the config',
      async () => ({ thresholdConfig: await writeFile('c.json', '{"thresholds": ["lag<1"]}') }),
      /unknown metric "lag"/,
    ],
    ['alpha out of range', async () => ({ alpha: 0.7 }), /--alpha 0.7: must be between 0 and 0.5/],
  ])('rejects %s with a readable UsageError', async (_what, make, message) => {
    const o = opts(await make());
    expect(() => validateGateOptions(o)).toThrow(UsageError);
    expect(() => validateGateOptions(o)).toThrow(message);
  });
});

describe('runGate', () => {
  const quiet = () => vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const printed = (spy: ReturnType<typeof quiet>) => spy.mock.calls.map((c) => String(c[0])).join('');

  it('does nothing and returns 0 without gate options', async () => {
    const spy = quiet();
    expect(await runGate(makeResults([]), opts(), dir)).toBe(0);
    expect(spy).not.toHaveBeenCalled();
    await expect(fs.readdir(dir)).resolves.toEqual([]);
  });

  it('passes an unchanged run, writes compare.json and gate.md (the reports render them)', async () => {
    const current = makeResults([...repeats({ store: 'memory', scenario: 'read' }, 'rps', [1010, 990, 1000])]);
    const spy = quiet();
    expect(await runGate(current, opts({ baseline: BASELINE, thresholds: ['errors<0.01'] }), dir)).toBe(0);
    const report = JSON.parse(await fs.readFile(path.join(dir, 'compare.json'), 'utf8')) as CompareReport;
    expect(report).toMatchObject({ schemaVersion: 1, failed: false, regressions: 0, baseline: { file: BASELINE } });
    expect(report.cells[0]!.metrics.map((m) => m.metric)).toEqual(['rps', 'p50', 'p99']);
    expect(await fs.readFile(path.join(dir, 'gate.md'), 'utf8')).toContain('## Regression gate');
    expect(printed(spy)).toMatch(/ok: errors<0.01[\s\S]*gate: PASS/);
  });

  it('returns 1 on a regression and names the cell', async () => {
    const current = makeResults(repeats({ store: 'memory', scenario: 'read' }, 'p50', [9, 9.5, 10]));
    const spy = quiet();
    expect(await runGate(current, opts({ baseline: BASELINE }), dir)).toBe(1);
    expect(printed(spy)).toMatch(
      /memory · read · defaults\s+p50[^\n]*REGRESSION[\s\S]*gate: FAIL: regression in memory · read · defaults \(p50\)/,
    );
  });

  it('returns 1 on a missed threshold without a baseline', async () => {
    const spy = quiet();
    expect(await runGate(makeResults(repeats({}, 'p99', [20])), opts({ thresholds: ['p99<0.001'] }), dir)).toBe(1);
    expect(printed(spy)).toContain('fail: p99<0.001');
  });

  it('saves the run as a baseline that loads back as one', async () => {
    quiet();
    const current = makeResults(repeats({ store: 'memory', scenario: 'read' }, 'rps', [1000, 1001]));
    const file = path.join(dir, 'nested', 'baseline.json');
    expect(await runGate(current, opts({ saveBaseline: file }), dir)).toBe(0);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(current);
    expect(() => validateGateOptions(opts({ baseline: file }))).not.toThrow();
  });
});
