// Expiry behaviour: a session whose cookie maxAge has passed must not come back, and touch() must
// push the expiry out. Both wait for a real expiry (shortMaxAgeMs), then poll with a deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { smallSession } from './basic-checks.ts';
import type { Check, CheckContext, Verdict } from './conformance.ts';
import { firstDifference, normalizeCookie, viaJson } from './json-diff.ts';
import { withCookie } from './session-payload.ts';

const pass = (detail: string): Verdict => ({ status: 'pass', detail });
const fail = (detail: string): Verdict => ({ status: 'fail', detail });
const isNothing = (v: unknown) => v === null || v === undefined;

async function sleepUntil(at: number, signal?: AbortSignal) {
  const ms = at - Date.now();
  if (ms > 0) await sleep(ms, undefined, signal ? { signal } : {});
}

/** Reads `sid` every pollMs until it reads as nothing or `deadline` passes; ms past expiry, or undefined. */
async function pollUntilGone(ctx: CheckContext, sid: string, expiresAt: number): Promise<number | undefined> {
  const deadline = expiresAt + ctx.timing.graceMs;
  for (;;) {
    if (isNothing(await ctx.s.get(sid))) return Math.max(0, Date.now() - expiresAt);
    if (Date.now() >= deadline) return undefined;
    await sleep(
      Math.min(ctx.timing.pollMs, Math.max(1, deadline - Date.now())),
      undefined,
      ctx.signal ? { signal: ctx.signal } : {},
    );
  }
}

/** Writes a session that expires in shortMaxAgeMs; fails early if it is not even readable. */
async function writeShortLived(ctx: CheckContext, sid: string) {
  const sess = withCookie(smallSession(ctx), ctx.timing.shortMaxAgeMs);
  await ctx.s.set(sid, sess);
  const readable = !isNothing(await ctx.s.get(sid));
  return { sess, expiresAt: (sess.cookie.expires as Date).getTime(), readable };
}

const expiry: Check = {
  name: 'expiry: a session whose cookie maxAge has passed is not returned',
  level: 'required',
  timed: true,
  async run(ctx) {
    const sid = ctx.newSid();
    const { expiresAt, readable } = await writeShortLived(ctx, sid);
    if (!readable) return fail('the session was not returned even before its expiry');
    await sleepUntil(expiresAt, ctx.signal);
    const late = await pollUntilGone(ctx, sid, expiresAt);
    const maxAge = ctx.timing.shortMaxAgeMs;
    return late === undefined
      ? fail(
          `still returned ${ctx.timing.graceMs} ms after its cookie (maxAge ${maxAge} ms) expired: the store ignores maxAge, sessions live for ever`,
        )
      : pass(`maxAge ${maxAge} ms: not returned ${late} ms after the expiry`);
  },
};

const touch: Check = {
  name: 'recommended touch(): extends the expiry',
  level: 'recommended',
  subject: 'touch',
  missingNote: 'express-session then cannot extend an unmodified session without rewriting it (resave)',
  timed: true,
  async run(ctx) {
    const [control, touched] = [ctx.newSid(), ctx.newSid()];
    const { expiresAt } = await writeShortLived(ctx, control);
    const { sess, readable } = await writeShortLived(ctx, touched);
    if (!readable) return fail('the session was not returned even before its expiry');
    // As express-session does: the same data with a reset cookie, now outliving the whole check.
    await ctx.s.touch(touched, withCookie(sess, ctx.timing.shortMaxAgeMs + ctx.timing.graceMs + 2_000));
    await sleepUntil(expiresAt, ctx.signal);
    const controlGone = (await pollUntilGone(ctx, control, expiresAt)) !== undefined;
    const got = await ctx.s.get(touched);
    if (isNothing(got)) return fail('the touched session was gone at its original expiry: touch did not extend it');
    const { cookie: _c, ...data } = normalizeCookie(got) as Record<string, unknown>;
    const { cookie: _e, ...expected } = viaJson(sess) as Record<string, unknown>;
    const diff = firstDifference(expected, data);
    if (diff) return fail(`touch changed the session data: ${diff}`);
    return controlGone
      ? pass('still returned after its original expiry, while an untouched twin had expired')
      : pass('inconclusive: still returned, but an untouched twin did not expire either (see the expiry check)');
  },
};

export const EXPIRY_CHECKS: Check[] = [expiry, touch];
