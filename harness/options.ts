// Defaults in one object, validation with readable errors, and the --option matrix expansion.
import type { CellOptions, OptionValue } from './results.ts';
import type { OptionType, StoreDefinition } from '../stores/types.ts';

/** Bad command-line input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export const DEFAULTS = {
  duration: 10,
  warmup: 2,
  connections: 16,
  pipelining: 1,
  repeat: 1,
  seed: 1,
  probe: 2,
} as const;

/** express-session options every cell has; the secure, recommended defaults. */
export const SESSION_OPTIONS: Record<string, { type: OptionType; default: OptionValue; help: string }> = {
  resave: { type: 'boolean', default: false, help: 'save unmodified sessions back to the store' },
  saveUninitialized: { type: 'boolean', default: false, help: 'store new, unmodified sessions (anonymous visitors)' },
  rolling: { type: 'boolean', default: false, help: 'send the cookie (and reset its expiry) on every response' },
  maxAge: { type: 'number', default: 3_600_000, help: 'cookie maxAge in ms (stores derive their TTL from it)' },
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
    const values = flag.slice(eq + 1).split(',').map((v) => v.trim());
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
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--option ${key}=${raw}: ${key} takes a positive number`);
    if (key === 'maxAge' && n < 100) throw new UsageError(`--option maxAge=${raw}: maxAge is in ms and must be at least 100`);
    return n;
  }
  return raw;
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
      throw new UsageError(`unknown option "${key}". Valid options for the selected stores: ${[...types.keys()].join(', ')}`);
    }
    typed.set(key, values.map((v) => coerce(key, v, type)));
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
  const storeOptions = Object.fromEntries(Object.entries(options).filter(([k]) => !(k in SESSION_OPTIONS)));
  return { session, storeOptions };
}
