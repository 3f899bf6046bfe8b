// summary.md's "Instances": per store, one instance against N behind nginx (round-robin, sticky),
// whether the sessions survived the balancer, throughput scaling and each instance's share; then
// the key spread of a Redis Cluster. Nothing when no run used several instances or a cluster.
import { escapeMarkdown as md } from '../harness/shared/escape-markdown.ts';
import { fmtInt } from '../harness/shared/format-number.ts';
import { markdownTable } from '../harness/shared/text-table.ts';
import {
  contentionNote,
  efficiencyText,
  instancesRows,
  keySpreads,
  rpsText,
  sharesText,
  spreadText,
  survivedWords,
  type InstancesRow,
} from './instances.ts';
import type { ReportContext } from './report-context.ts';

export const INSTANCES_HEAD = [
  'store',
  'scenario',
  'options',
  'instances',
  'balance',
  'status',
  'req/s',
  'efficiency',
  'sessions valid',
  'survived the balancer',
  'shared (measured)',
  'shares',
];

/** The row's cells as plain text (the HTML section escapes them its own way). */
export function instancesCells(r: InstancesRow): string[] {
  return [
    r.store,
    r.scenario,
    r.options,
    fmtInt(r.instances),
    r.balance ?? '—',
    r.status,
    rpsText(r.rps),
    efficiencyText(r.efficiency),
    r.checked === undefined ? '—' : `${fmtInt(r.valid ?? 0)}/${fmtInt(r.checked)}`,
    survivedWords(r),
    ({ true: 'yes', false: 'no', undefined: '—' } as const)[String(r.shared) as 'true' | 'false' | 'undefined'],
    sharesText(r.shares),
  ];
}

export function instancesPart(ctx: ReportContext): string[] {
  const rows = instancesRows(ctx);
  const spreads = keySpreads(ctx);
  if (rows.length === 0 && spreads.length === 0) return [];
  const out = ['### Instances', ''];
  if (rows.length) {
    out.push(
      ...markdownTable(
        INSTANCES_HEAD,
        rows.map((r) => instancesCells(r).map(md)),
        INSTANCES_HEAD.map((_, i) => (i >= 6 && i <= 8 ? 'right' : 'left')),
      ),
      '',
      ...rows
        .filter((r) => r.reason)
        .map((r) => `- **${md(r.store)}** on ${r.instances} (${md(r.balance ?? 'no balancer')}): ${md(r.reason)}`),
      '',
      md(contentionNote(ctx)),
      '',
    );
  }
  if (spreads.length) {
    out.push('**Key spread across the cluster’s masters** (session keys at the end of the run)', '');
    out.push(
      ...spreads.map((s) => `- ${md(s.store)} · ${md(s.scenario)} · ${md(s.options)}: ${md(spreadText(s))}`),
      '',
    );
  }
  return out;
}
