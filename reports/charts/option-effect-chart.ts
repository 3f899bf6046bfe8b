// The effect of each option combination when a matrix was run: one row per store, one dot per
// combination at its median req/s, a line from slowest to fastest combination. What e.g.
// resave=true costs each store is the distance between two dots on its row.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { BAR_STEP, CONFIG, perScenario, WIDTH } from './chart-style.ts';

export interface OptionEffectRow {
  scenario: string;
  store: string;
  options: string;
  rps: number;
  min: number;
  max: number;
  p99: number;
  opsPerRequest: number;
}

export function optionEffectRows(ctx: ReportContext): OptionEffectRow[] {
  return ctx.rankings.flatMap((r) =>
    r.ranked
      .filter((c) => c.optionLabel !== '')
      .map((c) => ({
        scenario: r.scenario,
        store: c.store,
        options: c.optionLabel,
        rps: c.stats.rps.median,
        min: c.stats.rps.min,
        max: c.stats.rps.max,
        p99: c.stats.latency.p99,
        opsPerRequest: c.stats.ops.perRequest,
      })),
  );
}

function scenarioSpec(scenario: string, values: OptionEffectRow[], combos: string[]) {
  const y = { field: 'store', type: 'nominal' as const, title: null, sort: [...new Set(values.map((v) => v.store))] };
  return {
    title: { text: scenario },
    width: WIDTH,
    height: { step: BAR_STEP },
    data: { values },
    layer: [
      {
        mark: { type: 'rule' as const, color: '#999' },
        encoding: {
          y,
          x: { aggregate: 'min' as const, field: 'rps', type: 'quantitative' as const },
          x2: { aggregate: 'max' as const, field: 'rps' },
        },
      },
      {
        mark: { type: 'point' as const, filled: true, size: 90, opacity: 0.9 },
        encoding: {
          y,
          x: {
            field: 'rps',
            type: 'quantitative' as const,
            title: 'median requests per second',
            scale: { zero: false },
          },
          color: {
            field: 'options',
            type: 'nominal' as const,
            title: 'options',
            scale: { domain: combos, scheme: 'dark2' },
            legend: { title: null },
          },
          shape: { field: 'options', type: 'nominal' as const, scale: { domain: combos }, legend: { title: null } },
          tooltip: [
            { field: 'store', title: 'store' },
            { field: 'options', title: 'options' },
            { field: 'rps', title: 'median req/s', format: ',.0f' },
            { field: 'min', title: 'slowest repeat', format: ',.0f' },
            { field: 'max', title: 'fastest repeat', format: ',.0f' },
            { field: 'p99', title: 'p99 ms', format: ',.2f' },
            { field: 'opsPerRequest', title: 'store calls per request', format: '.2f' },
          ],
        },
      },
    ],
  };
}

export function optionEffectSpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = optionEffectRows(ctx);
  if (rows.length === 0) return null;
  const combos = [...new Set(rows.map((r) => r.options))].sort();
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([s, values]) => scenarioSpec(s, values, combos)),
  } as TopLevelSpec;
}

export const optionEffectChart: ChartDef = {
  id: 'options',
  title: 'Effect of options',
  caption:
    'For each store, one dot per combination of the options that were varied, at its median req/s; the grey line spans slowest to fastest combination.',
  build: optionEffectSpec,
};
