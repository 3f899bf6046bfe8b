// The "store at size" view: one row per cell that preloaded a session population (store × scenario ×
// options, so one store at two sizes is two rows), with what the population cost and how the store
// ran at that size. report.html's section, its chart and summary.md's table all read these rows.
import { SESSIONS_OPTION } from '../harness/contracts/results.ts';
import { fmtBytes, fmtInt, fmtMs, fmtPercent, fmtSeconds } from '../harness/shared/format-number.ts';
import type { ReportContext } from './report-context.ts';
import { optionLabel, varyingOptionKeys, type Cell } from './summarize-cells.ts';
import { summarizePopulation, type EventLoopDelay, type PopulationStats } from './summarize-population.ts';

export interface StoreAtSizeRow {
  scenario: string;
  store: string;
  /** The options that vary between cells other than the population, e.g. "resave=true"; '' if none. */
  options: string;
  /** Store plus those options: the row's name (the population has its own column). */
  label: string;
  /** The cell's population (options.sessions; absent = 0). */
  sessions: number;
  population: PopulationStats;
  /** No repeat completed: the population comes from failed runs and there are no load figures. */
  notCompleted: boolean;
  rps?: number | undefined;
  /** p99 under the cell's load (loadedLatencyMs, or latencyMs when that was the loaded one). */
  p99Loaded?: number | undefined;
  eventLoopDelay?: EventLoopDelay | undefined;
}

/** The cell's population option as a number (absent = 0). */
const sessionsOf = (c: Pick<Cell, 'options'>): number => Number(c.options[SESSIONS_OPTION] ?? 0);

function loadedP99(c: Cell): number | undefined {
  const s = c.stats;
  if (!s) return undefined;
  if (s.loadedLatency) return s.loadedLatency.p99;
  return s.latencySource === 'load' ? s.latency.p99 : undefined;
}

function rowOf(c: Cell, keys: readonly string[]): StoreAtSizeRow | undefined {
  const failed = c.notCompleted.flatMap((r) => (r.status === 'failed' ? [r] : []));
  const population = c.stats?.population ?? summarizePopulation(failed);
  if (!population) return undefined;
  const options = optionLabel(c.options, keys);
  return {
    scenario: c.scenario,
    store: c.store,
    options,
    label: options ? `${c.store} · ${options}` : c.store,
    sessions: sessionsOf(c),
    population,
    notCompleted: c.stats === undefined,
    rps: c.stats?.rps.median,
    p99Loaded: loadedP99(c),
    eventLoopDelay: c.stats?.eventLoopDelay,
  };
}

/** Rows by scenario (first seen), then store (ranking order), options and population. */
export function storeAtSizeRows(ctx: Pick<ReportContext, 'cells' | 'stores' | 'results'>): StoreAtSizeRow[] {
  const keys = varyingOptionKeys(ctx.results.runs).filter((k) => k !== SESSIONS_OPTION);
  const rows = ctx.cells.flatMap((c) => rowOf(c, keys) ?? []);
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const stores = [...new Set([...ctx.stores, ...rows.map((r) => r.store)])];
  return rows.sort(
    (a, b) =>
      scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario) ||
      stores.indexOf(a.store) - stores.indexOf(b.store) ||
      a.options.localeCompare(b.options) ||
      a.sessions - b.sessions,
  );
}

/** The bytes a session costs where the store keeps it: store-side, else the app's heap. */
export function bytesPerSessionOf(p: PopulationStats): { bytes: number; where: 'store-side' | 'app heap' } | undefined {
  if (p.bytesPerSession != null) return { bytes: p.bytesPerSession, where: 'store-side' };
  if (p.heapBytesPerSession != null) return { bytes: p.heapBytesPerSession, where: 'app heap' };
  return undefined;
}

/** The preload's duration: ms below a second, else seconds. */
export const fmtPreload = (p: PopulationStats): string =>
  p.preloadMs < 1000 ? fmtMs(p.preloadMs) : fmtSeconds(p.preloadMs);

export const preloadRate = (p: PopulationStats): number | undefined =>
  p.preloadMs > 0 && p.preloaded > 0 ? p.preloaded / (p.preloadMs / 1000) : undefined;

function detailValue(key: string, v: number): string {
  if (/share$/i.test(key)) return fmtPercent(v);
  if (/bytes$|memory/i.test(key)) return fmtBytes(v);
  return fmtInt(v);
}

const listDetail = (d: Record<string, number> | undefined) =>
  Object.entries(d ?? {})
    .map(([k, v]) => `${k} ${detailValue(k, v)}`)
    .join(', ');

/**
 * What else grew with the population, in a few words: PostgreSQL's HOT-update share and dead tuples
 * at the end, SQLite's WAL, Redis's dataset; `title` lists every key after the preload and at the end.
 */
export function detailSummary(p: PopulationStats): { text: string; title: string } | undefined {
  const end = p.endDetail ?? {};
  const at = (k: string) => end[k] ?? p.detail?.[k];
  const parts: string[] = [];
  if (end.hotUpdateShare != null) parts.push(`HOT updates ${fmtPercent(end.hotUpdateShare)}`);
  if (end.deadTuples != null) parts.push(`${fmtInt(end.deadTuples)} dead tuples`);
  const wal = at('walBytes');
  if (wal != null) parts.push(`WAL ${fmtBytes(wal)}`);
  const dataset = at('usedMemoryDataset');
  if (dataset != null) parts.push(`dataset ${fmtBytes(dataset)}`);
  const title = [
    p.detail ? `after the preload: ${listDetail(p.detail)}` : '',
    p.endDetail ? `at the end: ${listDetail(p.endDetail)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return parts.length || title ? { text: parts.join(', '), title } : undefined;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * The ranking's line on the population its cells were measured with, or undefined when none
 * preloaded one (older results). With several, each row's label carries `sessions=N`.
 */
export function populationNote(cells: readonly Cell[]): string | undefined {
  if (!cells.some((c) => c.stats?.population)) return undefined;
  const skipped = (c: Cell) => c.stats?.population?.skipped !== undefined;
  const clientSide = unique(cells.filter(skipped).map((c) => c.store));
  const sizes = unique(cells.filter((c) => !skipped(c)).map(sessionsOf)).sort((a, b) => a - b);
  const none = clientSide.length ? ` (none for ${clientSide.join(', ')}: a client-side store)` : '';
  if (sizes.length === 0) return `No sessions preloaded${none}.`;
  if (sizes.length === 1) return `Measured with ${fmtInt(sizes[0] ?? 0)} sessions preloaded into each store${none}.`;
  const list = `${sizes.slice(0, -1).map(fmtInt).join(', ')} and ${fmtInt(sizes.at(-1) ?? 0)}`;
  return `Measured at ${list} sessions preloaded${none}: each row's sessions= says which.`;
}

/** "sample of 17,950" when the read-back checked a random sample of the candidates, else undefined. */
export function sampleNote(k: { sampled: boolean; candidates?: number | undefined }): string | undefined {
  if (!k.sampled) return undefined;
  return k.candidates == null ? 'a random sample' : `sample of ${fmtInt(k.candidates)}`;
}
