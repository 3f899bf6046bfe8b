// The server process can die (Ctrl-C kills it) or stop answering (a blocked event loop, a store
// call that never returns). Every call into it then ends as an error with a reason in words
// within its bound, never an unhandled EPIPE or a wait without end.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitCellOptions, sessionDefaults } from '../harness/plan/options.ts';
import { killAllServers, startServer } from '../harness/cell/server-process.ts';
import { ROOT } from './helpers/run-cli.ts';

const { session } = splitCellOptions(sessionDefaults());
const fixture = (name: string) => path.join(ROOT, 'test/fixtures/stores', name);
const start = (store: string) =>
  startServer({ store, session, storeOptions: {}, secret: 's', dataDir: os.tmpdir(), sampleIntervalMs: 250 });

describe('calls into the server process', () => {
  it('after the server was killed: call rejects, stop resolves, nothing unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('uncaughtException', onUnhandled);
    process.on('unhandledRejection', onUnhandled);
    try {
      const server = await start('memory');
      killAllServers(); // what Ctrl-C does
      await expect(server.call('gc')).rejects.toThrow(/not running|exited/);
      expect(await server.stop()).toBe('gone');
      await new Promise((r) => setTimeout(r, 200)); // let any stray EPIPE surface
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onUnhandled);
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a store whose stats() never answers: the snapshot says so instead of waiting', async () => {
    const server = await start(fixture('stats-never-resolves-store.mjs'));
    try {
      const snap = await server.call('snapshot');
      expect(snap.storeTimedOut).toBe(true);
      expect(snap.storeError).toMatch(/stats\(\) did not answer within \d+ s/);
    } finally {
      await server.stop();
    }
  });

  it('a server whose event loop is stuck: the call times out with a reason', async () => {
    const server = await start('memory');
    try {
      process.kill(server.pid, 'SIGSTOP');
      await expect(server.call('gc', 500)).rejects.toThrow(/did not answer 'gc' within 0.5 s/);
    } finally {
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });

  it('a store whose close() never finishes is killed within the stop bound', async () => {
    const server = await start(fixture('close-never-resolves-store.mjs'));
    expect(await server.stop()).toBe('killed');
  });
});
