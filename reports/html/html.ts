// A tagged template that escapes every interpolated value unless it is already SafeHtml. Sections
// build markup only through it, so a label from results.json cannot become markup by accident.
import { escapeHtml } from '../escape.ts';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup (our own, or SVG that vega serialised with its own escaping). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
