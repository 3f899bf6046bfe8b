// Defaults in one object, validation with readable errors, and the --option matrix expansion.
import { SESSION_OPTION_DEFAULTS, SESSIONS_OPTION, type CellOptions, type OptionValue } from '../contracts/results.ts';
import type { OptionType, StoreDefinition } from '../../stores/types.ts';

import { UsageError } from '../shared/usage-error.ts';

/** Every default (bench, gate, store-bench): one object, kept in shared/ because the gate reads it too. */
export { DEFAULTS } from '../shared/defaults.ts';

/**
 * Upper bounds of the number flags, so a typo (`--duration 1e12`) fails at once. Times become
 * setTimeout delays, which Node fires at once above 2^31-1 ms (24.8 days): one cell's warm-up +
 * duration + probe + settle is at most 26.2 hours, far below that.
 */
export const LIMITS = {
  durationS: 86_400,
  warmupS: 3_600,
  probeS: 600,
  settleS: 3_600,
  connections: 10_000,
  pipelining: 100,
  repeat: 100,
  rate: 1_000_000,
  /** The virtual users' PRNG keeps 32 bits of the seed. */
  seed: 4_294_967_295,
  maxRegressionPct: 1_000,
  minChangeMs: 60_000,
  /** Stores turn maxAge into timers and TTLs; a timer above 2^31-1 ms fires at once. */
  maxAgeMs: 2_147_483_647,
  /** Store-declared number options (TTLs in s, pool sizes, intervals in ms): below 2^31-1 too. */
  storeNumber: 1_000_000_000,
} as const;

/** express-session options every cell has; the secure, recommended defaults. */
export const SESSION_OPTIONS: Record<string, { type: OptionType; default: OptionValue; help: string }> = {
  resave: {
    type: 'boolean',
    default: SESSION_OPTION_DEFAULTS.resave!,
    help: 'save unmodified sessions back to the store',
  },
  saveUninitialized: {
    type: 'boolean',
    default: SESSION_OPTION_DEFAULTS.saveUninitialized!,
    help: 'store new, unmodified sessions (anonymous visitors)',
  },
  rolling: {
    type: 'boolean',
    default: SESSION_OPTION_DEFAULTS.rolling!,
    help: 'send the cookie (and reset its expiry) on every response',
  },
  maxAge: {
    type: 'number',
    default: SESSION_OPTION_DEFAULTS.maxAge!,
    help: 'cookie maxAge in ms (stores derive their TTL from it)',
  },
};

export function sessionDefaults(): CellOptions {
  return Object.fromEntries(Object.entries(SESSION_OPTIONS).map(([k, v]) => [k, v.default]));
}

/** Parses repeated `--option key=v1,v2` flags into raw value lists. */
export function parseOptionFlags(flags: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = flag.slice(0, eq).trim();
    const values = flag
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim());
    if (eq <= 0 || values.some((v) => v === '')) {
      throw new UsageError(`--option "${flag}" must look like key=value[,value…] (e.g. resave=true,false)`);
    }
    out.set(key, [...new Set([...(out.get(key) ?? []), ...values])]);
  }
  return out;
}

export function coerce(key: string, raw: string, type: OptionType): OptionValue {
  if (type === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new UsageError(`--option ${key}=${raw}: ${key} takes true or false`);
  }
  if (type === 'number') {
    const n = Number(raw);
    if (raw === '' || Number.isNaN(n) || n <= 0)
      throw new UsageError(`--option ${key}=${raw}: ${key} takes a positive number`);
    if (key === 'maxAge') return checkMaxAge(raw, n);
    if (n > LIMITS.storeNumber)
      throw new UsageError(`--option ${key}=${raw}: ${key} must be at most ${LIMITS.storeNumber}`);
    return n;
  }
  return raw;
}

function checkMaxAge(raw: string, n: number): number {
  if (n < 100) throw new UsageError(`--option maxAge=${raw}: maxAge is in ms and must be at least 100`);
  if (n > LIMITS.maxAgeMs) {
    throw new UsageError(
      `--option maxAge=${raw}: maxAge must be at most ${LIMITS.maxAgeMs} ms (about 24.8 days; stores set timers and TTLs from it)`,
    );
  }
  return n;
}

/** Every key valid for these stores, with its type. */
export function optionTypes(stores: StoreDefinition[]): Map<string, OptionType> {
  const types = new Map<string, OptionType>(Object.entries(SESSION_OPTIONS).map(([k, v]) => [k, v.type]));
  for (const s of stores) for (const [k, t] of Object.entries(s.options ?? {})) if (!types.has(k)) types.set(k, t);
  return types;
}

/** Rejects keys no selected store understands; types every value. */
export function validateMatrix(raw: Map<string, string[]>, stores: StoreDefinition[]): Map<string, OptionValue[]> {
  const types = optionTypes(stores);
  const typed = new Map<string, OptionValue[]>();
  for (const [key, values] of raw) {
    const type = types.get(key);
    if (!type) {
      throw new UsageError(
        `unknown option "${key}". Valid options for the selected stores: ${[...types.keys()].join(', ')}`,
      );
    }
    typed.set(
      key,
      values.map((v) => coerce(key, v, type)),
    );
  }
  return typed;
}

/** The cross product of a store's option values: session options plus the store's own keys. */
export function expandCells(matrix: Map<string, OptionValue[]>, store: StoreDefinition): CellOptions[] {
  const own = new Set([...Object.keys(SESSION_OPTIONS), ...Object.keys(store.options ?? {})]);
  let cells: CellOptions[] = [sessionDefaults()];
  for (const [key, values] of matrix) {
    if (!own.has(key)) continue;
    cells = cells.flatMap((cell) => values.map((v) => ({ ...cell, [key]: v })));
  }
  return cells;
}

/** Splits a cell's options into express-session's and the store's own. */
export function splitCellOptions(options: CellOptions) {
  const session = {
    resave: Boolean(options.resave),
    saveUninitialized: Boolean(options.saveUninitialized),
    rolling: Boolean(options.rolling),
    maxAge: Number(options.maxAge),
  };
  const storeOptions = Object.fromEntries(
    Object.entries(options).filter(([k]) => !(k in SESSION_OPTIONS) && k !== SESSIONS_OPTION),
  );
  return { session, storeOptions, sessions: Number(options[SESSIONS_OPTION] ?? 0) };
}
