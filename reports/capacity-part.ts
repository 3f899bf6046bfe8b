// summary.md's "Capacity at the SLO": per cell of a --sweep its capacity, how it was bounded, the SLO,
// the closed-model maximum and the steps run; then, for --rate runs, what the arrival generator did,
// with a warning for each run whose generator fell behind. Nothing for results without either.
import { escapeMarkdown as md } from '../harness/shared/escape-markdown.ts';
import { fmtInt } from '../harness/shared/format-number.ts';
import { markdownTable } from '../harness/shared/text-table.ts';
import {
  BOUND_SHORT,
  capacityMethod,
  capacityRows,
  capacityText,
  GENERATOR_HEAD,
  generatorCells,
  generatorRows,
  generatorWarning,
  sloText,
  type CapacityRow,
} from './capacity.ts';
import type { ReportContext } from './report-context.ts';

export const CAPACITY_HEAD = [
  'store',
  'scenario',
  'options',
  'capacity req/s',
  'bound',
  'SLO',
  'closed max req/s',
  'steps run',
];

export function capacityCells(r: CapacityRow): string[] {
  const c = r.capacity;
  return [
    r.store,
    r.scenario,
    r.options || '—',
    capacityText(c),
    BOUND_SHORT[c.bound],
    sloText(c),
    fmtInt(c.closedMaxRps),
    String(c.steps.length),
  ];
}

const LEFT = new Set(['store', 'scenario', 'options', 'bound', 'SLO', 'run']);
const align = (head: readonly string[]) => head.map((h) => (LEFT.has(h) ? 'left' : 'right') as 'left' | 'right');

function capacityTable(ctx: ReportContext): string[] {
  const rows = capacityRows(ctx);
  if (rows.length === 0) return [];
  const body = rows.map((r) => capacityCells(r).map(md));
  return [
    '### Capacity at the SLO',
    '',
    ...markdownTable(CAPACITY_HEAD, body, align(CAPACITY_HEAD)),
    '',
    md(capacityMethod(ctx.results.environment.cpus)),
    '',
  ];
}

function generatorTable(ctx: ReportContext): string[] {
  const rows = generatorRows(ctx);
  if (rows.length === 0) return [];
  const body = rows.map((r) => generatorCells(r).map(md));
  const warnings = rows.flatMap((r) => {
    const w = generatorWarning(r);
    return w ? [`- ⚠️ ${md(w)}`] : [];
  });
  return [
    '### Open-model generator',
    '',
    ...markdownTable(GENERATOR_HEAD, body, align(GENERATOR_HEAD)),
    '',
    ...(warnings.length
      ? [...warnings, '']
      : ['The generator kept up in every run: nothing late, nothing dropped.', '']),
  ];
}

export function capacityPart(ctx: ReportContext): string[] {
  return [...capacityTable(ctx), ...generatorTable(ctx)];
}
