// Stores against their population: req/s, p99 under load and bytes per session, each over the
// sessions preloaded (log scale), one line per store. Drawn only for stores measured at two sizes or
// more, so each line compares a store with itself. Store names travel only as data values.
import { fmtBytes, fmtInt, fmtMs } from '../../harness/shared/format-number.ts';
import type { ReportContext } from '../report-context.ts';
import { bytesPerSessionOf, storeAtSizeRows, type StoreAtSizeRow } from '../store-at-size.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { CONFIG, storeColor } from './chart-style.ts';

const PANEL_WIDTH = 250;
const METRIC_TITLES = ['req/s', 'p99 under load, ms', 'bytes / session'] as const;
type MetricTitle = (typeof METRIC_TITLES)[number];

export interface StoreAtSizePoint {
  scenario: string;
  store: string;
  label: string;
  /** One line per store, scenario and other options. */
  series: string;
  sessions: number;
  metric: MetricTitle;
  value: number;
  /** The value as the tables write it (bytes say store-side or app heap). */
  text: string;
}

/** Cells of a (scenario, label) measured at ≥ 2 populations above 0 (a log axis has no 0). */
function comparable(rows: readonly StoreAtSizeRow[]): StoreAtSizeRow[] {
  const sizes = new Map<string, Set<number>>();
  const key = (r: StoreAtSizeRow) => JSON.stringify([r.scenario, r.label]);
  for (const r of rows) if (r.sessions > 0) sizes.set(key(r), (sizes.get(key(r)) ?? new Set()).add(r.sessions));
  return rows.filter((r) => r.sessions > 0 && (sizes.get(key(r))?.size ?? 0) >= 2);
}

function pointsOf(r: StoreAtSizeRow): StoreAtSizePoint[] {
  const base = { scenario: r.scenario, store: r.store, label: r.label, series: `${r.scenario} ${r.label}` };
  const at = { ...base, sessions: r.sessions };
  const out: StoreAtSizePoint[] = [];
  if (r.rps != null) out.push({ ...at, metric: 'req/s', value: r.rps, text: fmtInt(r.rps) });
  if (r.p99Loaded != null)
    out.push({ ...at, metric: 'p99 under load, ms', value: r.p99Loaded, text: fmtMs(r.p99Loaded) });
  const b = bytesPerSessionOf(r.population);
  if (b) out.push({ ...at, metric: 'bytes / session', value: b.bytes, text: `${fmtBytes(b.bytes)} ${b.where}` });
  return out;
}

export function storeAtSizePoints(ctx: ReportContext): StoreAtSizePoint[] {
  return comparable(storeAtSizeRows(ctx)).flatMap(pointsOf);
}

function facetOf(points: readonly StoreAtSizePoint[]) {
  const header = { labelFontSize: 11, labelFontWeight: 'bold' as const };
  const column = { field: 'metric', type: 'nominal' as const, title: null, sort: [...METRIC_TITLES], header };
  const scenarios = [...new Set(points.map((p) => p.scenario))];
  if (scenarios.length <= 1) return { column };
  const row = { field: 'scenario', type: 'nominal' as const, title: null, sort: scenarios, header };
  return { column, row: { ...row, header: { ...header, labelAngle: 0, labelOrient: 'top' as const } } };
}

export function storeAtSizeSpec(ctx: ReportContext): TopLevelSpec | null {
  const points = storeAtSizePoints(ctx);
  if (points.length === 0) return null;
  const drawn = [...new Set(points.map((p) => p.store))];
  const domain = [...new Set([...ctx.stores, ...drawn])];
  const sizes = [...new Set(points.map((p) => p.sessions))].sort((a, b) => a - b);
  return {
    config: CONFIG,
    data: { values: points },
    facet: facetOf(points),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: 180,
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: {
          field: 'sessions',
          type: 'quantitative',
          scale: { type: 'log', nice: false, padding: 16 },
          axis: { values: sizes, format: '~s' },
          title: 'sessions preloaded (log scale)',
        },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { ...storeColor(domain, true), legend: { title: null, values: drawn } },
        detail: { field: 'series', type: 'nominal' },
        tooltip: [
          { field: 'label', title: 'store' },
          { field: 'scenario', title: 'scenario' },
          { field: 'sessions', title: 'sessions preloaded', format: ',' },
          { field: 'metric', title: 'metric' },
          { field: 'text', title: 'value' },
        ],
      },
    },
  } as TopLevelSpec;
}

/**
 * Not in the results.json chart registry (charts/index.ts), whose every chart draws on any results:
 * html/sections/store-at-size-section.ts draws it under its table, when a store has two sizes.
 */
export const storeAtSizeChart = {
  id: 'store-at-size',
  title: 'Stores against their population',
  caption:
    'One line per store measured at two populations or more (sessions on a log scale): median req/s and p99 under load across completed repeats, and the bytes the preload added per session, store-side, or in the app’s heap for stores that keep sessions there. A store that slows down or grows per session as it fills shows as a slope.',
  build: storeAtSizeSpec,
} satisfies ChartDef;
