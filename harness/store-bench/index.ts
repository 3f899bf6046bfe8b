// Runs the micro-bench or the contract suite over every planned store: opens each store in this
// process, measures or checks it, closes it (also on failure and interrupt). Returns the
// serialisable file contents; a store that cannot run becomes a row with a reason, never a crash.
import type { Environment } from '../contracts/results.ts';
import { collectEnvironment } from '../plan/environment.ts';
import type { ServiceOutcome } from '../services/index.ts';
import { recordService } from '../services/record-service.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { ServiceKind } from '../../stores/types.ts';
import type { StoreBenchPlan } from './store-bench-args.ts';
import { CONFORMANCE_TIMING, checkStore, type ConformanceTiming } from './conformance.ts';
import { benchStore } from './micro-bench.ts';
import { openStore, type OpenedStore } from './open-store.ts';
import {
  STORE_BENCH_SCHEMA_VERSION,
  type ConformanceFile,
  type StoreBenchFile,
  type StoreConformance,
} from '../contracts/store-bench.ts';

export interface RunHooks {
  signal?: AbortSignal;
  /** Progress lines (stderr in the CLI). */
  log?(line: string): void;
  /** Conformance timings (tests shorten them); defaults in CONFORMANCE_TIMING. */
  timing?: Partial<ConformanceTiming>;
}

type Ready = Extract<OpenedStore, { status: 'ready' }>;
type NotReady = Exclude<OpenedStore, { status: 'ready' }>;

/** Opens each store in turn, hands it to `use`, and always closes it. */
async function eachStore(
  plan: StoreBenchPlan,
  env: Environment,
  hooks: RunHooks,
  use: (opened: Ready) => Promise<void>,
  notReady: (opened: NotReady) => void,
): Promise<void> {
  const cache = new Map<ServiceKind, Promise<ServiceOutcome>>();
  for (const { def } of plan.stores) {
    if (hooks.signal?.aborted) return;
    hooks.log?.(`${def.name}: opening`);
    const opened = await openStore(def, { services: plan.services, maxAgeMs: plan.maxAgeMs, cache });
    if (opened.status !== 'ready') {
      hooks.log?.(`${def.name}: ${opened.status}: ${opened.reason}`);
      notReady(opened);
      continue;
    }
    if (opened.service) recordService(env, opened.service);
    try {
      await use(opened);
    } catch (err) {
      // A bug or a store that throws where it should call back: a row, not a lost run.
      notReady({ status: 'failed', name: def.name, reason: `unexpected error: ${errorMessage(err)}` });
    } finally {
      const warning = await opened.close();
      if (warning) hooks.log?.(`${def.name}: warning: ${warning}`);
    }
  }
}

export async function runMicroBench(plan: StoreBenchPlan, hooks: RunHooks = {}): Promise<StoreBenchFile> {
  const file: StoreBenchFile = {
    schemaVersion: STORE_BENCH_SCHEMA_VERSION,
    kind: 'store-bench',
    createdAt: new Date().toISOString(),
    environment: collectEnvironment(),
    settings: {
      payloads: plan.payloads,
      timeMs: plan.timeMs,
      warmupMs: plan.warmupMs,
      poolSize: plan.poolSize,
      maxAgeMs: plan.maxAgeMs,
      method:
        'tinybench, one operation in flight, timed from the call to its callback, in this process, no HTTP; ' +
        'opsPerSec = 1000 / mean latency; set-new and destroy time only the op, not the write or removal around it',
    },
    results: [],
    notMeasured: [],
  };
  await eachStore(
    plan,
    file.environment,
    hooks,
    async (opened) => {
      const out = await benchStore(opened.name, opened.store, {
        payloads: plan.payloads,
        timeMs: plan.timeMs,
        warmupMs: plan.warmupMs,
        poolSize: plan.poolSize,
        maxAgeMs: plan.maxAgeMs,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onTask: (op, bytes) => op === 'get-hit' && hooks.log?.(`${opened.name}: measuring at ${bytes} B`),
      });
      file.results.push(...out.results);
      file.notMeasured.push(...out.notMeasured);
    },
    (o) => file.notMeasured.push({ store: o.name, status: o.status, reason: o.reason }),
  );
  if (hooks.signal?.aborted) file.partial = true;
  return file;
}

export async function runConformanceSuite(plan: StoreBenchPlan, hooks: RunHooks = {}): Promise<ConformanceFile> {
  const timing = { ...CONFORMANCE_TIMING, ...hooks.timing };
  const file: ConformanceFile = {
    schemaVersion: STORE_BENCH_SCHEMA_VERSION,
    kind: 'conformance',
    createdAt: new Date().toISOString(),
    environment: collectEnvironment(),
    settings: { ...timing, maxAgeMs: plan.maxAgeMs },
    stores: [],
  };
  await eachStore(
    plan,
    file.environment,
    hooks,
    async (opened) => {
      hooks.log?.(`${opened.name}: checking`);
      const checks = await checkStore(opened.store, {
        maxAgeMs: plan.maxAgeMs,
        timing,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      });
      file.stores.push({ store: opened.name, status: 'checked', checks });
    },
    (o) => file.stores.push({ store: o.name, status: o.status, reason: o.reason, checks: [] }),
  );
  if (hooks.signal?.aborted) file.partial = true;
  return file;
}

/** 1 when a check failed or a store could not be checked (skipped counts only if named). */
export function conformanceExitCode(file: ConformanceFile, namedStores: boolean): number {
  const bad = (s: StoreConformance) =>
    s.status === 'failed' || (s.status === 'skipped' && namedStores) || s.checks.some((c) => c.status === 'fail');
  return file.stores.some(bad) ? 1 : 0;
}

/** 1 when a store or a cell failed (skipped counts only if named); unsupported ops never fail. */
export function microBenchExitCode(file: StoreBenchFile, namedStores: boolean): number {
  return file.notMeasured.some((n) => n.status === 'failed' || (n.status === 'skipped' && namedStores)) ? 1 : 0;
}
