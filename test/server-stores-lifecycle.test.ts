// Each server-backed store (redis, redis-ioredis, postgres, mongo) against its real server: what the
// Store contract does not cover (every-built-in-store-passes-the-contract.test.ts runs it), namely
// store-side stats and clear(), postgres pruning and mongo's options. Skipped with the reason
// printed when the server cannot be had (REQUIRE_DOCKER=1 makes that a failure).
import os from 'node:os';
import session, { type SessionData, type Store } from 'express-session';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { stopAllServices, type ServiceOutcome } from '../harness/services/index.ts';
import { builtinStores } from '../stores/index.ts';
import type { ServiceKind, StoreInstance } from '../stores/types.ts';
import { needService, serviceForTest } from './helpers/services.ts';
import { poll, sessionExpiringIn, storeCall } from './helpers/store-calls.ts';

const STORES = ['redis', 'redis-ioredis', 'postgres', 'mongo'];
const outcomes = new Map<ServiceKind, ServiceOutcome>();
const opened: StoreInstance[] = [];

beforeAll(async () => {
  for (const kind of ['redis', 'postgres', 'mongo'] as const) outcomes.set(kind, await serviceForTest(kind));
});
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((i) => i.close?.()));
});
afterAll(() => stopAllServices());

async function open(ctx: TestContext, name: string, options: Record<string, string | number | boolean> = {}) {
  const def = builtinStores[name]!;
  const handle = needService(ctx, def.service!, outcomes.get(def.service!));
  const inst = (await def.create({
    session,
    options,
    maxAgeMs: 60_000,
    service: handle.info,
    dataDir: os.tmpdir(),
    secret: 's',
  })) as StoreInstance;
  opened.push(inst);
  return { store: inst.store!, inst, handle };
}

const sid = () => `t-${Math.random().toString(36).slice(2)}`;
const get = (store: Store, id: string) => storeCall<SessionData | null>((cb) => store.get(id, cb));

describe.each(STORES)('%s store', (name) => {
  it('reports store-side sessions and bytes, and clear() empties it', async (ctx) => {
    const { store, inst, handle } = await open(ctx, name);
    await inst.clear!();
    for (let i = 0; i < 5; i++) await storeCall((cb) => store.set(sid(), sessionExpiringIn(60_000, { i }), cb));
    const stats = await inst.stats!();
    expect(stats.sessions).toBe(5);
    expect(stats.bytes).toBeGreaterThan(0);
    expect((await handle.stats()).sessions).toBe(5);
    await inst.clear!();
    expect((await inst.stats!()).sessions).toBe(0);
  });
});

describe('postgres pruning', () => {
  it('keeps expired rows until pruneSessionInterval deletes them', async (ctx) => {
    const { store, inst } = await open(ctx, 'postgres', { pruneSessionInterval: 0 });
    await inst.clear!();
    const id = sid();
    await storeCall((cb) => store.set(id, sessionExpiringIn(1000, {}), cb));
    await poll(async () => !(await get(store, id)), 8000);
    // Expired and unreadable, yet still held: the memory-growth case.
    expect((await inst.stats!()).sessions).toBe(1);
    const pruning = await open(ctx, 'postgres', { pruneSessionInterval: 1 });
    await get(pruning.store, sid()); // connect-pg-simple arms its prune timer on first use
    await poll(async () => (await pruning.inst.stats!()).sessions === 0, 8000);
  });
});

describe('mongo options', () => {
  it('rejects an unknown autoRemove with the valid values, before connecting', async () => {
    const create = builtinStores.mongo!.create({
      session,
      options: { autoRemove: 'sometimes' },
      maxAgeMs: 1000,
      service: { kind: 'mongo', url: 'mongodb://127.0.0.1:1' },
      dataDir: os.tmpdir(),
      secret: 's',
    });
    await expect(create).rejects.toThrow(/autoRemove must be one of native, interval, disabled/);
  });
});
