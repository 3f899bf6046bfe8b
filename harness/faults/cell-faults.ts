// What a cell needs for --fault, --store-rtt and persistence=, opened before its server starts and
// closed after it stops (run-cell.ts), and the two hooks of its load (measure.ts): `loadOptions`
// makes the users up front (so the sessions held when the fault begins can be counted) and arms
// the fault when the measured phase begins; `afterLoad` gives the store back, counts the lost
// sessions and computes the fault's figures. A slow fault or --store-rtt puts the delaying proxy
// between the app and its store for the whole cell, so the store's URL is the proxy's.
import type { LoadOptions, LoadResult } from '../load/driver.ts';
import { makeUsers } from '../load/load-phases.ts';
import type { RunMetrics, Settings } from '../contracts/results.ts';
import type { ServiceInfo } from '../../stores/types.ts';
import type { OptionValue } from '../contracts/results.ts';
import { calibrate, startDelayProxy, type DelayProxy } from './delay-proxy.ts';
import { FaultRunner, LIFT_BOUND_MS } from './fault-runner.ts';
import { FaultSessions, READBACK_DEADLINE_MS } from './fault-sessions.ts';
import { faultResult } from './fault-result.ts';

/** What a fault adds to a cell's bound at most: lifting it, then the sessions' read-back. */
export const FAULT_BOUND_MS = LIFT_BOUND_MS + READBACK_DEADLINE_MS;

export interface CellFaults {
  /** The service as the store should reach it (through the proxy when there is one). */
  service: ServiceInfo;
  storeRtt?: RunMetrics['storeRtt'];
  loadOptions(opts: LoadOptions, signal?: AbortSignal): LoadOptions;
  afterLoad(load: LoadResult, port: number): Promise<Pick<RunMetrics, 'fault'>>;
  /** Lifts a fault still on and closes the proxy. Never throws. */
  close(): Promise<void>;
}

/** Undefined when the cell has no fault, no --store-rtt and no persistence setting to apply. */
export async function openCellFaults(
  settings: Settings,
  service: ServiceInfo | undefined,
  storeOptions: Record<string, OptionValue>,
): Promise<CellFaults | undefined> {
  const { fault, storeRttMs } = settings;
  const persistence = storeOptions.persistence as 'none' | 'aof' | undefined;
  const proxied = storeRttMs !== undefined || fault?.kind === 'slow';
  if (!service || (!fault && !proxied && persistence === undefined)) return undefined;
  const { serviceHandleFor } = await import('../services/index.ts');
  const control = serviceHandleFor(service)?.container;
  const needsContainer = (fault && fault.kind !== 'slow') || persistence !== undefined;
  if (needsContainer && !control)
    throw new Error(`the ${service.kind} server is not a container session-bench started: it cannot be faulted`);
  if (persistence !== undefined) {
    if (!control?.setPersistence) throw new Error(`persistence=${persistence} applies to the redis container only`);
    await control.setPersistence(persistence);
  }
  let proxy: DelayProxy | undefined;
  let routed = service;
  let storeRtt: RunMetrics['storeRtt'];
  const base = storeRttMs ?? 0;
  if (proxied) {
    const url = new URL(service.url);
    proxy = await startDelayProxy({ host: url.hostname, port: Number(url.port) }, base);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    routed = { ...service, url: url.toString() };
    storeRtt = await calibrate(base);
  }
  let runner: FaultRunner | undefined;
  const sessions = new FaultSessions();
  return {
    service: routed,
    ...(storeRtt ? { storeRtt } : {}),
    loadOptions(opts, signal) {
      if (!fault) return opts;
      runner = new FaultRunner(fault, { control, proxy, baseDelayMs: base }, signal);
      const users = makeUsers(opts);
      runner.onApply = () => sessions.snapshot(users);
      const onMeasureStart = opts.onMeasureStart;
      return {
        ...opts,
        existingUsers: users,
        onMeasureStart: () => {
          const mark = onMeasureStart?.() ?? Promise.resolve();
          runner?.arm(mark);
          return mark;
        },
      };
    },
    async afterLoad(load, port) {
      if (!runner || !load.timeline) return {};
      const log = await runner.finish();
      const held = await sessions.settle(port);
      // The fault's losses are its cost, not the store's failure (correctness.sessionsLost).
      load.sessionsLost = Math.max(0, load.sessionsLost - held.counted);
      return { fault: faultResult(log, load.timeline, load.measuredSeconds * 1000, held) };
    },
    async close() {
      await runner?.finish();
      await proxy?.close();
    },
  };
}
