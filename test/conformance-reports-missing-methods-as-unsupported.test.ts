// Missing optional (and recommended) Store methods are `unsupported`, never `fail`; a store that
// drops its writes fails the checks that read back; a store without get/set/destroy fails the lot.
import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { checkStore } from '../harness/store-bench/conformance.ts';
import { openStore } from '../harness/store-bench/open-store.ts';
import { loadStore } from '../stores/load-store.ts';

const MAX_AGE = 3_600_000;
const timing = { shortMaxAgeMs: 200, graceMs: 500, pollMs: 25 };

async function statuses(spec: string): Promise<Record<string, string>> {
  const store = await openStore(await loadStore(spec), { services: { urls: {} }, maxAgeMs: MAX_AGE, cache: new Map() });
  if (store.status !== 'ready') throw new Error(`${spec}: ${store.status}`);
  try {
    const rows = await checkStore(store.store, { maxAgeMs: MAX_AGE, timing });
    return Object.fromEntries(rows.map((r) => [r.name, r.status]));
  } finally {
    await store.close();
  }
}

describe('conformance statuses', () => {
  it('a store with only get/set/destroy: optional and touch are unsupported, nothing fails', async () => {
    const rows = await statuses('./test/fixtures/stores/no-optional-methods-store.mjs');
    const unsupported = Object.keys(rows).filter((name) => rows[name] === 'unsupported');
    expect(unsupported.map((n) => n.split('(')[0])).toEqual([
      'recommended touch',
      'optional all',
      'optional length',
      'optional ids',
      'optional clear',
    ]);
    expect(Object.values(rows)).not.toContain('fail');
  });

  it('a store that acknowledges writes and keeps nothing fails the read-back checks', async () => {
    const rows = await statuses('./test/fixtures/stores/drop-writes-store.mjs');
    expect(rows['set → get round-trip keeps nested data (Dates come back as strings)']).toBe('fail');
    expect(rows['destroy → get returns nothing']).toBe('fail');
    expect(rows['concurrent set and get on one id']).toBe('fail');
    expect(rows['get: an unknown id returns nothing']).toBe('pass');
  });

  it('an object without get/set/destroy fails the required checks instead of crashing', async () => {
    const BareStore = session.Store as unknown as new () => session.Store; // abstract in @types only
    const rows = await checkStore(new BareStore(), { maxAgeMs: MAX_AGE, timing });
    const required = rows.filter((r) => r.level === 'required');
    expect(required.every((r) => r.status === 'fail')).toBe(true);
    expect(required[0]!.detail).toBe('missing: get, set, destroy');
    expect(rows.filter((r) => r.level !== 'required').every((r) => r.status === 'unsupported')).toBe(true);
  });
});
