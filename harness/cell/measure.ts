// The measured steps of one cell on its running server: preload the population, run the load,
// record what the server counted, verify the sessions, probe the unloaded latency, read memory.
// Each step fills `out` as it goes, so a failure at any step keeps what the steps before measured.
import { REQUEST_TIMEOUT_S, runLoad, type LoadOptions, type LoadResult } from '../load/driver.ts';
import { runConcurrency } from '../concurrency/run-concurrency.ts';
import { DEFAULT_PARALLEL } from '../plan/concurrency-args.ts';
import { analyseMemory, autoSettleMs, downsample } from './memory.ts';
import type { ServerSnapshot } from '../server/protocol.ts';
import type { RunMetrics } from '../contracts/results.ts';
import type { Cell } from '../plan/plan-cells.ts';
import type { ServerHandle } from './server-process.ts';
import { VERIFY_DEADLINE_MS, verifySessions } from './verify.ts';
import { preloadPopulation, resumeCounts, type PopulationPhase } from './population-phase.ts';
import { usersFor } from '../plan/population-args.ts';
import type { CellContext } from './run-cell.ts';
import { sweepSteps } from './sweep.ts';

/** What a cell's steps share: its session maxAge, population size and cookie secret. */
export interface CellRun {
  maxAgeMs: number;
  sessions: number;
  secret: string;
}

export async function measure(
  server: ServerHandle,
  cell: Cell,
  ctx: CellContext,
  run: CellRun,
  out: Partial<RunMetrics>,
): Promise<void> {
  const { settings } = ctx;
  const users = usersFor(ctx.population, run.sessions, settings.connections);
  const seed = settings.seed * 1_000 + cell.repeat;
  // The span no preloaded session may expire in: the load, the check and a minute's margin.
  const spanMs = (settings.warmup + settings.duration + (settings.probe ?? 0)) * 1000 + VERIFY_DEADLINE_MS + 60_000;
  const phase = await preloadPopulation(server, { ...run, seed, users, spanMs });
  out.population = phase.metrics;
  if (phase.refused) throw new Error(phase.refused);
  const beforeLoad = await server.call('gc');
  const mode = cell.scenario.mode;
  if (mode === 'concurrent' || mode === 'logout-race') {
    const { start, end, created } = await concurrencyPhase(server, cell, ctx, mode, out);
    await memoryPhase(server, ctx, run.maxAgeMs, { beforeLoad, start, end, created }, out);
    return;
  }
  const { load, start, end } = await loadPhase(server, cell, ctx, { ...run, users, phase }, out);
  await sweepSteps(server, cell, ctx, load, run.maxAgeMs, out);
  const correctness = await verifySessions({
    port: server.port,
    users: load.users,
    maxAgeMs: run.maxAgeMs,
    sample: ctx.population?.verifySample,
    seed,
  });
  const usersLoggedIn = load.users.filter((u) => !u.anonymous && u.loggedIn).length;
  out.correctness = { ...correctness, sessionsLost: load.sessionsLost, usersLoggedIn };
  const probe = await probeLatency(server, cell, ctx, run.maxAgeMs);
  if (probe) out.latencyMs = { ...probe.latencyMs, source: 'probe', requests: probe.requests.total };
  await memoryPhase(server, ctx, run.maxAgeMs, { beforeLoad, start, end, created: load.sessionsCreated }, out);
}

/** The load itself, then what the server counted during its measured phase. */
async function loadPhase(
  server: ServerHandle,
  cell: Cell,
  ctx: CellContext,
  run: CellRun & { users: number; phase: PopulationPhase },
  out: Partial<RunMetrics>,
): Promise<{ load: LoadResult; start: ServerSnapshot; end: ServerSnapshot }> {
  const { settings } = ctx;
  let mark: Promise<ServerSnapshot> | undefined;
  const withFault = (opts: LoadOptions) => ctx.faults?.loadOptions(opts, ctx.signal) ?? opts;
  const load = await runLoad(
    withFault({
      users: run.users,
      access: ctx.population?.access,
      thinkTimeMs: ctx.population?.thinkTimeMs,
      population: run.phase.population,
      port: server.port,
      scenario: cell.scenario,
      connections: settings.connections,
      pipelining: settings.pipelining,
      warmup: settings.warmup,
      duration: settings.duration,
      rate: settings.rate,
      arrivals: settings.arrivals,
      seed: settings.seed + cell.repeat,
      runTag: cell.id,
      maxAgeMs: run.maxAgeMs,
      signal: ctx.signal,
      onMeasureStart: () => (mark = server.call('mark')),
    }),
  );
  Object.assign(out, {
    throughput: load.throughput,
    latencyMs: { ...load.latencyMs, source: load.arrivals ? 'intended' : 'load', requests: load.requests.total },
    loadedLatencyMs: load.latencyMs,
    ...(load.arrivals ? { arrivals: load.arrivals } : {}),
    requests: load.requests,
    cookie: load.cookie,
    sessionsCreated: load.sessionsCreated,
    ...(load.timeline ? { timeline: { bucketMs: load.timeline.bucketMs, points: load.timeline.points } } : {}),
  } satisfies Partial<RunMetrics>);
  if (ctx.faults) Object.assign(out, await ctx.faults.afterLoad(load, server.port));
  const own = process.memoryUsage();
  out.harnessMemory = { rssBytes: own.rss, heapUsedBytes: own.heapUsed };
  out.population = { ...run.phase.metrics, ...resumeCounts(load.users) };
  if (ctx.signal?.aborted) throw new Error('interrupted');
  const start = await (mark ?? Promise.reject(new Error('the measured phase never began (the warm-up did not end)')));
  const end = await recordServer(server, start, out);
  return { load, start, end };
}

