// The population flags of `npm run bench`: how many sessions the store holds before the load
// (--sessions, a matrix dimension), how many users act and how (--users, --access, --think-time),
// what their sessions hold (--payload, --payload-bytes) and how many are read back (--verify-sample).
import type { Command } from 'commander';
import type { z } from 'zod';
import { DEFAULT_SESSIONS, type Settings } from '../contracts/results.ts';
import { describeAccess, parseAccess, type Access } from '../population/access.ts';
import { MAX_PAYLOAD_BYTES, readPayloadFile, type PayloadConfig } from '../population/payload.ts';
import { UsageError } from '../shared/usage-error.ts';

export const POPULATION_LIMITS = {
  /** 10⁷ sessions of ~1 KB are ~10 GB in a store: beyond what this kind of machine holds. */
  sessions: 10_000_000,
  users: 1_000_000,
  thinkTimeMs: 60_000,
  verifySample: 1_000_000,
} as const;

/** Default users when the cell preloads sessions: one per session, up to this many. */
export const DEFAULT_USERS_CAP = 100_000;
/** Sessions read back after the load when --verify-sample is not given. */
export const DEFAULT_VERIFY_SAMPLE = 2_000;

/** What runCell needs beyond the settings: parsed forms of the population flags. */
export interface PopulationPlan {
  users?: number | undefined;
  access: Access;
  thinkTimeMs: number;
  payload: PayloadConfig;
  verifySample: number;
}

export function addPopulationFlags(cmd: Command): Command {
  return cmd
    .option(
      '--sessions <list>',
      `sessions preloaded into the store before each cell, comma-separated for several sizes (0 = none)`,
      String(DEFAULT_SESSIONS),
    )
    .option(
      '--users <n>',
      `virtual users, each a cookie jar; at least --connections (default: one per preloaded session up to ${DEFAULT_USERS_CAP}, or one per connection with --sessions 0)`,
    )
    .option('--access <kind>', 'which user acts next: uniform or zipf:S (hot users, e.g. zipf:1.1)', 'uniform')
    .option('--think-time <ms>', "one user's pause between an answer and its next request", '0')
    .option('--payload <file.json>', "a sample of your app's session object: every session holds it")
    .option('--payload-bytes <n>', `pad every session to this many JSON bytes (at most ${MAX_PAYLOAD_BYTES})`)
    .option(
      '--verify-sample <n>',
      'read back at most this many sessions after the load, a random sample of the users who acted (0 = all)',
      String(DEFAULT_VERIFY_SAMPLE),
    );
}

type Opts = Record<string, string | string[] | boolean | undefined>;
type Num = (flag: string, schema: z.ZodNumber) => (raw: string) => number;

/** Parses and checks the population flags; reads the payload file (so a bad one exits 2 before anything runs). */
export function parsePopulation(
  o: Opts,
  connections: number,
  num: Num,
  bounded: (b: { min?: number; max: number; int?: boolean; unit?: string }) => z.ZodNumber,
): { settings: Partial<Settings>; plan: PopulationPlan } {
  const sessions = parseSessionList(String(o.sessions));
  const users =
    o.users !== undefined
      ? num('users', bounded({ min: 1, max: POPULATION_LIMITS.users, int: true }))(String(o.users))
      : undefined;
  if (users !== undefined && users < connections)
    throw new UsageError(
      `--users ${users}: must be at least --connections (${connections}): every connection serves its own users`,
    );
  const access = parseAccess(String(o.access));
  const thinkTimeMs = num(
    'think-time',
    bounded({ min: 0, max: POPULATION_LIMITS.thinkTimeMs, unit: 'ms' }),
  )(String(o.thinkTime));
  const padToBytes =
    o.payloadBytes !== undefined
      ? num(
          'payload-bytes',
          bounded({ min: 1, max: MAX_PAYLOAD_BYTES, int: true, unit: 'bytes' }),
        )(String(o.payloadBytes))
      : undefined;
  const file = o.payload !== undefined ? String(o.payload) : undefined;
  const sample = file !== undefined ? readPayloadFile(file) : undefined;
  const verifySample = num(
    'verify-sample',
    bounded({ min: 0, max: POPULATION_LIMITS.verifySample, int: true }),
  )(String(o.verifySample));
  return {
    settings: {
      sessions,
      ...(users !== undefined ? { users } : {}),
      access: describeAccess(access),
      thinkTimeMs,
      payload: { source: file ? 'file' : 'default', ...(file ? { file } : {}), ...(padToBytes ? { padToBytes } : {}) },
      verifySample,
    },
    plan: { users, access, thinkTimeMs, payload: { sample, padToBytes }, verifySample },
  };
}

/** `1000,100000` → [1000, 100000]: whole numbers from 0 to the limit, each once. */
export function parseSessionList(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) > POPULATION_LIMITS.sessions);
  if (parts.length === 0 || bad !== undefined) {
    throw new UsageError(
      `--sessions ${raw}: give whole numbers from 0 to ${POPULATION_LIMITS.sessions}, comma-separated (e.g. 1000,100000)${bad !== undefined ? `; "${bad}" is not one` : ''}`,
    );
  }
  return [...new Set(parts.map(Number))];
}

/** Users of a cell: --users, else one per preloaded session (capped), else one per connection. */
export function usersFor(plan: PopulationPlan | undefined, sessions: number, connections: number): number {
  if (plan?.users !== undefined) return plan.users;
  return sessions > 0 ? Math.max(connections, Math.min(sessions, DEFAULT_USERS_CAP)) : connections;
}
