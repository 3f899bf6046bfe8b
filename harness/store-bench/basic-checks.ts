// Required behaviour every express-session Store needs: the core methods exist, an unknown id
// reads as nothing, data survives a round trip, destroy removes, concurrent calls on one id are safe.
import type { Check, CheckContext, Verdict } from './conformance.ts';
import { firstDifference, matchesOne, normalizeCookie, viaJson } from './json-diff.ts';
import { buildSession, minPayloadBytes } from './session-payload.ts';

const pass = (detail: string): Verdict => ({ status: 'pass', detail });
const fail = (detail: string): Verdict => ({ status: 'fail', detail });
const isNothing = (v: unknown) => v === null || v === undefined;

/** A small logged-in session with the cookie maxAge of the run. */
export const smallSession = (ctx: CheckContext) => buildSession(minPayloadBytes(ctx.maxAgeMs), ctx.maxAgeMs);

const coreMethods: Check = {
  name: 'required: get, set and destroy are functions',
  level: 'required',
  needsCore: false,
  async run({ s }) {
    const missing = (['get', 'set', 'destroy'] as const).filter((m) => !s.has(m));
    return missing.length ? fail(`missing: ${missing.join(', ')}`) : pass('get, set and destroy are present');
  },
};

const unknownId: Check = {
  name: 'get: an unknown id returns nothing',
  level: 'required',
  async run(ctx) {
    const got = await ctx.s.get(ctx.newSid());
    return isNothing(got)
      ? pass(`called back with ${String(got)} and no error`)
      : fail(`returned ${JSON.stringify(got).slice(0, 80)}`);
  },
};

function nestedSession(ctx: CheckContext) {
  return {
    ...smallSession(ctx),
    user: { id: 'u_1', roles: ['admin', 'user'], profile: { address: { city: 'Zürich', zip: '8001' }, tags: [] } },
    cart: [
      { sku: 'A-1', qty: 2 },
      { sku: 'B-2', qty: 1, options: { gift: true, note: null } },
    ],
    numbers: { zero: 0, negative: -1.5, maxSafe: Number.MAX_SAFE_INTEGER },
    flags: { on: true, off: false, none: null },
    text: 'ünïcødé ✓ "quoted" \\ back\nslash',
    lastLogin: new Date('2026-01-02T03:04:05.678Z'),
  };
}

const roundTrip: Check = {
  name: 'set → get round-trip keeps nested data (Dates come back as strings)',
  level: 'required',
  async run(ctx) {
    const sid = ctx.newSid();
    const sess = nestedSession(ctx);
    await ctx.s.set(sid, sess);
    const got = await ctx.s.get(sid);
    if (isNothing(got)) return fail('get returned nothing right after set');
    if (got === (sess as unknown))
      return fail('get returned the very object that was set: later changes would leak into the store');
    const diff = firstDifference(viaJson(sess), normalizeCookie(got));
    return diff
      ? fail(diff)
      : pass('nested objects, arrays, numbers, null and unicode came back; the Date as an ISO string');
  },
};

const destroyRemoves: Check = {
  name: 'destroy → get returns nothing',
  level: 'required',
  async run(ctx) {
    const sid = ctx.newSid();
    await ctx.s.set(sid, smallSession(ctx));
    if (isNothing(await ctx.s.get(sid))) return fail('get returned nothing right after set');
    await ctx.s.destroy(sid);
    const got = await ctx.s.get(sid);
    return isNothing(got)
      ? pass('the destroyed session reads as nothing')
      : fail('get still returns the destroyed session');
  },
};

const WRITERS = 8;

const concurrent: Check = {
  name: 'concurrent set and get on one id',
  level: 'required',
  async run(ctx) {
    const sid = ctx.newSid();
    const base = smallSession(ctx);
    const versions = Array.from({ length: WRITERS }, (_, i) => ({ ...base, version: i, body: `v${i}-`.repeat(40) }));
    const expected = versions.map(viaJson);
    // Interleaved as browsers do with parallel requests: set, get, set, get…
    const calls = versions.flatMap((v) => [ctx.s.set(sid, v), ctx.s.get(sid)]);
    const settled = await Promise.allSettled(calls);
    const errors = settled.filter((r) => r.status === 'rejected');
    if (errors.length)
      return fail(
        `${errors.length} of ${calls.length} calls failed: ${String((errors[0] as PromiseRejectedResult).reason?.message ?? errors[0])}`,
      );
    const reads = settled.filter((_, i) => i % 2 === 1).map((r) => (r as PromiseFulfilledResult<unknown>).value);
    const torn = reads.filter((r) => !isNothing(r) && matchesOne(expected, r) < 0);
    if (torn.length) return fail(`${torn.length} of ${WRITERS} reads returned something no writer wrote`);
    const last = await ctx.s.get(sid);
    const version = matchesOne(expected, last);
    if (version < 0)
      return fail(
        isNothing(last)
          ? 'after the writes, get returned nothing'
          : 'after the writes, get returned something no writer wrote',
      );
    return pass(
      `${calls.length} calls without error; every read was a whole version; the final read is version ${version} of 0–${WRITERS - 1}`,
    );
  },
};

export const BASIC_CHECKS: Check[] = [coreMethods, unknownId, roundTrip, destroyRemoves, concurrent];
