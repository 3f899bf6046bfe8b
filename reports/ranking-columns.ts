// The ranking tables' metric columns (report.html and summary.md) as the metric declaration
// (harness/shared/metrics.ts) gives them: which columns a table shows, their headings, and each
// cell's text. A declared metric with a ranking column shows in both tables with no change here.
import { RANKING_METRICS, rankingValue, type RankingMetric } from '../harness/shared/metrics.ts';
import { anyProbe, latencyKind } from './latency-kind.ts';
import type { RankedCell } from './rank-scenarios.ts';

export interface RankingColumnView {
  metric: RankingMetric;
  heading: string;
}

/** Headline latency columns say which latency they are ("p99 alone", "p99 under load"). */
function headingOf(metric: RankingMetric, kind: string | undefined): string {
  const heading = metric.label;
  return metric.ranking.latency === 'headline' && kind ? `${heading} ${kind}` : heading;
}

/** The declared columns of one table; the loaded-latency one only when some headline latency was the probe's. */
export function rankingColumns(ranked: readonly RankedCell[]): RankingColumnView[] {
  const withLoaded = anyProbe(ranked);
  const kind = ranked[0] ? latencyKind(ranked[0].stats) : undefined;
  return RANKING_METRICS.filter((m) => m.ranking.latency !== 'loaded' || withLoaded).map((metric) => ({
    metric,
    heading: headingOf(metric, kind),
  }));
}

/** A cell's number in a column, formatted; '—' when not every repeat recorded the metric. */
export function rankingText(metric: RankingMetric, cell: RankedCell): string {
  const value = rankingValue(metric, cell.completed);
  return value === undefined ? '—' : metric.ranking.format(value);
}
