// What the concurrency rows show helps, and only that: serialising a user's writes (a parallel-1
// control of the same store and options lost nothing where parallel adds lost some), an option set
// that lost less than another of the same store in the same conditions, a store that lost nothing
// where others did. When the rows show none of these it says so and points to the control.
import { fmtInt } from '../harness/shared/format-number.ts';
import { type ConcurrencyMode, type ConcurrencyRow, conditions, fmtShare, fmtWork } from './concurrency.ts';
import { code, em, type Finding, finding, type Segment } from './finding.ts';

/** A finding's topic names its mode, so the fallback knows which mode something helped. */
const topic = (mode: ConcurrencyMode) => `concurrency-${mode}`;
/**
 * Rates of one store under two option sets closer than this (5 percentage points) are not called a
 * difference: each is one run of a few seconds. Seen on 2026-12-02: memory's resurrection rate
 * spread 94.8–99.3 % over four resave × rolling sets (lost-update rates 74.3–74.8 %), options that
 * do not change how a modified session is saved.
 */
const MIN_GAP = 0.05;

interface Metric {
  rate: (r: ConcurrencyRow) => number;
  lost: (r: ConcurrencyRow) => number;
  of: (r: ConcurrencyRow) => number;
  /** "lost 74.8 % of acknowledged adds" */
  verb: (share: string) => string;
  /** "lost none of 1,000 acknowledged adds" */
  none: (of: number) => string;
  /** The conditions of a row, in words. */
  where: (r: ConcurrencyRow) => string;
}

const work = (r: ConcurrencyRow) => (r.workMs > 0 ? `${fmtWork(r.workMs)} of handler work` : 'no handler work');

const METRIC: Record<ConcurrencyMode, Metric> = {
  concurrent: {
    rate: (r) => r.lostRate,
    lost: (r) => r.lostUpdates,
    of: (r) => r.writes,
    verb: (share) => `lost ${share} of acknowledged adds`,
    none: (of) => `lost none of ${fmtInt(of)} acknowledged adds`,
    where: conditions,
  },
  'logout-race': {
    rate: (r) => r.resurrectedRate,
    lost: (r) => r.resurrected,
    of: (r) => r.logouts,
    verb: (share) => `let ${share} of logouts be undone`,
    none: (of) => `let none of ${fmtInt(of)} logouts be undone`,
    where: (r) => `a logout during a write with ${work(r)}`,
  },
};

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const t of items) groups.set(key(t), [...(groups.get(key(t)) ?? []), t]);
  return [...groups.values()];
}

/** Joined as "a, b and c". */
function listed(parts: Segment[][]): Segment[] {
  return parts.flatMap((p, i) => {
    if (i === 0) return p;
    return [i === parts.length - 1 ? ' and ' : ', ', ...p];
  });
}

/** The same store and options, one add at a time against parallel adds. */
function serialised(rows: readonly ConcurrencyRow[]): Finding[] {
  return groupBy(
    rows.filter((r) => r.mode === 'concurrent'),
    (r) => `${r.scenario}|${r.label}`,
  ).flatMap((group) => {
    const control = group.find((r) => r.parallel === 1 && r.writes > 0 && r.lostUpdates === 0);
    const overlapping = group.filter((r) => r.parallel > 1 && r.lostUpdates > 0);
    if (!control || overlapping.length === 0) return [];
    const against = listed(overlapping.map((r) => [`${fmtShare(r.lostRate)} lost at ${conditions(r)}`]));
    return [
      finding(
        'good',
        topic('concurrent'),
        control.scenario,
        "Serialising a user's writes (parallel 1) lost nothing: ",
        em(control.label),
        ` kept all ${fmtInt(control.writes)} acknowledged adds with ${work(control)}, against `,
        ...against,
        '.',
      ),
    ];
  });
}

/** One store in the same conditions under different option sets. */
function optionSets(rows: readonly ConcurrencyRow[]): Finding[] {
  const comparable = rows.filter((r) => r.options !== '' && METRIC[r.mode].of(r) > 0);
  return groupBy(comparable, (r) => `${r.scenario}|${r.store}|${r.parallel}|${r.workMs}`).flatMap((group) => {
    const m = METRIC[group[0]!.mode];
    const sorted = [...group].sort((a, b) => m.rate(a) - m.rate(b));
    const [lo, hi] = [sorted[0]!, sorted.at(-1)!];
    if (group.length < 2 || m.rate(hi) === 0) return [];
    const head: Segment[] = ['For ', em(lo.store), ` (${m.where(lo)}), `];
    if (m.rate(hi) - m.rate(lo) < MIN_GAP) {
      const sets = listed(sorted.map((r) => [code(r.options)]));
      const span = `${fmtShare(m.rate(lo))}–${fmtShare(m.rate(hi))}`;
      return [
        finding('info', topic(lo.mode), lo.scenario, ...head, ...sets, ` made no measured difference (${span}).`),
      ];
    }
    const lower = [
      ...head,
      code(lo.options),
      ` ${m.verb(fmtShare(m.rate(lo)))}, against ${fmtShare(m.rate(hi))} with `,
    ];
    return [finding('good', topic(lo.mode), lo.scenario, ...lower, code(hi.options), '.')];
  });
}

/** A store that lost nothing where, in the same conditions, others lost some. */
function lossless(rows: readonly ConcurrencyRow[]): Finding[] {
  const overlapping = rows.filter((r) => (r.mode === 'logout-race' || r.parallel > 1) && METRIC[r.mode].of(r) > 0);
  return groupBy(overlapping, (r) => `${r.scenario}|${r.parallel}|${r.workMs}`).flatMap((group) => {
    const m = METRIC[group[0]!.mode];
    const losers = group.filter((r) => m.lost(r) > 0);
    if (losers.length === 0) return [];
    const where = listed(losers.map((l) => [em(l.label), ` ${m.verb(fmtShare(m.rate(l)))}`]));
    return group
      .filter((r) => m.lost(r) === 0)
      .map((r) =>
        finding(
          'good',
          topic(r.mode),
          r.scenario,
          em(r.label),
          ` ${m.none(m.of(r))} (${m.where(r)}), where `,
          ...where,
          '.',
        ),
      );
  });
}

/** Said when the rows show losses and nothing that avoided them. */
function nothingHelped(rows: readonly ConcurrencyRow[], found: readonly Finding[]): Finding[] {
  const helped = (mode: ConcurrencyMode) => found.some((f) => f.tone === 'good' && f.topic === topic(mode));
  const out: Finding[] = [];
  if (rows.some((r) => r.mode === 'concurrent' && r.parallel > 1 && r.lostUpdates > 0) && !helped('concurrent'))
    out.push(
      finding(
        'warn',
        topic('concurrent'),
        undefined,
        'Nothing in these results shows a remedy for lost updates: every store and option set measured with parallel adds lost some. Run the same store with ',
        code('--parallel 1'),
        " (the control: one add at a time, as an app that serialises a user's writes sends them) to measure what serialising buys.",
      ),
    );
  if (rows.some((r) => r.mode === 'logout-race' && r.resurrected > 0) && !helped('logout-race'))
    out.push(
      finding(
        'warn',
        topic('logout-race'),
        undefined,
        'Nothing in these results shows a remedy for undone logouts: every store and option set measured let the old cookie back in.',
      ),
    );
  return out;
}

/** What the rows show helps, in words; only what was measured. */
export function concurrencyRemedies(rows: readonly ConcurrencyRow[]): Finding[] {
  const found = [...serialised(rows), ...optionSets(rows), ...lossless(rows)];
  return [...found, ...nothingHelped(rows, found)];
}
