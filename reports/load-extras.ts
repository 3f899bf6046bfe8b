// Optional inputs that other tools write next to results.json. Each is read if present and kept as
// unknown JSON: the section that understands a file validates it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../harness/shared/error-message.ts';

export const EXTRA_FILES = {
  storeBench: 'store-bench.json',
  conformance: 'conformance.json',
  compare: 'compare.json',
} as const;

export type ExtraName = keyof typeof EXTRA_FILES;

export type Extra = { file: string; ok: true; data: unknown } | { file: string; ok: false; error: string };
export type Extras = Partial<Record<ExtraName, Extra>>;

/** What a part that reads only extra inputs needs: a full ReportContext or a results-less report. */
export interface ExtrasContext {
  extras: Extras;
}

async function readExtra(path: string): Promise<Extra | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { file: path, ok: false, error: errorMessage(err) };
  }
  try {
    return { file: path, ok: true, data: JSON.parse(text) as unknown };
  } catch (err) {
    return { file: path, ok: false, error: `not valid JSON: ${errorMessage(err)}` };
  }
}

/** Reads whichever extra inputs sit in `dir`; missing files are simply absent. */
export async function loadExtras(dir: string): Promise<Extras> {
  const extras: Extras = {};
  for (const [name, file] of Object.entries(EXTRA_FILES) as [ExtraName, string][]) {
    const extra = await readExtra(join(dir, file));
    if (extra) extras[name] = extra;
  }
  return extras;
}
