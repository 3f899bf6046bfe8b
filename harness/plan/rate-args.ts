// The open-model flags of `npm run bench`: the arrival process of --rate (--arrivals), and the
// capacity sweep (--sweep, --sweep-step, --slo). --rate itself is a run flag (bench-args.ts).
import type { Command } from 'commander';
import type { z } from 'zod';
import type { Settings } from '../contracts/results.ts';
import { SLO_PERCENTILES, type SloPercentile } from '../contracts/open-model.ts';
import { UsageError } from '../shared/usage-error.ts';
import { DEFAULTS } from '../shared/defaults.ts';

/** Step rates as fractions of the closed-model maximum: dense near the knee, one step past it. */
export const DEFAULT_SWEEP_FRACTIONS = [0.1, 0.25, 0.5, 0.7, 0.8, 0.9, 1, 1.1] as const;
export const DEFAULT_SWEEP_STEP_S = 5;
export const DEFAULT_SLO = { ms: 25, percentile: 'p99' } as const satisfies { ms: number; percentile: SloPercentile };
const ARRIVALS = ['uniform', 'poisson'] as const;
/**
 * Connections of an open-model run unless --connections is given: they bound the requests in flight,
 * and with the closed model's 16 the generator itself queued (late sends) at 70 % of a fast store's
 * capacity, measured here, while the server still had room.
 */
export const OPEN_MODEL_CONNECTIONS = 64;
const LIMITS = { fractions: 20, fraction: 3, stepS: 600, sloMs: 600_000 } as const;

export function addRateFlags(cmd: Command): Command {
  return cmd
    .option('--arrivals <process>', `open model: ${ARRIVALS.join(' or ')} arrivals at --rate (default uniform)`)
    .option(
      '--sweep [fractions]',
      `capacity: find the closed-model maximum, then run open-model steps at these fractions of it (default ${DEFAULT_SWEEP_FRACTIONS.join(',')})`,
    )
    .option('--sweep-step <s>', 'measured seconds per sweep step', String(DEFAULT_SWEEP_STEP_S))
    .option(
      '--slo <objective>',
      `latency objective of the capacity: MS (p99 ≤ MS) or PERCENTILE:MS, e.g. p99.9:50 (default p99:${DEFAULT_SLO.ms})`,
    );
}

type Opts = Record<string, string | string[] | boolean | undefined>;
type Num = (flag: string, schema: z.ZodNumber) => (raw: string) => number;
type Bounded = (b: { min?: number; max: number; int?: boolean; unit?: string }) => z.ZodNumber;

export function parseRate(o: Opts, num: Num, bounded: Bounded): Pick<Settings, 'arrivals' | 'slo' | 'sweep'> {
  const sweeping = o.sweep !== undefined && o.sweep !== false;
  if (sweeping && o.rate !== undefined)
    throw new UsageError(
      `--sweep with --rate ${String(o.rate)}: a sweep chooses its own rates (fractions of the closed-model maximum); give one or the other`,
    );
  const out: Pick<Settings, 'arrivals' | 'slo' | 'sweep'> = {};
  if (o.arrivals !== undefined) {
    const a = String(o.arrivals);
    if (!(ARRIVALS as readonly string[]).includes(a))
      throw new UsageError(`--arrivals ${a}: unknown arrival process. Valid: ${ARRIVALS.join(', ')}`);
    if (o.rate === undefined && !sweeping)
      throw new UsageError(`--arrivals ${a} shapes the open model: give --rate or --sweep with it`);
    out.arrivals = a as (typeof ARRIVALS)[number];
  }
  if (o.slo !== undefined) out.slo = parseSlo(String(o.slo));
  if (sweeping) {
    out.sweep = {
      fractions: o.sweep === true ? [...DEFAULT_SWEEP_FRACTIONS] : parseFractions(String(o.sweep)),
      stepSeconds: num('sweep-step', bounded({ max: LIMITS.stepS, unit: 'seconds' }))(String(o.sweepStep)),
    };
    out.slo ??= { ...DEFAULT_SLO };
  }
  return out;
}

/** --connections when not given: the closed model's default, or OPEN_MODEL_CONNECTIONS for --rate and --sweep. */
export function defaultConnections(o: Opts): number {
  return o.rate !== undefined || (o.sweep !== undefined && o.sweep !== false)
    ? OPEN_MODEL_CONNECTIONS
    : DEFAULTS.connections;
}

/** "25" → p99 ≤ 25 ms; "p99.9:50" → p999 ≤ 50 ms. */
export function parseSlo(raw: string): { ms: number; percentile: SloPercentile } {
  const valid = `give MS or PERCENTILE:MS with PERCENTILE one of p50, p90, p99, p99.9 (e.g. --slo 25 or --slo p99.9:50)`;
  const m = /^(?:(p[0-9.]+):)?([^:]+)$/.exec(raw.trim());
  const pct = (m?.[1] ?? 'p99').replace('p99.9', 'p999');
  const ms = Number(m?.[2]);
  if (!m || !(SLO_PERCENTILES as readonly string[]).includes(pct))
    throw new UsageError(`--slo ${raw}: unknown percentile "${m?.[1] ?? raw}"; ${valid}`);
  if (m[2]?.trim() === '' || !(ms > 0) || ms > LIMITS.sloMs)
    throw new UsageError(
      `--slo ${raw}: "${m[2]}" is not a latency in ms greater than 0 and at most ${LIMITS.sloMs}; ${valid}`,
    );
  return { ms, percentile: pct as SloPercentile };
}

function parseFractions(raw: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.find((p, i) => p === '' || !(values[i]! > 0) || values[i]! > LIMITS.fraction);
  if (bad !== undefined || parts.length > LIMITS.fractions)
    throw new UsageError(
      `--sweep ${raw}: give up to ${LIMITS.fractions} fractions of the closed-model maximum, each above 0 and at most ${LIMITS.fraction} (e.g. --sweep 0.25,0.5,0.9,1.1)${bad !== undefined ? `; "${bad}" is not one` : ''}`,
    );
  return [...new Set(values)].sort((a, b) => a - b);
}
