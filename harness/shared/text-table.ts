// Tables as text: padded columns for a terminal, and GitHub-flavoured Markdown for summary.md and
// gate.md. Callers format (and, for Markdown, escape) the cells; these only lay them out.

/** Header, a dashed rule and the rows, columns two spaces apart; `numeric` columns align right. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string[] {
  const right = new Set(numeric);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export type Align = 'left' | 'right';

/** A Markdown table: `align` per column (left unless given). Cells must already be escaped. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string[] {
  const rule = header.map((_, i) => (align[i] === 'right' ? '--:' : ':--'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${rule.join('|')}|`, ...rows.map(line)];
}
