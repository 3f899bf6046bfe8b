// The "concurrent requests" view: one row per cell of the concurrent and logout-race scenarios and
// per parallel × work ms it ran with (run.concurrency), with what overlapping requests of one user
// cost — acknowledged cart adds lost (last writer wins) and logouts undone by a write in flight —
// and one sentence per row in words. report.html's section and summary.md's table read these rows.
import type { CompletedRun, RunMetrics } from '../harness/contracts/results.ts';
import { fmtInt, fmtMs } from '../harness/shared/format-number.ts';
import { median, sum } from '../harness/shared/stats.ts';
import type { ReportContext } from './report-context.ts';
import type { Cell } from './summarize-cells.ts';

export type Concurrency = NonNullable<RunMetrics['concurrency']>;
export type ConcurrencyMode = Concurrency['mode'];
export const CONCURRENCY_MODES: readonly ConcurrencyMode[] = ['concurrent', 'logout-race'];

export interface ConcurrencyRow {
  mode: ConcurrencyMode;
  scenario: string;
  store: string;
  /** The options that vary between cells, as the ranking shows them; '' if none. */
  options: string;
  /** Store plus those options. */
  label: string;
  cellOptions: Cell['options'];
  parallel: number;
  workMs: number;
  /** Completed repeats summed into the row, and the cell's repeats that did not complete. */
  repeats: number;
  notCompleted: number;
  /** Counts summed over the completed repeats; the rates are computed from the sums. */
  writes: number;
  lostUpdates: number;
  lostRate: number;
  logouts: number;
  resurrected: number;
  resurrectedRate: number;
  /** Median over the repeats that counted it. */
  setsPerLogin?: number | undefined;
}

/** Above this many sets per login the session was saved twice (regenerate, then the login's data). */
const DOUBLE_SAVE = 1.01;

type Measured = CompletedRun & { concurrency: Concurrency };

function rowOf(c: Cell, runs: Measured[]): ConcurrencyRow {
  const first = runs[0]!.concurrency;
  const total = (k: 'writes' | 'lostUpdates' | 'logouts' | 'resurrected') => sum(runs.map((r) => r.concurrency[k]));
  const sets = runs.flatMap((r) => (r.concurrency.setsPerLogin === undefined ? [] : [r.concurrency.setsPerLogin]));
  const [writes, lostUpdates, logouts, resurrected] = [
    total('writes'),
    total('lostUpdates'),
    total('logouts'),
    total('resurrected'),
  ];
  return {
    mode: first.mode,
    scenario: c.scenario,
    store: c.store,
    options: c.optionLabel,
    label: c.label,
    cellOptions: c.options,
    parallel: first.parallel,
    workMs: first.workMs,
    repeats: runs.length,
    notCompleted: c.notCompleted.length,
    writes,
    lostUpdates,
    lostRate: writes > 0 ? lostUpdates / writes : 0,
    logouts,
    resurrected,
    resurrectedRate: logouts > 0 ? resurrected / logouts : 0,
    setsPerLogin: sets.length ? median(sets) : undefined,
  };
}

/** A cell's completed repeats with concurrency, by parallel and work ms (results may mix both). */
function rowsOfCell(c: Cell): ConcurrencyRow[] {
  const groups = new Map<string, Measured[]>();
  for (const run of c.completed) {
    if (!run.concurrency) continue;
    const key = `${run.concurrency.mode}|${run.concurrency.parallel}|${run.concurrency.workMs}`;
    groups.set(key, [...(groups.get(key) ?? []), run as Measured]);
  }
  return [...groups.values()].map((runs) => rowOf(c, runs));
}

/** Rows by mode (concurrent first), store (ranking order), options, parallel and work ms. */
export function concurrencyRows(ctx: Pick<ReportContext, 'cells' | 'stores'>): ConcurrencyRow[] {
  const rows = ctx.cells.flatMap(rowsOfCell);
  const stores = [...new Set([...ctx.stores, ...rows.map((r) => r.store)])];
  return rows.sort(
    (a, b) =>
      CONCURRENCY_MODES.indexOf(a.mode) - CONCURRENCY_MODES.indexOf(b.mode) ||
      stores.indexOf(a.store) - stores.indexOf(b.store) ||
      a.options.localeCompare(b.options) ||
      a.parallel - b.parallel ||
      a.workMs - b.workMs,
  );
}

/** A share in prose: "74.8 %", "100 %", "0 %"; never 0 or 100 for a share that is not. */
export function fmtShare(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1 %';
  if (share < 1 && share > 0.9995) return '>99.9 %';
  const text = (share * 100).toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text} %`;
}

/** "5 ms", "2.50 ms". */
export const fmtWork = (ms: number): string => (Number.isInteger(ms) ? `${fmtInt(ms)} ms` : fmtMs(ms));

/** "4 parallel adds with 5 ms of handler work", "one add at a time with no handler work". */
export function conditions(r: Pick<ConcurrencyRow, 'parallel' | 'workMs'>): string {
  const adds = r.parallel === 1 ? 'one add at a time' : `${fmtInt(r.parallel)} parallel adds`;
  return `${adds} with ${r.workMs > 0 ? `${fmtWork(r.workMs)} of handler work` : 'no handler work'}`;
}

function concurrentWords(r: ConcurrencyRow): string {
  const head = `${r.label}, ${conditions(r)}: `;
  if (r.writes === 0) return `${head}no cart add was acknowledged: nothing to measure.`;
  if (r.parallel === 1 && r.lostUpdates === 0)
    return `${head}the control: no overlap, nothing lost (${fmtInt(r.writes)} adds).`;
  if (r.parallel === 1)
    return `${head}${fmtShare(r.lostRate)} of acknowledged cart adds were lost although none overlapped: the store lost writes.`;
  if (r.lostUpdates === 0) return `${head}none of ${fmtInt(r.writes)} acknowledged cart adds was lost.`;
  return `${head}${fmtShare(r.lostRate)} of acknowledged cart adds were lost (last writer wins).`;
}

function logoutWords(r: ConcurrencyRow): string {
  const head = `${r.label}: `;
  if (r.logouts === 0) return `${head}no logout was acknowledged while a write was in flight: nothing to measure.`;
  if (r.resurrected === 0)
    return `${head}none of ${fmtInt(r.logouts)} logouts was undone by a write in flight: the old cookie stayed logged out.`;
  return `${head}${fmtInt(r.resurrected)} of ${fmtInt(r.logouts)} logouts (${fmtShare(r.resurrectedRate)}) were undone by a write in flight: the old cookie was logged in again.`;
}

/** The row in one sentence (two when the login saved the session twice). */
export function concurrencyWords(r: ConcurrencyRow): string {
  const words = r.mode === 'concurrent' ? concurrentWords(r) : logoutWords(r);
  if (r.setsPerLogin === undefined || r.setsPerLogin <= DOUBLE_SAVE) return words;
  return `${words} Each login called the store's set ${r.setsPerLogin.toFixed(2)} times: a double save after regenerate.`;
}

/** The ranking's line for a scenario of overlapping requests, or undefined for any other. */
export function concurrencyNote(cells: readonly Cell[]): string | undefined {
  if (!cells.some((c) => c.completed.some((r) => r.concurrency))) return undefined;
  return 'Req/s is not the point of this scenario: its users wait on purpose; what their overlapping requests lost is under Concurrent requests.';
}
