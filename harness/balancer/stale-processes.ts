// What a harness killed with SIGKILL leaves behind (its exit hooks never ran): every nginx and
// cluster-node directory is named <prefix><harness pid>-… and lists its processes in `pids`, so
// the next run kills those whose harness is gone, as the containers of a killed run are removed by
// the next one. A pid is killed only while its command line is still the program it was.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const PIDS_FILE = 'pids';

/** A private directory whose name says which harness process owns it. */
export function ownedTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
}

export async function recordPids(dir: string, pids: (number | undefined)[]): Promise<void> {
  await fs.writeFile(path.join(dir, PIDS_FILE), pids.filter((p) => p !== undefined).join('\n'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandOf(pid: number): Promise<string> {
  return fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
}

/** Kills the processes of directories whose harness no longer runs; returns how many it killed. */
export async function reapStale(prefix: string, program: string, group: boolean): Promise<number> {
  const entries = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
  let killed = 0;
  for (const name of entries.filter((e) => e.startsWith(prefix))) {
    const owner = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(owner) || owner === process.pid || alive(owner)) continue;
    const dir = path.join(os.tmpdir(), name);
    const pids = (await fs.readFile(path.join(dir, PIDS_FILE), 'utf8').catch(() => '')).split('\n').map(Number);
    for (const pid of pids.filter((p) => Number.isInteger(p) && p > 0)) {
      if (!(await commandOf(pid)).includes(program)) continue;
      try {
        process.kill(group ? -pid : pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  return killed;
}
