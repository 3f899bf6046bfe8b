// summary.md parts for the extra inputs: the micro-bench as one ops/s table (operation × payload
// rows, one column per store) and one conformance line per store naming its failing checks. Both
// read only ctx.extras; every label goes through escapeMarkdown.
import { basename } from 'node:path';
import { conformanceInput, failedChecks, type StoreChecks } from '../conformance-input.ts';
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import { extraFacts } from '../extra-facts.ts';
import { fmtInt } from '../../harness/shared/format-number.ts';
import type { ExtrasContext } from '../load-extras.ts';
import { storeBenchInput } from '../store-bench-input.ts';

export function storeBenchPart(ctx: ExtrasContext): string[] {
  const input = storeBenchInput(ctx.extras.storeBench);
  if (input.status === 'absent') return [];
  if (input.status === 'ignored')
    return ['### Store micro-benchmark', '', `⚠️ ${md(input.file)} was ignored: ${md(input.reason)}.`, ''];
  const v = input.data;
  const out = [
    '### Store micro-benchmark (ops/s, no HTTP)',
    '',
    `${md(basename(input.file))}: ${md(extraFacts(v, 'tinybench'))}. One call at a time in one process: compare stores with each other, not with request rates.`,
    '',
  ];
  if (v.partial) out.push('⚠️ Partial: the micro-benchmark was interrupted.', '');
  const stores = v.stores.filter((s) => v.results.some((r) => r.store === s));
  if (stores.length) {
    out.push(
      `| operation | payload | ${stores.map(md).join(' | ')} |`,
      `|:--|--:|${stores.map(() => '--:').join('|')}|`,
    );
    for (const bytes of v.payloads) {
      for (const op of v.ops) {
        const cells = stores.map((store) =>
          v.results.find((r) => r.store === store && r.op === op && r.payloadBytes === bytes),
        );
        if (cells.some(Boolean))
          out.push(
            `| ${md(op)} | ${fmtInt(bytes)} B | ${cells.map((r) => (r ? fmtInt(r.opsPerSec) : '—')).join(' | ')} |`,
          );
      }
    }
    out.push('');
  } else out.push('No operation was measured.', '');
  for (const n of v.notMeasured) {
    const where = [n.op, n.payloadBytes != null ? `${fmtInt(n.payloadBytes)} B` : undefined]
      .filter(Boolean)
      .join(' at ');
    out.push(
      `- not measured: **${md(n.store)}**${where ? ` ${md(where)}` : ''} ${md(n.status)}${n.reason ? `: ${md(n.reason)}` : ''}`,
    );
  }
  if (v.notMeasured.length) out.push('');
  return out;
}

function conformanceLine(s: StoreChecks): string {
  const name = `**${md(s.store)}**`;
  if (s.status !== 'checked') return `- ⚠️ ${name} not checked (${md(s.status)})${s.reason ? `: ${md(s.reason)}` : ''}`;
  if (s.checks.length === 0) return `- ⚠️ ${name}: no checks recorded`;
  const failed = failedChecks(s);
  const unsupported = s.checks.filter((c) => c.status === 'unsupported').length;
  const extra = unsupported ? `; ${unsupported} optional ${unsupported === 1 ? 'method' : 'methods'} unsupported` : '';
  if (failed.length === 0) return `- ✅ ${name} passes all ${s.checks.length - unsupported} checks it supports${extra}`;
  return `- ❌ ${name} fails ${failed.map((c) => md(c.name)).join('; ')}${extra}`;
}

export function conformancePart(ctx: ExtrasContext): string[] {
  const input = conformanceInput(ctx.extras.conformance);
  if (input.status === 'absent') return [];
  if (input.status === 'ignored')
    return ['### Store conformance', '', `⚠️ ${md(input.file)} was ignored: ${md(input.reason)}.`, ''];
  const v = input.data;
  return [
    '### Store conformance',
    '',
    ...(v.partial ? ['⚠️ Partial: the suite was interrupted.', ''] : []),
    ...(v.stores.length ? v.stores.map(conformanceLine) : ['No store was checked.']),
    '',
  ];
}
