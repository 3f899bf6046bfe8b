// summary.md part for compare.json: the gate's own Markdown (the text gate.md holds, from
// harness/shared/render-compare.ts), or why the file was ignored. Every label is escaped.
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import { renderCompareMarkdown } from '../../harness/shared/render-compare.ts';
import { compareInput } from '../compare-input.ts';
import type { ExtrasContext } from '../load-extras.ts';

export function comparePart(ctx: ExtrasContext): string[] {
  const input = compareInput(ctx.extras.compare);
  if (input.status === 'absent') return [];
  if (input.status === 'ignored')
    return ['## Regression gate', '', `⚠️ ${md(input.file)} was ignored: ${md(input.reason)}.`, ''];
  return renderCompareMarkdown(input.data);
}
