// The MemoryStore leak, measured: under churn with a short maxAge, MemoryStore keeps expired
// sessions (growing), memorystore prunes them (bounded), and a store that retains a known number
// of bytes per session shows that number in bytesPerSession.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletedRun, Results } from '../harness/contracts/results.ts';
import { readJson, runBenchCli, tempDir, type CliResult } from './helpers/run-cli.ts';

const RETAIN = 10240;
let res: CliResult;
let results: Results;
const run = (store: string) => results.runs.find((r) => r.store === store) as CompletedRun;

beforeAll(async () => {
  const out = path.join(await tempDir(), 'out');
  res = await runBenchCli(
    [
      '--store',
      'memory,memorystore,./test/fixtures/stores/retains-10kb-store.mjs',
      '--scenario',
      'churn',
      '--option',
      'maxAge=1500',
      '--duration',
      '4',
      '--warmup',
      '1',
      '--probe',
      '0.5',
      '--connections',
      '8',
      '--out',
      out,
    ],
    { RETAIN_BYTES: String(RETAIN) },
  );
  results = await readJson<Results>(path.join(out, 'results.json'));
});

describe('memory growth under churn (maxAge 1500 ms)', () => {
  it('every store completes with sessions verified', () => {
    expect(res.code, res.stderr).toBe(0);
    for (const r of results.runs) expect(r.status).toBe('completed');
  });

  it('MemoryStore is growing: expired sessions that are never read stay', () => {
    const m = run('memory').memory;
    expect(m.verdict, m.verdictReason).toBe('growing');
    expect(run('memory').storeSide?.afterSettle?.sessions).toBeGreaterThan(0);
  });

  it('memorystore is bounded: its timer prunes expired sessions', () => {
    const m = run('memorystore').memory;
    expect(m.verdict, m.verdictReason).toBe('bounded');
    expect(run('memorystore').storeSide?.afterSettle?.sessions).toBe(0);
  });

  it('a store retaining 10 KiB per session shows 10 KiB more per session than MemoryStore (±30 %)', () => {
    const extra = run('retains-10kb').memory.bytesPerSession! - run('memory').memory.bytesPerSession!;
    expect(extra).toBeGreaterThan(RETAIN * 0.7);
    expect(extra).toBeLessThan(RETAIN * 1.3);
  });
});
