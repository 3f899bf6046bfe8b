// The store micro-benchmark from store-bench.json: the ops/s chart, what was not measured and why,
// every number in a table on demand, and the method and limits. Reads only ctx.extras, so the same
// section serves the full report and the report of a store-bench run without results.json.
import { storeBenchChart, type StoreBenchContext } from '../../charts/store-bench-chart.ts';
import { extraFacts } from '../../extra-facts.ts';
import { fmtInt, fmtUs, plural } from '../../../harness/shared/format-number.ts';
import { renderSvg } from '../../render-svg.ts';
import { storeBenchInput, type NotMeasuredRow, type StoreBenchView } from '../../store-bench-input.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

function settingsLine(view: StoreBenchView): string {
  const s = view.settings;
  const parts = [
    `payloads ${(s.payloads ?? view.payloads).map((b) => `${fmtInt(b)} B`).join(', ')}`,
    s.timeMs != null ? `${fmtInt(s.timeMs)} ms measured per operation and payload` : undefined,
    s.warmupMs != null ? `after ${fmtInt(s.warmupMs)} ms warm-up` : undefined,
    s.poolSize != null ? `${fmtInt(s.poolSize)} sessions written before each payload size` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

const where = (n: NotMeasuredRow) =>
  [n.op, n.payloadBytes != null ? `${fmtInt(n.payloadBytes)} B` : undefined].filter(Boolean).join(' at ');

function notMeasuredList(rows: readonly NotMeasuredRow[]): SafeHtml | null {
  if (rows.length === 0) return null;
  const items = rows.map(
    (n) =>
      html`<li><strong>${n.store}</strong>${where(n) ? html` · ${where(n)}` : ' (whole store)'} — ${n.status}${n.reason ? html`: ${n.reason}` : null}</li>`,
  );
  return html`<p>Not measured:</p><ul class="not-measured">${items}</ul>`;
}

function numbersTable(view: StoreBenchView): SafeHtml {
  const head = ['payload', 'store', 'operation', 'ops/s', 'mean µs', 'p50 µs', 'p99 µs', '± %', 'samples'];
  const rows = view.payloads.flatMap((bytes) =>
    view.ops.flatMap((op) =>
      view.stores.flatMap((store) => {
        const r = view.results.find((x) => x.store === store && x.op === op && x.payloadBytes === bytes);
        if (!r) return [];
        const l = r.latencyMs;
        return [
          html`<tr><td class="num">${fmtInt(bytes)} B</td><td class="store">${store}</td><td class="num">${op}</td><td class="num">${fmtInt(r.opsPerSec)}</td><td class="num">${fmtUs(l.mean * 1000)}</td><td class="num">${fmtUs(l.p50 * 1000)}</td><td class="num">${fmtUs(l.p99 * 1000)}</td><td class="num">${r.rmePct != null ? r.rmePct.toFixed(1) : '—'}</td><td class="num">${fmtInt(r.samples)}</td></tr>`,
        ];
      }),
    ),
  );
  return html`<details><summary>Every number (${plural(view.results.length, 'cell')})</summary><div class="table-wrap"><table class="store-bench"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

async function figure(ctx: StoreBenchContext): Promise<SafeHtml> {
  const spec = storeBenchChart.build(ctx);
  if (!spec) return html`<p>No operation was measured.</p>`;
  const { svg } = await renderSvg(spec);
  return html`<figure class="chart" data-chart="${storeBenchChart.id}">${raw(svg)}<figcaption>${storeBenchChart.caption}</figcaption></figure>`;
}

export const storeBenchSection = {
  id: 'store-bench',
  title: 'Store micro-benchmark',
  async render(ctx: StoreBenchContext) {
    const input = storeBenchInput(ctx.extras.storeBench);
    if (input.status === 'absent') return null;
    if (input.status === 'ignored') return html`<p class="banner">${input.file} was ignored: ${input.reason}.</p>`;
    const view = input.data;
    const partial = view.partial
      ? html`<p class="banner">Partial: the micro-benchmark was interrupted before every store was measured.</p>`
      : null;
    const dropped = input.dropped
      ? html`<p class="warn">${plural(input.dropped, 'malformed or repeated entry', 'malformed or repeated entries')} in ${input.file} left out.</p>`
      : null;
    return html`${partial}<p class="muted">Raw store calls without HTTP, from ${input.file} (${extraFacts(view, 'tinybench')}): ${settingsLine(view)}.</p>
${await figure(ctx)}${notMeasuredList(view.notMeasured)}${view.results.length ? numbersTable(view) : null}${dropped}
<p class="muted"><strong>Method:</strong> ${view.settings.method ?? 'not recorded'}.</p>
<p class="muted"><strong>What these numbers do not claim.</strong> One call at a time in the benchmark process: no HTTP, cookie signing, Express or concurrent load, so they are upper bounds for what the store adds to a request, not request rates. A store behind a service talked to it over loopback. Runs are short and the machine was shared: compare stores and operations with each other; for what a request costs, see the HTTP benchmark.</p>`;
  },
} satisfies Section;
