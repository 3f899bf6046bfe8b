// The ioredis bridge answers every call connect-redis 9 makes (get, set with expiration, expire,
// del, mGet, scanIterator), checked through connect-redis's own methods against a real Redis, with
// the TTLs Redis reports for ttl, disableTTL and disableTouch.
import os from 'node:os';
import session, { type SessionData, type Store } from 'express-session';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { stopAllServices, type ServiceOutcome } from '../harness/services/index.ts';
import { REDIS_KEY_PREFIX } from '../stores/session-data.ts';
import redisIoredis from '../stores/redis-ioredis.ts';
import type { StoreInstance } from '../stores/types.ts';
import { needService, serviceForTest } from './helpers/services.ts';
import { sessionExpiringIn, storeCall } from './helpers/store-calls.ts';

let outcome: ServiceOutcome;
let raw: Redis | undefined;
const opened: StoreInstance[] = [];

beforeAll(async () => {
  outcome = await serviceForTest('redis');
  if (outcome.ok) raw = new Redis(outcome.handle.info.url);
});
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((i) => i.close?.()));
});
afterAll(async () => {
  raw?.disconnect();
  await stopAllServices();
});

async function open(ctx: TestContext, options: Record<string, boolean | number> = {}) {
  const handle = needService(ctx, 'redis', outcome);
  const inst = (await redisIoredis.create({
    session,
    options,
    maxAgeMs: 60_000,
    service: handle.info,
    dataDir: os.tmpdir(),
    secret: 's',
  })) as StoreInstance;
  opened.push(inst);
  await inst.clear!();
  return inst.store! as Store & { ids(cb: (err: unknown, ids?: string[]) => void): void };
}

const ttlOf = (sid: string) => raw!.ttl(`${REDIS_KEY_PREFIX}${sid}`);

describe('connect-redis over the ioredis bridge', () => {
  it('lists, counts, reads all and clears through SCAN, MGET and DEL', async (ctx) => {
    const store = await open(ctx);
    const sids = ['a', 'b', 'c'];
    for (const sid of sids) await storeCall((cb) => store.set(sid, sessionExpiringIn(60_000, { sid }), cb));
    expect(await storeCall<number>((cb) => store.length!(cb))).toBe(3);
    expect((await storeCall<string[]>((cb) => store.ids(cb))).sort()).toEqual(sids);
    const all = await storeCall<SessionData[]>((cb) => store.all!(cb as never));
    expect(all.map((s) => (s as unknown as { sid: string }).sid).sort()).toEqual(sids);
    await storeCall((cb) => store.clear!(cb));
    expect(await storeCall<number>((cb) => store.length!(cb))).toBe(0);
  });

  it('sets EX from the cookie, extends it on touch, and uses ttl when the cookie has no expiry', async (ctx) => {
    const store = await open(ctx, { ttl: 300 });
    await storeCall((cb) => store.set('s', sessionExpiringIn(60_000, {}), cb));
    expect(await ttlOf('s')).toBeLessThanOrEqual(60);
    await storeCall((cb) => store.touch!('s', sessionExpiringIn(600_000, {}), cb));
    expect(await ttlOf('s')).toBeGreaterThan(60);
    await storeCall((cb) => store.set('n', { cookie: { originalMaxAge: null } } as unknown as SessionData, cb));
    expect(await ttlOf('n')).toBeGreaterThan(200);
  });

  it('keeps sessions forever with disableTTL, and ignores touch with disableTouch', async (ctx) => {
    const forever = await open(ctx, { disableTTL: true });
    await storeCall((cb) => forever.set('f', sessionExpiringIn(60_000, {}), cb));
    expect(await ttlOf('f')).toBe(-1); // no expiry
    const noTouch = await open(ctx, { disableTouch: true });
    await storeCall((cb) => noTouch.set('t', sessionExpiringIn(60_000, {}), cb));
    await storeCall((cb) => noTouch.touch!('t', sessionExpiringIn(600_000, {}), cb));
    expect(await ttlOf('t')).toBeLessThanOrEqual(60);
  });
});
