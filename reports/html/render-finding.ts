// Findings as HTML: emphasised labels in <strong>, option sets in <code>, everything escaped.
import type { Finding, Segment } from '../finding.ts';
import { html, type SafeHtml } from './html.ts';

function segment(s: Segment): SafeHtml {
  if (typeof s === 'string') return html`${s}`;
  return 'em' in s ? html`<strong>${s.em}</strong>` : html`<code>${s.code}</code>`;
}

const MARK = { good: '✓', warn: '⚠', info: '•' } as const;

export function renderFinding(f: Finding): SafeHtml {
  return html`<li class="finding ${f.tone}"><span class="mark" aria-hidden="true">${MARK[f.tone]}</span> ${f.segments.map(segment)}</li>`;
}

export function renderFindings(findings: readonly Finding[]): SafeHtml | null {
  return findings.length ? html`<ul class="findings">${findings.map(renderFinding)}</ul>` : null;
}
