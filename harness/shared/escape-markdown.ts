// Markdown escaping for every label that lands in summary.md or gate.md. Store names come from
// user modules, so every string from a results file goes through it.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Safe as inline Markdown text, also inside a table cell: HTML-special characters become entities
 * (GitHub renders raw HTML), the punctuation that opens emphasis, code, links or strikethrough is
 * backslash-escaped, `|` cannot end a cell, and line breaks cannot end a row. Used mid-line only:
 * line-start markers (#, -, 1.) never reach it at the start of a line.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}
