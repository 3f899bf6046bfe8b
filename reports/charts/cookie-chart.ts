// Cookie size per cell: the mean Set-Cookie size as a bar and the largest seen as a tick. A
// client-side session grows with its data; a session id does not.
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { BAR_STEP, CONFIG, storeColor, perScenario, WIDTH } from './chart-style.ts';

export interface CookieRow {
  scenario: string;
  store: string;
  label: string;
  meanBytes: number;
  maxBytes: number;
}

export function cookieRows(ctx: ReportContext): CookieRow[] {
  return ctx.rankings.flatMap((r) =>
    r.ranked.map((c) => ({
      scenario: r.scenario,
      store: c.store,
      label: c.label,
      meanBytes: c.stats.cookie.meanBytes,
      maxBytes: c.stats.cookie.maxBytes,
    })),
  );
}

export function cookieSpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = cookieRows(ctx);
  if (rows.length === 0) return null;
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([scenario, values]) => {
      const order = [...values].sort((a, b) => b.meanBytes - a.meanBytes).map((v) => v.label);
      const y = { field: 'label', type: 'nominal' as const, title: null, sort: order };
      const tooltip = [
        { field: 'label', title: 'store' },
        { field: 'meanBytes', title: 'mean bytes', format: ',.0f' },
        { field: 'maxBytes', title: 'max bytes', format: ',.0f' },
      ];
      return {
        title: { text: scenario },
        width: WIDTH,
        height: { step: BAR_STEP },
        data: { values },
        layer: [
          {
            mark: { type: 'bar' as const },
            encoding: {
              y,
              x: {
                field: 'meanBytes',
                type: 'quantitative' as const,
                title: 'Set-Cookie bytes (bar: mean, tick: max)',
              },
              color: storeColor(ctx.stores, false),
              tooltip,
            },
          },
          {
            mark: { type: 'tick' as const, color: '#222', thickness: 2 },
            encoding: { y, x: { field: 'maxBytes', type: 'quantitative' as const }, tooltip },
          },
        ],
      };
    }),
  } as TopLevelSpec;
}

export const cookieChart: ChartDef = {
  id: 'cookie',
  title: 'Cookie size',
  caption: 'Size of the session cookie the server sent (name, value and attributes). Every request carries it back.',
  build: cookieSpec,
};
