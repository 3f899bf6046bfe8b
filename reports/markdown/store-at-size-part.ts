// summary.md's "Store at size": per store and preloaded population, bytes per session, preload
// time, req/s, p99 under load and event-loop delay, the core of report.html's section. Nothing when
// no run preloaded a population (older results). Every label goes through escapeMarkdown.
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import { fmtBytes, fmtInt, fmtMs } from '../../harness/shared/format-number.ts';
import { markdownTable } from '../../harness/shared/text-table.ts';
import type { ReportContext } from '../report-context.ts';
import { bytesPerSessionOf, fmtPreload, storeAtSizeRows, type StoreAtSizeRow } from '../store-at-size.ts';

const HEAD = [
  'store',
  'scenario',
  'sessions',
  'preload',
  'bytes / session',
  'req/s',
  'p99 under load',
  'event loop p99',
];

function cells(r: StoreAtSizeRow): string[] {
  const p = r.population;
  const b = bytesPerSessionOf(p);
  const sessions = p.skipped ? 'none (client-side)' : fmtInt(p.preloaded);
  return [
    `${r.notCompleted ? '⚠️ ' : ''}${md(r.label)}`,
    md(r.scenario),
    sessions,
    p.skipped ? '—' : fmtPreload(p),
    b ? `${fmtBytes(b.bytes)} ${b.where}` : '—',
    r.rps == null ? '—' : fmtInt(r.rps),
    r.p99Loaded == null ? '—' : fmtMs(r.p99Loaded),
    r.eventLoopDelay ? fmtMs(r.eventLoopDelay.p99) : '—',
  ];
}

export function storeAtSizePart(ctx: ReportContext): string[] {
  const rows = storeAtSizeRows(ctx);
  if (rows.length === 0) return [];
  const failed = rows.some((r) => r.notCompleted)
    ? ' ⚠️: no repeat completed; the preload figures are from failed runs.'
    : '';
  return [
    '### Store at size',
    '',
    ...markdownTable(
      HEAD,
      rows.map(cells),
      HEAD.map((h) => (h === 'store' || h === 'scenario' ? 'left' : 'right')),
    ),
    '',
    `Medians across completed repeats. Bytes / session: what the store grew by per preloaded session (store-side), or the app's post-GC heap growth for stores that keep sessions in the process (app heap). On this machine, with the store's server beside the app: compare sizes and stores with each other.${failed}`,
    '',
  ];
}
