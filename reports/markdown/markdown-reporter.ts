// summary.md: the key findings and one ranking table per scenario in GitHub-flavoured Markdown, fit
// for $GITHUB_STEP_SUMMARY. Every label goes through escapeMarkdown.
import { comparePart } from './compare-part.ts';
import { concurrencyNote } from '../concurrency.ts';
import type { Results } from '../../harness/contracts/results.ts';
import { escapeMarkdown as md } from '../../harness/shared/escape-markdown.ts';
import { findingLine } from './finding-line.ts';
import { fmtInt } from '../../harness/shared/format-number.ts';
import { markdownTable } from '../../harness/shared/text-table.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from '../rank-scenarios.ts';
import { rankingColumns, rankingText, type RankingColumnView } from '../ranking-columns.ts';
import { reportContext, type ReportContext, type ReportOptions } from '../report-context.ts';
import { populationNote, sampleNote } from '../store-at-size.ts';
import { isIncorrect } from '../summarize-cells.ts';
import { concurrencyPart } from './concurrency-part.ts';
import { faultsPart } from '../faults-part.ts';
import { instancesPart } from '../instances-part.ts';
import { capacityPart } from '../capacity-part.ts';
import { storeAtSizePart } from './store-at-size-part.ts';
import { conformancePart, storeBenchPart } from './store-bench-parts.ts';

export const MARKDOWN_FILE = 'summary.md';

export { findingLine };

/** What summary.md adds after some metric columns' numbers, by metric name: the spread, the verdict. */
const SUFFIX: Record<string, (c: RankedCell) => string> = {
  rps: (c) => (c.completed.length > 1 ? ` (${fmtInt(c.stats.rps.min)}–${fmtInt(c.stats.rps.max)})` : ''),
  rssGrowth: (c) => {
    const v = c.stats.memory.verdict;
    return v === 'bounded' || v === 'growing' ? ` ${v}` : '';
  },
};

function row(c: RankedCell, columns: readonly RankingColumnView[]): string[] {
  const s = c.stats;
  const flag = isIncorrect(s) || s.errors.total > 0 || c.notCompleted.length > 0 ? '⚠️ ' : '';
  const metrics = columns.map(({ metric }) => `${rankingText(metric, c)}${SUFFIX[metric.name]?.(c) ?? ''}`);
  const sample = sampleNote(s.correctness);
  return [
    String(c.rank),
    `${flag}${md(c.label)}`,
    ...metrics,
    `${fmtInt(s.correctness.valid)}/${fmtInt(s.correctness.checked)}${sample ? ` (${sample})` : ''}`,
  ];
}

function table(r: ScenarioRanking): string[] {
  const out = [`### ${md(r.scenario)}`, ''];
  const population = populationNote(r.ranked);
  if (population) out.push(md(population), '');
  const concurrency = concurrencyNote(r.ranked);
  if (concurrency) out.push(md(concurrency), '');
  if (r.ranked.length) {
    const columns = rankingColumns(r.ranked);
    const header = ['#', 'store', ...columns.map((c) => c.heading), 'sessions valid'];
    out.push(
      ...markdownTable(
        header,
        r.ranked.map((c) => row(c, columns)),
        header.map((h) => (h === 'store' ? 'left' : 'right')),
      ),
      '',
    );
  } else out.push('No run of this scenario completed.', '');
  for (const c of r.unranked) {
    for (const p of notCompletedReasons(c.notCompleted))
      out.push(`- not ranked: **${md(c.label)}** ${p.status}: ${md(p.reason)}`);
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
const footerPart = () => [
  'Medians across repeats; ranges are slowest–fastest repeat. Charts and breakdowns: report.html.',
  '',
];

/** summary.md in order; a part is `(ctx) => lines`, so a new input (e.g. compare.json) adds one. */
export const markdownParts: ((ctx: ReportContext) => string[])[] = [
  header,
  comparePart,
  findingsPart,
  rankingPart,
  capacityPart,
  storeAtSizePart,
  concurrencyPart,
  faultsPart,
  instancesPart,
  storeBenchPart,
  conformancePart,
  footerPart,
];

export function markdownReport(results: Results, options: ReportOptions = {}): string {
  const ctx = reportContext(results, options);
  return markdownParts.flatMap((part) => part(ctx)).join('\n');
}

export async function markdownReporter(results: Results, options: ReportOptions = {}): Promise<Record<string, string>> {
  return { [MARKDOWN_FILE]: markdownReport(results, options) };
}
