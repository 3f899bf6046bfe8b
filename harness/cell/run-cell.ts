// Runs one measured cell on a fresh server process: start → warm-up → measure → verify → stop.
// Every step that crosses a process or a network has a deadline; hitting one, or any other
// failure, makes a failed row that keeps every number measured before it. A cell never takes
// longer than cellBoundMs(settings).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeErrors, runLoad } from '../load/driver.ts';
import { failureReason } from './failure-reason.ts';
import { analyseMemory, autoSettleMs, downsample } from './memory.ts';
import { splitCellOptions } from '../plan/options.ts';
import type { ServerSnapshot } from '../server/protocol.ts';
import type { Run, RunMetrics, Settings } from '../contracts/results.ts';
import type { Cell } from '../plan/plan-cells.ts';
import { START_TIMEOUT_MS, STOP_TIMEOUT_MS, startServer, type ServerHandle } from './server-process.ts';
import { withDeadline } from '../shared/deadline.ts';
import { redactUrls } from '../../stores/mask-url.ts';
import { verifySessions } from './verify.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { ServiceInfo } from '../../stores/types.ts';

export interface CellContext {
  settings: Settings;
  service?: ServiceInfo | undefined;
  signal?: AbortSignal | undefined;
  /** Called before the server starts, e.g. to empty a shared service. */
  beforeStart?: (() => Promise<void>) | undefined;
}

/** Emptying a service's data before a cell (a frozen server must not hold the matrix). */
export const BEFORE_START_TIMEOUT_MS = 15_000;
/** Room beyond the cell's own timed phases: start, GCs, snapshots, verification, stop. */
export const CELL_OVERHEAD_MS = 90_000;

/** The longest one cell may take: its timed phases plus a fixed allowance for everything else. */
export function cellBoundMs(settings: Settings, maxAgeMs: number): number {
  const settle = settings.settle !== undefined ? settings.settle * 1000 : autoSettleMs(maxAgeMs);
  const phases = (settings.warmup + settings.duration + (settings.probe ?? 0)) * 1000 + settle;
  return phases + START_TIMEOUT_MS + STOP_TIMEOUT_MS + CELL_OVERHEAD_MS;
}

export async function runCell(cell: Cell, ctx: CellContext): Promise<Run> {
  const base = {
    id: cell.id,
    store: cell.store,
    scenario: cell.scenario.name,
    options: cell.options,
    repeat: cell.repeat,
  };
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'session-bench-'));
  const { session, storeOptions } = splitCellOptions(cell.options);
  // One signal for the cell: the user's Ctrl-C or the cell's own deadline stops the load.
  const cellAbort = new AbortController();
  const onAbort = () => cellAbort.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted) cellAbort.abort();
  const metrics: Partial<RunMetrics> = {};
  let server: ServerHandle | undefined;
  let failure: string | undefined;
  let closeProblem: string | undefined;
  try {
    const work = (async () => {
      if (ctx.beforeStart)
        await withDeadline(ctx.beforeStart(), BEFORE_START_TIMEOUT_MS, "emptying the store's server before the cell");
      server = await startServer({
        store: cell.storeSpec,
        session,
        storeOptions,
        secret: crypto.randomBytes(24).toString('hex'),
        service: ctx.service,
        dataDir,
        sampleIntervalMs: 250,
      });
      if (cellAbort.signal.aborted) throw new Error('interrupted');
      await measure(server, cell, { ...ctx, signal: cellAbort.signal }, session.maxAge, metrics);
    })();
    const bound = cellBoundMs(ctx.settings, session.maxAge);
    await withDeadline(work, bound, 'the cell').catch((err: unknown) => {
      cellAbort.abort();
      throw err;
    });
  } catch (err) {
    failure = errorMessage(err);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    const stopped = await server?.stop();
    if (stopped === 'killed')
      closeProblem = `the store's close() did not finish within ${STOP_TIMEOUT_MS / 1000} s: the server process was killed`;
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const found = reasonFor(metrics, failure, ctx);
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
  return failureReason(m, ctx.settings, ctx.service?.kind) ?? (m.storeSide?.timedOut ? m.storeSide.error : undefined);
}

function isComplete(m: Partial<RunMetrics>): m is RunMetrics {
  return (
    m.throughput !== undefined && m.correctness !== undefined && m.memory !== undefined && m.storeOps !== undefined
  );
}

