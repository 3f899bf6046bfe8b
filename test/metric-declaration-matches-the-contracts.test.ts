// A metric is declared once (harness/shared/metrics.ts) and everything reads it: the gate compares
// exactly the contract's COMPARED_METRICS (contracts import nothing, so the contract keeps its own
// list and this test keeps the two equal), names are unique, and each table takes its columns
// from the declaration.
import { describe, expect, it } from 'vitest';
import { COMPARED_METRICS } from '../harness/contracts/compare.ts';
import { formatTable } from '../harness/cli/run-table.ts';
import { toBmf, toGab } from '../harness/gate/exports.ts';
import {
  EXPORTED_METRICS,
  GATE_METRICS,
  METRICS,
  RANKING_METRICS,
  TERMINAL_METRICS,
  THRESHOLD_METRICS,
} from '../harness/shared/metrics.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';
import { fixtureResults } from './fixtures/report-fixture.ts';

describe('the metric declaration', () => {
  it('gates exactly the contract’s COMPARED_METRICS, in order', () => {
    expect(GATE_METRICS.map((m) => m.name)).toEqual([...COMPARED_METRICS]);
  });

  it('names every metric once', () => {
    const names = METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads a completed run for every metric a table, threshold or export shows', () => {
    const [run] = makeResults([makeRun({ rps: 900, p50: 4, p99: 20 })]).runs;
    if (run?.status !== 'completed') throw new Error('fixture run should be completed');
    const shown = new Set([...GATE_METRICS, ...THRESHOLD_METRICS, ...EXPORTED_METRICS, ...TERMINAL_METRICS]);
    for (const m of shown) if (!m.only) expect(m.of(run), m.name).toEqual(expect.any(Number));
    const swept = { ...run, capacity: { rps: 1234 } } as unknown as typeof run;
    for (const m of shown) if (m.only === 'sweep') expect(m.of(swept), m.name).toBe(1234);
  });

  it('gives the exports one measure per exported metric', () => {
    const results = makeResults([makeRun({ repeat: 1 }), makeRun({ repeat: 2 })]);
    const [cell] = Object.values(toBmf(results));
    expect(Object.keys(cell!)).toEqual(EXPORTED_METRICS.map((m) => m.export.bmf));
    const { bigger, smaller } = toGab(results);
    expect(bigger.length + smaller.length).toBe(EXPORTED_METRICS.length);
  });

  it('gives the terminal table and the ranking their metric columns', () => {
    const header = formatTable(makeResults([makeRun()]).runs).split('\n')[0]!;
    for (const m of TERMINAL_METRICS) expect(header).toContain(m.terminal.heading);
    const rankingHeader = markdownReport(fixtureResults())
      .split('\n')
      .find((l) => l.startsWith('| # | store |'))!;
    for (const m of RANKING_METRICS) expect(rankingHeader).toContain(m.label);
  });
});
