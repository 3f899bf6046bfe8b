// Runs one measured cell on a fresh server process: start → warm-up → measure → verify → stop.
// Every step that crosses a process or a network has a deadline; hitting one, or any other
// failure, makes a failed row that keeps every number measured before it. A cell never takes
// longer than cellBoundMs(settings).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeErrors } from '../load/driver.ts';
import { failureReason } from './failure-reason.ts';
import { autoSettleMs } from './memory.ts';
import { measure } from './measure.ts';
import { splitCellOptions } from '../plan/options.ts';
import type { Run, RunMetrics, Settings } from '../contracts/results.ts';
import type { Cell } from '../plan/plan-cells.ts';
import { START_TIMEOUT_MS, STOP_TIMEOUT_MS, type ServerHandle } from './server-process.ts';
import { withDeadline } from '../shared/deadline.ts';
import { redactUrls } from '../../stores/mask-url.ts';
import { preloadBoundMs } from './population-phase.ts';
import { sweepBoundMs } from './sweep.ts';
import type { PopulationPlan } from '../plan/population-args.ts';
import { errorMessage } from '../shared/error-message.ts';
import { crossInstanceReason, instancesSkipReason, recordInstances, serversFor } from './instances/cell-instances.ts';
import { splitInstances } from '../plan/instances-args.ts';
import type { ServiceInfo } from '../../stores/types.ts';
import { FAULT_BOUND_MS, openCellFaults, type CellFaults } from '../faults/cell-faults.ts';
import { requestsOutsideFault } from '../faults/fault-result.ts';

export interface CellContext {
  settings: Settings;
  service?: ServiceInfo | undefined;
  signal?: AbortSignal | undefined;
  /** Called before the server starts, e.g. to empty a shared service. */
  beforeStart?: (() => Promise<void>) | undefined;
  /** The population flags (absent: defaults). */
  population?: PopulationPlan | undefined;
  /** --fault, --store-rtt, persistence= (harness/faults/): set by runCell. */
  faults?: CellFaults | undefined;
}

/** Emptying a service's data before a cell (a frozen server must not hold the matrix). */
export const BEFORE_START_TIMEOUT_MS = 15_000;
/** Room beyond the cell's own timed phases: start, GCs, snapshots, verification, stop. */
export const CELL_OVERHEAD_MS = 90_000;

/** The longest one cell may take: its timed phases and preload bound plus a fixed allowance for everything else. */
export function cellBoundMs(settings: Settings, maxAgeMs: number, sessions = 0): number {
  const settle = settings.settle !== undefined ? settings.settle * 1000 : autoSettleMs(maxAgeMs);
  const phases = (settings.warmup + settings.duration + (settings.probe ?? 0)) * 1000 + settle;
  const fault = settings.fault ? FAULT_BOUND_MS : 0;
  const sweep = sweepBoundMs(settings);
  return phases + sweep + preloadBoundMs(sessions) + START_TIMEOUT_MS + STOP_TIMEOUT_MS + CELL_OVERHEAD_MS + fault;
}

export async function runCell(cell: Cell, ctx: CellContext): Promise<Run> {
  const base = {
    id: cell.id,
    store: cell.store,
    scenario: cell.scenario.name,
    options: cell.options,
    repeat: cell.repeat,
  };
  const noBalancer = instancesSkipReason(cell.options);
  if (noBalancer) return { ...base, status: 'skipped', reason: noBalancer };
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'session-bench-'));
  const { session, storeOptions, sessions } = splitCellOptions(splitInstances(cell.options).rest);
  const secret = crypto.randomBytes(24).toString('hex');
  const startServers = serversFor(cell.options, ctx.settings.connections);
  // One signal for the cell: the user's Ctrl-C or the cell's own deadline stops the load.
  const cellAbort = new AbortController();
  const onAbort = () => cellAbort.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted) cellAbort.abort();
  const metrics: Partial<RunMetrics> = {};
  let server: ServerHandle | undefined;
  let faults: CellFaults | undefined;
  let failure: string | undefined;
  let closeProblem: string | undefined;
  try {
    const work = (async () => {
      if (ctx.beforeStart)
        await withDeadline(ctx.beforeStart(), BEFORE_START_TIMEOUT_MS, "emptying the store's server before the cell");
      faults = await openCellFaults(ctx.settings, ctx.service, storeOptions);
      if (faults?.storeRtt) metrics.storeRtt = faults.storeRtt;
      server = await startServers({
        store: cell.storeSpec,
        session,
        storeOptions,
        secret,
        service: faults?.service ?? ctx.service,
        dataDir,
        sampleIntervalMs: 250,
        payload: ctx.population?.payload,
        workMs: ctx.settings.workMs,
      });
      if (cellAbort.signal.aborted) throw new Error('interrupted');
      const cellCtx = { ...ctx, signal: cellAbort.signal, faults };
      await measure(server, cell, cellCtx, { maxAgeMs: session.maxAge, sessions, secret }, metrics);
    })();
    const bound = cellBoundMs(ctx.settings, session.maxAge, sessions);
    await withDeadline(work, bound, 'the cell').catch((err: unknown) => {
      cellAbort.abort();
      throw err;
    });
  } catch (err) {
    failure = errorMessage(err);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await recordInstances(server, cell.options, metrics);
    const stopped = await server?.stop();
    await faults?.close();
    if (stopped === 'killed')
      closeProblem = `the store's close() did not finish within ${STOP_TIMEOUT_MS / 1000} s: the server process was killed`;
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const found = crossInstanceReason(reasonFor(metrics, failure, ctx), metrics);
  const reason = closeProblem && found ? `${found}; also, ${closeProblem}` : (closeProblem ?? found);
  if (reason === undefined && isComplete(metrics)) return { ...base, status: 'completed', ...metrics };
  return {
    ...base,
    status: 'failed',
    reason: redactUrls(reason ?? 'the cell ended before it was measured', [ctx.service?.url]),
    ...metrics,
  };
}

/**
 * The run's verdict in words. A step that failed (a deadline, a crash) is named first, with what
 * the load saw; a store's stats() that never answered fails a run that was otherwise fine.
 */
function reasonFor(m: Partial<RunMetrics>, failure: string | undefined, ctx: CellContext): string | undefined {
  if (failure !== undefined) {
    const seen = m.requests ? describeErrors(m.requests) : undefined;
    return seen ? `${failure} (during the load: ${seen})` : failure;
  }
  if (!isComplete(m)) return undefined;
  // A fault run is judged on the requests outside the fault's window (harness/faults/fault-result.ts).
  const judged = m.fault ? { ...m, requests: requestsOutsideFault(m.requests, m.fault) } : m;
  return (
    failureReason(judged, ctx.settings, ctx.service?.kind) ?? (m.storeSide?.timedOut ? m.storeSide.error : undefined)
  );
}

function isComplete(m: Partial<RunMetrics>): m is RunMetrics {
  return (
    m.throughput !== undefined && m.correctness !== undefined && m.memory !== undefined && m.storeOps !== undefined
  );
}
