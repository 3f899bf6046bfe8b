// Imports one store module and checks its shape, without loading the whole registry: the server
// process needs only its own store (the Redis client alone takes ~1 s to import).
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
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

/** A user module by absolute path, or a built-in by name (stores/<name>.ts, by convention). */
export async function importStore(specOrFile: string, shownAs = specOrFile): Promise<StoreDefinition> {
  const url = isStorePath(specOrFile)
    ? pathToFileURL(specOrFile).href
    : new URL(`./${specOrFile}.ts`, import.meta.url).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new StoreSpecError(`cannot load store module ${shownAs}: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = definitionSchema.safeParse(mod.default);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'default export'}: ${i.message}`);
    throw new StoreSpecError(`store module ${shownAs} must default-export { name, create(ctx) }: ${issues.join('; ')}`);
  }
  return parsed.data as StoreDefinition;
}
