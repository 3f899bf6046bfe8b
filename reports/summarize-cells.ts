// The reports' cells (store × scenario × options, grouped by harness/shared/group-cells.ts): each
// labelled by what varies, and its repeats summarised. The one view of results.json that tables,
// charts and findings share.
import {
  SESSIONS_OPTION,
  type CellOptions,
  type CompletedRun,
  type Latency,
  type OptionValue,
  type Results,
  type Run,
} from '../harness/contracts/results.ts';
import { groupRunsByCell, type RunCell } from '../harness/shared/group-cells.ts';
import { interquartile, median, range, sum, type Range } from '../harness/shared/stats.ts';
import {
  summarizeEventLoopDelay,
  summarizePopulation,
  type EventLoopDelay,
  type PopulationStats,
} from './summarize-population.ts';

export type MemoryVerdict = 'bounded' | 'growing' | 'unknown';

export interface CellStats {
  rps: Range;
  /** Interquartile range of the per-second samples of all repeats; absent with fewer than two. */
  secondsIqr?: Range | undefined;
  /** latencyMs: one request alone (the unloaded probe) or, when the probe was off, under load. */
  latency: Latency;
  /** 'probe' when `latency` came from the unloaded probe; 'load' otherwise (older results too). */
  latencySource: 'probe' | 'load';
  /** loadedLatencyMs, when the harness recorded latency under load separately. */
  loadedLatency?: Latency | undefined;
  requests: number;
  errors: { total: number; connection: number; timeouts: number; non2xx: number };
  cookie: { meanBytes: number; maxBytes: number; sentMeanBytes?: number | undefined };
  memory: {
    rssGrowth: number;
    heapGrowth: number;
    rssPeak: number;
    verdict?: MemoryVerdict | undefined;
    verdictReasons: string[];
    bytesPerSession?: number | undefined;
    retainedAfterExpiryBytes?: number | undefined;
  };
  ops: { perRequest: number; get: number; set: number; touch: number; destroy: number };
  /** Mean ms from a store call to its callback, by operation, over the repeats that timed them. */
  opTimeMs?: Partial<Record<'get' | 'set' | 'touch' | 'destroy', number>> | undefined;
  correctness: {
    checked: number;
    valid: number;
    lostWrites: number;
    sessionsLost: number;
    details: string[];
    /** Users who acted and should have a session, summed over the repeats that recorded it. */
    candidates?: number | undefined;
    /** Some repeat read back a random sample of its candidates, not every one. */
    sampled: boolean;
  };
  storeSide?: { sessions?: number | undefined; bytes?: number | undefined } | undefined;
  /** The preloaded population and what it cost; absent in results written before it existed. */
  population?: PopulationStats | undefined;
  /** The app process's event-loop delay in the measured phase, when every repeat recorded it. */
  eventLoopDelay?: EventLoopDelay | undefined;
}

export interface Cell extends RunCell {
  /** Only the options that vary between cells, e.g. "resave=true saveUninitialized=false"; '' if none. */
  optionLabel: string;
  /** Store plus varying options: how the cell is named everywhere. */
  label: string;
  /** Summary over completed repeats; absent when none completed. */
  stats?: CellStats;
}

/** A cell's options with the population made explicit when any run has one: absent means 0. */
const withSessions = (options: CellOptions, any: boolean): CellOptions =>
  any ? { [SESSIONS_OPTION]: 0, ...options } : options;

/** Option keys that take more than one value among the runs that have them (the population: any run). */
export function varyingOptionKeys(runs: readonly Run[]): string[] {
  const seen = new Map<string, Set<string>>();
  const anySessions = runs.some((r) => SESSIONS_OPTION in r.options);
  for (const run of runs) {
    for (const [k, v] of Object.entries(withSessions(run.options, anySessions))) {
      const values = seen.get(k) ?? new Set<string>();
      values.add(JSON.stringify(v));
      seen.set(k, values);
    }
  }
  return [...seen]
    .filter(([, values]) => values.size > 1)
    .map(([k]) => k)
    .sort();
}

export function optionLabel(options: CellOptions, keys: readonly string[]): string {
  const all = withSessions(options, keys.includes(SESSIONS_OPTION));
  return keys
    .filter((k) => k in all)
    .map((k) => `${k}=${String(all[k] as OptionValue)}`)
    .join(' ');
}

const medianOf = (runs: CompletedRun[], pick: (r: CompletedRun) => number) => median(runs.map(pick));
const defined = <T>(values: (T | null | undefined)[]): T[] => values.filter((v): v is T => v != null);

function memoryVerdict(runs: CompletedRun[]): MemoryVerdict | undefined {
  const verdicts = defined(runs.map((r) => r.memory.verdict));
  if (verdicts.length === 0) return undefined;
  if (verdicts.includes('growing')) return 'growing';
  return verdicts.every((v) => v === 'bounded') ? 'bounded' : 'unknown';
}

function optional(values: number[]): number | undefined {
  return values.length ? median(values) : undefined;
}

function optionalSum(values: number[]): number | undefined {
  return values.length ? sum(values) : undefined;
}

