// Latency distribution per store: p50, p90, p99 and p99.9 on a log scale, one line per store and
// condition (one request alone: solid; under load: dashed), one small multiple per option
// combination, so tails stand out even when medians are close.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { byOptions, CONFIG, perScenario, storeColor, DASH_LEGEND } from './chart-style.ts';
import { latencyKind, LOADED } from '../latency-kind.ts';
import type { Latency } from '../../harness/contracts/results.ts';

export const PERCENTILES = [
  { name: 'p50', key: 'p50' },
  { name: 'p90', key: 'p90' },
  { name: 'p99', key: 'p99' },
  { name: 'p99.9', key: 'p999' },
] as const;

export interface LatencyRow {
  scenario: string;
  store: string;
  options: string;
  label: string;
  /** alone (the unloaded probe) or under load. */
  condition: string;
  percentile: string;
  ms: number;
}

export function latencyRows(ctx: ReportContext): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const r of ctx.rankings) {
    for (const c of r.ranked) {
      const base = { scenario: r.scenario, store: c.store, options: c.optionLabel, label: c.label };
      const series: [string, Latency][] = [[latencyKind(c.stats), c.stats.latency]];
      if (c.stats.latencySource === 'probe' && c.stats.loadedLatency) series.push([LOADED, c.stats.loadedLatency]);
      for (const [condition, l] of series)
        for (const p of PERCENTILES) rows.push({ ...base, condition, percentile: p.name, ms: l[p.key] });
    }
  }
  return rows.filter((row) => row.ms > 0); // a log scale cannot show zero: a cell with no requests has no line
}

export function latencySpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = latencyRows(ctx);
  if (rows.length === 0) return null;
  const inner = {
    height: 220,
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: {
        field: 'percentile',
        type: 'ordinal' as const,
        sort: PERCENTILES.map((p) => p.name),
        title: 'percentile',
        axis: { labelAngle: 0 },
      },
      y: {
        field: 'ms',
        type: 'quantitative' as const,
        scale: { type: 'log' as const },
        title: 'latency (ms, log scale)',
      },
      color: storeColor(ctx.stores, true),
      strokeDash: {
        field: 'condition',
        type: 'nominal' as const,
        sort: [...new Set(rows.map((r) => r.condition))],
        legend: DASH_LEGEND,
      },
      detail: { field: 'label', type: 'nominal' as const },
      tooltip: [
        { field: 'label', title: 'store' },
        { field: 'condition', title: 'measured' },
        { field: 'percentile', title: 'percentile' },
        { field: 'ms', title: 'ms', format: ',.2f' },
      ],
    },
  };
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([scenario, values]) => byOptions(values, scenario, inner)),
  } as TopLevelSpec;
}

export const latencyChart: ChartDef = {
  id: 'latency',
  title: 'Latency percentiles',
  caption:
    'Median across repeats of each percentile; log scale. Solid: one request alone (one virtual user after the load, when the harness ran that probe); dashed: under load, queueing included. A line that climbs steeply to p99.9 has a long tail.',
  build: latencySpec,
};
