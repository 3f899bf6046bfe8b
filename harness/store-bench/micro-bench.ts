// Times raw store operations with tinybench, one op in flight, at each payload size. No HTTP,
// no express: what the store itself costs per call. Returns results and the cells it could not
// measure (with the reason) instead of throwing.
import type { Store } from 'express-session';
import { Bench, type Task } from 'tinybench';
import { drainPool, opTasks, seedPool, sidSource, type OpTask } from './bench-ops.ts';
import { asyncStore, hasMethod } from './call-store.ts';
import { BENCH_OPS, type BenchOp, type BenchResult, type NotMeasured } from '../contracts/store-bench.ts';
import { buildSession } from './session-payload.ts';
import { errorLine } from '../shared/error-message.ts';

export interface MicroBenchOptions {
  payloads: number[];
  timeMs: number;
  warmupMs: number;
  poolSize: number;
  maxAgeMs: number;
  signal?: AbortSignal;
  /** Give up on an op after this long (default: 3 × (time + warm-up) + 10 s). */
  stallLimitMs?: number;
  onTask?(op: BenchOp, payloadBytes: number): void;
}

export interface MicroBenchOutcome {
  results: BenchResult[];
  notMeasured: NotMeasured[];
}

type Measured = { ok: true; task: Task } | { ok: false; reason: string; stalled?: boolean };

const SETUP_TIMEOUT_MS = 10_000;

/**
 * An untimed beforeEach that gives the event loop a turn every ~50 ms. A synchronous store
 * (better-sqlite3 calls back at once) otherwise keeps tinybench in microtasks for the whole task:
 * no Ctrl-C, no watchdog timer.
 */
function yieldNowAndThen(everyMs = 50): () => Promise<void> | void {
  let last = performance.now();
  return () => {
    if (performance.now() - last < everyMs) return;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

async function measure(op: BenchOp, task: OpTask, opts: MicroBenchOptions): Promise<Measured> {
  const watchdog = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal;
  const bench = new Bench({
    time: opts.timeMs,
    warmupTime: opts.warmupMs,
    iterations: 10,
    warmupIterations: 5,
    signal,
  });
  bench.add(op, task.fn, { async: true, beforeEach: yieldNowAndThen() });
  // A callback that never comes would hang tinybench: give up on the op after a generous limit.
  const limitMs = opts.stallLimitMs ?? 3 * (opts.timeMs + opts.warmupMs) + 10_000;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), limitMs)));
  const ended = await Promise.race([bench.run().then(() => 'ran' as const), stalled]);
  clearTimeout(timer);
  if (ended === 'stalled') {
    watchdog.abort();
    return { ok: false, stalled: true, reason: `${op} did not finish within ${limitMs} ms (a callback never came?)` };
  }
  const t = bench.tasks[0]!;
  if (t.result.state === 'completed') return { ok: true, task: t };
  if (t.result.state === 'errored') return { ok: false, reason: `${op} failed: ${errorLine(t.result.error)}` };
  return { ok: false, reason: `${op} was interrupted` };
}

function toResult(store: string, op: BenchOp, payloadBytes: number, task: Task): BenchResult | NotMeasured {
  const r = task.result;
  if (r.state !== 'completed') return { store, op, payloadBytes, status: 'failed', reason: `${op}: ${r.state}` };
  const { mean, p50, p99, rme, samplesCount } = r.latency;
  if (!(mean > 0))
    return { store, op, payloadBytes, status: 'failed', reason: `${op}: mean latency 0 (timer too coarse)` };
  return {
    store,
    op,
    payloadBytes,
    opsPerSec: 1000 / mean,
    latencyMs: { mean, p50: p50 ?? mean, p99: p99 ?? mean },
    samples: samplesCount,
    rmePct: rme,
  };
}

const isResult = (r: BenchResult | NotMeasured): r is BenchResult => 'opsPerSec' in r;

/** Measures every op at one payload size; resolves 'stuck' when an op never finished. */
async function benchPayload(
  name: string,
  store: Store,
  payloadBytes: number,
  opts: MicroBenchOptions,
  out: MicroBenchOutcome,
): Promise<'done' | 'stuck'> {
  const fast = asyncStore(store);
  const guarded = asyncStore(store, SETUP_TIMEOUT_MS);
  const sess = buildSession(payloadBytes, opts.maxAgeMs);
  const newSid = sidSource();
  const failAll = (reason: string) => {
    for (const op of BENCH_OPS) out.notMeasured.push({ store: name, op, payloadBytes, status: 'failed', reason });
    return 'done' as const;
  };
  let pool: string[];
  try {
    pool = await seedPool(guarded, sess, opts.poolSize, newSid);
    // A store that drops writes would make every number meaningless: check one first.
    if (!(await guarded.get(pool[0]!)))
      return failAll('a session just written was not returned by get (dropped write?)');
  } catch (err) {
    return failAll(`writing the session pool failed: ${errorLine(err)}`);
  }
  const tasks = opTasks(fast, sess, pool, newSid);
  for (const op of BENCH_OPS) {
    if (opts.signal?.aborted) break;
    const task = tasks[op];
    if (task.needs && !hasMethod(store, task.needs)) {
      out.notMeasured.push({
        store: name,
        op,
        payloadBytes,
        status: 'unsupported',
        reason: `the store has no ${task.needs} method`,
      });
      continue;
    }
    opts.onTask?.(op, payloadBytes);
    const measured = await measure(op, task, opts);
    const row = measured.ok
      ? toResult(name, op, payloadBytes, measured.task)
      : { store: name, op, payloadBytes, status: 'failed' as const, reason: measured.reason };
    if (isResult(row)) out.results.push(row);
    else if (!opts.signal?.aborted) out.notMeasured.push(row);
    if (!measured.ok && measured.stalled) return 'stuck';
  }
  await drainPool(guarded, pool).catch(() => undefined);
  return 'done';
}

/** Measures every op at every payload size on one store. */
export async function benchStore(name: string, store: Store, opts: MicroBenchOptions): Promise<MicroBenchOutcome> {
  const out: MicroBenchOutcome = { results: [], notMeasured: [] };
  for (const required of ['get', 'set', 'destroy'] as const) {
    if (!hasMethod(store, required)) {
      out.notMeasured.push({ store: name, status: 'failed', reason: `the store has no ${required} method (required)` });
      return out;
    }
  }
  for (const payloadBytes of opts.payloads) {
    if (opts.signal?.aborted) break;
    // A stuck store would only hang again: its remaining payload sizes are not attempted.
    if ((await benchPayload(name, store, payloadBytes, opts, out)) === 'stuck') break;
  }
  return out;
}
