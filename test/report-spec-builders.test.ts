// The chart spec builders on the fixed fixture: the right rows for the right cells, failed and
// skipped runs left out, charts dropped when their data is absent, and every spec renders to SVG
// with marks and without vega-lite warnings. User strings travel only as data, never as fields.
import { describe, expect, it } from 'vitest';
import { charts } from '../reports/charts/index.ts';
import { cookieRows } from '../reports/charts/cookie-chart.ts';
import { latencyRows, PERCENTILES } from '../reports/charts/latency-chart.ts';
import { memoryRows } from '../reports/charts/memory-chart.ts';
import { optionEffectRows, optionEffectSpec } from '../reports/charts/option-effect-chart.ts';
import { storeOpsRows } from '../reports/charts/store-ops-chart.ts';
import { storeSizeSpec } from '../reports/charts/store-size-chart.ts';
import { throughputRows } from '../reports/charts/throughput-chart.ts';
import { renderSvg } from '../reports/render-svg.ts';
import { reportContext } from '../reports/report-context.ts';
import type { CompletedRun } from '../harness/contracts/results.ts';
import { fixtureResults, fixtureWith, MARKUP_STORE } from './fixtures/report-fixture.ts';

const results = fixtureResults();
const ctx = reportContext(results);
const completed = results.runs.filter((r): r is CompletedRun => r.status === 'completed');
const completedCells = new Set(completed.map((r) => `${r.store}|${r.scenario}|${String(r.options.resave)}`));

describe('throughput rows', () => {
  const { cells, samples } = throughputRows(ctx);

  it('has one row per cell with a completed run and none for failed or skipped stores', () => {
    expect(cells).toHaveLength(completedCells.size);
    expect(cells.map((c) => c.store)).not.toContain('redis');
    expect(cells.map((c) => c.store)).not.toContain('mongo');
  });

  it('uses the median, min and max of the completed repeats', () => {
    const runs = completed.filter((r) => r.store === 'memory' && r.scenario === 'mixed' && r.options.resave === false);
    const rps = runs.map((r) => r.throughput.rps).sort((a, b) => a - b);
    const row = cells.find((c) => c.label === 'memory · resave=false' && c.scenario === 'mixed');
    expect(row).toMatchObject({ min: rps[0], max: rps[rps.length - 1], rps: (rps[0]! + rps[1]!) / 2, repeats: 2 });
  });

  it('keeps every per-second sample of every completed repeat', () => {
    expect(samples).toHaveLength(completed.reduce((n, r) => n + r.throughput.samples.length, 0));
  });

  it('ranks a cell whose other repeat failed on its completed repeat only', () => {
    const row = cells.find((c) => c.label === 'sqlite · resave=true' && c.scenario === 'write');
    expect(row?.repeats).toBe(1);
  });
});

describe('other spec builders', () => {
  it('latency: the four percentiles per cell, in order, alone and under load', () => {
    const rows = latencyRows(ctx);
    expect(rows).toHaveLength(2 * completedCells.size * PERCENTILES.length);
    expect(rows.slice(0, 4).map((r) => r.percentile)).toEqual(['p50', 'p90', 'p99', 'p99.9']);
    expect(new Set(rows.map((r) => r.condition))).toEqual(new Set(['alone', 'under load']));
    const run = completed.find((r) => r.store === 'sqlite' && r.repeat === 1)!;
    const single = latencyRows(reportContext({ ...results, runs: [run] }));
    expect(single.filter((r) => r.condition === 'alone').map((r) => r.ms)).toEqual([
      run.latencyMs.p50,
      run.latencyMs.p90,
      run.latencyMs.p99,
      run.latencyMs.p999,
    ]);
    expect(single.filter((r) => r.condition === 'under load').map((r) => r.ms)).toEqual([
      run.loadedLatencyMs!.p50,
      run.loadedLatencyMs!.p90,
      run.loadedLatencyMs!.p99,
      run.loadedLatencyMs!.p999,
    ]);
  });

  it('memory: growth is measured from each run’s first sample', () => {
    const rows = memoryRows(ctx);
    expect(rows).toHaveLength(completed.reduce((n, r) => n + 2 * r.memory.samples.length, 0));
    for (const r of rows.filter((row) => row.seconds === 0)) expect(r.growthMiB).toBe(0);
  });

  it('cookie: mean and max per cell', () => {
    const rows = cookieRows(ctx);
    const cookie = rows.find((r) => r.label === 'cookie · resave=false' && r.scenario === 'mixed');
    const plain = rows.find((r) => r.label === 'memory · resave=false' && r.scenario === 'mixed');
    expect(cookie!.meanBytes).toBeGreaterThan(plain!.meanBytes);
  });

  it('store ops: calls of each kind divided by requests, zero for a client-side session', () => {
    const rows = storeOpsRows(ctx);
    const runs = completed.filter((r) => r.store === 'sqlite' && r.scenario === 'mixed' && r.options.resave === true);
    const expected = runs.reduce((n, r) => n + r.storeOps.set, 0) / runs.reduce((n, r) => n + r.requests.total, 0);
    expect(
      rows.find((r) => r.label === 'sqlite · resave=true' && r.scenario === 'mixed' && r.op === 'set')?.perRequest,
    ).toBeCloseTo(expected, 9);
    expect(rows.filter((r) => r.store === 'cookie').every((r) => r.perRequest === 0)).toBe(true);
  });

  it('options: one row per varied combination; no chart when nothing was varied', () => {
    expect(new Set(optionEffectRows(ctx).map((r) => r.options))).toEqual(new Set(['resave=false', 'resave=true']));
    expect(optionEffectSpec(reportContext(fixtureWith((r) => r.options.resave === false)))).toBeNull();
  });

  it('store size: drawn from storeSide.samples, dropped when no run has them', () => {
    expect(storeSizeSpec(ctx)).not.toBeNull();
    const bare = fixtureResults();
    for (const run of bare.runs) if (run.status === 'completed') delete run.storeSide;
    expect(storeSizeSpec(reportContext(bare))).toBeNull();
  });

  it('no chart at all when nothing completed', () => {
    const none = reportContext(fixtureWith((r) => r.status !== 'completed'));
    expect(charts.map((c) => c.build(none))).toEqual(charts.map(() => null));
  });
});

/** Every `field` in a spec, wherever it sits. */
function fieldsOf(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) fieldsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'field' && typeof v === 'string') out.add(v);
      else if (k !== 'data') fieldsOf(v, out);
    }
  }
  return out;
}

describe('every chart', () => {
  for (const chart of charts) {
    it(`${chart.id}: renders to SVG with marks, no warnings, user strings only as data`, async () => {
      const spec = chart.build(ctx);
      expect(spec).not.toBeNull();
      for (const field of fieldsOf(spec)) expect(field).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
      const { svg, warnings } = await renderSvg(spec!);
      expect(warnings).toEqual([]);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toMatch(/role="graphics-symbol"/);
      expect(svg).not.toContain('<img');
      expect(svg).not.toMatch(/https?:\/\//);
    });
  }

  it('escapes a markup store name inside the SVG', async () => {
    const spec = charts.find((c) => c.id === 'throughput')!.build(ctx)!;
    const { svg } = await renderSvg(spec);
    expect(svg).toContain(MARKUP_STORE.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });
});
