// The regression gate's verdict from compare.json: pass or fail, one row per metric of each cell
// (baseline, current, change, p-value, verdict), cells that could not be compared, thresholds and
// notes. The rows, lines and sentences are the shared renderer's (harness/shared/render-compare.ts),
// so report.html says what the terminal, gate.md and summary.md say.
import {
  COMPARE_HEADER,
  compareRows,
  methodSentence,
  NOT_CLAIMED,
  noteLines,
  thresholdValue,
  type CompareDoc,
  type CompareDocThreshold,
} from '../../../harness/shared/render-compare.ts';
import {
  abMethodSentence,
  abTable,
  abUnresolvedWarning,
  workSameLine,
  workTable,
  type AbDoc,
  type VerdictTable,
  type WorkDocRow,
} from '../../../harness/shared/render-verdicts.ts';
import { compareInput } from '../../compare-input.ts';
import type { ExtrasContext } from '../../load-extras.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';

/** baseline, current, change and p-value. */
const NUMERIC = new Set([2, 3, 4, 5]);

function td(text: string, column: number, strong: boolean): SafeHtml {
  const content = strong ? html`<strong>${text}</strong>` : text;
  return NUMERIC.has(column) ? html`<td class="num">${content}</td>` : html`<td>${content}</td>`;
}

function table(doc: CompareDoc): SafeHtml {
  const rows = compareRows(doc).map(({ columns, alarm }) => {
    const cells = columns.map((c, i) => td(c, i, alarm && i === columns.length - 1));
    return html`<tr class="${alarm ? 'flagged' : ''}">${cells}</tr>`;
  });
  return html`<div class="table-wrap"><table><thead><tr>${COMPARE_HEADER.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** A work or --ab table: numbers right-aligned, the verdict of an alarm row in bold. */
function verdictTable(t: VerdictTable): SafeHtml | null {
  if (t.rows.length === 0) return null;
  const numeric = new Set(t.numeric);
  const rows = t.rows.map(({ columns, alarm }) => {
    const cells = columns.map((c, i) => {
      const content = alarm && i === columns.length - 1 ? html`<strong>${c}</strong>` : c;
      return numeric.has(i) ? html`<td class="num">${content}</td>` : html`<td>${content}</td>`;
    });
    return html`<tr class="${alarm ? 'flagged' : ''}">${cells}</tr>`;
  });
  return html`<div class="table-wrap"><table><thead><tr>${t.header.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function workPart(cells: { label: string; work?: WorkDocRow[] | undefined }[]): SafeHtml {
  const same = workSameLine(cells);
  return html`${verdictTable(workTable(cells))}${same ? html`<p class="muted">${same}</p>` : null}`;
}

function abPart(ab: AbDoc): SafeHtml {
  const cells = ab.groups.flatMap((g) =>
    g.comparisons.map((c) => ({ label: `${g.label} · ${c.variant} vs ${c.control}`, work: c.work })),
  );
  const warning = abUnresolvedWarning(ab);
  return html`<h3>Interleaved A/B</h3><p class="muted">${abMethodSentence(ab)}</p>${verdictTable(abTable(ab))}${workPart(cells)}${warning ? html`<p class="banner">${warning}</p>` : null}`;
}

function thresholdItem(t: CompareDocThreshold): SafeHtml {
  const value = thresholdValue(t);
  const where = t.label ? html` · ${t.label}` : null;
  return html`<li><strong>${t.ok ? 'ok' : 'fail'}</strong>: ${t.threshold}${where}${value === undefined ? null : html` = ${value}`}${t.reason ? html` (${t.reason})` : null}</li>`;
}

function thresholds(doc: CompareDoc): SafeHtml | null {
  if (doc.thresholds.length === 0) return null;
  return html`<ul>${doc.thresholds.map(thresholdItem)}</ul>`;
}

export const compareSection = {
  id: 'gate',
  title: 'Regression gate',
  render(ctx: ExtrasContext) {
    const input = compareInput(ctx.extras.compare);
    if (input.status === 'absent') return null;
    if (input.status === 'ignored') return html`<p class="banner">${input.file} was ignored: ${input.reason}.</p>`;
    const doc = input.data;
    const notes = noteLines(doc);
    const method = doc.method ? `${methodSentence(doc.method)} ` : '';
    return html`<p class="${doc.failed ? 'banner' : ''}"><strong>${doc.failed ? 'FAIL' : 'PASS'}</strong>${doc.baseline ? html` against ${doc.baseline.file}` : null}${doc.ab ? html` (interleaved A/B of ${doc.ab.groups.flatMap((g) => g.comparisons).length} comparison(s))` : null}.</p>
${doc.cells.length ? table(doc) : null}${workPart(doc.cells)}${doc.ab ? abPart(doc.ab) : null}${thresholds(doc)}
${notes.length ? html`<ul class="muted">${notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
<p class="muted">${method}${NOT_CLAIMED}</p>`;
  },
} satisfies Section;
