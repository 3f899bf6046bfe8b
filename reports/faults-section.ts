// report.html's "When the store fails": the timeline around each fault, then a table per store ×
// setting (errors, hung requests, longest wait, recovery, sessions lost) with a sentence per row.
// Shown when a run carries `fault`.
import { fmtInt } from '../harness/shared/format-number.ts';
import { faultTimelineSpec } from './faults-chart.ts';
import { FAULT_METHOD, type FaultRow, faultName, faultRows, faultWords, sessionsChecked } from './faults.ts';
import { html, raw, type SafeHtml } from './html/html.ts';
import type { Section } from './html/section.ts';
import { renderSvg } from './render-svg.ts';
import type { ReportContext } from './report-context.ts';

const HEAD = [
  'store',
  'fault',
  'errors',
  'timeouts',
  'hung',
  'longest wait',
  'recovery',
  'sessions lost / checked',
  'in words',
];
const num = (text: string) => html`<td class="num">${text}</td>`;

function row(r: FaultRow): SafeHtml {
  const f = r.fault;
  const options = r.options !== 'defaults' ? html`<br><code>${r.options}</code>` : null;
  const failed = r.status === 'failed' ? html`<br><span class="muted">run failed</span>` : null;
  const bad = f.errors + f.timeouts + f.hung > 0 || f.sessionsLostByFault > 0 || f.recoverySeconds === null;
  return html`<tr class="${bad ? 'flagged' : ''}"><td class="store"><strong>${r.store}</strong>${options}${failed}</td><td>${faultName(f)} at ${f.planned.atS} s</td>${num(fmtInt(f.errors))}${num(fmtInt(f.timeouts))}${num(fmtInt(f.hung))}${num(`${fmtInt(f.maxLatencyMs)} ms`)}${num(f.recoverySeconds === null ? 'none in the run' : `${f.recoverySeconds.toFixed(2)} s`)}${num(`${fmtInt(f.sessionsLostByFault)} / ${fmtInt(sessionsChecked(f))}`)}<td>${faultWords(r)}</td></tr>`;
}

async function chart(rows: readonly FaultRow[]): Promise<SafeHtml | null> {
  const spec = faultTimelineSpec(rows);
  if (!spec) return null;
  const { svg } = await renderSvg(spec);
  return html`<figure class="chart" data-chart="fault-timeline">${raw(svg)}<figcaption>Per 250 ms of the measured phase: requests that succeeded and failed (per second), and the p99 of what ended in each bucket (dashed, log scale). The shaded band is the fault as applied.</figcaption></figure>`;
}

export const faultsSection = {
  id: 'faults',
  title: 'When the store fails',
  async render(ctx: ReportContext) {
    const rows = faultRows(ctx);
    if (rows.length === 0) return null;
    const head = HEAD.map((h) => html`<th>${h}</th>`);
    const table = html`<div class="table-wrap"><table class="faults"><thead><tr>${head}</tr></thead><tbody>${rows.map(row)}</tbody></table></div>`;
    return html`${await chart(rows)}${table}<p class="muted">${FAULT_METHOD}</p>`;
  },
} satisfies Section;
