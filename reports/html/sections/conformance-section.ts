// The store contract suite from conformance.json: a checks × stores table (pass, FAIL, unsupported),
// each FAIL numbered with its detail as a note under the table and as the cell's tooltip, and the
// stores that could not be checked with their reasons. Reads only ctx.extras.
import {
  failedChecks,
  conformanceInput,
  type CheckRow,
  type ConformanceView,
  type StoreChecks,
} from '../../conformance-input.ts';
import { extraFacts } from '../../extra-facts.ts';
import { fmtInt, plural } from '../../../harness/shared/format-number.ts';
import type { ExtrasContext } from '../../load-extras.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

const STATUS_STYLE = {
  pass: 'color:var(--good)',
  fail: 'color:var(--warn);font-weight:600',
  unsupported: 'color:var(--muted)',
} as const;
const STATUS_TEXT = { pass: 'pass', fail: 'FAIL', unsupported: 'unsupported' } as const;

/** Footnote numbers of the failures, in table order (row by row, store by store). */
function numberFailures(view: ConformanceView, checked: readonly StoreChecks[]): Map<CheckRow, number> {
  const notes = new Map<CheckRow, number>();
  for (const name of view.checkNames) {
    for (const s of checked) {
      const c = s.checks.find((x) => x.name === name);
      if (c?.status === 'fail') notes.set(c, notes.size + 1);
    }
  }
  return notes;
}

function cell(check: CheckRow | undefined, note: number | undefined): SafeHtml {
  if (!check) return html`<td class="num muted" title="not run for this store">—</td>`;
  const mark = note ? html`<sup>${note}</sup>` : null;
  return html`<td class="num" data-status="${check.status}" title="${check.detail}"><span style="${STATUS_STYLE[check.status]}">${STATUS_TEXT[check.status]}</span>${mark}</td>`;
}

function levelOf(checked: readonly StoreChecks[], name: string): string {
  return checked.flatMap((s) => s.checks).find((c) => c.name === name)?.level ?? '';
}

function table(view: ConformanceView, checked: readonly StoreChecks[], notes: Map<CheckRow, number>): SafeHtml {
  const rows = view.checkNames.map((name) => {
    const checks = checked.map((s) => s.checks.find((c) => c.name === name));
    const failed = checks.some((c) => c?.status === 'fail');
    return html`<tr class="${failed ? 'flagged' : ''}"><td class="num">${levelOf(checked, name)}</td><td>${name}</td>${checks.map((c) => cell(c, c && notes.get(c)))}</tr>`;
  });
  return html`<div class="table-wrap"><table class="conformance"><thead><tr><th>level</th><th>check</th>${checked.map((s) => html`<th class="store">${s.store}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function failureNotes(checked: readonly StoreChecks[], notes: Map<CheckRow, number>): SafeHtml | null {
  if (notes.size === 0) return null;
  // A check name repeated within one store has no cell, hence no number: it is left out here too.
  const items = checked
    .flatMap((s) => failedChecks(s).map((c) => ({ n: notes.get(c) ?? 0, store: s.store, c })))
    .filter((i) => i.n > 0);
  items.sort((a, b) => a.n - b.n);
  return html`<ol class="failures">${items.map(({ store, c }) => html`<li><strong>${store}</strong> · ${c.name}: ${c.detail || 'no detail recorded'}</li>`)}</ol>`;
}

function notChecked(stores: readonly StoreChecks[]): SafeHtml | null {
  const rest = stores.filter((s) => s.status !== 'checked');
  if (rest.length === 0) return null;
  return html`<p>Not checked:</p><ul>${rest.map((s) => html`<li><strong>${s.store}</strong> — ${s.status}${s.reason ? html`: ${s.reason}` : null}</li>`)}</ul>`;
}

function settingsLine(view: ConformanceView): string {
  const s = view.settings;
  const parts = [
    s.shortMaxAgeMs != null
      ? `expiry checks write sessions with a ${fmtInt(s.shortMaxAgeMs)} ms cookie maxAge`
      : undefined,
    s.graceMs != null ? `and allow ${fmtInt(s.graceMs)} ms past it` : undefined,
    s.callTimeoutMs != null
      ? `a call that has not called back after ${fmtInt(s.callTimeoutMs)} ms fails its check`
      : undefined,
  ];
  return parts.filter(Boolean).join(' ');
}

export const conformanceSection = {
  id: 'conformance',
  title: 'Store conformance',
  render(ctx: ExtrasContext) {
    const input = conformanceInput(ctx.extras.conformance);
    if (input.status === 'absent') return null;
    if (input.status === 'ignored') return html`<p class="banner">${input.file} was ignored: ${input.reason}.</p>`;
    const view = input.data;
    const checked = view.stores.filter((s) => s.status === 'checked' && s.checks.length > 0);
    const notes = numberFailures(view, checked);
    const settings = settingsLine(view);
    return html`${view.partial ? html`<p class="banner">Partial: the suite was interrupted before every store was checked.</p>` : null}
<p class="muted">Each store against the contract express-session expects of it, from ${input.file} (${extraFacts(view)})${settings ? `; ${settings}` : ''}. <strong>unsupported</strong> means an optional method the store does not have: not a failure. Hover a cell for its detail; every FAIL is explained under the table.</p>
${checked.length ? table(view, checked, notes) : html`<p>No store was checked.</p>`}${failureNotes(checked, notes)}${notChecked(view.stores)}
${input.dropped ? html`<p class="warn">${plural(input.dropped, 'malformed or repeated entry', 'malformed or repeated entries')} in ${input.file} left out.</p>` : null}
<p class="muted"><strong>What this does not claim.</strong> Each check ran once, in one process, on a fresh store: a pass shows the behaviour is there, not that it holds under load, across restarts or with several app servers.</p>`;
  },
} satisfies Section;
