// Every output path (--out, --save-baseline, each --export file) is checked while the flags are
// parsed: a bad one exits 2 within seconds, names the path and why, and no cell is started.
// Pseudo-filesystem paths are the case that used to hang: Node 20's recursive mkdir spins forever
// on /proc/x/y, so these tests have short timeouts and a hang fails them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir } from '../harness/shared/output-paths.ts';
import { collect, runBenchCli, spawnCli, tempDir } from './helpers/run-cli.ts';

const QUICK_EXIT = 20_000;
const isRoot = process.getuid?.() === 0;

/** The line cli.ts prints when it starts the cells: it must never appear for a bad output path. */
const STARTED = /cells →/;

async function expectRejected(args: string[], message: RegExp | string) {
  const res = await runBenchCli(['--store', 'memory', ...args]);
  expect(res.code).toBe(2);
  if (typeof message === 'string') expect(res.stderr).toContain(message);
  else expect(res.stderr).toMatch(message);
  expect(res.stderr).not.toMatch(STARTED);
  expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return res;
}

describe.concurrent('npm run bench checks its outputs before any cell runs', () => {
  it(
    '--out naming an existing file exits 2 and leaves the file alone',
    async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'results.json');
      fs.writeFileSync(file, 'keep me');
      await expectRejected(['--out', file], `--out ${file}: exists and is not a directory`);
      expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
      expect(fs.readdirSync(dir)).toEqual(['results.json']);
    },
    QUICK_EXIT,
  );

  it(
    '--out below a file exits 2 naming the file in the way',
    async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'a-file');
      fs.writeFileSync(file, '');
      await expectRejected(['--out', path.join(file, 'sub', 'out')], `${file} is not a directory`);
    },
    QUICK_EXIT,
  );

  it.each([
    [['--out', '/proc/x/y'], '--out /proc/x/y: /proc is a kernel pseudo-filesystem'],
    [['--save-baseline', '/proc/x/b.json'], '--save-baseline /proc/x/b.json: /proc is a kernel pseudo-filesystem'],
    [['--export', 'bmf', '/proc/x/b.json'], '--export bmf /proc/x/b.json: /proc is a kernel pseudo-filesystem'],
    [['--export', 'gab', '/sys/x/b.json'], '--export gab /sys/x/b.bigger.json: /sys is a kernel pseudo-filesystem'],
    [['--out', '/dev/shm/session-bench-x'], '/dev is a kernel pseudo-filesystem'],
  ])(
    '%j exits 2 at once instead of hanging',
    async (args, message) => {
      const out = path.join(await tempDir(), 'out');
      await expectRejected([...(args[0] === '--out' ? [] : ['--out', out]), ...args], message);
      expect(fs.existsSync(out)).toBe(false); // nothing is created when another output is bad
      expect(fs.existsSync('/dev/shm/session-bench-x')).toBe(false);
    },
    QUICK_EXIT,
  );

  it(
    '--save-baseline naming a directory or a device exits 2',
    async () => {
      const dir = await tempDir();
      await expectRejected(
        ['--out', path.join(dir, 'out'), '--save-baseline', dir],
        `--save-baseline ${dir}: exists and is not a regular file`,
      );
      await expectRejected(
        ['--out', path.join(dir, 'out'), '--save-baseline', '/dev/null'],
        '--save-baseline /dev/null: exists and is not a regular file',
      );
    },
    QUICK_EXIT,
  );

  it.skipIf(isRoot)(
    'an unwritable --out directory exits 2 saying permission denied',
    async () => {
      const dir = await tempDir();
      fs.chmodSync(dir, 0o555);
      try {
        await expectRejected(
          ['--out', path.join(dir, 'out')],
          /--out .*: cannot create .*EACCES \(permission denied\)/,
        );
        await expectRejected(['--out', dir], /--out .*: cannot write in .*EACCES \(permission denied\)/);
      } finally {
        fs.chmodSync(dir, 0o755);
      }
    },
    QUICK_EXIT,
  );

  it(
    'bench:store checks its --out before opening any store',
    async () => {
      const res = await collect(spawnCli('harness/cli/store-bench.ts', ['--store', 'memory', '--out', '/proc/x/y']));
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--out /proc/x/y: /proc is a kernel pseudo-filesystem');
    },
    QUICK_EXIT,
  );
});

describe('ensureDir, the mkdir -p of every output', () => {
  it('creates missing parents one level at a time', async () => {
    const dir = path.join(await tempDir(), 'a', 'b', 'c');
    await ensureDir(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    await ensureDir(dir); // and is a no-op the second time
  });

  it(
    'refuses pseudo-filesystems and files in the way, naming the path',
    async () => {
      await expect(ensureDir('/proc/x/y')).rejects.toThrow('/proc/x/y: /proc is a kernel pseudo-filesystem');
      const file = path.join(await tempDir(), 'f');
      fs.writeFileSync(file, '');
      await expect(ensureDir(file)).rejects.toThrow(`${file}: exists and is not a directory`);
    },
    QUICK_EXIT,
  );

  it(
    'refuses a symbolic link that leads into /proc',
    async () => {
      const link = path.join(await tempDir(), 'link');
      fs.symlinkSync('/proc/self', link);
      await expect(ensureDir(path.join(link, 'x'))).rejects.toThrow('/proc is a kernel pseudo-filesystem');
    },
    QUICK_EXIT,
  );
});
