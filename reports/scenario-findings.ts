// Findings for one scenario, stated only from measured numbers: fastest, lowest p99, memory, cookie
// size, and every problem with a ranked cell (lost sessions, failed requests, repeats that failed).
import { em, finding, type Finding, type Segment } from './finding.ts';
import { fmtBytes, fmtInt, fmtMs, fmtPct, fmtRps, plural } from '../harness/shared/format-number.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from './rank-scenarios.ts';
import { overlaps } from '../harness/shared/stats.ts';
import { isIncorrect } from './summarize-cells.ts';
import { latencyKind } from './latency-kind.ts';

/** Cells whose numbers may be compared: every checked session valid and no failed request. */
export function eligible(cells: readonly RankedCell[]): RankedCell[] {
  return cells.filter((c) => !isIncorrect(c.stats) && c.stats.errors.total === 0);
}

/** True when two cells' repeats overlap: the difference between them is within the spread. */
export function tied(a: RankedCell, b: RankedCell): boolean {
  return a.completed.length > 1 && b.completed.length > 1 && overlaps(a.stats.rps, b.stats.rps);
}

/** With a single repeat, the middle halves of the per-second throughput samples overlap. */
function secondsOverlap(a: RankedCell, b: RankedCell): boolean {
  const [x, y] = [a.stats.secondsIqr, b.stats.secondsIqr];
  return x !== undefined && y !== undefined && overlaps(x, y);
}

/** "a, b and c" with each label emphasised. */
export function labelList(labels: readonly string[]): Segment[] {
  return labels.flatMap((l, i) => [...(i === 0 ? [] : [i === labels.length - 1 ? ' and ' : ', ']), em(l)]);
}

/**
 * Names for a group of cells: a store's name alone when the group holds all of that store's cells
 * in the scenario (every option combination), else the cells' own labels.
 */
export function groupLabels(group: readonly RankedCell[], all: readonly RankedCell[]): string[] {
  const out: string[] = [];
  for (const store of new Set(group.map((c) => c.store))) {
    const mine = group.filter((c) => c.store === store);
    const whole = mine.length === all.filter((c) => c.store === store).length;
    out.push(...(whole ? [store] : mine.map((c) => c.label)));
  }
  return out;
}

/** "a–b unit", or "a unit" when both ends format the same. */
export function spanOf(values: readonly number[], format: (n: number) => string): string {
  const lo = format(Math.min(...values));
  const hi = format(Math.max(...values));
  return lo === hi ? lo : `${lo}–${hi}`;
}

const by =
  <T>(pick: (c: T) => number) =>
  (a: T, b: T) =>
    pick(a) - pick(b);

function fastest(s: string, cells: RankedCell[]): Finding[] {
  const [top] = cells;
  if (!top) return [];
  const next = cells.find((c) => c.store !== top.store);
  const repeats = top.completed.length;
  const base = [`Fastest in ${s}: `, em(top.label), ` at ${fmtRps(top.stats.rps.median)}`];
  base.push(repeats > 1 ? ` (median of ${repeats} repeats)` : ' (one repeat: spread across repeats not measured)');
  if (!next) return [finding('good', 'fastest', s, ...base, '.')];
  const gain = `${fmtPct(top.stats.rps.median / next.stats.rps.median - 1)} over `;
  const nextRps = fmtRps(next.stats.rps.median);
  let tail = [`, ${gain}`, em(next.label), ` (${nextRps}).`];
  if (tied(top, next))
    tail = [', but its repeats overlap with those of ', em(next.label), ` (${nextRps}): treat them as tied.`];
  else if (repeats < 2 && secondsOverlap(top, next)) {
    tail = [
      `, ${gain}`,
      em(next.label),
      ` (${nextRps}), but their per-second throughput overlaps (middle half of the samples): treat them as tied.`,
    ];
  }
  return [finding('good', 'fastest', s, ...base, ...tail)];
}

function lowestP99(s: string, cells: RankedCell[]): Finding[] {
  const sorted = [...cells].sort(by((c) => c.stats.latency.p99));
  const [best] = sorted;
  const worst = sorted.filter((c) => c.store !== best?.store).pop();
  if (!best) return [];
  const segs = [
    `Lowest p99 in ${s} (${latencyKind(best.stats)}): `,
    em(best.label),
    ` at ${fmtMs(best.stats.latency.p99)} (p50 ${fmtMs(best.stats.latency.p50)})`,
  ];
  if (worst) segs.push('; highest: ', em(worst.label), ` at ${fmtMs(worst.stats.latency.p99)}`);
  return [finding('good', 'p99', s, ...segs, '.')];
}

function cookieSize(s: string, cells: RankedCell[]): Finding[] {
  const stores = [...new Set(cells.map((c) => c.store))].map((store) => {
    const mine = cells.filter((c) => c.store === store);
    return {
      store,
      mean: Math.max(...mine.map((c) => c.stats.cookie.meanBytes)),
      max: Math.max(...mine.map((c) => c.stats.cookie.maxBytes)),
    };
  });
  const big = stores.sort(by((x) => x.mean)).pop();
  if (!big || stores.length === 0) return [];
  const others = spanOf(
    stores.map((x) => x.mean),
    fmtInt,
  );
  if (fmtInt(big.mean) === fmtInt(Math.max(...stores.map((x) => x.mean)))) return [];
  return [
    finding(
      'info',
      'cookie',
      s,
      `Largest cookie in ${s}: `,
      em(big.store),
      ` averaging up to ${fmtInt(big.mean)} B (max ${fmtInt(big.max)} B); the other stores average ${others} B.`,
    ),
  ];
}

