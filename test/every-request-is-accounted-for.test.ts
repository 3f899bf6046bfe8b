// Every request sent in the measured phase ends somewhere: sent = answered + errors + timeouts +
// hung. A store that never answers some requests, or a server frozen mid-load, shows up as
// timeouts or hung requests whose waits reach the latency max, never as a clean run.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeErrors, errorShare, runLoad, type LoadResult } from '../harness/load/driver.ts';
import { splitCellOptions, sessionDefaults } from '../harness/plan/options.ts';
import { killAllServers, startServer, type ServerHandle } from '../harness/cell/server-process.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT } from './helpers/run-cli.ts';

const { session } = splitCellOptions(sessionDefaults());
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/stores', name);
const start = (store: string) =>
  startServer({ store, session, storeOptions: {}, secret: 's', dataDir: os.tmpdir(), sampleIntervalMs: 250 });
const load = (server: ServerHandle, more: { timeoutS?: number; duration?: number; pipelining?: number } = {}) =>
  runLoad({
    port: server.port,
    scenario: scenarios.mixed!,
    connections: 8,
    pipelining: more.pipelining ?? 2,
    warmup: 0.5,
    duration: more.duration ?? 2,
    seed: 1,
    runTag: 't',
    maxAgeMs: session.maxAge,
    timeoutS: more.timeoutS,
  });

function expectEveryRequestAccountedFor({ requests: r }: LoadResult) {
  expect(r.sent).toBeGreaterThan(0);
  expect(r.sent).toBe(r.total + r.errors + r.timeouts + r.hung!);
  expect(Object.values(r.statusCodes!).reduce((a, b) => a + b, 0)).toBe(r.total);
  expect(Object.values(r.errorKinds!).reduce((a, b) => a + b, 0)).toBe(r.errors + r.timeouts);
  expect(r.errorKinds!.timeout ?? 0).toBe(r.timeouts);
}

afterEach(() => {
  delete process.env.HANG_ONE_IN;
  killAllServers();
});

describe('every request is accounted for', () => {
  it('a healthy run: every request answered 2xx, none hung, nothing to describe', async () => {
    const server = await start('memory');
    try {
      const result = await load(server);
      expectEveryRequestAccountedFor(result);
      const r = result.requests;
      expect(r).toMatchObject({ errors: 0, timeouts: 0, hung: 0, non2xx: 0 });
      expect(r.total).toBe(r.sent);
      expect(errorShare(r)).toBe(0);
      expect(describeErrors(r)).toBeUndefined();
      expect(result.measuredSeconds).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('a store whose get never answers one session in four: timeouts with their waits in the latency', async () => {
    process.env.HANG_ONE_IN = '4';
    const server = await start(fixture('hanging-get-store.mjs'));
    try {
      const timeoutS = 1;
      const result = await load(server, { timeoutS, duration: 4 });
      expectEveryRequestAccountedFor(result);
      const r = result.requests;
      expect(r.timeouts + r.hung!).toBeGreaterThan(0);
      // A timed-out request waited the whole bound: the latency max cannot be below it.
      expect(result.latencyMs.max).toBeGreaterThanOrEqual(timeoutS * 1000);
      expect(errorShare(r)).toBeGreaterThan(0);
      expect(describeErrors(r)).toMatch(/timed out after 1 s|still waiting at the end of the load/);
    } finally {
      await server.stop();
    }
  });

  it('a server killed mid-load: the requests it took down and every refused retry are errors, by kind', async () => {
    const server = await start('memory');
    const running = load(server);
    await new Promise((r) => setTimeout(r, 1500)); // well into the measured phase
    process.kill(server.pid, 'SIGKILL');
    const result = await running;
    expectEveryRequestAccountedFor(result);
    const r = result.requests;
    expect(r.errors).toBeGreaterThan(0);
    expect(Object.keys(r.errorKinds!).some((k) => ['ECONNREFUSED', 'ECONNRESET', 'closed'].includes(k))).toBe(true);
    expect(describeErrors(r)).toMatch(/connection/);
    await server.stop();
  });

  it('a server frozen (SIGSTOP) mid-load: the freeze shows as timeouts or hung requests, not as silence', async () => {
    const server = await start('memory');
    let frozen = false;
    try {
      const timeoutS = 1;
      const running = load(server, { timeoutS, duration: 4 });
      // The fault: freeze the server 1.5 s into the measured phase, thaw it after the load.
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(server.pid, 'SIGSTOP');
      frozen = true;
      const result = await running;
      process.kill(server.pid, 'SIGCONT');
      frozen = false;
      expectEveryRequestAccountedFor(result);
      const r = result.requests;
      expect(r.timeouts + r.hung!).toBeGreaterThan(0);
      expect(result.latencyMs.max).toBeGreaterThanOrEqual(timeoutS * 1000);
      if (r.hung! > 0) expect(r.hungMaxWaitMs).toBeGreaterThan(0);
      expect(describeErrors(r)).toBeDefined();
      expect(errorShare(r)).toBeGreaterThan(0);
    } finally {
      if (frozen) process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });
});
