// With --pipelining N a correct store still verifies: users wait for a login, logout or write to
// be answered before sending more of that session, so nothing they lose is the store's doing or
// express-session's last-writer-wins. A store that keeps nothing is still caught.
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from '../harness/load/driver.ts';
import { splitCellOptions, sessionDefaults } from '../harness/plan/options.ts';
import { killAllServers, startServer } from '../harness/cell/server-process.ts';
import { verifySessions } from '../harness/cell/verify.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT } from './helpers/run-cli.ts';

const { session } = splitCellOptions(sessionDefaults());
const dropWrites = path.join(ROOT, 'test/fixtures/stores/drop-writes-store.mjs');

async function loadAndVerify(store: string, scenario: string, connections: number, pipelining: number) {
  const server = await startServer({
    store,
    session,
    storeOptions: {},
    secret: 's',
    dataDir: os.tmpdir(),
    sampleIntervalMs: 250,
  });
  try {
    const load = await runLoad({
      port: server.port,
      scenario: scenarios[scenario]!,
      connections,
      pipelining,
      warmup: 0.5,
      duration: 2,
      seed: 1,
      runTag: 't',
      maxAgeMs: session.maxAge,
    });
    const correctness = await verifySessions({ port: server.port, users: load.users, maxAgeMs: session.maxAge });
    return { load, correctness };
  } finally {
    await server.stop();
  }
}

afterAll(() => killAllServers());

describe('pipelined users verify on correct stores', () => {
  it.each([
    ['memory', 'mixed', 16, 2],
    ['memory', 'mixed', 8, 16],
    ['sqlite', 'write', 8, 16],
    ['memory', 'churn', 8, 4],
  ])(
    '%s · %s · %i connections · pipelining %i: no session lost, every session valid',
    async (store, scenario, connections, pipelining) => {
      const { load, correctness } = await loadAndVerify(store, scenario, connections, pipelining);
      const r = load.requests;
      expect(r.sent).toBe(r.total + r.errors + r.timeouts + r.hung!);
      expect(r.non2xx).toBe(0);
      expect(load.sessionsLost).toBe(0);
      expect(correctness.sessionsChecked).toBeGreaterThan(0);
      expect(correctness).toMatchObject({ sessionsValid: correctness.sessionsChecked, lostWrites: 0, details: [] });
      // Never more in flight per connection than asked for.
      expect(r.meanInFlight).toBeLessThanOrEqual(pipelining);
    },
  );

  it('reads really pipeline: the read scenario keeps most of the 16 slots busy, writes one at a time', async () => {
    const reads = await loadAndVerify('memory', 'read', 4, 16);
    const writes = await loadAndVerify('memory', 'write', 4, 16);
    expect(reads.load.requests.meanInFlight).toBeGreaterThan(8);
    expect(writes.load.requests.meanInFlight).toBeLessThanOrEqual(1);
    expect(reads.correctness.sessionsValid).toBe(reads.correctness.sessionsChecked);
  });
});

describe('a store that keeps nothing is still caught', () => {
  it.each([1, 2])('drop-writes at pipelining %i: sessions vanish and none reads back', async (pipelining) => {
    const { load, correctness } = await loadAndVerify(dropWrites, 'mixed', 8, pipelining);
    expect(load.sessionsLost).toBeGreaterThan(0);
    expect(load.requests.statusCodes!['401']).toBeGreaterThan(0);
    expect(correctness.sessionsValid).toBe(0);
  });
});
