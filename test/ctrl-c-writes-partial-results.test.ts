// Ctrl-C stops the servers, writes what finished with "partial": true and exits 130.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../harness/contracts/results.ts';
import { collect, readJson, spawnCli, tempDir, waitForOutput } from './helpers/run-cli.ts';

/** Processes whose environment carries this test's marker: the CLI and the servers it forked. */
function markedProcesses(marker: string): string[] {
  return fs.readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker);
    } catch {
      return false; // exited meanwhile, or not ours to read
    }
  });
}

describe('Ctrl-C', () => {
  it('kills every server, keeps finished cells and exits 130', async () => {
    const out = path.join(await tempDir(), 'out');
    const marker = `SB_CTRL_C_TEST=${process.pid}-${Date.now()}`;
    const child = spawnCli(
      'harness/cli/bench.ts',
      [
        '--store',
        'memory,sqlite',
        '--scenario',
        'read',
        '--duration',
        '1.5',
        '--warmup',
        '0',
        '--connections',
        '4',
        '--out',
        out,
      ],
      {
        SB_CTRL_C_TEST: marker.split('=')[1],
      },
    );
    const done = collect(child);
    // Interrupt during the second cell, once the first has finished.
    await waitForOutput(child, /1\/2 sqlite/);
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(results.partial).toBe(true);
    expect(results.runs.map((r) => `${r.store}:${r.status}`)).toEqual(['memory:completed']);
    expect(markedProcesses(marker)).toEqual([]);
  });
});
