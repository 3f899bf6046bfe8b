// The store contract suite (what `npm run bench:store -- --conformance` runs) over every built-in
// store in the registry: each passes every check, and keeps a session until its cookie expires.
// cookie has no server-side Store: not applicable. A container store whose server cannot be had is
// skipped with the reason printed (REQUIRE_DOCKER=1 makes that a failure, except for mongo).
import type { SessionData, Store } from 'express-session';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { stopAllServices, type ServiceOutcome } from '../harness/services/index.ts';
import { ALL_CHECKS } from '../harness/store-bench/conformance.ts';
import { runConformanceSuite } from '../harness/store-bench/index.ts';
import { openStore, type OpenedStore } from '../harness/store-bench/open-store.ts';
import type { StoreBenchPlan } from '../harness/store-bench/store-bench-args.ts';
import { builtinStores } from '../stores/index.ts';
import type { ServiceKind, StoreDefinition } from '../stores/types.ts';
import { needService, serviceForTest } from './helpers/services.ts';
import { sessionExpiringIn, storeCall } from './helpers/store-calls.ts';

/** Stores that keep the session in the cookie: the suite has no Store to check. */
const CLIENT_SIDE = new Set(['cookie']);
const MAX_AGE_MS = 3_600_000;
const DEFS = Object.values(builtinStores);
const outcomes = new Map<ServiceKind, ServiceOutcome>();

beforeAll(async () => {
  const kinds = new Set(DEFS.flatMap((d) => (d.service ? [d.service] : [])));
  for (const kind of kinds) outcomes.set(kind, await serviceForTest(kind));
});
afterAll(() => stopAllServices());

/** Skips the test (printing why) unless the store's service is up; the suite then reuses it. */
function needServiceOf(ctx: TestContext, def: StoreDefinition) {
  if (def.service) needService(ctx, def.service, outcomes.get(def.service));
}

function planFor(def: StoreDefinition): StoreBenchPlan {
  return {
    stores: [{ spec: def.name, load: def.name, def }],
    namedStores: true,
    conformance: true,
    payloads: [],
    timeMs: 0,
    warmupMs: 0,
    poolSize: 0,
    maxAgeMs: MAX_AGE_MS,
    out: '',
    services: { urls: {} },
  };
}

describe.each(DEFS.map((d) => [d.name, d] as const))('%s', (name, def) => {
  if (CLIENT_SIDE.has(name)) {
    it('is not applicable: no server-side Store to check', async () => {
      const file = await runConformanceSuite(planFor(def));
      expect(file.stores).toMatchObject([
        { store: name, status: 'not-applicable', checks: [], reason: expect.stringMatching(/client-side cookie/) },
      ]);
    });
    return;
  }

  it('passes every check of the store contract', async (ctx) => {
    needServiceOf(ctx, def);
    const file = await runConformanceSuite(planFor(def));
    const [row] = file.stores;
    expect(row, row && 'reason' in row ? row.reason : undefined).toMatchObject({ store: name, status: 'checked' });
    const checks = row!.checks;
    // Every check ran (none dropped by an early stop), and none failed.
    expect(checks.map((c) => c.name)).toEqual(ALL_CHECKS.map((c) => c.name));
    const failed = checks.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.detail}`);
    expect(failed).toEqual([]);
    for (const c of checks.filter((c) => c.level === 'required'))
      expect(c.status, `${c.name}: ${c.detail}`).toBe('pass');
    // A store with touch() must show it: the touched session outlived an untouched twin that expired.
    const touch = checks.find((c) => c.name.startsWith('recommended touch()'))!;
    if (touch.status !== 'unsupported') expect(touch.detail).toMatch(/untouched twin had expired/);
    expect(file.partial).toBeUndefined();
  });

  // Not (yet) in the suite, whose expiry check reads the session only right after writing it.
  it('returns a session for every read that finishes before its cookie expires', async (ctx) => {
    needServiceOf(ctx, def);
    const opened: OpenedStore = await openStore(def, {
      services: { urls: {} },
      maxAgeMs: MAX_AGE_MS,
      cache: new Map(),
    });
    expect(opened.status, 'reason' in opened ? opened.reason : '').toBe('ready');
    if (opened.status !== 'ready') return;
    try {
      const store: Store = opened.store;
      const get = (id: string) => storeCall<SessionData | null>((cb) => store.get(id, cb));
      const lifetimeMs = 1_500;
      const sess = sessionExpiringIn(lifetimeMs, { user: 'alice' });
      const expiresAt = (sess.cookie.expires as Date).getTime();
      const sid = `contract-${Math.random().toString(36).slice(2)}`;
      await storeCall((cb) => store.set(sid, sess, cb));
      // Read until it expires: each read that answered before the expiry must have found it. A read
      // that ends after the expiry proves nothing either way, so a slow machine cannot fail this.
      let early = 0;
      let reads = 0;
      while (Date.now() < expiresAt) {
        const got = await get(sid);
        if (Date.now() >= expiresAt) break;
        reads++;
        if (!got) early++;
        await new Promise((r) => setTimeout(r, lifetimeMs / 10));
      }
      expect(reads).toBeGreaterThan(0);
      expect(early, `${early} of ${reads} reads before the expiry found nothing`).toBe(0);
      await storeCall((cb) => store.destroy(sid, cb));
    } finally {
      await opened.close();
    }
  });
});
