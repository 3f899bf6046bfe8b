// Work per action (results.json `work`) equals what express-session's own semantics imply for each
// option set (its tests shouldSetSessionInStore / shouldTouch; node_modules/express-session/index.js
// shouldSave, shouldTouch, shouldSetCookie): exact per-request counts, not rates.
import { describe, expect, it } from 'vitest';
import { runCell } from '../harness/cell/run-cell.ts';
import { sessionDefaults } from '../harness/plan/options.ts';
import type { CellOptions, CompletedRun } from '../harness/contracts/results.ts';
import type { WorkBucket } from '../harness/contracts/work.ts';
import { scenarios } from '../scenarios/index.ts';

const settings = { duration: 1, warmup: 0.5, connections: 4, pipelining: 1, repeat: 1, seed: 1 };

async function work(scenario: string, options: Partial<CellOptions>): Promise<Map<string, WorkBucket>> {
  const run = await runCell(
    {
      id: 'w',
      store: 'memory',
      storeSpec: 'memory',
      scenario: scenarios[scenario]!,
      options: { ...sessionDefaults(), ...options } as CellOptions,
      repeat: 1,
    },
    { settings },
  );
  expect(run.status, JSON.stringify(run)).toBe('completed');
  const buckets = (run as CompletedRun).work!.buckets;
  return new Map(buckets.map((b) => [`${b.action}|${b.cookie}`, b]));
}

/** Calls per request of a bucket that must be there with enough requests to mean something. */
function calls(m: Map<string, WorkBucket>, key: string) {
  const b = m.get(key);
  expect(b, `bucket ${key} in ${[...m.keys()].join(', ')}`).toBeDefined();
  expect(b!.requests).toBeGreaterThan(10);
  const { get, set, touch, destroy } = b!.perRequest;
  return { get, set, touch, destroy, b: b! };
}

describe('work per action follows express-session', () => {
  it('resave=false, rolling=false: a dashboard read is one get and one touch, no Set-Cookie', async () => {
    const { b, ...c } = calls(await work('read', { resave: false, rolling: false }), 'dashboard|sent');
    expect(c).toEqual({ get: 1, set: 0, touch: 1, destroy: 0 });
    expect(b.perRequest.setCookieBytes).toBe(0);
    expect(b.perRequest.cookieBytes).toBeGreaterThan(0);
    // What the store answered is the session the request ended with (a touch changes no length).
    expect(b.perRequest.storeBytesRead).toBeGreaterThan(100);
    expect(b.perRequest.sessionBytes).toBeCloseTo(b.perRequest.storeBytesRead, 6);
  });

  it('resave=true: the read becomes a set of the whole session', async () => {
    const { b, ...c } = calls(await work('read', { resave: true }), 'dashboard|sent');
    expect(c).toEqual({ get: 1, set: 1, touch: 0, destroy: 0 });
    expect(b.perRequest.storeBytesWritten).toBeCloseTo(b.perRequest.sessionBytes, 6);
  });

  it('rolling=true: still one get and one touch, and a Set-Cookie on every response', async () => {
    const { b, ...c } = calls(await work('read', { rolling: true }), 'dashboard|sent');
    expect(c).toEqual({ get: 1, set: 0, touch: 1, destroy: 0 });
    expect(b.perRequest.setCookieBytes).toBeGreaterThan(50);
  });

  it('saveUninitialized decides whether an anonymous home visit writes', async () => {
    const off = calls(await work('anonymous', { saveUninitialized: false }), 'home|none');
    expect([off.get, off.set, off.touch, off.destroy, off.b.perRequest.setCookieBytes]).toEqual([0, 0, 0, 0, 0]);
    const on = calls(await work('anonymous', { saveUninitialized: true }), 'home|none');
    expect([on.get, on.set, on.touch, on.destroy]).toEqual([0, 1, 0, 0]);
    expect(on.b.perRequest.setCookieBytes).toBeGreaterThan(50);
  });

  it('mixed: a login regenerates (destroy + set), a cart add is a get and a set, a logout a get and a destroy', async () => {
    const m = await work('mixed', {});
    expect(calls(m, 'cart|sent')).toMatchObject({ get: 1, set: 1, touch: 0, destroy: 0 });
    expect(calls(m, 'logout|sent')).toMatchObject({ get: 1, set: 0, touch: 0, destroy: 1 });
    expect(calls(m, 'login|none')).toMatchObject({ get: 0, set: 1, touch: 0, destroy: 1 });
    // A preference either changes the theme (a set) or not (a touch): one write-or-touch each.
    const pref = m.get('preferences|sent')!;
    expect(pref.perRequest.set + pref.perRequest.touch).toBeCloseTo(1, 9);
  });
});
