// The capacity view of a --sweep: per cell (store × scenario × options) its capacity at the SLO, said
// as honestly as `capacity.bound` allows, and per open-model run what the arrival generator did.
// report.html's section, the latency-versus-throughput chart and summary.md's table read these rows.
import type { Arrivals, Capacity, CapacityStep, SloPercentile } from '../harness/contracts/open-model.ts';
import type { Run } from '../harness/contracts/results.ts';
import { fmtInt, fmtMs, fmtPercent, fmtRps } from '../harness/shared/format-number.ts';
import type { ReportContext } from './report-context.ts';

export interface CapacityRow {
  scenario: string;
  store: string;
  /** The options that vary between cells; '' if none. */
  options: string;
  label: string;
  /** The repeat with the median capacity (the lower one of an even count). */
  capacity: Capacity;
  /** Capacities of every repeat that swept, low to high. */
  repeats: number[];
}

/** p999 → p99.9, as the SLO flag spells it. */
export const percentileName = (p: SloPercentile): string => (p === 'p999' ? 'p99.9' : p);

export const sloText = (c: Pick<Capacity, 'percentile' | 'sloMs'>): string =>
  `${percentileName(c.percentile)} ≤ ${fmtMs(c.sloMs).replace(/\.0+ ms$/, ' ms')}`;

const stepRps = (rate: number) => `${fmtInt(rate)} req/s`;

function medianCapacity(capacities: Capacity[]): Capacity {
  const sorted = [...capacities].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Rows by scenario (first seen), then capacity, highest first; below-lowest cells last. */
export function capacityRows(ctx: Pick<ReportContext, 'cells'>): CapacityRow[] {
  const rows = ctx.cells.flatMap((c): CapacityRow[] => {
    const capacities = c.completed.flatMap((r) => (r.capacity ? [r.capacity] : []));
    if (capacities.length === 0) return [];
    const base = { scenario: c.scenario, store: c.store, options: c.optionLabel, label: c.label };
    const repeats = capacities.map((k) => k.rps).sort((a, b) => a - b);
    return [{ ...base, capacity: medianCapacity(capacities), repeats }];
  });
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  return rows.sort(
    (a, b) => scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario) || b.capacity.rps - a.capacity.rps,
  );
}

/** The steps in rate order and the first that missed the SLO (the harness's search ends there). */
export function stepsAround(c: Capacity): {
  sorted: CapacityStep[];
  good?: CapacityStep | undefined;
  bad?: CapacityStep | undefined;
} {
  const sorted = [...c.steps].sort((a, b) => a.rate - b.rate);
  const miss = sorted.findIndex((s) => !s.meetsSlo);
  if (miss === -1) return { sorted, good: sorted.at(-1) };
  return { sorted, good: miss > 0 ? sorted[miss - 1] : undefined, bad: sorted[miss] };
}

/** How the number was found, in the words of `bound`. */
export function boundWords(c: Capacity): string {
  const { sorted, good, bad } = stepsAround(c);
  const lowest = sorted[0];
  switch (c.bound) {
    case 'interpolated':
      return `interpolated between the ${fmtInt(good?.rate ?? 0)} and ${stepRps(bad?.rate ?? 0)} steps`;
    case 'at-least':
      return `a lower bound: every step up to ${stepRps(good?.rate ?? 0)} met the SLO, so the capacity is at least that`;
    case 'below-lowest':
      return `not even the lowest step (${stepRps(lowest?.rate ?? 0)}) met the SLO: its ${percentileName(c.percentile)} was ${fmtMs(lowest?.latencyMs[c.percentile] ?? 0)}`;
    case 'at-step': {
      const why =
        bad && bad.errors >= c.maxErrorShare
          ? `failed on errors (${fmtPercent(bad.errors, 2)} of its arrivals)`
          : 'missed it without its latency rising, so there is nothing to interpolate on';
      return `at the ${stepRps(good?.rate ?? 0)} step: the next step (${stepRps(bad?.rate ?? 0)}) ${why}`;
    }
  }
}

