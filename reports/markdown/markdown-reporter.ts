// summary.md: the key findings and one ranking table per scenario in GitHub-flavoured Markdown, fit
// for $GITHUB_STEP_SUMMARY. Every label goes through escapeMarkdown.
import { comparePart } from './compare-part.ts';
import type { Results } from '../../harness/contracts/results.ts';
import { escapeMarkdown as md } from '../escape.ts';
import type { Finding, Segment } from '../finding.ts';
import { fmtBytes, fmtInt, fmtMs, fmtRatio } from '../format.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from '../rank-scenarios.ts';
import { reportContext, type ReportContext, type ReportOptions } from '../report-context.ts';
import { isIncorrect } from '../summarize-cells.ts';
import { anyProbe, latencyKind } from '../latency-kind.ts';
import { conformancePart, storeBenchPart } from './store-bench-parts.ts';

export const MARKDOWN_FILE = 'summary.md';

const MARK = { good: '✅', warn: '⚠️', info: 'ℹ️' } as const;

function segment(s: Segment): string {
  if (typeof s === 'string') return md(s);
  return 'em' in s ? `**${md(s.em)}**` : `\`${s.code.replace(/`/g, "'")}\``;
}

export const findingLine = (f: Finding): string => `- ${MARK[f.tone]} ${f.segments.map(segment).join('')}`;

function row(c: RankedCell, showLoaded: boolean): string {
  const s = c.stats;
  const flag = isIncorrect(s) || s.errors.total > 0 || c.notCompleted.length > 0 ? '⚠️ ' : '';
  const spread = c.completed.length > 1 ? ` (${fmtInt(s.rps.min)}–${fmtInt(s.rps.max)})` : '';
  const verdict = s.memory.verdict === 'bounded' || s.memory.verdict === 'growing' ? ` ${s.memory.verdict}` : '';
  const cells = [
    String(c.rank), `${flag}${md(c.label)}`, `${fmtInt(s.rps.median)}${spread}`, fmtMs(s.latency.p50), fmtMs(s.latency.p99),
    ...(showLoaded ? [s.loadedLatency ? fmtMs(s.loadedLatency.p99) : '—'] : []),
    fmtInt(s.errors.total), `${fmtInt(s.cookie.meanBytes)} B`, `${fmtBytes(s.memory.rssGrowth, true)}${verdict}`,
    fmtRatio(s.ops.perRequest), `${fmtInt(s.correctness.valid)}/${fmtInt(s.correctness.checked)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function table(r: ScenarioRanking): string[] {
  const out = [`### ${md(r.scenario)}`, ''];
  if (r.ranked.length) {
    const loaded = anyProbe(r.ranked);
    const kind = latencyKind((r.ranked[0] as RankedCell).stats);
    const cols = ['#', 'store', 'req/s', `p50 ${kind}`, `p99 ${kind}`, ...(loaded ? ['p99 loaded'] : []), 'errors', 'cookie', 'RSS growth', 'store calls/req', 'sessions valid'];
    out.push(`| ${cols.join(' | ')} |`, `|${cols.map((c) => (c === 'store' ? ':--' : '--:')).join('|')}|`);
    out.push(...r.ranked.map((c) => row(c, loaded)), '');
  } else out.push('No run of this scenario completed.', '');
  for (const c of r.unranked) {
    for (const p of notCompletedReasons(c.notCompleted)) out.push(`- not ranked: **${md(c.label)}** ${p.status}: ${md(p.reason)}`);
  }
  if (r.unranked.length) out.push('');
  return out;
}

function header(ctx: ReportContext): string[] {
  const { environment: env, settings: s, createdAt } = ctx.results;
  return [
    `## ${md(ctx.title)}`,
    '',
    `${md(createdAt)} · Node ${md(env.node)} · ${md(env.cpuModel)} × ${env.cpus} · ${s.warmup} s warm-up, ${s.duration} s measured, ${s.connections} connections, pipelining ${s.pipelining}, ${s.repeat} repeat(s), fresh server per run · loopback, shared machine: compare stores with each other, not with production.`,
    ...(ctx.results.partial ? ['', '⚠️ Partial results: the run was interrupted.'] : []),
    '',
  ];
}

const findingsPart = (ctx: ReportContext) => ['### Key findings', '', ...ctx.findings.map(findingLine), ''];
const rankingPart = (ctx: ReportContext) => ctx.rankings.flatMap(table);
const footerPart = () => ['Medians across repeats; ranges are slowest–fastest repeat. Charts and breakdowns: report.html.', ''];

/** summary.md in order; a part is `(ctx) => lines`, so a new input (e.g. compare.json) adds one. */
export const markdownParts: ((ctx: ReportContext) => string[])[] = [header, comparePart, findingsPart, rankingPart, storeBenchPart, conformancePart, footerPart];

export function markdownReport(results: Results, options: ReportOptions = {}): string {
  const ctx = reportContext(results, options);
  return markdownParts.flatMap((part) => part(ctx)).join('\n');
}

export async function markdownReporter(results: Results, options: ReportOptions = {}): Promise<Record<string, string>> {
  return { [MARKDOWN_FILE]: markdownReport(results, options) };
}
