// A JSON output file: its directory created if need be (ensureDir: never on /proc, /sys or /dev),
// then written atomically (write-atomic.ts), so a reader or a kill never sees half a file.
import path from 'node:path';
import { ensureDir } from './output-paths.ts';
import { writeJsonAtomic } from './write-atomic.ts';

/** Writes `value` as JSON to `file`; returns `file`. */
export async function writeJsonFile(file: string, value: unknown): Promise<string> {
  await ensureDir(path.dirname(path.resolve(file)));
  await writeJsonAtomic(file, value);
  return file;
}
