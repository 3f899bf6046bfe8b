// Runs one measured cell on a fresh server process: start → warm-up → measure → verify → stop.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './driver.ts';
import { analyseMemory, autoSettleMs, downsample } from './memory.ts';
import { splitCellOptions } from './options.ts';
import type { ServerSnapshot } from './protocol.ts';
import type { CellOptions, Run, RunMetrics, Settings } from './results.ts';
import { startServer, type ServerHandle } from './server-process.ts';
import { verifySessions } from './verify.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { ServiceInfo } from '../stores/types.ts';

export interface Cell {
  id: string;
  store: string;
  /** Built-in store name or absolute module path, as the server process loads it. */
  storeSpec: string;
  scenario: Scenario;
  options: CellOptions;
  repeat: number;
}

export interface CellContext {
  settings: Settings;
  service?: ServiceInfo;
  signal?: AbortSignal;
  /** Called before the server starts, e.g. to empty a shared service. */
  beforeStart?: () => Promise<void>;
}

export async function runCell(cell: Cell, ctx: CellContext): Promise<Run> {
  const base = { id: cell.id, store: cell.store, scenario: cell.scenario.name, options: cell.options, repeat: cell.repeat };
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'session-bench-'));
  let server: ServerHandle | undefined;
  try {
    await ctx.beforeStart?.();
    const { session, storeOptions } = splitCellOptions(cell.options);
    server = await startServer({
      store: cell.storeSpec,
      session,
      storeOptions,
      secret: crypto.randomBytes(24).toString('hex'),
      service: ctx.service,
      dataDir,
      sampleIntervalMs: 250,
    });
    if (ctx.signal?.aborted) throw new Error('interrupted');
    const metrics = await measure(server, cell, ctx, session.maxAge);
    const reason = failureReason(metrics);
    return reason ? { ...base, status: 'failed', reason, ...metrics } : { ...base, status: 'completed', ...metrics };
  } catch (err) {
    return { ...base, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

async function measure(server: ServerHandle, cell: Cell, ctx: CellContext, maxAgeMs: number): Promise<RunMetrics> {
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
  if (ctx.signal?.aborted) throw new Error('interrupted');
  const start = await mark!;
  const end = await server.call('snapshot');
  const correctness = await verifySessions({ port: server.port, users: load.users, maxAgeMs });
  const probe = await probeLatency(server, cell, ctx, maxAgeMs);
  const afterLoad = await server.call('gc');
  const settled = await settle(server, settings.settle !== undefined ? settings.settle * 1000 : autoSettleMs(maxAgeMs), ctx.signal);
  const gc = { beforeLoad: beforeLoad.memory.heapUsed, afterWarmup: start.memory.heapUsed, afterLoad: afterLoad.memory.heapUsed, ...(settled ? { afterSettle: settled.memory.heapUsed } : {}) };
  const served = Math.max(1, end.requests);
  const opsTotal = end.ops.get + end.ops.set + end.ops.touch + end.ops.destroy;
  return {
    throughput: load.throughput,
    latencyMs: probe
      ? { ...probe.latencyMs, source: 'probe', requests: probe.requests.total }
      : { ...load.latencyMs, source: 'load', requests: load.requests.total },
    loadedLatencyMs: load.latencyMs,
    requests: load.requests,
    cookie: load.cookie,
    memory: analyseMemory(start, end, gc, load.sessionsCreated, maxAgeMs),
    storeOps: { ...end.ops, perRequest: opsTotal / served, served: end.requests, timeMs: end.opTimeMs },
    correctness: { ...correctness, sessionsLost: load.sessionsLost },
    sessionsCreated: load.sessionsCreated,
    ...storeSideOf(start, end, settled),
  };
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
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
  if (signal?.aborted) throw new Error('interrupted');
  return server.call('gc');
}

function storeSideOf(start: ServerSnapshot, end: ServerSnapshot, settled?: ServerSnapshot): Pick<RunMetrics, 'storeSide'> {
  if (!end.store) return {};
  const t0 = start.memory.tMs;
  return {
    storeSide: {
      ...end.store,
      samples: downsample(end.storeSamples.map((s) => ({ ...s, tMs: s.tMs - t0 })), 600),
      ...(settled?.store ? { afterSettle: settled.store } : {}),
    },
  };
}

/** Why a measured cell must not be ranked, or undefined when it may. */
export function failureReason(m: RunMetrics): string | undefined {
  const c = m.correctness;
  if (m.requests.total === 0) return 'no request completed during the measured phase';
  if (c.sessionsValid < c.sessionsChecked) {
    const what = c.details?.length ? `: ${c.details.slice(0, 3).join('; ')}` : '';
    return `${c.sessionsChecked - c.sessionsValid} of ${c.sessionsChecked} sessions did not read back what was acknowledged${what}`;
  }
  const lost = c.sessionsLost ?? 0;
  if (lost > 0) return `${lost} acknowledged sessions vanished during the run (answered 401 well within maxAge)`;
  return undefined;
}
