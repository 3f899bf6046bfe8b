// A finding as one summary.md list line: the tone's mark, emphasised labels in bold, option sets in
// code, everything else escaped. Apart from markdown-reporter.ts so parts can use it without a cycle.
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import type { Finding, Segment } from '../finding.ts';

const MARK = { good: '✅', warn: '⚠️', info: 'ℹ️' } as const;

function segment(s: Segment): string {
  if (typeof s === 'string') return md(s);
  return 'em' in s ? `**${md(s.em)}**` : `\`${s.code.replace(/`/g, "'")}\``;
}

export const findingLine = (f: Finding): string => `- ${MARK[f.tone]} ${f.segments.map(segment).join('')}`;
