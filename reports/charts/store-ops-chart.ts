// Store calls per request, stacked by operation: what a store is asked to do for each request under
// this scenario and these options (a cookie session makes none).
import type { ReportContext } from '../report-context.ts';
import type { ChartDef, TopLevelSpec } from './chart-def.ts';
import { BAR_STEP, CONFIG, perScenario, WIDTH } from './chart-style.ts';

export const OPS = ['get', 'set', 'touch', 'destroy'] as const;

export interface StoreOpsRow {
  scenario: string;
  store: string;
  label: string;
  op: (typeof OPS)[number];
  order: number;
  perRequest: number;
}

export function storeOpsRows(ctx: ReportContext): StoreOpsRow[] {
  return ctx.rankings.flatMap((r) =>
    r.ranked.flatMap((c) =>
      OPS.map((op, order) => ({
        scenario: r.scenario,
        store: c.store,
        label: c.label,
        op,
        order,
        perRequest: c.stats.ops[op],
      })),
    ),
  );
}

function scenarioSpec(scenario: string, values: StoreOpsRow[]) {
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: [...new Set(values.map((v) => v.label))] };
  const none = [...new Set(values.map((v) => v.label))].filter((label) =>
    values.every((v) => v.label !== label || v.perRequest === 0),
  );
  return {
    title: { text: scenario },
    width: WIDTH,
    height: { step: BAR_STEP },
    layer: [
      {
        data: { values },
        mark: { type: 'bar' as const },
        encoding: {
          y,
          x: {
            field: 'perRequest',
            type: 'quantitative' as const,
            stack: 'zero' as const,
            title: 'store calls per request',
          },
          color: {
            field: 'op',
            type: 'nominal' as const,
            title: 'operation',
            scale: { domain: [...OPS], scheme: 'set2' },
          },
          order: { field: 'order', type: 'quantitative' as const },
          tooltip: [
            { field: 'label', title: 'store' },
            { field: 'op', title: 'operation' },
            { field: 'perRequest', title: 'calls per request', format: '.3f' },
          ],
        },
      },
      // A store with no calls (a client-side session) gets words instead of an empty row.
      ...(none.length
        ? [
            {
              data: { values: none.map((label) => ({ label, text: 'no store calls' })) },
              mark: { type: 'text' as const, align: 'left' as const, dx: 4, color: '#555' },
              encoding: { y, x: { datum: 0 }, text: { field: 'text' } },
            },
          ]
        : []),
    ],
  };
}

export function storeOpsSpec(ctx: ReportContext): TopLevelSpec | null {
  const rows = storeOpsRows(ctx);
  if (rows.length === 0) return null;
  return {
    config: CONFIG,
    vconcat: perScenario(rows).map(([scenario, values]) => scenarioSpec(scenario, values)),
  } as TopLevelSpec;
}

export const storeOpsChart: ChartDef = {
  id: 'store-ops',
  title: 'Store operations per request',
  caption:
    'Calls express-session made to the store, divided by requests measured. resave, rolling and saveUninitialized change these counts.',
  build: storeOpsSpec,
};
