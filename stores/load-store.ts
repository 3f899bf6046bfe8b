// Resolves a --store value to a StoreDefinition: a registry name, or a path to a user module.
import path from 'node:path';
import { builtinStores } from './index.ts';
import { StoreSpecError, importStore, isStorePath } from './import-store.ts';
import type { StoreDefinition } from './types.ts';

export { StoreSpecError, isStorePath };

/** Absolute path of a custom store module, resolved against the current directory. */
export const resolveStorePath = (spec: string) => path.resolve(process.cwd(), spec);

export async function loadStore(spec: string): Promise<StoreDefinition> {
  if (isStorePath(spec)) return importStore(resolveStorePath(spec), spec);
  const def = builtinStores[spec];
  if (!def) {
    throw new StoreSpecError(
      `unknown store "${spec}". Valid stores: ${Object.keys(builtinStores).join(', ')}, or a path to a module (./my-store.mjs)`,
    );
  }
  return def;
}

/** A --store value resolved: how the user named it, what a server process loads, the definition. */
export interface ResolvedStore {
  spec: string;
  /** A registry name or an absolute path. */
  load: string;
  def: StoreDefinition;
}

/**
 * Resolves a --store list (duplicates dropped). Results are keyed by store name, so two modules
 * with one name are rejected: they could not be told apart.
 */
export async function resolveStores(names: string[]): Promise<ResolvedStore[]> {
  if (names.length === 0)
    throw new StoreSpecError(`--store needs at least one name. Valid stores: ${Object.keys(builtinStores).join(', ')}`);
  const out: ResolvedStore[] = [];
  for (const spec of [...new Set(names)]) {
    const def = await loadStore(spec);
    const twin = out.find((p) => p.def.name === def.name);
    if (twin) throw new StoreSpecError(`--store ${spec}: its name "${def.name}" is already used by ${twin.spec}`);
    out.push({ spec, load: isStorePath(spec) ? resolveStorePath(spec) : spec, def });
  }
  return out;
}