/** What the server counted in the measured phase: store calls, event-loop delay, store-side size. */
async function recordServer(server: ServerHandle, start: ServerSnapshot, out: Partial<RunMetrics>) {
  const end = await server.call('snapshot');
  const served = Math.max(1, end.requests);
  const opsTotal = end.ops.get + end.ops.set + end.ops.touch + end.ops.destroy;
  out.storeOps = {
    ...end.ops,
    perRequest: opsTotal / served,
    served: end.requests,
    timeMs: end.opTimeMs,
    getMisses: end.getMisses,
  };
  if (end.work) out.work = { buckets: end.work };
  out.eventLoopDelayMs = end.eventLoopDelayMs;
  Object.assign(out, storeSideOf(start, end));
  return end;
}

/**
 * Scenarios concurrent and logout-race (harness/concurrency/): `--connections` users, no warm-up
 * beyond their first login. Their losses are the measurement; the read-backs say which users were
 * still logged in as themselves.
 */
async function concurrencyPhase(
  server: ServerHandle,
  cell: Cell,
  ctx: CellContext,
  mode: 'concurrent' | 'logout-race',
  out: Partial<RunMetrics>,
) {
  const { settings } = ctx;
  const start = await server.call('mark');
  const result = await runConcurrency({
    port: server.port,
    mode,
    users: settings.connections,
    parallel: settings.parallel ?? DEFAULT_PARALLEL,
    workMs: settings.workMs ?? 0,
    durationS: settings.duration,
    timeoutS: REQUEST_TIMEOUT_S,
    runTag: cell.id,
    signal: ctx.signal,
    setCalls: async () => (await server.call('counts')).ops.set,
  });
  Object.assign(out, {
    throughput: result.throughput,
    latencyMs: { ...result.latencyMs, source: 'load', requests: result.requests.total },
    loadedLatencyMs: result.latencyMs,
    requests: result.requests,
    cookie: { meanBytes: 0, maxBytes: 0 },
    sessionsCreated: result.logins,
    concurrency: result.concurrency,
  } satisfies Partial<RunMetrics>);
  if (ctx.signal?.aborted) throw new Error('interrupted');
  const end = await recordServer(server, start, out);
  // Not the persistence check of the other scenarios: these users lose writes by design.
  out.correctness = { sessionsChecked: result.checked, sessionsValid: result.valid, lostWrites: 0, usersLoggedIn: 0 };
  return { start, end, created: result.logins };
}

/** Post-GC heap after the load and, when asked, after an idle settle (expired sessions pruned). */
async function memoryPhase(
  server: ServerHandle,
  ctx: CellContext,
  maxAgeMs: number,
  at: { beforeLoad: ServerSnapshot; start: ServerSnapshot; end: ServerSnapshot; created: number },
  out: Partial<RunMetrics>,
): Promise<void> {
  const { start, end } = at;
  const afterLoad = await server.call('gc');
  const gcBase = {
    beforeLoad: at.beforeLoad.memory.heapUsed,
    afterWarmup: start.memory.heapUsed,
    afterLoad: afterLoad.memory.heapUsed,
  };
  out.memory = analyseMemory(start, end, gcBase, at.created, maxAgeMs);
  const { settle: settleS } = ctx.settings;
  const settled = await settle(server, settleS !== undefined ? settleS * 1000 : autoSettleMs(maxAgeMs), ctx.signal);
  if (settled) {
    out.memory = analyseMemory(start, end, { ...gcBase, afterSettle: settled.memory.heapUsed }, at.created, maxAgeMs);
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
