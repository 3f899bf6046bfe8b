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
