// Latency against throughput from a --sweep: per cell, p50 and p99 (and the SLO's percentile, when
// another) of each step, timed from intended send time, over the step's achieved req/s; the SLO as a
// horizontal rule; each cell's capacity as a dotted vertical rule with its figure. Latency on a log
// scale, one chart per scenario, split by option combination when options varied.
import { capacityRows, capacityText, type CapacityRow, percentileName, sloText } from '../capacity.ts';
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { byOptions, CONFIG, perScenario, storeColor, DASH_LEGEND } from './chart-style.ts';

export interface CapacityPoint {
  scenario: string;
  store: string;
  options: string;
  label: string;
  /** step: a step's percentile; slo: the SLO rule; capacity: the cell's capacity. */
  kind: 'step' | 'slo' | 'capacity';
  /** p50, p99, p99.9 … for steps; the SLO's percentile otherwise. */
  percentile: string;
  /** Achieved req/s of a step; capacity.rps for the capacity mark. */
  rps: number;
  ms: number;
  /** One line per cell and percentile. */
  series: string;
  text: string;
  /** Capacity marks: the label's distance from the plot's top in pixels, one line per cell, so labels never overlap. */
  labelPx?: number;
}

function pointsOf(r: CapacityRow): CapacityPoint[] {
  const c = r.capacity;
  const base = { scenario: r.scenario, store: r.store, options: r.options, label: r.label };
  const keys = [...new Set(['p50', 'p99', c.percentile] as const)];
  const steps = c.steps.flatMap((s) =>
    keys.map((k) => {
      const percentile = percentileName(k);
      const text = `${percentile} ${s.latencyMs[k].toFixed(2)} ms at ${Math.round(s.achievedRps)} req/s (step ${Math.round(s.rate)})`;
      return { ...base, kind: 'step' as const, percentile, rps: s.achievedRps, ms: s.latencyMs[k], text };
    }),
  );
  const out: CapacityPoint[] = steps
    .filter((p) => p.ms > 0) // a log scale has no 0
    .map((p) => ({ ...p, series: `${r.label} ${p.percentile}` }));
  const slo = { ...base, percentile: percentileName(c.percentile), ms: c.sloMs, series: '' };
  out.push({ ...slo, kind: 'slo', rps: 0, text: `SLO ${sloText(c)}` });
  if (c.bound !== 'below-lowest')
    out.push({ ...slo, kind: 'capacity', rps: c.rps, text: `${r.label}: ${capacityText(c)} req/s` });
  return out;
}

/** Every cell's points; one SLO rule per scenario, option combination and SLO. */
export function capacityPoints(ctx: Pick<ReportContext, 'cells'>): CapacityPoint[] {
  const seen = new Set<string>();
  const labels = new Map<string, number>();
  return capacityRows(ctx)
    .flatMap(pointsOf)
    .filter((p) => {
      if (p.kind !== 'slo') return true;
      const key = JSON.stringify([p.scenario, p.options, p.text]);
      return !seen.has(key) && Boolean(seen.add(key));
    })
    .map((p) => {
      if (p.kind !== 'capacity') return p;
      const chart = JSON.stringify([p.scenario, p.options]);
      const line = labels.get(chart) ?? 0;
      labels.set(chart, line + 1);
      return { ...p, labelPx: 4 + 14 * line };
    });
}

const only = (kind: CapacityPoint['kind']) => ({ filter: { field: 'kind', equal: kind } });
const X = { field: 'rps', type: 'quantitative' as const, title: 'achieved req/s' };
const Y = {
  field: 'ms',
  type: 'quantitative' as const,
  scale: { type: 'log' as const },
  // Short enough for the plot's height: a longer rotated title pads the chart above.
  title: 'latency, ms (log scale)',
};

function layers(stores: readonly string[], percentiles: readonly string[]) {
  const color = storeColor(stores, true);
  const tooltip = [
    { field: 'label', title: 'store' },
    { field: 'text', title: 'value' },
  ];
  const line = {
    transform: [only('step')],
    mark: { type: 'line' as const, point: true, strokeWidth: 1.5 },
    encoding: {
      x: X,
      y: Y,
      color,
      strokeDash: {
        field: 'percentile',
        type: 'nominal' as const,
        sort: [...percentiles],
        legend: DASH_LEGEND,
      },
      detail: { field: 'series', type: 'nominal' as const },
      tooltip,
    },
  };
  const sloRule = {
    transform: [only('slo')],
    mark: { type: 'rule' as const, color: '#b35900', strokeWidth: 1.5 },
    encoding: { y: { field: 'ms', type: 'quantitative' as const } },
  };
  const sloLabel = {
    transform: [only('slo')],
    mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -7, color: '#b35900', fontSize: 11 },
    encoding: { x: { value: 0 }, y: { field: 'ms', type: 'quantitative' as const }, text: { field: 'text' } },
  };
  const capRule = {
    transform: [only('capacity')],
    mark: { type: 'rule' as const, strokeDash: [3, 3], strokeWidth: 1.5 },
    encoding: { x: X, color, tooltip },
  };
  const capLabel = {
    transform: [only('capacity')],
    // At the top of the plot, beside its rule, one line per cell (labelPx is in pixels: no scale),
    // clear of the lines that cross the SLO below.
    mark: { type: 'text' as const, align: 'right' as const, baseline: 'top' as const, dx: -4, fontSize: 11 },
    encoding: {
      x: X,
      y: { field: 'labelPx', type: 'quantitative' as const, scale: null },
      text: { field: 'text' },
      color,
    },
  };
  return [line, sloRule, sloLabel, capRule, capLabel];
}

export function capacitySpec(ctx: Pick<ReportContext, 'cells' | 'stores'>): TopLevelSpec | null {
  const points = capacityPoints(ctx);
  if (!points.some((p) => p.kind === 'step')) return null;
  const stores = [...new Set([...ctx.stores, ...points.map((p) => p.store)])];
  const percentiles = [...new Set(points.filter((p) => p.kind === 'step').map((p) => p.percentile))];
  const inner = { height: 260, layer: layers(stores, percentiles) };
  return {
    config: CONFIG,
    vconcat: perScenario(points).map(([scenario, values]) => byOptions(values, scenario, inner)),
  } as TopLevelSpec;
}

/** Drawn by the capacity section (capacity-section.ts), under its ranking: only a --sweep has it. */
export const capacityChart = {
  id: 'capacity',
  title: 'Latency against throughput',
  caption:
    'Each point is one open-model step of the sweep: its achieved req/s and its p50 and p99 latency (line style, see the legend) timed from the intended send time, on a log scale. The orange line is the SLO; a dotted vertical line marks each cell’s capacity. Past the knee latency climbs steeply: that is queueing, charged to every request it delayed.',
  build: capacitySpec,
} satisfies ChartDef;
