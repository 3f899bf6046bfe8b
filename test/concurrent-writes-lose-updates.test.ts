// Concurrency truth: overlapping writes of one user lose all but the last (express-session saves
// the whole session at the end of each request), and a write in flight during a logout brings the
// destroyed session back. Measured on real stores; two store doubles show the measurement can
// tell a store that merges, or refuses to resurrect, from one whose set is an upsert.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { runCell, type CellContext } from '../harness/cell/run-cell.ts';
import type { CompletedRun, Run } from '../harness/contracts/results.ts';
import { sessionDefaults } from '../harness/plan/options.ts';
import type { ServiceOutcome } from '../harness/services/index.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT } from './helpers/run-cli.ts';
import { needService, serviceForTest } from './helpers/services.ts';

const base = { duration: 1.5, warmup: 0, connections: 4, pipelining: 1, repeat: 1, seed: 1, probe: 0, settle: 0 };
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/stores', name);

async function run(
  store: string,
  scenario: 'concurrent' | 'logout-race',
  over: { parallel?: number; workMs?: number } = {},
  ctx: Partial<CellContext> = {},
): Promise<CompletedRun> {
  const settings = { ...base, parallel: 4, workMs: 5, sessions: [0], ...over };
  const result: Run = await runCell(
    { id: 't', store, storeSpec: store, scenario: scenarios[scenario]!, options: sessionDefaults(), repeat: 1 },
    { settings, ...ctx },
  );
  expect(result.status, result.status === 'completed' ? '' : result.reason).toBe('completed');
  return result as CompletedRun;
}

describe('scenario concurrent', () => {
  it.each(['memory', 'sqlite'])('%s: parallel 4 loses updates, parallel 1 (the control) loses none', async (store) => {
    const four = await run(store, 'concurrent');
    const c = four.concurrency!;
    expect(c.lostUpdates).toBeGreaterThan(0);
    // Last writer wins: of K overlapping adds at most K−1 are lost.
    expect(c.lostUpdates).toBeLessThanOrEqual(c.writes * (3 / 4));
    // The figures add up: every acknowledged add is a write; nothing else failed.
    expect(c.writes).toBe(four.requests.byAction?.cart);
    expect(four.requests.non2xx + four.requests.errors + four.requests.timeouts).toBe(0);
    expect(c.lostRate).toBeCloseTo(c.lostUpdates / c.writes, 10);
    const one = await run(store, 'concurrent', { parallel: 1 });
    expect(one.concurrency).toMatchObject({ parallel: 1, lostUpdates: 0, lostRate: 0 });
    expect(one.concurrency!.writes).toBeGreaterThan(0);
  });

  it('a store that merges carts loses none at parallel 4', async () => {
    const merged = await run(fixture('merging-cart-store.mjs'), 'concurrent');
    expect(merged.concurrency!.writes).toBeGreaterThan(0);
    expect(merged.concurrency!.lostUpdates).toBe(0);
  });
});

describe('scenario logout-race', () => {
  it('a write in flight during the logout resurrects the session when the store upserts', async () => {
    const r = await run('memory', 'logout-race', { workMs: 20 });
    const c = r.concurrency!;
    expect(c.logouts).toBeGreaterThan(0);
    expect(c.resurrected).toBeGreaterThan(0);
    expect(c.resurrected).toBeLessThanOrEqual(c.logouts);
    expect(c.setsPerLogin).toBe(1);
  });

  it('a store that refuses to bring back a destroyed session shows none', async () => {
    const c = (await run(fixture('tombstone-store.mjs'), 'logout-race', { workMs: 20 })).concurrency!;
    expect(c.logouts).toBeGreaterThan(0);
    expect(c.resurrected).toBe(0);
  });
});

describe.each(['redis', 'postgres'] as const)('%s', (kind) => {
  let outcome: ServiceOutcome | undefined;
  beforeAll(async () => {
    outcome = await serviceForTest(kind);
  }, 120_000);
  afterAll(async () => {
    if (outcome?.ok) await outcome.handle.stop();
  });

  it('loses updates under parallel writes and resurrects sessions after logout', async (t: TestContext) => {
    const handle = needService(t, kind, outcome);
    const ctx = { service: handle.info, beforeStart: () => handle.clear() };
    expect((await run(kind, 'concurrent', {}, ctx)).concurrency!.lostUpdates).toBeGreaterThan(0);
    expect((await run(kind, 'logout-race', { workMs: 20 }, ctx)).concurrency!.resurrected).toBeGreaterThan(0);
  }, 60_000);
});
