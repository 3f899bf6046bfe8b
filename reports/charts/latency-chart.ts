// Latency distribution per store: p50, p90, p99 and p99.9 on a log scale, one line per store, one
// small multiple per option combination, so tails stand out even when medians are close.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { byOptions, CONFIG, perScenario, storeColor } from './chart-style.ts';

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
  percentile: string;
  ms: number;
}

export function latencyRows(ctx: ReportContext): LatencyRow[] {
  return ctx.rankings
    .flatMap((r) =>
      r.ranked.flatMap((c) =>
        PERCENTILES.map((p) => ({ scenario: r.scenario, store: c.store, options: c.optionLabel, label: c.label, percentile: p.name, ms: c.stats.latency[p.key] })),
      ),
    )
    .filter((row) => row.ms > 0); // a log scale cannot show zero: a cell with no requests has no line
}

export function latencySpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = latencyRows(ctx);
  if (rows.length === 0) return null;
  const inner = {
    height: 220,
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'percentile', type: 'ordinal' as const, sort: PERCENTILES.map((p) => p.name), title: 'percentile', axis: { labelAngle: 0 } },
      y: { field: 'ms', type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'latency (ms, log scale)' },
      color: storeColor(ctx.stores, true),
      tooltip: [
        { field: 'label', title: 'store' },
        { field: 'percentile', title: 'percentile' },
        { field: 'ms', title: 'ms', format: ',.2f' },
      ],
    },
  };
  return { config: CONFIG, vconcat: perScenario(rows).map(([scenario, values]) => byOptions(values, scenario, inner)) } as TopLevelSpec;
}

export const latencyChart: ChartDef = {
  id: 'latency',
  title: 'Latency percentiles',
  caption: 'Median across repeats of each percentile; log scale. A line that climbs steeply to p99.9 has a long tail.',
  build: latencySpec,
};