/** Fills `out` step by step, so a failure at any step keeps what the steps before measured. */
async function measure(
  server: ServerHandle,
  cell: Cell,
  ctx: CellContext,
  maxAgeMs: number,
  out: Partial<RunMetrics>,
): Promise<void> {
  const { settings } = ctx;
  const beforeLoad = await server.call('gc');
  let mark: Promise<ServerSnapshot> | undefined;
  const load = await runLoad({
    port: server.port,
    scenario: cell.scenario,
    connections: settings.connections,
    pipelining: settings.pipelining,
    warmup: settings.warmup,
    duration: settings.duration,
    rate: settings.rate,
    seed: settings.seed + cell.repeat,
    runTag: cell.id,
    maxAgeMs,
    signal: ctx.signal,
    onMeasureStart: () => (mark = server.call('mark')),
  });
  Object.assign(out, {
    throughput: load.throughput,
    latencyMs: { ...load.latencyMs, source: 'load', requests: load.requests.total },
    loadedLatencyMs: load.latencyMs,
    requests: load.requests,
    cookie: load.cookie,
    sessionsCreated: load.sessionsCreated,
  } satisfies Partial<RunMetrics>);
  if (ctx.signal?.aborted) throw new Error('interrupted');
  const start = await (mark ?? Promise.reject(new Error('the measured phase never began (the warm-up did not end)')));
  const end = await server.call('snapshot');
  const served = Math.max(1, end.requests);
  const opsTotal = end.ops.get + end.ops.set + end.ops.touch + end.ops.destroy;
  out.storeOps = { ...end.ops, perRequest: opsTotal / served, served: end.requests, timeMs: end.opTimeMs };
  Object.assign(out, storeSideOf(start, end));
  const correctness = await verifySessions({ port: server.port, users: load.users, maxAgeMs });
  const usersLoggedIn = load.users.filter((u) => !u.anonymous && u.loggedIn).length;
  out.correctness = { ...correctness, sessionsLost: load.sessionsLost, usersLoggedIn };
  const probe = await probeLatency(server, cell, ctx, maxAgeMs);
  if (probe) out.latencyMs = { ...probe.latencyMs, source: 'probe', requests: probe.requests.total };
  const afterLoad = await server.call('gc');
  const gcBase = {
    beforeLoad: beforeLoad.memory.heapUsed,
    afterWarmup: start.memory.heapUsed,
    afterLoad: afterLoad.memory.heapUsed,
  };
  out.memory = analyseMemory(start, end, gcBase, load.sessionsCreated, maxAgeMs);
  const settled = await settle(
    server,
    settings.settle !== undefined ? settings.settle * 1000 : autoSettleMs(maxAgeMs),
    ctx.signal,
  );
  if (settled) {
    out.memory = analyseMemory(
      start,
      end,
      { ...gcBase, afterSettle: settled.memory.heapUsed },
      load.sessionsCreated,
      maxAgeMs,
    );
    Object.assign(out, storeSideOf(start, end, settled));
  }
}

/**
 * One virtual user alone, back to back: what a request costs without queueing behind others.
 * Under a saturating closed-model load, latency is mostly queueing (Little's law), so a store
 * that waits 5 ms per get hardly moves the loaded p50; here the 5 ms shows in full.
 */
async function probeLatency(server: ServerHandle, cell: Cell, ctx: CellContext, maxAgeMs: number) {
  const seconds = ctx.settings.probe ?? 0;
  if (seconds <= 0) return undefined;
  const probe = await runLoad({
    port: server.port,
    scenario: { ...cell.scenario, anonymousShare: cell.scenario.anonymousShare >= 1 ? 1 : 0 },
    connections: 1,
    pipelining: 1,
    warmup: 0,
    duration: seconds,
    seed: ctx.settings.seed + cell.repeat + 7919,
    runTag: `${cell.id}-probe`,
    maxAgeMs,
    signal: ctx.signal,
  });
  if (ctx.signal?.aborted) throw new Error('interrupted');
  return probe.requests.total > 0 ? probe : undefined;
}

/** Waits, with no traffic, for sessions to expire and be pruned; then a post-GC reading. */
async function settle(server: ServerHandle, ms: number, signal?: AbortSignal): Promise<ServerSnapshot | undefined> {
  if (ms <= 0) return undefined;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
  if (signal?.aborted) throw new Error('interrupted');
  return server.call('gc');
}

function storeSideOf(
  start: ServerSnapshot,
  end: ServerSnapshot,
  settled?: ServerSnapshot,
): Pick<RunMetrics, 'storeSide'> {
  if (!end.store && !end.storeError) return {};
  const t0 = start.memory.tMs;
  return {
    storeSide: {
      ...end.store,
      ...(end.storeError ? { error: end.storeError, ...(end.storeTimedOut ? { timedOut: true } : {}) } : {}),
      samples: downsample(
        end.storeSamples.map((s) => ({ ...s, tMs: s.tMs - t0 })),
        600,
      ),
      ...(settled?.store ? { afterSettle: settled.store } : {}),
    },
  };
}
