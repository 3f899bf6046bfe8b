// --sessions N: the store is filled through its own set before the load, and the virtual users
// resume those sessions (hits, not fresh logins); many users share few connections with a cookie
// jar each; verification checks every user who acted, or a recorded sample.
import { describe, expect, it } from 'vitest';
import { runCell } from '../harness/cell/run-cell.ts';
import { runLoad } from '../harness/load/driver.ts';
import { sessionDefaults } from '../harness/plan/options.ts';
import type { PopulationPlan } from '../harness/plan/population-args.ts';
import { startServer } from '../harness/cell/server-process.ts';
import { scenarios } from '../scenarios/index.ts';

const settings = { duration: 1.5, warmup: 0.5, connections: 4, pipelining: 1, repeat: 1, seed: 3, probe: 0, settle: 0 };
const plan = (over: Partial<PopulationPlan> = {}): PopulationPlan => ({
  access: { kind: 'uniform' },
  thinkTimeMs: 0,
  payload: {},
  verifySample: 0,
  ...over,
});
const cell = (store: string, sessions: number, scenario = 'read') => ({
  id: 't',
  store,
  storeSpec: store,
  scenario: scenarios[scenario]!,
  options: { ...sessionDefaults(), sessions },
  repeat: 1,
});

describe('a preloaded population', () => {
  it.each(['memory', 'sqlite'])(
    '%s: 400 sessions through set, 150 users resume them without logging in',
    async (store) => {
      const run = await runCell(cell(store, 400), { settings, population: plan({ users: 150 }) });
      expect(run.status, run.status === 'completed' ? '' : run.reason).toBe('completed');
      if (run.status !== 'completed') return;
      expect(run.population).toMatchObject({ preloaded: 400, preloadSetCalls: 400, users: 150, resumeMisses: 0 });
      expect(run.population!.storeSessions).toBeGreaterThanOrEqual(400);
      expect(run.population!.resumed).toBeGreaterThan(0);
      expect(run.population!.resumed).toBeLessThanOrEqual(150);
      // Reads of preloaded sessions: no login, no store miss.
      expect(run.sessionsCreated).toBe(0);
      expect(run.requests.byAction?.login ?? 0).toBe(0);
      expect(run.storeOps.getMisses).toBe(0);
      // Every user who acted is checked (no sample asked for) and holds what was preloaded; only a
      // user whose browser cookie expires within the check's 30 s bound is not a candidate.
      expect(run.correctness.candidates).toBeLessThanOrEqual(run.population!.resumed!);
      expect(run.correctness.candidates).toBeGreaterThan(run.population!.resumed! * 0.9);
      expect(run.correctness).toMatchObject({ sessionsChecked: run.correctness.candidates, lostWrites: 0 });
      expect(run.correctness.sessionsValid).toBe(run.correctness.sessionsChecked);
      expect(run.correctness.sampled).toBeUndefined();
      expect(run.eventLoopDelayMs!.max).toBeGreaterThanOrEqual(run.eventLoopDelayMs!.p50);
    },
  );

  it('writes on preloaded sessions verify, and a sample is recorded as one', async () => {
    const run = await runCell(cell('memory', 300, 'write'), {
      settings,
      population: plan({ users: 100, verifySample: 10 }),
    });
    expect(run.status, run.status === 'completed' ? '' : run.reason).toBe('completed');
    if (run.status !== 'completed') return;
    expect(run.correctness.candidates).toBeGreaterThan(10);
    expect(run.correctness).toMatchObject({ sessionsChecked: 10, sessionsValid: 10, sampled: true, lostWrites: 0 });
  });
});

const memoryServer = () =>
  startServer({
    store: 'memory',
    session: { resave: false, saveUninitialized: false, rolling: false, maxAge: 3_600_000 },
    storeOptions: {},
    secret: 's',
    dataDir: '/tmp',
    sampleIntervalMs: 250,
  });

describe('users and connections', () => {
  it('60 users over 3 connections keep one cookie jar each', async () => {
    const server = await memoryServer();
    try {
      const load = await runLoad({
        port: server.port,
        scenario: scenarios.read!,
        connections: 3,
        users: 60,
        pipelining: 1,
        warmup: 0,
        duration: 1,
        seed: 1,
        runTag: 'jars',
        maxAgeMs: 3_600_000,
      });
      const cookies = load.users.filter((u) => u.loggedIn).map((u) => u.jar.cookieHeader());
      expect(cookies.length).toBeGreaterThan(30);
      expect(new Set(cookies).size).toBe(cookies.length);
      const end = await server.call('snapshot');
      // One login (one set) per user, never one per request.
      expect(load.sessionsCreated).toBeLessThanOrEqual(60);
      expect(end.store?.sessions).toBe(load.users.filter((u) => u.loggedIn).length);
    } finally {
      await server.stop();
    }
  });

  it('think time: no user sends again before its pause is over', async () => {
    const server = await memoryServer();
    try {
      const load = await runLoad({
        port: server.port,
        scenario: scenarios.read!,
        connections: 2,
        users: 8,
        thinkTimeMs: 250,
        pipelining: 1,
        warmup: 0,
        duration: 1,
        seed: 1,
        runTag: 'think',
        maxAgeMs: 3_600_000,
      });
      // 8 users × (1 s / 250 ms + 1) is the most a think time of 250 ms allows; without it, thousands.
      expect(load.requests.sent).toBeLessThanOrEqual(8 * 5);
      expect(load.requests.sent).toBeGreaterThan(8);
    } finally {
      await server.stop();
    }
  });
});