/** Heap per session when it measured something; a negative or zero estimate is noise. */
function perSessionText(c: RankedCell): string {
  const b = c.stats.memory.bytesPerSession;
  return b != null && b > 0 ? `${fmtBytes(b)} per session` : '';
}

function verdicts(s: string, cells: RankedCell[]): Finding[] {
  const out: Finding[] = [];
  for (const verdict of ['growing', 'bounded'] as const) {
    const group = cells.filter((c) => c.stats.memory.verdict === verdict);
    if (group.length === 0) continue;
    const perSession = group.map((c) => c.stats.memory.bytesPerSession).filter((b): b is number => b != null && b > 0);
    const reasons = [...new Set(group.flatMap((c) => c.stats.memory.verdictReasons))];
    const detail = [perSession.length ? `${spanOf(perSession, fmtBytes)} per session` : '', ...reasons]
      .filter(Boolean)
      .join('; ');
    out.push(
      finding(
        verdict === 'growing' ? 'warn' : 'good',
        'memory',
        s,
        `Server memory in ${s}: ${verdict} for `,
        ...labelList(groupLabels(group, cells)),
        detail ? ` (${detail}).` : '.',
      ),
    );
  }
  return out;
}

/** Without a verdict, RSS growth over the run is a hint, with the harness's reason for no verdict. */
function growthHint(s: string, cells: RankedCell[]): Finding[] {
  const sorted = [...cells].sort(by((c) => c.stats.memory.rssGrowth));
  const [low] = sorted;
  const high = sorted[sorted.length - 1];
  if (!low || !high) return [];
  const perSession = (c: RankedCell) => (perSessionText(c) ? `, heap ${perSessionText(c)}` : '');
  const segs = [
    `Server RSS in ${s} grew most with `,
    em(high.label),
    ` (${fmtBytes(high.stats.memory.rssGrowth, true)}${perSession(high)})`,
  ];
  if (low !== high)
    segs.push(', least with ', em(low.label), ` (${fmtBytes(low.stats.memory.rssGrowth, true)}${perSession(low)})`);
  const reasons = [
    ...new Set(cells.flatMap((c) => (c.stats.memory.verdict === 'unknown' ? c.stats.memory.verdictReasons : []))),
  ];
  segs.push(
    reasons.length
      ? `; no leak verdict: ${reasons.join('; ')}.`
      : '; growth over one short run is a hint, not a leak verdict.',
  );
  return [finding('info', 'memory', s, ...segs)];
}

function memory(s: string, cells: RankedCell[]): Finding[] {
  const judged = cells.some((c) => c.stats.memory.verdict === 'bounded' || c.stats.memory.verdict === 'growing');
  return judged ? verdicts(s, cells) : growthHint(s, cells);
}

/** " (a random sample of 17,950)" when the read-back checked a sample of the users who acted. */
function sampleOf(k: RankedCell['stats']['correctness']): string {
  if (!k.sampled) return '';
  return k.candidates == null ? ' (a random sample)' : ` (a random sample of ${fmtInt(k.candidates)})`;
}

function cellProblems(s: string, c: RankedCell): Finding[] {
  const k = c.stats.correctness;
  const e = c.stats.errors;
  const parts: string[] = [];
  if (isIncorrect(c.stats))
    parts.push(
      `${fmtInt(k.valid)} of ${plural(k.checked, 'checked session')}${sampleOf(k)} valid, ${plural(k.lostWrites, 'acknowledged write')} lost${k.sessionsLost ? `, ${plural(k.sessionsLost, 'session')} lost during the load` : ''}`,
    );
  if (e.total > 0)
    parts.push(
      `${plural(e.total, 'failed request')} of ${fmtInt(c.stats.requests)} (${fmtInt(e.connection)} connection errors, ${fmtInt(e.timeouts)} timeouts, ${fmtInt(e.non2xx)} non-2xx)`,
    );
  const out = parts.length
    ? [finding('warn', 'correctness', s, em(c.label), ` in ${s}: ${parts.join('; ')}. Not compared with the others.`)]
    : [];
  const total = c.completed.length + c.notCompleted.length;
  for (const p of notCompletedReasons(c.notCompleted))
    out.push(
      finding('warn', 'partial', s, em(c.label), ` in ${s}: ${p.count} of ${total} repeats ${p.status}: ${p.reason}`),
    );
  return out;
}

export function scenarioFindings(r: ScenarioRanking): Finding[] {
  const s = r.scenario;
  const ok = eligible(r.ranked);
  const head: Finding[] = ok.length
    ? [...fastest(s, ok), ...lowestP99(s, ok), ...memory(s, ok), ...cookieSize(s, ok)]
    : [
        finding(
          'warn',
          'no-comparable',
          s,
          `No store in ${s} completed without failed requests or lost sessions: nothing to compare.`,
        ),
      ];
  return [...head, ...r.ranked.flatMap((c) => cellProblems(s, c))];
}
