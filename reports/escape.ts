// Escaping for every place a label lands: HTML text and attributes, and GitHub-flavoured Markdown.
// Store names come from user modules, so every string from results.json goes through one of these.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Safe as inline Markdown text, also inside a table cell: HTML-special characters become entities
 * (GitHub renders raw HTML), the punctuation that opens emphasis, code, links or strikethrough is
 * backslash-escaped, `|` cannot end a cell, and line breaks cannot end a row. Used mid-line only:
 * line-start markers (#, -, 1.) never reach it at the start of a line.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** Hides credentials in anything URL-shaped (`scheme://user:pass@host` → `scheme://***@host`). */
export function redactUrl(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}
