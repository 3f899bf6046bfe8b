// The concurrency flags of `npm run bench`: handler work between reading and writing the session
// (--work-ms, every scenario) and the parallel requests of one user (--parallel, scenario concurrent).
import type { Command } from 'commander';
import type { z } from 'zod';
import type { Settings } from '../contracts/results.ts';

export const CONCURRENCY_LIMITS = {
  workMs: 10_000,
  /** The app keeps the last 20 cart items: more parallel adds than that could not be read back. */
  parallel: 16,
} as const;

export const DEFAULT_PARALLEL = 4;

export function addConcurrencyFlags(cmd: Command): Command {
  return cmd
    .option('--work-ms <ms>', "the app's session routes wait this long between reading and writing the session", '0')
    .option(
      '--parallel <k>',
      `scenario concurrent: cart adds one user sends at once, each on its own connection (1 = the control; at most ${CONCURRENCY_LIMITS.parallel})`,
      String(DEFAULT_PARALLEL),
    );
}

type Opts = Record<string, string | string[] | boolean | undefined>;
type Num = (flag: string, schema: z.ZodNumber) => (raw: string) => number;
type Bounded = (b: { min?: number; max: number; int?: boolean; unit?: string }) => z.ZodNumber;

export function parseConcurrency(o: Opts, num: Num, bounded: Bounded): Pick<Settings, 'workMs' | 'parallel'> {
  return {
    workMs: num('work-ms', bounded({ min: 0, max: CONCURRENCY_LIMITS.workMs, unit: 'ms' }))(String(o.workMs)),
    parallel: num('parallel', bounded({ min: 1, max: CONCURRENCY_LIMITS.parallel, int: true }))(String(o.parallel)),
  };
}
