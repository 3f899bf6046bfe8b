// The timeline around each fault: successes and failures per second (per 250 ms bucket, scaled)
// and the p99 of what ended in each bucket, one row per fault run, with the fault's window shaded.
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG } from './charts/chart-style.ts';
import { faultName, type FaultRow } from './faults.ts';

const WIDTH = 560;

export function faultTimelineSpec(rows: readonly FaultRow[]): TopLevelSpec | null {
  const charts = rows.filter((r) => r.timeline).map(runChart);
  if (charts.length === 0) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    vconcat: charts,
  } as TopLevelSpec;
}

function runChart(r: FaultRow) {
  const t = r.timeline!;
  const perS = 1000 / t.bucketMs;
  const rates: Record<string, unknown>[] = [];
  const p99: Record<string, unknown>[] = [];
  for (const p of t.points) {
    const s = p.tMs / 1000;
    const failed = p.non2xx - (p.unauthorized ?? 0) + p.timeouts + p.errors;
    rates.push({ t: s, series: 'succeeded / s', value: (p.ok + (p.unauthorized ?? 0)) * perS });
    rates.push({ t: s, series: 'failed / s', value: failed * perS });
    p99.push({ t: s, series: 'p99 ms', p99: p.p99Ms });
  }
  const x = { field: 't', type: 'quantitative' as const, title: 's into the measured phase' };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: ['succeeded / s', 'failed / s', 'p99 ms'], range: ['#4c78a8', '#e45756', '#999'] },
  };
  return {
    title: { text: `${r.store} · ${r.options} · ${faultName(r.fault)}` },
    width: WIDTH,
    height: 110,
    layer: [
      {
        data: { values: [{ from: r.fault.atS, to: r.fault.atS + r.fault.durationS }] },
        mark: { type: 'rect', color: '#f4c7c3', opacity: 0.6 },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
      },
      {
        data: { values: rates },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'requests / s' }, color },
      },
      {
        data: { values: p99 },
        mark: { type: 'line', strokeDash: [3, 2], interpolate: 'step-after' },
        encoding: {
          x,
          y: { field: 'p99', type: 'quantitative', title: 'p99 ms (dashed)', scale: { type: 'symlog' } },
          color,
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
