// The store micro-benchmark (store-bench.json): operations per second on a log scale, one bar per
// store for each raw operation, one row of the chart per session payload size. Stores differ by
// orders of magnitude between get-miss and a 20 kB set, hence the log scale. Store names travel
// only as data values; field names here are our own.
import { fmtInt } from '../../harness/shared/format-number.ts';
import type { ExtrasContext } from '../load-extras.ts';
import { storeBenchInput } from '../store-bench-input.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { CONFIG, storeColor, WIDTH } from './chart-style.ts';

/** What the chart reads: the extras, and in the full report the stores other charts colour. */
export type StoreBenchContext = ExtrasContext & { stores?: readonly string[] };

/** Height of one store's bar: with yOffset, vega-lite's height step is per bar, not per operation. */
const BAR = 10;

export interface StoreBenchChartRow {
  store: string;
  op: string;
  /** The facet label, e.g. "2,000 B session". */
  payload: string;
  opsPerSec: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  /** ±% of the mean, or null when the file did not record it. */
  rmePct: number | null;
  samples: number;
}

export const payloadLabel = (bytes: number): string => `${fmtInt(bytes)} B session`;

export function storeBenchRows(ctx: ExtrasContext): StoreBenchChartRow[] {
  const input = storeBenchInput(ctx.extras.storeBench);
  if (input.status !== 'ok') return [];
  return input.data.results.map((r) => ({
    store: r.store,
    op: r.op,
    payload: payloadLabel(r.payloadBytes),
    opsPerSec: r.opsPerSec,
    meanUs: r.latencyMs.mean * 1000,
    p50Us: r.latencyMs.p50 * 1000,
    p99Us: r.latencyMs.p99 * 1000,
    rmePct: r.rmePct ?? null,
    samples: r.samples,
  }));
}

/**
 * In the full report `ctx.stores` is the colour domain of every other chart: listing those stores
 * first keeps each store's colour; the legend shows only the stores drawn here.
 */
export function storeBenchSpec(ctx: StoreBenchContext): TopLevelSpec | null {
  const input = storeBenchInput(ctx.extras.storeBench);
  const values = storeBenchRows(ctx);
  if (input.status !== 'ok' || values.length === 0) return null;
  const { ops, payloads } = input.data;
  const stores = input.data.stores.filter((s) => values.some((v) => v.store === s));
  const domain = [...new Set([...(ctx.stores ?? []), ...stores])];
  return {
    config: CONFIG,
    data: { values },
    facet: {
      row: {
        field: 'payload',
        type: 'nominal',
        title: null,
        sort: payloads.map(payloadLabel),
        header: {
          labelAngle: 0,
          labelOrient: 'top',
          labelAlign: 'left',
          labelAnchor: 'start',
          labelFontWeight: 'bold',
          labelFontSize: 11,
        },
      },
    },
    spacing: 16,
    // An x axis under every payload row: the chart is tall, and the shared axis would sit only at the end.
    resolve: { axis: { x: 'independent' } },
    spec: {
      width: WIDTH,
      height: { step: BAR },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'op', type: 'nominal', title: null, sort: ops, scale: { paddingInner: 0.3 } },
        yOffset: { field: 'store', type: 'nominal', sort: stores },
        x: {
          field: 'opsPerSec',
          type: 'quantitative',
          stack: null,
          scale: { type: 'log' },
          axis: { format: '~s', grid: true },
          title: 'operations per second (log scale)',
        },
        color: { ...storeColor(domain, true), legend: { title: null, values: stores } },
        tooltip: [
          { field: 'store', title: 'store' },
          { field: 'op', title: 'operation' },
          { field: 'payload', title: 'payload' },
          { field: 'opsPerSec', title: 'ops/s', format: ',.0f' },
          { field: 'meanUs', title: 'mean µs', format: ',.2f' },
          { field: 'p50Us', title: 'p50 µs', format: ',.2f' },
          { field: 'p99Us', title: 'p99 µs', format: ',.2f' },
          { field: 'rmePct', title: '± % of mean', format: '.1f' },
          { field: 'samples', title: 'samples', format: ',' },
        ],
      },
    },
  } as TopLevelSpec;
}

/**
 * Not in the results.json chart registry (charts/index.ts): it reads store-bench.json, not
 * results.json, so html/sections/store-bench-section.ts draws it with the cells that were not measured.
 */
export const storeBenchChart = {
  id: 'store-bench',
  title: 'Store operations per second, no HTTP',
  caption:
    'Each bar: one raw store call at a time, in the benchmark process, timed from the call to its callback; ops/s = 1000 / mean latency. Log scale: one grid step is ten times faster. Hover a bar for latency percentiles and the margin of error.',
  build: storeBenchSpec,
} satisfies ChartDef;