function opTimes(runs: CompletedRun[]): CellStats['opTimeMs'] {
  const timed = runs.filter((r) => r.storeOps.timeMs);
  if (timed.length === 0) return undefined;
  const out: NonNullable<CellStats['opTimeMs']> = {};
  for (const op of ['get', 'set', 'touch', 'destroy'] as const) {
    const calls = sum(timed.map((r) => r.storeOps[op]));
    if (calls > 0) out[op] = sum(timed.map((r) => r.storeOps.timeMs?.[op] ?? 0)) / calls;
  }
  return out;
}

/** Per-percentile medians across repeats (max: the largest). */
function latencyOf(all: Latency[]): Latency {
  const pick = (k: keyof Latency) => median(all.map((l) => l[k]));
  return {
    p50: pick('p50'),
    p90: pick('p90'),
    p99: pick('p99'),
    p999: pick('p999'),
    mean: pick('mean'),
    max: Math.max(...all.map((l) => l.max)),
  };
}

export function summarizeRuns(runs: CompletedRun[]): CellStats {
  const requests = sum(runs.map((r) => r.requests.total));
  const opTotal = (op: 'get' | 'set' | 'touch' | 'destroy') => sum(runs.map((r) => r.storeOps[op]));
  const perReq = (n: number) => (requests > 0 ? n / requests : 0);
  const connection = sum(runs.map((r) => r.requests.errors));
  const timeouts = sum(runs.map((r) => r.requests.timeouts));
  const non2xx = sum(runs.map((r) => r.requests.non2xx));
  const storeSessions = defined(runs.map((r) => r.storeSide?.sessions));
  const storeBytes = defined(runs.map((r) => r.storeSide?.bytes));
  const seconds = runs.flatMap((r) => r.throughput.samples);
  return {
    rps: range(runs.map((r) => r.throughput.rps)),
    secondsIqr: seconds.length > 1 ? interquartile(seconds) : undefined,
    latency: latencyOf(runs.map((r) => r.latencyMs)),
    latencySource: runs.every((r) => r.latencyMs.source === 'probe') ? 'probe' : 'load',
    loadedLatency: runs.every((r) => r.loadedLatencyMs)
      ? latencyOf(runs.map((r) => r.loadedLatencyMs as Latency))
      : undefined,
    requests,
    errors: { total: connection + timeouts + non2xx, connection, timeouts, non2xx },
    cookie: {
      meanBytes: medianOf(runs, (r) => r.cookie.meanBytes),
      maxBytes: Math.max(...runs.map((r) => r.cookie.maxBytes)),
      sentMeanBytes: optional(defined(runs.map((r) => r.cookie.sentMeanBytes))),
    },
    memory: {
      rssGrowth: medianOf(runs, (r) => r.memory.rssBytes.end - r.memory.rssBytes.start),
      heapGrowth: medianOf(runs, (r) => r.memory.heapUsedBytes.end - r.memory.heapUsedBytes.start),
      rssPeak: Math.max(...runs.map((r) => r.memory.rssBytes.peak)),
      verdict: memoryVerdict(runs),
      verdictReasons: [...new Set(defined(runs.map((r) => r.memory.verdictReason)))],
      bytesPerSession: optional(defined(runs.map((r) => r.memory.bytesPerSession))),
      retainedAfterExpiryBytes: optional(defined(runs.map((r) => r.memory.retainedAfterExpiryBytes))),
    },
    ops: {
      perRequest: medianOf(runs, (r) => r.storeOps.perRequest),
      get: perReq(opTotal('get')),
      set: perReq(opTotal('set')),
      touch: perReq(opTotal('touch')),
      destroy: perReq(opTotal('destroy')),
    },
    opTimeMs: opTimes(runs),
    correctness: {
      checked: sum(runs.map((r) => r.correctness.sessionsChecked)),
      valid: sum(runs.map((r) => r.correctness.sessionsValid)),
      lostWrites: sum(runs.map((r) => r.correctness.lostWrites)),
      sessionsLost: sum(runs.map((r) => r.correctness.sessionsLost ?? 0)),
      details: runs.flatMap((r) => r.correctness.details ?? []),
      candidates: optionalSum(defined(runs.map((r) => r.correctness.candidates))),
      sampled: runs.some((r) => r.correctness.sampled === true),
    },
    storeSide:
      storeSessions.length || storeBytes.length
        ? { sessions: optional(storeSessions), bytes: optional(storeBytes) }
        : undefined,
    population: summarizePopulation(runs),
    eventLoopDelay: summarizeEventLoopDelay(runs),
  };
}

/** Every cell of the results, in first-seen order. */
export function summarizeCells(results: Results): Cell[] {
  const keys = varyingOptionKeys(results.runs);
  return [...groupRunsByCell(results.runs).values()].map((group) => {
    const opt = optionLabel(group.options, keys);
    const cell: Cell = { ...group, optionLabel: opt, label: opt ? `${group.store} · ${opt}` : group.store };
    if (group.completed.length) cell.stats = summarizeRuns(group.completed);
    return cell;
  });
}

/** A cell that lost sessions or writes: its speed is not comparable with a correct store's. */
export function isIncorrect(stats: CellStats): boolean {
  const k = stats.correctness;
  return k.lostWrites > 0 || k.sessionsLost > 0 || k.valid < k.checked;
}
