// Output paths are checked while the flags are parsed, so a run that could not save its results
// fails in a second instead of after an hour of measuring. Directories are created one level at a
// time: Node 20's recursive mkdir never returns on some pseudo-filesystem paths (`/proc/x/y` spins
// at full CPU), and a pseudo-filesystem is no place for results anyway.
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { errorMessage } from './error-message.ts';
import { UsageError } from './usage-error.ts';

/** Kernel and device filesystems: writes there change the system or vanish, they never store results. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'name too long',
  ENOENT: 'a parent does not exist',
  ELOOP: 'too many symbolic links',
};

/** An output path that cannot be used; the message names the path and why. */
export class OutputPathError extends Error {}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? '';
const reason = (err: unknown) => {
  const c = code(err);
  return c ? `${c} (${REASONS[c] ?? errorMessage(err)})` : String(err);
};

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.stat(p);
  } catch (err) {
    // ENOTDIR: a component is a file; the walk up finds it and says so.
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return null;
    throw new OutputPathError(`cannot inspect ${p}: ${reason(err)}`);
  }
}

const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);

/** Rejects a path on /proc, /sys or /dev, as written and after symbolic links are followed. */
async function rejectPseudoFs(abs: string, existing: string): Promise<void> {
  const real = await fs.realpath(existing).catch(() => existing);
  const root = PSEUDO_ROOTS.find((r) => under(abs, r) || under(real, r));
  if (root)
    throw new OutputPathError(`${root} is a kernel pseudo-filesystem, not storage: choose a directory on a disk`);
}

/** The nearest existing ancestor of `abs` (or `abs` itself) and the missing directories below it, top first. */
async function splitExisting(abs: string): Promise<{ existing: string; stats: Stats; missing: string[] }> {
  const missing: string[] = [];
  for (let p = abs; ; p = path.dirname(p)) {
    const stats = await statOrNull(p);
    if (stats) return { existing: p, stats, missing };
    if (path.dirname(p) === p) throw new OutputPathError(`${abs}: no existing ancestor directory`);
    missing.unshift(p);
  }
}

async function mkdirOne(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
  } catch (err) {
    // Another process may have made it meanwhile; that is fine if it is a directory.
    if (code(err) === 'EEXIST' && (await statOrNull(dir))?.isDirectory()) return;
    throw new OutputPathError(`cannot create ${dir}: ${reason(err)}`);
  }
}

/** Removes directories this module created, deepest first, so a rejected path leaves nothing behind. */
async function removeCreated(created: string[]): Promise<void> {
  for (const dir of [...created].reverse()) await fs.rmdir(dir).catch(() => undefined);
}

/** Creates `dir` and its missing parents one level at a time; returns the directories it created. */
async function createDirs(dir: string): Promise<string[]> {
  const abs = path.resolve(dir);
  const { existing, stats, missing } = await splitExisting(abs);
  if (!stats.isDirectory()) {
    throw new OutputPathError(existing === abs ? 'exists and is not a directory' : `${existing} is not a directory`);
  }
  await rejectPseudoFs(abs, existing);
  const created: string[] = [];
  try {
    for (const d of missing) {
      await mkdirOne(d);
      created.push(d);
    }
  } catch (err) {
    await removeCreated(created);
    throw err;
  }
  return created;
}

/**
 * Creates `dir` like `mkdir -p`, but never with Node's recursive mkdir, and never on /proc, /sys
 * or /dev. Throws OutputPathError naming the problem.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await createDirs(dir);
  } catch (err) {
    throw err instanceof OutputPathError ? new OutputPathError(`${dir}: ${err.message}`) : err;
  }
}

let probes = 0;

/** Creates and deletes a file in `dir`: the one check that answers for permissions, read-only mounts and quotas alike. */
async function probeWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.session-bench-probe-${process.pid}-${++probes}`);
  try {
    await (await fs.open(probe, 'wx')).close();
  } catch (err) {
    throw new OutputPathError(`cannot write in ${dir}: ${reason(err)}`);
  }
  await fs.rm(probe, { force: true });
}

/** Creates `dir`, proves it writable, and returns the directories it created (none if it fails). */
async function prepareDir(dir: string): Promise<string[]> {
  const created = await createDirs(dir);
  try {
    await probeWritable(path.resolve(dir));
  } catch (err) {
    await removeCreated(created);
    throw err;
  }
  return created;
}

const asUsage = (flag: string, target: string, err: unknown) =>
  err instanceof OutputPathError ? new UsageError(`${flag} ${target}: ${err.message}`) : err;

/**
 * Checks an output directory before anything runs: creates it and proves a file can be written
 * there. Returns the directories it created; throws UsageError naming the flag, the path and why.
 */
export async function prepareOutputDir(dir: string, flag: string): Promise<string[]> {
  try {
    return await prepareDir(dir);
  } catch (err) {
    throw asUsage(flag, dir, err);
  }
}

/** Checks an output file before anything runs: its directory is prepared, and an existing file must be a regular file. */
export async function probeOutputFile(file: string, flag: string): Promise<string[]> {
  try {
    const existing = await statOrNull(path.resolve(file));
    if (existing && !existing.isFile()) throw new OutputPathError('exists and is not a regular file');
    return await prepareDir(path.dirname(path.resolve(file)));
  } catch (err) {
    throw asUsage(flag, file, err);
  }
}

export interface OutputTarget {
  flag: string;
  path: string;
  kind: 'dir' | 'file';
}

/** Checks every output; when one is bad, removes what the others created, so a refused run leaves nothing behind. */
export async function prepareOutputs(targets: OutputTarget[]): Promise<void> {
  const created: string[] = [];
  try {
    for (const t of targets)
      created.push(...(await (t.kind === 'dir' ? prepareOutputDir : probeOutputFile)(t.path, t.flag)));
  } catch (err) {
    await removeCreated(created);
    throw err;
  }
}
