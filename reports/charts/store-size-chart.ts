// Sessions held by the store over time, for stores that report their size (storeSide.samples). Shown
// only when the harness recorded such samples.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { byOptions, CONFIG, perScenario, storeColor } from './chart-style.ts';

export interface StoreSizeRow {
  scenario: string;
  store: string;
  options: string;
  label: string;
  repeat: number;
  seconds: number;
  sessions: number;
}

export function storeSizeRows(ctx: ReportContext): StoreSizeRow[] {
  const rows: StoreSizeRow[] = [];
  for (const r of ctx.rankings) {
    for (const c of r.ranked) {
      for (const run of c.completed) {
        const samples = run.storeSide?.samples ?? [];
        const t0 = samples[0]?.tMs ?? 0;
        for (const s of samples) {
          if (s.sessions != null)
            rows.push({
              scenario: r.scenario,
              store: c.store,
              options: c.optionLabel,
              label: c.label,
              repeat: run.repeat,
              seconds: (s.tMs - t0) / 1000,
              sessions: s.sessions,
            });
        }
      }
    }
  }
  return rows;
}

export function storeSizeSpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = storeSizeRows(ctx);
  if (rows.length === 0) return null;
  const inner = {
    height: 200,
    mark: { type: 'line' as const, point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'seconds', type: 'quantitative' as const, title: 'seconds since first sample' },
      y: { field: 'sessions', type: 'quantitative' as const, title: 'sessions in the store' },
      color: storeColor(ctx.stores, true),
      detail: { field: 'repeat', type: 'nominal' as const },
      tooltip: [
        { field: 'label', title: 'store' },
        { field: 'repeat', title: 'repeat' },
        { field: 'seconds', title: 'seconds', format: '.1f' },
        { field: 'sessions', title: 'sessions', format: ',.0f' },
      ],
    },
  };
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([scenario, values]) => byOptions(values, scenario, inner)),
  } as TopLevelSpec;
}

export const storeSizeChart: ChartDef = {
  id: 'store-size',
  title: 'Sessions held by the store',
  caption:
    'Live sessions the store reported over time. A count that keeps rising under a steady load means expired sessions are not removed.',
  build: storeSizeSpec,
};
