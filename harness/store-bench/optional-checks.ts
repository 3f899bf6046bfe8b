// Optional Store methods (all, length, ids, clear): a store without one reports `unsupported`; a
// store that has one must answer correctly. clear runs last: it empties the store.
import { randomBytes } from 'node:crypto';
import { smallSession } from './basic-checks.ts';
import type { Check, CheckContext, Verdict } from './conformance.ts';

const pass = (detail: string): Verdict => ({ status: 'pass', detail });
const fail = (detail: string): Verdict => ({ status: 'fail', detail });

/** Writes `n` sessions carrying one random marker; returns their ids and the marker. */
async function writeMarked(ctx: CheckContext, n: number) {
  const marker = randomBytes(8).toString('hex');
  const sids = Array.from({ length: n }, () => ctx.newSid());
  for (const sid of sids) await ctx.s.set(sid, { ...smallSession(ctx), marker });
  return { sids, marker };
}

const all: Check = {
  name: 'optional all(): lists stored sessions',
  level: 'optional',
  subject: 'all',
  async run(ctx) {
    const { sids, marker } = await writeMarked(ctx, 2);
    const got = await ctx.s.all();
    if (typeof got !== 'object' || got === null) return fail(`returned ${String(got)}, not sessions`);
    // express-session documents an array; MemoryStore answers an object keyed by id: accept both.
    const shape = Array.isArray(got) ? 'an array' : 'an object keyed by id';
    const sessions = Object.values(got) as unknown[];
    const found = sessions.filter((v) => (v as { marker?: unknown } | null)?.marker === marker).length;
    if (!Array.isArray(got) && !sids.every((sid) => sid in got)) return fail(`${shape} without the ids just written`);
    return found === sids.length
      ? pass(`${shape} of ${sessions.length} sessions, including the ${sids.length} just written`)
      : fail(`found ${found} of the ${sids.length} sessions just written among ${sessions.length}`);
  },
};

const length: Check = {
  name: 'optional length(): counts sessions',
  level: 'optional',
  subject: 'length',
  async run(ctx) {
    const before = await ctx.s.length();
    if (typeof before !== 'number') return fail(`called back with ${JSON.stringify(before)}, not a number`);
    const { sids } = await writeMarked(ctx, 3);
    const after = await ctx.s.length();
    await ctx.s.destroy(sids[0]!);
    const afterDestroy = await ctx.s.length();
    if (after !== before + 3) return fail(`3 sessions written: ${String(before)} → ${String(after)}`);
    if (afterDestroy !== after - 1) return fail(`1 session destroyed: ${String(after)} → ${String(afterDestroy)}`);
    return pass(`${before} → ${after} after 3 writes → ${afterDestroy} after a destroy`);
  },
};

const ids: Check = {
  name: 'optional ids(): lists session ids',
  level: 'optional',
  subject: 'ids',
  async run(ctx) {
    const { sids } = await writeMarked(ctx, 2);
    const got = await ctx.s.ids();
    if (!Array.isArray(got)) return fail(`called back with ${typeof got}, not an array`);
    const missing = sids.filter((sid) => !got.includes(sid));
    return missing.length
      ? fail(`${missing.length} of the ${sids.length} ids just written are missing`)
      : pass(`${got.length} ids, including the ${sids.length} just written`);
  },
};

const clear: Check = {
  name: 'optional clear(): removes every session',
  level: 'optional',
  subject: 'clear',
  async run(ctx) {
    const { sids } = await writeMarked(ctx, 2);
    await ctx.s.clear();
    const left = (await Promise.all(sids.map((sid) => ctx.s.get(sid)))).filter((v) => v !== null && v !== undefined);
    return left.length
      ? fail(`${left.length} of ${sids.length} sessions still readable after clear()`)
      : pass('sessions written before clear() read as nothing');
  },
};

export const OPTIONAL_CHECKS: Check[] = [all, length, ids, clear];
