// Server memory over time per store: growth of RSS (solid) and heap (dashed) since the run's first
// sample, one line per repeat, from the harness's periodic samples. Plotting growth rather than
// absolute size puts every store on one baseline, so a line that keeps rising stands out.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { byOptions, CONFIG, MiB, perScenario, storeColor } from './chart-style.ts';

export interface MemoryRow {
  scenario: string;
  store: string;
  options: string;
  label: string;
  repeat: number;
  seconds: number;
  metric: 'RSS' | 'heap used';
  /** Growth since the run's first sample, MiB. */
  growthMiB: number;
  /** Absolute size, MiB. */
  mib: number;
}

export function memoryRows(ctx: ReportContext): MemoryRow[] {
  const rows: MemoryRow[] = [];
  for (const r of ctx.rankings) {
    for (const c of r.ranked) {
      for (const run of c.completed) {
        const [first] = run.memory.samples;
        if (!first) continue;
        for (const s of run.memory.samples) {
          const base = {
            scenario: r.scenario,
            store: c.store,
            options: c.optionLabel,
            label: c.label,
            repeat: run.repeat,
            seconds: (s.tMs - first.tMs) / 1000,
          };
          rows.push(
            { ...base, metric: 'RSS', growthMiB: (s.rss - first.rss) / MiB, mib: s.rss / MiB },
            { ...base, metric: 'heap used', growthMiB: (s.heapUsed - first.heapUsed) / MiB, mib: s.heapUsed / MiB },
          );
        }
      }
    }
  }
  return rows;
}

export function memorySpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = memoryRows(ctx);
  if (rows.length === 0) return null;
  const inner = {
    height: 220,
    mark: { type: 'line' as const, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'seconds', type: 'quantitative' as const, title: 'seconds since first sample' },
      y: { field: 'growthMiB', type: 'quantitative' as const, title: 'MiB above first sample' },
      color: storeColor(ctx.stores, true),
      strokeDash: { field: 'metric', type: 'nominal' as const, title: null, sort: ['RSS', 'heap used'] },
      detail: { field: 'repeat', type: 'nominal' as const },
      tooltip: [
        { field: 'label', title: 'store' },
        { field: 'metric', title: 'metric' },
        { field: 'repeat', title: 'repeat' },
        { field: 'seconds', title: 'seconds', format: '.1f' },
        { field: 'growthMiB', title: 'MiB above first sample', format: '+,.1f' },
        { field: 'mib', title: 'MiB', format: ',.1f' },
      ],
    },
  };
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([scenario, values]) => byOptions(values, scenario, inner)),
  } as TopLevelSpec;
}

export const memoryChart: ChartDef = {
  id: 'memory',
  title: 'Server memory over time',
  caption:
    'Growth of the server process’s resident set size (solid) and V8 heap used (dashed) since the first sample of each run; one line per repeat. Hover a line for absolute sizes.',
  build: memorySpec,
};
