// What store modules declare about themselves (StoreDefinition.traits), when results.json carries
// it as `stores: { [name]: { description?, traits? } }`. Reported as declared, never as measured;
// absent or malformed entries are ignored.
import type { Results } from '../harness/contracts/results.ts';
import { em, finding, type Finding, type Segment } from './finding.ts';
import { measuredSharing } from './instances.ts';

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
  // Runs on several instances measured sharing (reports/instances.ts): that replaces the declaration.
  const measured = measuredSharing(results);
  const parts: Segment[][] = [];
  for (const [trait, text] of Object.entries(TRAIT_TEXT) as [keyof DeclaredTraits, string][]) {
    const names = stores.filter((s) => declared.get(s)?.[trait] === true && !(trait === 'shared' && measured.has(s)));
    if (names.length) parts.push([`${text}: `, ...names.flatMap((n, i) => (i ? [', ', em(n)] : [em(n)]))]);
  }
  if (parts.length === 0) return sharingFindings(measured);
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
    ...sharingFindings(measured),
  ];
}

/** Measured behind nginx: which stores' sessions crossed instances and which did not. */
function sharingFindings(measured: Map<string, boolean>): Finding[] {
  const list = (want: boolean) => [...measured].filter(([, v]) => v === want).map(([n]) => n);
  const segs = (names: string[]) => names.flatMap((n, i) => (i ? [', ', em(n)] : [em(n)]));
  const [yes, no] = [list(true), list(false)];
  if (yes.length + no.length === 0) return [];
  const parts: Segment[] = ['Measured with several instances (a login on one read on another): '];
  if (yes.length) parts.push('sessions shared across instances: ', ...segs(yes));
  if (no.length) parts.push(...(yes.length ? ['; '] : []), 'not shared (each instance keeps its own): ', ...segs(no));
  return [finding('info', 'measured-sharing', undefined, ...parts, '.')];
}
