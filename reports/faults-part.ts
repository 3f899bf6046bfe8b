// summary.md's "When the store fails": the table per store × setting and one sentence per row, and
// a compact timeline per fault run (successes and failures per second around the fault).
import { escapeMarkdown as md } from '../harness/shared/escape-markdown.ts';
import { fmtInt } from '../harness/shared/format-number.ts';
import { markdownTable } from '../harness/shared/text-table.ts';
import { FAULT_METHOD, type FaultRow, faultName, faultRows, faultWords, sessionsChecked } from './faults.ts';
import type { ReportContext } from './report-context.ts';

const HEAD = [
  'store',
  'options',
  'fault',
  'errors',
  'timeouts',
  'hung',
  'longest wait',
  'recovery',
  'sessions lost / checked',
];

function cells(r: FaultRow): string[] {
  const f = r.fault;
  return [
    md(r.store),
    md(r.options),
    md(`${faultName(f)} at ${f.planned.atS} s`),
    fmtInt(f.errors),
    fmtInt(f.timeouts),
    fmtInt(f.hung),
    `${fmtInt(f.maxLatencyMs)} ms`,
    f.recoverySeconds === null ? 'none in the run' : `${f.recoverySeconds.toFixed(2)} s`,
    `${fmtInt(f.sessionsLostByFault)} / ${fmtInt(sessionsChecked(f))}`,
  ];
}

/** Per second around the fault (from 2 s before to 4 s after it): "4s 3,512 ok · 0 failed · p99 12 ms". */
function timelineLines(r: FaultRow): string[] {
  const t = r.timeline;
  if (!t) return [];
  const per = Math.max(1, Math.round(1000 / t.bucketMs));
  const from = Math.max(0, Math.floor(r.fault.atS) - 2);
  const to = Math.ceil(r.fault.atS + r.fault.durationS) + 4;
  const lines: string[] = [];
  for (let s = from; s < to; s++) {
    const slice = t.points.slice(s * per, (s + 1) * per);
    if (slice.length === 0) break;
    const ok = slice.reduce((a, p) => a + p.ok + (p.unauthorized ?? 0), 0);
    const failed = slice.reduce((a, p) => a + p.non2xx - (p.unauthorized ?? 0) + p.timeouts + p.errors, 0);
    const waiting = slice[slice.length - 1]!.waiting;
    const p99 = Math.max(...slice.map((p) => p.p99Ms));
    lines.push(
      `${s}–${s + 1} s: ${fmtInt(ok)} ok, ${fmtInt(failed)} failed, ${fmtInt(waiting)} waiting, p99 ${fmtInt(p99)} ms`,
    );
  }
  return [
    '',
    `<details><summary>${md(`${r.store} · ${r.options} · ${faultName(r.fault)}`)}: per second</summary>`,
    '',
    '```',
    ...lines,
    '```',
    '</details>',
  ];
}

export function faultsPart(ctx: ReportContext): string[] {
  const rows = faultRows(ctx);
  if (rows.length === 0) return [];
  return [
    '### When the store fails',
    '',
    ...markdownTable(
      HEAD,
      rows.map(cells),
      HEAD.map((h) => (h === 'store' || h === 'options' || h === 'fault' ? 'left' : 'right')),
    ),
    '',
    ...rows.map((r) => `- ${md(faultWords(r))}`),
    ...rows.flatMap(timelineLines),
    '',
    md(FAULT_METHOD),
    '',
  ];
}
