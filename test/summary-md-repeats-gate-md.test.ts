// compare.json has one text: the gate's Markdown section (gate.md) is what summary.md shows, and
// the terminal prints the same verdict, rows and threshold lines in plain text.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runGate } from '../harness/gate/index.ts';
import { writeReports } from '../reports/index.ts';
import { makeResults, repeats } from './fixtures/gate/make-results.ts';

const BASELINE = path.join(import.meta.dirname, 'fixtures', 'gate', 'baseline.json');
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'one-text-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('compare.json rendered once', () => {
  it('puts gate.md into summary.md word for word, and prints the same verdict', async () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const current = makeResults(repeats({ store: 'memory', scenario: 'read' }, 'p50', [9, 9.5, 10]));
    await runGate(current, { baseline: BASELINE, maxRegressionPct: 10, thresholds: ['p99<0.001'], exports: [] }, dir);
    const printed = spy.mock.calls.map((c) => String(c[0])).join('');
    await writeReports(current, dir);
    const gateMd = await fs.readFile(path.join(dir, 'gate.md'), 'utf8');
    const summary = await fs.readFile(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(gateMd);
    const verdict = /gate: (FAIL: .*)/.exec(printed)![1]!;
    expect(gateMd).toContain(`**FAIL**: ${verdict.replace('FAIL: ', '')}`);
    expect(printed).toMatch(/memory · read · defaults\s+p50\s+5\.00 ms\s+\S+ ms\s+\+\S+%\s+\S+\s+REGRESSION/);
    expect(gateMd).toMatch(
      /\| memory · read · defaults \| p50 \| 5\.00 ms \| \S+ ms \| \+\S+% \| \S+ \| \*\*REGRESSION\*\* \|/,
    );
  });
});
