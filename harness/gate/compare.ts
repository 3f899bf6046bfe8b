// Compares a run with a baseline, cell by cell (by cellKey, repeats pooled).
//
// What is independent: each repeat runs on a fresh server process, so repeats are independent
// observations. The per-second throughput samples inside one run are not: they share one process,
// heap, JIT state, GC cycle and whatever else the machine was doing that minute, so neighbouring
// seconds are autocorrelated. Pooling them as n = repeats × seconds would understate the variance
// and make every few-percent wobble "significant" (a gate that cries wolf). So the unit of the test
// is the repeat: its rps (requests / measured seconds), p50 and p99. The per-second samples only
// feed the within-run CV that is reported next to the between-repeat CV the test runs on.
//
// The test: one-sided Welch's t-test on the log of the per-repeat values (noise in rates and
// latencies is multiplicative and right-skewed; logs make a 10 % change the same size at any
// scale), at alpha (0.05 by default). A regression must be significant AND its size (ratio of
// geometric means) beyond --max-regression, measured as a slowdown: latency up by more than
// PCT %, or throughput down below 1 / (1 + PCT/100) — both "each request takes PCT % longer".
import type { Results } from '../contracts/results.ts';
import type { CellComparison, MetricComparison, MetricVerdict } from '../contracts/compare.ts';
import { DEFAULTS } from '../shared/defaults.ts';
import { fmtPercent } from '../shared/format-number.ts';
import { GATE_METRICS, valuesOf, type GateMetric } from '../shared/metrics.ts';
import { coefficientOfVariation, mean, studentTQuantile, welchTTest } from '../shared/stats.ts';
import { groupByCell, notCompletedReason, type CellRuns } from './cells.ts';
import { compareWork, hasWork } from './work-compare.ts';

export interface CompareOptions {
  alpha: number;
  maxRegressionPct: number;
  /** Latency changes (ms) at most this large never count: sub-millisecond shifts between batches
   *  are scheduler noise on shared machines (we measured p50 drift of 0.25 ms, p99 of ~1 ms). */
  minChangeMs?: number | undefined;
}

/** Power used for the smallest detectable change reported next to each comparison. */
const POWER = 0.8;

export function compareResults(baseline: Results, current: Results, o: CompareOptions): CellComparison[] {
  const base = groupByCell(baseline.runs);
  const cur = groupByCell(current.runs);
  const out: CellComparison[] = [];
  for (const [key, c] of cur) out.push(compareCell(base.get(key), c, o));
  for (const [key, b] of base) if (!cur.has(key)) out.push(missingInCurrent(b));
  return out;
}

function compareCell(b: CellRuns | undefined, c: CellRuns, o: CompareOptions): CellComparison {
  const shell = cellShell(c, b);
  if (!b || b.completed.length === 0) {
    const reason = b
      ? `the baseline has no completed run (${notCompletedReason(b)})`
      : 'not in the baseline (new cell)';
    return { ...shell, status: 'missing-in-baseline', fails: false, reason };
  }
  if (c.notCompleted.length > 0) {
    return { ...shell, status: 'not-completed', fails: true, reason: `current: ${notCompletedReason(c)}` };
  }
  // A metric only some runs record (capacity: --sweep) is compared where both sides have it.
  const measured = (m: GateMetric) => valuesOf(m, b.completed).length > 0 && valuesOf(m, c.completed).length > 0;
  const metrics = GATE_METRICS.filter(measured).map((m) => compareMetric(m, b, c, o));
  // Work is compared exactly whenever both sides recorded it (gate/work-compare.ts): no repeats needed.
  const work = hasWork(b.completed) && hasWork(c.completed) ? compareWork(b.completed, c.completed) : undefined;
  const workFails = work?.some((w) => w.fails) ?? false;
  if (b.completed.length < 2 || c.completed.length < 2) {
    const has = `has ${b.completed.length} (baseline) and ${c.completed.length} (current)`;
    if (work) {
      const reason = `timing (${GATE_METRICS.map((m) => m.name).join(', ')}) not tested: that needs at least 2 completed repeats per side, ${has} (--repeat ${DEFAULTS.baselineRepeat}); work per action compared exactly`;
      return { ...shell, metrics, work, status: 'compared', fails: workFails, reason };
    }
    const reason = `needs at least 2 completed repeats per side, ${has}: record both with --repeat ${DEFAULTS.baselineRepeat}`;
    return { ...shell, metrics, status: 'insufficient-repeats', fails: true, reason };
  }
  const noiseWarning = noiseWarningFor(metrics, o.maxRegressionPct);
  const fails = metrics.some((m) => m.verdict === 'regression') || workFails;
  return {
    ...shell,
    metrics,
    ...(work ? { work } : {}),
    status: 'compared',
    fails,
    ...(noiseWarning ? { noiseWarning } : {}),
  };
}

