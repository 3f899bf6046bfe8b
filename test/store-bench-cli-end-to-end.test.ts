// `npm run bench:store` as a user runs it (a real child process through tsx): micro-bench and
// conformance files, exit codes, bad input, and Ctrl-C.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceFile, StoreBenchFile } from '../harness/contracts/store-bench.ts';
import { collect, readJson, spawnCli, tempDir, waitForOutput } from './helpers/run-cli.ts';

const CLI = 'harness/cli/store-bench.ts';
const run = (args: string[]) => collect(spawnCli(CLI, args));

describe('bench:store CLI', () => {
  it('--store memory,memorystore writes get/set/touch/destroy results with ops/s > 0 for both', async () => {
    const out = path.join(await tempDir(), 'out');
    const res = await run(['--store', 'memory,memorystore', '--time', '30', '--out', out]);
    expect(res.code).toBe(0);
    const file = await readJson<StoreBenchFile>(path.join(out, 'store-bench.json'));
    expect(file.settings).toMatchObject({ payloads: [200, 2000, 20000], timeMs: 30 });
    expect(file.environment.packages.tinybench).toBe('6.2.5');
    for (const store of ['memory', 'memorystore']) {
      const rows = file.results.filter((r) => r.store === store);
      expect(rows).toHaveLength(18);
      for (const prefix of ['get', 'set', 'touch', 'destroy']) {
        expect(rows.filter((r) => r.op.startsWith(prefix)).every((r) => r.opsPerSec > 0)).toBe(true);
      }
    }
    expect(res.stdout).toMatch(/memorystore\s+20000\s+touch/);
  });

  it('--conformance: expiry passes for memory, fails for the never-expiring store, exit 1', async () => {
    const out = path.join(await tempDir(), 'out');
    const res = await run([
      '--conformance',
      '--store',
      'memory,./test/fixtures/stores/never-expiring-store.mjs,cookie',
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    const file = await readJson<ConformanceFile>(path.join(out, 'conformance.json'));
    const expiry = (store: string) =>
      file.stores.find((s) => s.store === store)?.checks.find((c) => c.name.startsWith('expiry'))?.status;
    expect(expiry('memory')).toBe('pass');
    expect(expiry('never-expiring')).toBe('fail');
    expect(file.stores.find((s) => s.store === 'cookie')).toMatchObject({ status: 'not-applicable', checks: [] });
    expect(res.stdout).toMatch(/FAIL never-expiring · expiry/);
  });

  it.concurrent.each([
    [['--store', 'nosuch'], /unknown store "nosuch". Valid stores: memory, memorystore, sqlite, cookie/],
    [['--payload', '50'], /--payload 50: sizes are whole numbers of bytes from \d+ to 1000000/],
    [['--time', 'soon'], /--time soon: a whole number of milliseconds/],
  ])('%j exits 2 with a message naming the value, no stack, nothing written', async (args, message) => {
    const out = path.join(await tempDir(), 'out');
    const res = await run([...args, '--out', out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('Ctrl-C closes the stores, writes what finished with "partial": true, exits 130', async () => {
    const out = path.join(await tempDir(), 'out');
    const child = spawnCli(CLI, ['--store', 'sqlite', '--payload', '200', '--time', '1000', '--out', out]);
    const done = collect(child);
    await waitForOutput(child, /measuring at/);
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    const file = await readJson<StoreBenchFile>(path.join(out, 'store-bench.json'));
    expect(file.partial).toBe(true);
    expect(file.results.length).toBeLessThan(6);
  });
});
