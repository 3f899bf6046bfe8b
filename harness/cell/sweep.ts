// --sweep: after the cell's closed-model load (its maximum), open-model steps at fractions of that
// maximum on the same server and with the same users (cookie jars carry on), each with a 1 s
// warm-up. Each step records the achieved rate, latency from intended send times and its share of
// failed arrivals; the capacity is computed from them (capacity.ts). Steps stop after two in a row
// miss the SLO: further steps would only be more overloaded, and each would take its full drain.
import { runLoad } from '../load/driver.ts';
import type { LoadResult } from '../load/driver.ts';
import type { CapacityStep } from '../contracts/open-model.ts';
import type { RunMetrics, Settings } from '../contracts/results.ts';
import type { Cell } from '../plan/plan-cells.ts';
import type { ServerHandle } from './server-process.ts';
import type { CellContext } from './run-cell.ts';
import { capacityOf, meetsSlo, type Slo } from './capacity.ts';
import { DEFAULT_SLO } from '../plan/rate-args.ts';

const STEP_WARMUP_S = 1;
/** Consecutive steps over the SLO that end the sweep. */
const MISSES_TO_STOP = 2;
/** Room per step beyond warm-up and measuring: the drain, closing the connections. */
const STEP_OVERHEAD_S = 4;

/** About how long a sweep's steps take when every step runs (for the progress line). */
export function sweepSeconds(settings: Settings): number {
  const sweep = settings.sweep;
  return sweep ? sweep.fractions.length * (STEP_WARMUP_S + sweep.stepSeconds + 1) : 0;
}

/** The longest a sweep's steps take (for the cell's deadline). */
export function sweepBoundMs(settings: Settings): number {
  const sweep = settings.sweep;
  if (!sweep) return 0;
  return sweep.fractions.length * (STEP_WARMUP_S + sweep.stepSeconds + STEP_OVERHEAD_S) * 1000;
}

export async function sweepSteps(
  server: ServerHandle,
  cell: Cell,
  ctx: CellContext,
  closed: LoadResult,
  maxAgeMs: number,
  out: Partial<RunMetrics>,
): Promise<void> {
  const { settings } = ctx;
  const sweep = settings.sweep;
  if (!sweep) return;
  const slo = settings.slo ?? DEFAULT_SLO;
  const closedMax = closed.throughput.rps;
  const steps: CapacityStep[] = [];
  let misses = 0;
  for (const fraction of sweep.fractions) {
    const rate = Math.max(1, Math.round(fraction * closedMax));
    const load = await runLoad({
      port: server.port,
      scenario: cell.scenario,
      connections: settings.connections,
      pipelining: 1,
      warmup: STEP_WARMUP_S,
      duration: sweep.stepSeconds,
      rate,
      arrivals: settings.arrivals,
      seed: settings.seed + cell.repeat + steps.length + 1,
      runTag: cell.id,
      maxAgeMs,
      signal: ctx.signal,
      access: ctx.population?.access,
      existingUsers: closed.users,
    });
    if (ctx.signal?.aborted) throw new Error('interrupted');
    const step = stepOf(rate, load, slo);
    steps.push(step);
    // Written as it goes: a failure in a later step keeps the steps measured so far.
    out.capacity = capacityOf(steps, slo, closedMax);
    misses = step.meetsSlo ? 0 : misses + 1;
    if (misses >= MISSES_TO_STOP) break;
  }
}

function stepOf(rate: number, load: LoadResult, slo: Slo): CapacityStep {
  const r = load.requests;
  const a = load.arrivals;
  const failed = r.errors + r.timeouts + (r.hung ?? 0) + r.non2xx + (a?.dropped ?? 0);
  const attempts = Math.max(1, a?.intended ?? r.sent ?? r.total);
  const base = { rate, achievedRps: load.throughput.rps, latencyMs: load.latencyMs, errors: failed / attempts };
  return { ...base, meetsSlo: meetsSlo(base, slo), ...(a ? { arrivals: a } : {}) };
}
