// Durable file writes: a reader (or a kill mid-write) sees the old file or the new one, never a
// truncated one. Write a temp file beside the target, fsync it, rename it over the target.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/** Writes `data` to `file` atomically. The directory must exist (outputs are probed up front). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  // The rename itself is durable once the directory is synced (best effort: not every fs allows it).
  const dirHandle = await fs.open(dir, 'r').catch(() => undefined);
  await dirHandle?.sync().catch(() => undefined);
  await dirHandle?.close();
}

/** JSON with two-space indent and a final newline, written atomically. */
export function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The same, blocking: for exit paths where the event loop will not run again (a forced quit). */
export function writeFileAtomicSync(file: string, data: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  try {
    const fd = fsSync.openSync(tmp, 'w');
    try {
      fsSync.writeSync(fd, data);
      fsSync.fsyncSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    fsSync.renameSync(tmp, file);
  } catch (err) {
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
}
