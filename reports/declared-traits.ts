// What store modules declare about themselves (StoreDefinition.traits), when results.json carries
// it as `stores: { [name]: { description?, traits? } }`. Reported as declared, never as measured;
// absent or malformed entries are ignored.
import type { Results } from '../harness/contracts/results.ts';
import { em, finding, type Finding, type Segment } from './finding.ts';

export interface DeclaredTraits {
  persistent?: boolean;
  shared?: boolean;
  clientSide?: boolean;
}

const TRAIT_TEXT: Record<keyof DeclaredTraits, string> = {
  persistent: 'sessions survive a server restart',
  shared: 'sessions are shared across processes',
  clientSide: 'the session lives in the cookie',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Declared traits by store name, from the optional `stores` field of results.json. */
export function declaredTraits(results: Results): Map<string, DeclaredTraits> {
  const stores = (results as { stores?: unknown }).stores;
  const out = new Map<string, DeclaredTraits>();
  if (!isObject(stores)) return out;
  for (const [name, entry] of Object.entries(stores)) {
    const traits = isObject(entry) && isObject(entry.traits) ? entry.traits : undefined;
    if (!traits) continue;
    const keys = Object.keys(TRAIT_TEXT) as (keyof DeclaredTraits)[];
    out.set(name, Object.fromEntries(keys.filter((k) => typeof traits[k] === 'boolean').map((k) => [k, traits[k]])));
  }
  return out;
}

/** One finding listing, per trait, the measured stores that declare it. */
export function traitFindings(results: Results, stores: readonly string[]): Finding[] {
  const declared = declaredTraits(results);
  const parts: Segment[][] = [];
  for (const [trait, text] of Object.entries(TRAIT_TEXT) as [keyof DeclaredTraits, string][]) {
    const names = stores.filter((s) => declared.get(s)?.[trait] === true);
    if (names.length) parts.push([`${text}: `, ...names.flatMap((n, i) => (i ? [', ', em(n)] : [em(n)]))]);
  }
  if (parts.length === 0) return [];
  const joined = parts.flatMap((p, i) => (i ? ['; ', ...p] : p));
  return [
    finding(
      'info',
      'declared',
      undefined,
      'Declared by the store modules, not measured by these runs: ',
      ...joined,
      '.',
    ),
  ];
}
