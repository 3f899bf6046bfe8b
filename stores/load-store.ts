// Resolves a --store value to a StoreDefinition: a registry name, or a path to a user module.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { builtinStores } from './index.ts';
import type { StoreDefinition } from './types.ts';

const definitionSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    service: z.enum(['redis', 'postgres', 'mongo']).optional(),
    options: z.record(z.string(), z.enum(['boolean', 'number', 'string'])).optional(),
    traits: z
      .object({ persistent: z.boolean(), shared: z.boolean(), clientSide: z.boolean() })
      .partial()
      .strict()
      .optional(),
    create: z.custom<StoreDefinition['create']>((v) => typeof v === 'function', 'must be a function'),
  })
  .strict();

export class StoreSpecError extends Error {}

export const isStorePath = (spec: string) => spec.includes('/') || spec.includes('\\');

/** Absolute path of a custom store module, resolved against the current directory. */
export const resolveStorePath = (spec: string) => path.resolve(process.cwd(), spec);

export async function loadStore(spec: string): Promise<StoreDefinition> {
  if (!isStorePath(spec)) {
    const def = builtinStores[spec];
    if (!def) {
      throw new StoreSpecError(
        `unknown store "${spec}". Valid stores: ${Object.keys(builtinStores).join(', ')}, or a path to a module (./my-store.mjs)`,
      );
    }
    return def;
  }
  const file = resolveStorePath(spec);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new StoreSpecError(`cannot load store module ${spec}: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = definitionSchema.safeParse(mod.default);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'default export'}: ${i.message}`);
    throw new StoreSpecError(
      `store module ${spec} must default-export { name, create(ctx) }: ${issues.join('; ')}`,
    );
  }
  return parsed.data as StoreDefinition;
}
