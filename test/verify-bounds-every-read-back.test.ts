// A store that stops answering after the load costs the verification seconds, not minutes: each
// read-back has a deadline, a timed-out one counts as not valid with the reason in words, and
// when the first read-backs all time out the rest are not attempted.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from '../harness/load/driver.ts';
import { splitCellOptions, sessionDefaults } from '../harness/plan/options.ts';
import { killAllServers, startServer } from '../harness/cell/server-process.ts';
import { EARLY_STOP_AFTER, verifySessions } from '../harness/cell/verify.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT } from './helpers/run-cli.ts';

const { session } = splitCellOptions(sessionDefaults());

afterAll(() => {
  delete process.env.HANG_FILE;
  killAllServers();
});

describe('verification is bounded', () => {
  it('read-backs to a store that never answers time out, count as not valid, and stop early', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-hang-'));
    const hangFile = path.join(dir, 'hang');
    process.env.HANG_FILE = hangFile;
    const server = await startServer({
      store: path.join(ROOT, 'test/fixtures/stores/hanging-get-store.mjs'),
      session,
      storeOptions: {},
      secret: 's',
      dataDir: dir,
      sampleIntervalMs: 250,
    });
    try {
      const connections = 12;
      const load = await runLoad({
        port: server.port,
        scenario: scenarios.read!,
        connections,
        pipelining: 1,
        warmup: 0,
        duration: 1,
        seed: 1,
        runTag: 't',
        maxAgeMs: session.maxAge,
      });
      expect(load.users.filter((u) => u.verifiable)).toHaveLength(connections);
      await fs.writeFile(hangFile, ''); // from now on every get hangs
      const readBackTimeoutMs = 500;
      const concurrency = 2;
      // The control: what one round of read-backs (one session, timing out) costs on this machine.
      const c0 = performance.now();
      const one = await verifySessions({
        port: server.port,
        users: load.users.slice(0, 1),
        maxAgeMs: session.maxAge,
        readBackTimeoutMs,
        concurrency,
      });
      const oneRound = performance.now() - c0;
      expect(one).toMatchObject({ sessionsChecked: 1, readBackTimeouts: 1 });
      const t0 = performance.now();
      const c = await verifySessions({
        port: server.port,
        users: load.users,
        maxAgeMs: session.maxAge,
        readBackTimeoutMs,
        concurrency,
      });
      const elapsed = performance.now() - t0;

      expect(c.sessionsChecked).toBe(connections);
      expect(c.sessionsValid).toBe(0);
      expect(c.lostWrites).toBe(0); // a read-back that timed out proves nothing lost
      expect(c.readBackTimeouts).toBeGreaterThanOrEqual(EARLY_STOP_AFTER);
      expect(c.readBackTimeouts + c.readBackSkipped).toBe(connections);
      expect(c.readBackSkipped).toBeGreaterThan(0);
      expect(c.details[0]).toMatch(/sessions not read back: the first \d+ read-backs all timed out/);
      expect(c.details.some((d) => /read-back did not answer within 0\.5 s/.test(d))).toBe(true);
      // Without the early stop it would take connections / concurrency rounds; it takes about
      // EARLY_STOP_AFTER / concurrency of them.
      const everyRound = connections / concurrency;
      expect(elapsed / oneRound).toBeLessThan(everyRound * 0.6);

      // The overall bound: once it has passed no read-back starts; the sessions left are skipped.
      await fs.rm(hangFile, { force: true });
      const late = await verifySessions({
        port: server.port,
        users: load.users,
        maxAgeMs: session.maxAge,
        deadlineMs: 0,
      });
      expect(late).toMatchObject({
        sessionsChecked: connections,
        sessionsValid: 0,
        readBackSkipped: connections,
        readBackTimeouts: 0,
      });
      expect(late.details[0]).toMatch(/not read back: verification reached its 0 s bound/);
      const healthy = await verifySessions({ port: server.port, users: load.users, maxAgeMs: session.maxAge });
      expect(healthy).toMatchObject({
        sessionsValid: connections,
        readBackSkipped: 0,
        readBackTimeouts: 0,
        details: [],
      });
    } finally {
      await fs.rm(hangFile, { force: true });
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
