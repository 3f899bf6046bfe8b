// The open model (--rate) against servers whose truth is known: a store with a fixed service time,
// one that burns CPU (a capacity limit), one that stalls periodically. Latency is timed from the
// intended send time, so a stall or a queue is charged to every request it delayed. Ratios and
// behaviour only: this machine's absolute times drift.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, type LoadOptions } from '../harness/load/driver.ts';
import { splitCellOptions, sessionDefaults } from '../harness/plan/options.ts';
import { killAllServers, startServer, type ServerHandle } from '../harness/cell/server-process.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT } from './helpers/run-cli.ts';

const { session } = splitCellOptions(sessionDefaults());
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/stores', name);
const start = (store: string) =>
  startServer({ store, session, storeOptions: {}, secret: 's', dataDir: os.tmpdir(), sampleIntervalMs: 1000 });
const load = (server: ServerHandle, more: Partial<LoadOptions>) =>
  runLoad({
    port: server.port,
    scenario: scenarios.read!,
    connections: 16,
    pipelining: 1,
    warmup: 0.5,
    duration: 2,
    seed: 1,
    runTag: 't',
    maxAgeMs: session.maxAge,
    ...more,
  });

afterEach(() => {
  for (const k of ['SLOW_GET_MS', 'BURN_MS', 'STALL_MS', 'EVERY_MS']) delete process.env[k];
  killAllServers();
});

describe('the open model', () => {
  it('at a low rate, latency equals the service time; the rate is achieved; nothing late or dropped', async () => {
    process.env.SLOW_GET_MS = '20';
    const server = await start(fixture('slow-get-store.mjs'));
    try {
      const alone = await load(server, { connections: 1, warmup: 0 });
      const open = await load(server, { rate: 100 });
      const a = open.arrivals!;
      expect(a).toMatchObject({ late: 0, dropped: 0, process: 'uniform' });
      expect(a.intended).toBe(a.sent);
      expect(open.requests.sent).toBe(a.sent);
      expect(open.requests.total).toBe(open.requests.sent);
      expect(open.throughput.rps / 100).toBeGreaterThan(0.97);
      expect(open.throughput.rps / 100).toBeLessThan(1.03);
      // 100 req/s × ~21 ms is about two requests in flight: no queueing, so the service time itself.
      expect(open.latencyMs.p50 / alone.latencyMs.p50).toBeGreaterThan(0.85);
      expect(open.latencyMs.p50 / alone.latencyMs.p50).toBeLessThan(1.2);
    } finally {
      await server.stop();
    }
  });

  it('above capacity, latency from intended time grows with the length of the run', async () => {
    // 5 ms of CPU per get: at most 200 req/s; 400 arrive, so the queue grows for as long as they do.
    process.env.BURN_MS = '5';
    const server = await start(fixture('burns-cpu-store.mjs'));
    try {
      const short = await load(server, { rate: 400, warmup: 0, duration: 1 });
      const long = await load(server, { rate: 400, warmup: 0, duration: 3 });
      expect(long.latencyMs.p50).toBeGreaterThan(1.8 * short.latencyMs.p50);
      expect(long.throughput.rps).toBeLessThan(0.75 * 400);
      // The generator said it fell behind: every connection was busy.
      expect(long.arrivals!.late).toBeGreaterThan(0);
      expect(long.arrivals!.intended).toBe(long.arrivals!.sent + long.arrivals!.dropped);
    } finally {
      await server.stop();
    }
  });

  it('a store that stalls 20 % of the time shows the stall in the upper percentiles, not the median', async () => {
    process.env.STALL_MS = '300';
    process.env.EVERY_MS = '1500';
    const server = await start(fixture('stalls-periodically-store.mjs'));
    try {
      const open = await load(server, { rate: 200, warmup: 0.5, duration: 3 });
      const l = open.latencyMs;
      // An arrival at a random moment is inside a stall one time in five and waits up to 300 ms
      // (150 ms on average): p90 is about halfway into the stall, p50 is untouched.
      expect(l.p50).toBeLessThan(0.1 * 300);
      expect(l.p90).toBeGreaterThan(0.25 * 300);
      expect(l.p99).toBeGreaterThan(0.7 * 300);
      expect(open.arrivals!.dropped).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it("a pause of the harness itself shows in the generator's figures, not only in the latency", async () => {
    // The generator runs in this process: block its event loop for 80 ms, 0.5 s into the measured phase.
    const server = await start(fixture('plain-memory-store.mjs'));
    const block = setTimeout(() => {
      const until = performance.now() + 80;
      while (performance.now() < until) {
        // busy: nothing else runs in this process meanwhile
      }
    }, 1_000);
    try {
      const open = await load(server, { rate: 200, duration: 1.5 });
      const pauses = open.arrivals!.generatorPausesMs!;
      expect(pauses.eventLoopDelayMaxMs).toBeGreaterThan(60);
      expect(pauses.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(pauses.eventLoopDelayP99Ms);
      // The arrivals due during the pause went out when it ended: late, and said so.
      expect(open.arrivals!.schedulingErrorMs.max).toBeGreaterThan(60);
      expect(open.arrivals!.late).toBeGreaterThan(0);
      expect(pauses.gcTotalMs).toBeGreaterThanOrEqual(pauses.gcMaxMs);
    } finally {
      clearTimeout(block);
      await server.stop();
    }
  });
});
