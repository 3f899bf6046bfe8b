// Shared look of every chart: sizes, fonts the system already has, and one colour per cell label so
// a store keeps its colour from chart to chart. User strings only ever travel as data values, never
// as field names or expressions.
import type { Config } from 'vega-lite';

export const WIDTH = 520;
export const BAR_STEP = 22;
/**
 * Long store names stay readable without pushing the plot off the page. In pixels as vega estimates
 * them without a canvas (about 0.8 × font size per character, wider than browsers draw).
 */
export const LABEL_LIMIT = 400;
/** Width of one small multiple when a chart is split by option combination. */
export const FACET_WIDTH = 300;

export const CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelLimit: LABEL_LIMIT, titleFontWeight: 'normal', labelFontSize: 11, titleFontSize: 12 },
  legend: { labelLimit: LABEL_LIMIT, orient: 'bottom', columns: 2 },
  title: { anchor: 'start', fontSize: 13, fontWeight: 'bold', subtitleFontSize: 11, subtitleColor: '#555' },
  concat: { spacing: 28 },
};

/**
 * The legend of a line-style (strokeDash) encoding: a dark line sample per value. Vega draws a
 * stroke symbol without its stroke colour unless the symbols' encode sets it, and the legend then
 * shows labels only.
 */
export const DASH_LEGEND = {
  title: null,
  symbolType: 'stroke',
  symbolStrokeColor: '#333',
  encode: { symbols: { update: { stroke: { value: '#333' } } } },
  symbolStrokeWidth: 1.5,
  symbolSize: 300,
};

/** The colour encoding for stores, with a fixed domain shared by all charts. */
export function storeColor(stores: readonly string[], legend: boolean) {
  return {
    field: 'store',
    type: 'nominal' as const,
    title: 'store',
    scale: { domain: [...stores], scheme: stores.length > 10 ? 'tableau20' : 'tableau10' },
    legend: legend ? { title: null } : null,
  };
}

/**
 * A per-scenario chart, split into one small multiple per option combination when options were
 * varied (rows carry `options`, '' when none varied).
 */
export function byOptions<T extends { options: string }>(
  values: readonly T[],
  title: string,
  inner: Record<string, unknown>,
) {
  const combos = [...new Set(values.map((v) => v.options))].sort();
  if (combos.length <= 1 || combos[0] === '')
    return { title: { text: title }, data: { values }, width: WIDTH, ...inner };
  return {
    title: { text: title },
    data: { values },
    facet: {
      field: 'options',
      type: 'nominal' as const,
      title: null,
      sort: combos,
      header: { labelFontSize: 11, labelFontWeight: 'bold' as const },
    },
    columns: 2,
    spec: { width: FACET_WIDTH, ...inner },
  };
}

/** Splits rows by scenario and lays the per-scenario charts out one under another. */
export function perScenario<T extends { scenario: string }>(rows: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.scenario, [...(groups.get(row.scenario) ?? []), row]);
  return [...groups];
}

export const MiB = 1024 * 1024;
