// summary.md's "Concurrent requests": per store × options × parallel × work ms, the lost-update and
// resurrection rates with one sentence per row, then what the results show helps. Nothing when no
// run carries `concurrency` (other scenarios, older results). Every label goes through escapeMarkdown.
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import { fmtInt } from '../../harness/shared/format-number.ts';
import { markdownTable } from '../../harness/shared/text-table.ts';
import { concurrencyRemedies } from '../concurrency-remedies.ts';
import { type ConcurrencyRow, concurrencyRows, concurrencyWords, fmtShare, fmtWork } from '../concurrency.ts';
import type { ReportContext } from '../report-context.ts';
import { findingLine } from './finding-line.ts';

const HEAD = ['store', 'scenario', 'parallel', 'work ms', 'lost updates', 'resurrected', 'saves / login'];

/** "74.8 % (8,937 / 11,944)", or — when nothing was there to lose. */
const rate = (share: number, lost: number, of: number) =>
  of > 0 ? `${fmtShare(share)} (${fmtInt(lost)} / ${fmtInt(of)})` : '—';

function cells(r: ConcurrencyRow): string[] {
  const concurrent = r.mode === 'concurrent';
  return [
    `${(concurrent ? r.lostUpdates : r.resurrected) > 0 ? '⚠️ ' : ''}${md(r.label)}`,
    md(r.scenario),
    concurrent ? fmtInt(r.parallel) : '—',
    fmtWork(r.workMs),
    concurrent ? rate(r.lostRate, r.lostUpdates, r.writes) : '—',
    concurrent ? '—' : rate(r.resurrectedRate, r.resurrected, r.logouts),
    r.setsPerLogin === undefined ? '—' : r.setsPerLogin.toFixed(2),
  ];
}

export function concurrencyPart(ctx: ReportContext): string[] {
  const rows = concurrencyRows(ctx);
  if (rows.length === 0) return [];
  const remedies = concurrencyRemedies(rows);
  return [
    '### Concurrent requests',
    '',
    ...markdownTable(
      HEAD,
      rows.map(cells),
      HEAD.map((h) => (h === 'store' || h === 'scenario' ? 'left' : 'right')),
    ),
    '',
    ...rows.map((r) => `- ${md(concurrencyWords(r))}`),
    '',
    'Lost updates: acknowledged cart adds missing when the user read its cart back (last writer wins). Resurrected: logouts after which the old cookie still reached a logged-in page, because a write in flight saved the destroyed session back. Counts summed across completed repeats; saves / login is the median.',
    '',
    '**What helps, as measured here**',
    '',
    ...(remedies.length ? remedies.map(findingLine) : ['- Nothing was lost in these runs: nothing to remedy.']),
    '',
  ];
}