/** "redis sustains 3,420 req/s at p99 ≤ 25 ms per app process on this machine (…)". */
export function capacitySentence(r: CapacityRow): string {
  const c = r.capacity;
  const spread =
    r.repeats.length > 1
      ? `; median of ${r.repeats.length} repeats, ${fmtInt(r.repeats[0]!)}–${fmtInt(r.repeats.at(-1)!)}`
      : '';
  const closed = `; closed-model maximum ${fmtRps(c.closedMaxRps)}`;
  const words = `${boundWords(c)}${spread}${closed}`;
  if (c.bound === 'below-lowest')
    return `${r.label} sustains no step at ${sloText(c)} per app process on this machine (${words}).`;
  const atLeast = c.bound === 'at-least' ? 'at least ' : '';
  return `${r.label} sustains ${atLeast}${fmtRps(c.rps)} at ${sloText(c)} per app process on this machine (${words}).`;
}

export const BOUND_SHORT: Record<Capacity['bound'], string> = {
  interpolated: 'interpolated',
  'at-step': 'at a step (next failed on errors)',
  'at-least': 'at least (every step met the SLO)',
  'below-lowest': 'below the lowest step',
};

export function capacityText(c: Capacity): string {
  if (c.bound === 'below-lowest') return `< ${fmtInt(c.steps.map((s) => s.rate).sort((a, b) => a - b)[0] ?? 0)}`;
  return `${c.bound === 'at-least' ? '≥ ' : ''}${fmtInt(c.rps)}`;
}

export const CAPACITY_METHOD =
  'Latency is timed from each request’s intended send time, so waiting for a free connection counts (no coordinated omission); the sweep’s steps are fractions of the cell’s closed-model maximum; capacity is the highest step rate whose SLO percentile stays within the SLO with errors under 0.1 %, interpolated linearly on latency between steps. On a 2-core machine the load generator shares the cores with the app, so these are figures for this machine, not for your servers.';

/** The method line with this machine's core count. */
export function capacityMethod(cpus: number): string {
  return cpus === 2 ? CAPACITY_METHOD : CAPACITY_METHOD.replace('On a 2-core machine', `On this ${cpus}-core machine`);
}

export interface GeneratorRow {
  id: string;
  store: string;
  scenario: string;
  status: Run['status'];
  arrivals: Arrivals;
}

/** Every run that carries `arrivals` (a --rate run), in results order. */
export function generatorRows(ctx: Pick<ReportContext, 'results'>): GeneratorRow[] {
  return ctx.results.runs.flatMap((r) =>
    r.status !== 'skipped' && r.arrivals
      ? [{ id: r.id, store: r.store, scenario: r.scenario, status: r.status, arrivals: r.arrivals }]
      : [],
  );
}

export const fellBehind = (a: Arrivals): boolean => a.late > 0 || a.dropped > 0;

/** The warning for a run whose generator fell behind; undefined when it kept up. */
export function generatorWarning(r: GeneratorRow): string | undefined {
  const a = r.arrivals;
  if (!fellBehind(a)) return undefined;
  return `The generator fell behind in ${r.id}: of ${fmtInt(a.intended)} intended arrivals at ${fmtRps(a.rate)}, ${fmtInt(a.late)} were sent more than ${fmtMs(a.lateAfterMs)} late and ${fmtInt(a.dropped)} were dropped (every connection busy). Their wait is in the latency, but this run did not offer the load it asked for.`;
}

/** Figures of one generator row, in the column order of GENERATOR_HEAD. */
export const GENERATOR_HEAD = [
  'run',
  'rate',
  'intended',
  'sent',
  'late',
  'dropped',
  'sched. error p50 / p99',
  'generator CPU',
  'harness pauses: GC max / loop max',
];
export function generatorCells(r: GeneratorRow): string[] {
  const a = r.arrivals;
  const e = a.schedulingErrorMs;
  return [
    r.id,
    `${fmtRps(a.rate)} ${a.process}`,
    fmtInt(a.intended),
    fmtInt(a.sent),
    fmtInt(a.late),
    fmtInt(a.dropped),
    `${e.p50.toFixed(2)} / ${e.p99.toFixed(2)} ms`,
    `${a.generatorCpuCores.toFixed(2)} cores`,
    // Absent in files from before the figure was measured.
    a.generatorPausesMs
      ? `${a.generatorPausesMs.gcMaxMs.toFixed(1)} / ${a.generatorPausesMs.eventLoopDelayMaxMs.toFixed(1)} ms`
      : '–',
  ];
}
