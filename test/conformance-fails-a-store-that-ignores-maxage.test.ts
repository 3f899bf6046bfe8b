// The contract suite's expiry check fails a store that keeps sessions for ever and passes
// express-session's MemoryStore, which drops an expired session when it is read.
import { afterEach, describe, expect, it } from 'vitest';
import { checkStore } from '../harness/store-bench/conformance.ts';
import { openStore, type OpenedStore } from '../harness/store-bench/open-store.ts';
import type { CheckResult } from '../harness/contracts/store-bench.ts';
import { loadStore } from '../stores/load-store.ts';

const MAX_AGE = 3_600_000;
// Short but real waits: the suite sleeps until the expiry, then polls up to graceMs.
const timing = { shortMaxAgeMs: 300, graceMs: 700, pollMs: 25 };
const opened: OpenedStore[] = [];

async function check(spec: string): Promise<Map<string, CheckResult>> {
  const store = await openStore(await loadStore(spec), { services: { urls: {} }, maxAgeMs: MAX_AGE, cache: new Map() });
  opened.push(store);
  if (store.status !== 'ready') throw new Error(`${spec}: ${store.status}`);
  const rows = await checkStore(store.store, { maxAgeMs: MAX_AGE, timing });
  return new Map(rows.map((r) => [r.name.split(':')[0]!, r]));
}

afterEach(async () => {
  for (const o of opened.splice(0)) if (o.status === 'ready') await o.close();
});

describe('expiry check', () => {
  it('fails the never-expiring store, and only on expiry', async () => {
    const rows = await check('./test/fixtures/stores/never-expiring-store.mjs');
    expect(rows.get('expiry')).toMatchObject({ status: 'fail', level: 'required' });
    expect(rows.get('expiry')!.detail).toMatch(/still returned .* ignores maxAge/);
    const failed = [...rows.values()].filter((r) => r.status === 'fail').map((r) => r.name);
    expect(failed).toEqual([rows.get('expiry')!.name]);
    // Its touch is a no-op: the suite says it cannot tell, instead of crediting it.
    expect(rows.get('recommended touch()')!.detail).toMatch(/inconclusive/);
  });

  it("passes express-session's MemoryStore, whose touch extends the expiry", async () => {
    const rows = await check('memory');
    expect(rows.get('expiry')).toMatchObject({ status: 'pass' });
    expect(rows.get('recommended touch()')).toMatchObject({ status: 'pass' });
    expect(rows.get('recommended touch()')!.detail).toMatch(/untouched twin had expired/);
    expect([...rows.values()].filter((r) => r.status === 'fail')).toEqual([]);
  });
});