function cellShell(c: CellRuns, b: CellRuns | undefined): Omit<CellComparison, 'status' | 'fails'> {
  return {
    key: c.key,
    label: c.label,
    store: c.store,
    scenario: c.scenario,
    options: c.options,
    repeats: { baseline: b?.completed.length ?? 0, current: c.completed.length },
    withinRunCv: { baseline: b ? withinRunCv(b) : null, current: withinRunCv(c) },
    metrics: [],
  };
}

function missingInCurrent(b: CellRuns): CellComparison {
  return {
    ...cellShell(b, b),
    repeats: { baseline: b.completed.length, current: 0 },
    withinRunCv: { baseline: withinRunCv(b), current: null },
    status: 'missing-in-current',
    fails: false,
    reason: 'in the baseline but not run now',
  };
}

/** Mean CV of the per-second throughput samples inside each run. */
function withinRunCv(cell: CellRuns): number | null {
  const cvs = cell.completed
    .map((r) => coefficientOfVariation(r.throughput.samples))
    .filter((v): v is number => v !== null);
  return cvs.length ? mean(cvs) : null;
}

/** Values at or below zero cannot be logged; a microsecond (or 1e-6 req/s) floor keeps them finite. */
const logOf = (v: number) => Math.log(Math.max(v, 1e-6));

export function compareMetric(metric: GateMetric, b: CellRuns, c: CellRuns, o: CompareOptions): MetricComparison {
  const floor = metric.unit === 'ms' ? (o.minChangeMs ?? 0) : 0;
  const judged = judge(valuesOf(metric, b.completed), valuesOf(metric, c.completed), metric.better, o, floor);
  return { metric: metric.name, unit: metric.unit, better: metric.better, ...judged };
}

type Judgement = Omit<MetricComparison, 'metric' | 'unit' | 'better'>;

/** The decision for one metric, from per-repeat values (exported for the comparison tests). */
export function judge(
  baseline: number[],
  current: number[],
  better: 'higher' | 'lower',
  o: CompareOptions,
  minAbsChange = 0,
): Judgement {
  const lb = baseline.map(logOf);
  const lc = current.map(logOf);
  const logRatio = mean(lc) - mean(lb);
  const common = {
    baseline: Math.exp(mean(lb)),
    current: Math.exp(mean(lc)),
    changePct: (Math.exp(logRatio) - 1) * 100,
    cv: { baseline: coefficientOfVariation(baseline), current: coefficientOfVariation(current) },
  };
  if (lb.length < 2 || lc.length < 2) return { ...common, pValue: null, minDetectablePct: null, verdict: 'untested' };
  const w = welchTTest(lb, lc);
  const pValue = logRatio >= 0 ? w.pGreater : w.pLess;
  const minDetectable = (studentTQuantile(1 - o.alpha, w.df) + studentTQuantile(POWER, w.df)) * w.se;
  const tooSmall = Math.abs(common.current - common.baseline) <= minAbsChange;
  const verdict = tooSmall ? 'unchanged' : verdictOf(logRatio, pValue, better, o);
  return { ...common, pValue, minDetectablePct: (Math.exp(minDetectable) - 1) * 100, verdict };
}

function verdictOf(logRatio: number, p: number, better: 'higher' | 'lower', o: CompareOptions): MetricVerdict {
  if (p >= o.alpha || Math.abs(logRatio) <= Math.log1p(o.maxRegressionPct / 100)) return 'unchanged';
  const worse = better === 'higher' ? logRatio < 0 : logRatio > 0;
  return worse ? 'regression' : 'improvement';
}

function noiseWarningFor(metrics: MetricComparison[], maxRegressionPct: number): string | undefined {
  const blind = metrics.filter((m) => m.minDetectablePct !== null && m.minDetectablePct > maxRegressionPct);
  if (blind.length === 0) return undefined;
  const list = blind.map(
    (m) => `${m.metric} ≈${m.minDetectablePct!.toFixed(0)}% (CV ${pct(m.cv.baseline)} → ${pct(m.cv.current)})`,
  );
  return `too noisy for --max-regression ${maxRegressionPct}%: smallest slowdown these repeats detect: ${list.join(', ')}; raise --repeat or --duration, or use a quieter machine`;
}

const pct = (v: number | null) => (v === null ? '-' : fmtPercent(v, 0));
