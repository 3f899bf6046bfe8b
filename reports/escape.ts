// Escaping for every place a label lands in HTML: text and attributes (Markdown's is
// harness/shared/escape-markdown.ts, which gate.md uses too). Store names come from user modules,
// so every string from results.json goes through one of these.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Hides credentials in anything URL-shaped (`scheme://user:pass@host` → `scheme://***@host`). */
export { redactUrlCredentials as redactUrl } from '../stores/mask-url.ts';
