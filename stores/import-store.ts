// Imports one store module and checks its shape, without loading the whole registry: the server
// process needs only its own store (the Redis client alone takes ~1 s to import).
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { StoreDefinition } from './types.ts';

const definitionSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    service: z.enum(['redis', 'postgres', 'mongo', 'redis-cluster']).optional(),
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

/** Where a syntax error is: "file:line", and the offending line with its caret when known. */
interface SourceLocation {
  at: string;
  excerpt?: string[];
}

/** Node's decorated stack ("/abs/x.cjs:4\n}}\n ^\n\nSyntaxError: …"), as CommonJS modules and `node --check` give it. */
function locationFromStack(stack: string): SourceLocation | undefined {
  const m = /^(file:\/\/\S+?|\/[^\n]*?):(\d+)\n([^\n]*)\n([ \t]*\^+)[ \t]*\n/.exec(stack);
  if (!m) return undefined;
  const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
  // A minified line would flood the terminal; the caret is kept only if it stays within the cut.
  const cut = (line: string) => (line.length > 200 ? `${line.slice(0, 200)}…` : line);
  return { at: `${file}:${m[2]}`, excerpt: m[4]!.length <= 200 ? [cut(m[3]!), m[4]!] : [cut(m[3]!)] };
}

/** esbuild's (tsx's) "Transform failed with 1 error:\n/abs/x.ts:1:18: ERROR: Unexpected ";"". */
function esbuildError(message: string): string | undefined {
  const m = /^Transform failed with \d+ errors?:\n(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  return m ? `SyntaxError: ${m[4]} (at ${m[1]}:${m[2]}:${m[3]})` : undefined;
}

/**
 * An ES module's SyntaxError carries no location (Node adds it only to the crash report of an
 * uncaught error), so ask Node's own parser: `node --check` prints file:line and a caret. Only on
 * this error path, with a deadline. 'parses' means the error is in a module the file imports.
 */
function locationFromCheck(file: string): Promise<SourceLocation | 'parses' | undefined> {
  if (!/\.[cm]?js$/.test(file)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(process.execPath, ['--check', file], { timeout: 10_000 }, (err, _stdout, stderr) => {
      resolve(err ? locationFromStack(stderr) : 'parses');
    });
  });
}

/** The store module's own frame in a stack ("at file:///abs/x.mjs:5:9"): where its top level threw. */
function thrownAt(stack: string, file: string): string | undefined {
  const url = `${pathToFileURL(file).href}:`;
  const line = stack.split('\n').find((l) => /^\s+at /.test(l) && l.includes(url));
  const m = line ? /^(\d+:\d+)/.exec(line.slice(line.indexOf(url) + url.length)) : null;
  return m ? `${file}:${m[1]}` : undefined;
}

/** A load error in one line (plus the offending source line of a syntax error), never a stack. */
async function describeLoadError(err: unknown, file: string): Promise<string> {
  if (!(err instanceof Error)) return String(err);
  const transform = esbuildError(err.message);
  if (transform) return transform;
  const first = `${err.name !== 'Error' ? `${err.name}: ` : ''}${err.message.split('\n')[0]}`;
  if (err.name !== 'SyntaxError') {
    const frame = thrownAt(err.stack ?? '', file);
    return frame ? `${first} (at ${frame})` : first;
  }
  const loc = locationFromStack(err.stack ?? '') ?? (await locationFromCheck(file));
  if (loc === 'parses') return `${first} (in a module that ${file} imports; ${file} itself parses)`;
  if (!loc) return `${first} (in ${file} or a module it imports)`;
  return [`${first} (at ${loc.at})`, ...(loc.excerpt ?? []).map((l) => `    ${l}`)].join('\n');
}

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
    const file = isStorePath(specOrFile) ? specOrFile : fileURLToPath(url);
    throw new StoreSpecError(`cannot load store module ${shownAs}: ${await describeLoadError(err, file)}`);
  }
  const parsed = definitionSchema.safeParse(mod.default);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'default export'}: ${i.message}`);
    throw new StoreSpecError(`store module ${shownAs} must default-export { name, create(ctx) }: ${issues.join('; ')}`);
  }
  return parsed.data as StoreDefinition;
}
