// Throughput per cell and scenario: the median of repeats as a bar, the min–max across repeats as a
// line, and every per-second sample as a dot, so a steady store and a jittery one look different.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { BAR_STEP, CONFIG, storeColor, perScenario, WIDTH } from './chart-style.ts';

export interface ThroughputRow {
  scenario: string;
  store: string;
  label: string;
  rps: number;
  min: number;
  max: number;
  repeats: number;
}

export interface SampleRow {
  scenario: string;
  label: string;
  repeat: number;
  second: number;
  rps: number;
}

export function throughputRows(ctx: ReportContext): { cells: ThroughputRow[]; samples: SampleRow[] } {
  const cells: ThroughputRow[] = [];
  const samples: SampleRow[] = [];
  for (const r of ctx.rankings) {
    for (const c of r.ranked) {
      cells.push({
        scenario: r.scenario,
        store: c.store,
        label: c.label,
        rps: c.stats.rps.median,
        min: c.stats.rps.min,
        max: c.stats.rps.max,
        repeats: c.completed.length,
      });
      for (const run of c.completed) {
        for (const [second, rps] of run.throughput.samples.entries()) {
          samples.push({ scenario: r.scenario, label: c.label, repeat: run.repeat, second: second + 1, rps });
        }
      }
    }
  }
  return { cells, samples };
}

function scenarioSpec(ctx: ReportContext, scenario: string, cells: ThroughputRow[], samples: SampleRow[]) {
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: cells.map((c) => c.label) };
  const x = { field: 'rps', type: 'quantitative' as const, title: 'requests per second' };
  return {
    title: { text: scenario },
    width: WIDTH,
    height: { step: BAR_STEP },
    layer: [
      {
        data: { values: cells },
        mark: { type: 'bar' as const, opacity: 0.85 },
        encoding: {
          y,
          x,
          color: storeColor(ctx.stores, false),
          tooltip: [
            { field: 'label', title: 'store' },
            { field: 'rps', title: 'median req/s', format: ',.0f' },
            { field: 'min', title: 'slowest repeat', format: ',.0f' },
            { field: 'max', title: 'fastest repeat', format: ',.0f' },
            { field: 'repeats', title: 'repeats' },
          ],
        },
      },
      {
        data: { values: cells },
        mark: { type: 'rule' as const, color: '#222', strokeWidth: 2 },
        encoding: { y, x: { field: 'min', type: 'quantitative' as const }, x2: { field: 'max' } },
      },
      {
        data: { values: samples },
        mark: { type: 'tick' as const, color: '#000', opacity: 0.55, thickness: 1.5 },
        encoding: {
          y,
          x,
          tooltip: [
            { field: 'label', title: 'store' },
            { field: 'repeat', title: 'repeat' },
            { field: 'second', title: 'second' },
            { field: 'rps', title: 'req/s', format: ',.0f' },
          ],
        },
      },
    ],
  };
}

export function throughputSpec(ctx: ReportContext): TopLevelSpec | null {
  const { cells, samples } = throughputRows(ctx);
  if (cells.length === 0) return null;
  const groups = new Map(perScenario(samples));
  return {
    config: CONFIG,
    vconcat: perScenario(cells).map(([s, rows]) => scenarioSpec(ctx, s, rows, groups.get(s) ?? [])),
  } as TopLevelSpec;
}

export const throughputChart: ChartDef = {
  id: 'throughput',
  title: 'Throughput',
  caption:
    'Bars: median requests per second across repeats; black line: slowest to fastest repeat; ticks: each measured second of each repeat.',
  build: throughputSpec,
};
