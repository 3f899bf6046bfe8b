// The micro-bench gives complete, positive numbers for every op and payload of the embedded
// stores; a store that drops writes and one whose service is unavailable become rows with a reason.
import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { benchStore } from '../harness/store-bench/micro-bench.ts';
import { openStore } from '../harness/store-bench/open-store.ts';
import { BENCH_OPS } from '../harness/contracts/store-bench.ts';
import { loadStore } from '../stores/load-store.ts';
import type { StoreDefinition } from '../stores/types.ts';

const MAX_AGE = 3_600_000;
const quick = { payloads: [200, 2_000], timeMs: 20, warmupMs: 10, poolSize: 50, maxAgeMs: MAX_AGE };

async function bench(spec: string) {
  const store = await openStore(await loadStore(spec), { services: { urls: {} }, maxAgeMs: MAX_AGE, cache: new Map() });
  if (store.status !== 'ready') throw new Error(`${spec}: ${store.status}`);
  try {
    return await benchStore(store.name, store.store, quick);
  } finally {
    expect(await store.close()).toBeUndefined();
  }
}

describe('micro-bench', () => {
  it.each(['memory', 'memorystore', 'sqlite'])('%s: every op at every payload, all positive', async (name) => {
    const out = await bench(name);
    expect(out.notMeasured).toEqual([]);
    const cells = out.results.map((r) => `${r.op}@${r.payloadBytes}`).sort();
    expect(cells).toEqual(quick.payloads.flatMap((p) => BENCH_OPS.map((op) => `${op}@${p}`)).sort());
    for (const r of out.results) {
      expect(r.store).toBe(name);
      expect(r.opsPerSec).toBeGreaterThan(0);
      expect(r.samples).toBeGreaterThan(0);
      expect(r.latencyMs.mean).toBeGreaterThan(0);
      expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.p50);
    }
  });

  it('a store that drops writes is not measured: its numbers would mean nothing', async () => {
    const out = await bench('./test/fixtures/stores/drop-writes-store.mjs');
    expect(out.results).toEqual([]);
    expect(out.notMeasured).toHaveLength(BENCH_OPS.length * quick.payloads.length);
    expect(out.notMeasured[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/not returned by get/),
    });
  });

  it('a store without touch reports touch as unsupported and measures the rest', async () => {
    const out = await bench('./test/fixtures/stores/no-optional-methods-store.mjs');
    expect(out.notMeasured.map((n) => `${n.status}:${n.op}`)).toEqual(['unsupported:touch', 'unsupported:touch']);
    expect(out.results).toHaveLength((BENCH_OPS.length - 1) * quick.payloads.length);
  });

  it('an op whose callback never comes fails after the stall limit; the store is not driven further', async () => {
    const store = new session.MemoryStore();
    store.touch = () => undefined; // never calls back
    const out = await benchStore('silent-touch', store, { ...quick, stallLimitMs: 300 });
    expect(out.results.map((r) => r.op)).toEqual(['get-hit', 'get-miss', 'set-new', 'set-overwrite']);
    expect(out.notMeasured).toEqual([
      {
        store: 'silent-touch',
        op: 'touch',
        payloadBytes: 200,
        status: 'failed',
        reason: 'touch did not finish within 300 ms (a callback never came?)',
      },
    ]);
  });

  it('an op that calls back an error is a failed cell with the message; the other ops are measured', async () => {
    const store = new session.MemoryStore();
    const fail = (cb?: (err?: unknown) => void) => setImmediate(() => cb?.(new Error('read-only replica')));
    store.touch = (_sid, _sess, cb) => fail(cb as (err?: unknown) => void);
    const out = await benchStore('read-only', store, { ...quick, payloads: [200] });
    expect(out.results).toHaveLength(BENCH_OPS.length - 1);
    expect(out.notMeasured).toMatchObject([
      { op: 'touch', status: 'failed', reason: 'touch failed: read-only replica' },
    ]);
  });

  it('a store whose service is unavailable is skipped with the reason, without calling create', async () => {
    let created = false;
    const def: StoreDefinition = {
      name: 'needs-redis',
      service: 'redis',
      create: () => {
        created = true;
        return {};
      },
    };
    const cache = new Map([
      ['redis' as const, Promise.resolve({ ok: false as const, reason: 'no redis in this test' })],
    ]);
    const opened = await openStore(def, { services: { urls: {} }, maxAgeMs: MAX_AGE, cache });
    expect(opened).toEqual({ status: 'skipped', name: 'needs-redis', reason: 'no redis in this test' });
    expect(created).toBe(false);
  });

  it('the cookie store has no Store: not applicable', async () => {
    const opened = await openStore(await loadStore('cookie'), {
      services: { urls: {} },
      maxAgeMs: MAX_AGE,
      cache: new Map(),
    });
    expect(opened).toMatchObject({ status: 'not-applicable', reason: expect.stringMatching(/client-side cookie/) });
  });
});
