// Memory per run, as a table: the growth verdict, retained heap per session created, what is still
// held once every session has expired, and the store's own size — the numbers behind the memory
// chart, for the person hunting a leak. Shown when a run recorded memory readings.
import type { CompletedRun, FailedRun } from '../../../harness/contracts/results.ts';
import { fmtBytes, fmtInt } from '../../../harness/shared/format-number.ts';
import type { ReportContext } from '../../report-context.ts';
import { optionLabel, varyingOptionKeys } from '../../summarize-cells.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

type Measured = (CompletedRun | FailedRun) & Required<Pick<CompletedRun, 'memory'>>;

const bytes = (b: number | null | undefined) => (b == null ? '—' : fmtBytes(b));

function row(r: Measured, keys: readonly string[]): SafeHtml {
  const m = r.memory;
  const side = r.storeSide;
  const badge =
    m.verdict === 'bounded' || m.verdict === 'growing'
      ? html`<span class="badge ${m.verdict}">${m.verdict}</span>`
      : html`${m.verdict ?? '—'}`;
  return html`<tr><td>${r.store}</td><td>${r.scenario}</td><td>${optionLabel(r.options, keys) || '—'}</td><td class="num">${r.options.maxAge == null ? '—' : fmtInt(Number(r.options.maxAge))}</td><td class="num">${r.repeat}</td><td title="${m.verdictReason ?? ''}">${badge}</td><td class="num">${bytes(m.bytesPerSession)}</td><td class="num">${bytes(m.retainedAfterExpiryBytes)}</td><td class="num">${r.sessionsCreated == null ? '—' : fmtInt(r.sessionsCreated)}</td><td class="num">${side?.sessions == null ? '—' : fmtInt(side.sessions)}${side?.afterSettle?.sessions != null ? html` → ${fmtInt(side.afterSettle.sessions)}` : null}</td><td class="num">${side?.bytes == null ? '—' : fmtBytes(side.bytes)}</td></tr>`;
}

export const memorySection = {
  id: 'memory-table',
  title: 'Memory per session',
  render(ctx: ReportContext) {
    const runs = ctx.results.runs.filter((r): r is Measured => r.status !== 'skipped' && r.memory !== undefined);
    if (!runs.some((r) => r.memory.bytesPerSession != null || r.memory.verdict)) return null;
    const keys = varyingOptionKeys(ctx.results.runs);
    return html`<div class="table-wrap"><table><thead><tr><th>store</th><th>scenario</th><th>options</th><th>maxAge ms</th><th>repeat</th><th>verdict</th><th>bytes / session</th><th>held after expiry</th><th>sessions created</th><th>store sessions (end → after settle)</th><th>store bytes</th></tr></thead><tbody>${runs.map((r) => row(r, keys))}</tbody></table></div>
<p class="muted">Bytes per session: post-GC heap after the load minus post-GC heap after the warm-up, divided by the sessions created in the measured phase. Held after expiry: post-GC heap after a settle period longer than maxAge minus the post-warm-up heap. The verdict is <strong>growing</strong> when that exceeds max(512 KiB, 64 B × sessions created); <strong>unknown</strong> when maxAge was too long to wait for (try <code>--scenario churn --option maxAge=1500</code>). Hover a verdict for its reason. Small runs carry ~0.5 MiB of JIT and allocator noise.</p>`;
  },
} satisfies Section;
