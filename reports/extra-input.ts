// Shared checks for extra inputs (store-bench.json, conformance.json): they arrive unvalidated, so
// each reader checks the file's kind and version, keeps the well-formed entries and counts the rest.
// A file that is not what it claims is ignored with a reason the report shows, never a crash.
import { z } from 'zod';
import type { Extra } from './load-extras.ts';

export type ExtraInput<T> =
  | { status: 'absent' }
  | { status: 'ignored'; file: string; reason: string }
  | { status: 'ok'; file: string; data: T /** Entries left out because they were malformed. */; dropped: number };

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field that may be absent or wrong: wrong reads as absent. */
export const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** How the file was obtained (harness Environment), each field kept only when it has the right type. */
export const environmentSchema = z.object({
  node: lenient(z.string()),
  platform: lenient(z.string()),
  cpus: lenient(z.number()),
  cpuModel: lenient(z.string()),
  totalMemBytes: lenient(z.number()),
  packages: lenient(z.record(z.string(), z.string())),
  images: lenient(z.record(z.string(), z.string())),
  services: lenient(z.record(z.string(), z.object({ mode: z.string(), endpoint: z.string() }))),
});
export type EnvironmentView = z.infer<typeof environmentSchema>;

/** The fields every extra file shares, read leniently. */
export function commonFields(data: Record<string, unknown>) {
  const env = environmentSchema.safeParse(data.environment);
  return {
    createdAt: typeof data.createdAt === 'string' ? data.createdAt : undefined,
    partial: data.partial === true,
    environment: env.success ? env.data : {},
  };
}

/**
 * The top level of an extra file, or why it is ignored: unreadable, not an object, another kind,
 * another schema version.
 */
export function checkTopLevel(
  extra: Extra | undefined,
  kind: string,
  version: number,
):
  | { status: 'absent' }
  | { status: 'ignored'; file: string; reason: string }
  | { status: 'ok'; file: string; data: Record<string, unknown> } {
  if (!extra) return { status: 'absent' };
  if (!extra.ok) return { status: 'ignored', file: extra.file, reason: extra.error };
  const { data, file } = extra;
  if (!isObject(data)) return { status: 'ignored', file, reason: 'the top level must be an object' };
  if (data.kind !== kind)
    return { status: 'ignored', file, reason: `kind must be "${kind}" (found ${JSON.stringify(data.kind) ?? 'none'})` };
  if (data.schemaVersion !== version)
    return {
      status: 'ignored',
      file,
      reason: `schemaVersion must be ${version} (found ${JSON.stringify(data.schemaVersion) ?? 'none'})`,
    };
  return { status: 'ok', file, data };
}

/** The entries of `list` that match `schema`, and how many did not (a non-array counts as empty). */
export function keepValid<T>(list: unknown, schema: z.ZodType<T>): { kept: T[]; dropped: number } {
  if (!Array.isArray(list)) return { kept: [], dropped: 0 };
  const kept: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
  }
  return { kept, dropped: list.length - kept.length };
}

/** Parses each Extra object once, however many sections read it. */
export function memoized<T>(parse: (extra: Extra) => ExtraInput<T>): (extra: Extra | undefined) => ExtraInput<T> {
  const cache = new WeakMap<Extra, ExtraInput<T>>();
  return (extra) => {
    if (!extra) return { status: 'absent' };
    let input = cache.get(extra);
    if (!input) {
      input = parse(extra);
      cache.set(extra, input);
    }
    return input;
  };
}
