// Builds the session objects the micro-bench and the contract checks write: shaped like what
// express-session hands a store (plain data plus a Cookie instance), sized to an exact JSON length.
import session from 'express-session';
import { randomBytes } from 'node:crypto';

export const MAX_PAYLOAD_BYTES = 1_000_000;

export type SessionObject = Record<string, unknown> & { cookie: session.Cookie };

/** A cookie as express-session makes it; JSON: { originalMaxAge, expires, httpOnly, path }. */
export function sessionCookie(maxAgeMs: number): session.Cookie {
  // The runtime constructor takes options; @types/express-session declares it without any.
  const Cookie = session.Cookie as unknown as new (opts: object) => session.Cookie;
  const cookie = new Cookie({ maxAge: maxAgeMs, httpOnly: true, path: '/' });
  // The constructor derives originalMaxAge from expires − now, one millisecond short when the clock
  // ticks in between: the configured maxAge is what the session was given.
  cookie.originalMaxAge = maxAgeMs;
  return cookie;
}

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function baseSession(maxAgeMs: number): SessionObject {
  return { cookie: sessionCookie(maxAgeMs), user: { id: 'u_104729', roles: ['user'] } };
}

function cartItem(i: number) {
  const n = String(i + 1).padStart(5, '0');
  return { sku: `SKU-${n}`, qty: (i % 3) + 1, priceCents: 1999 + (i % 1000), title: `Item ${n} in the cart` };
}

/** The smallest payload a session can have: cookie, a user id and roles. */
export function minPayloadBytes(maxAgeMs: number): number {
  return jsonBytes({ ...baseSession(maxAgeMs), pad: '' });
}

/**
 * A realistic logged-in session whose JSON is exactly `bytes` long: a user, a cart of items and
 * padding. Throws RangeError below minPayloadBytes().
 */
export function buildSession(bytes: number, maxAgeMs: number): SessionObject {
  const sess = baseSession(maxAgeMs);
  const base = minPayloadBytes(maxAgeMs);
  // Sizes below count the padding field (`,"pad":""`) that is added last.
  const size = () => jsonBytes(sess) + 9;
  if (bytes < base) throw new RangeError(`a session payload needs at least ${base} bytes, got ${bytes}`);
  if (bytes >= base + 120) {
    sess.user = { id: 'u_104729', name: 'Ada Lovelace', email: 'ada@example.com', roles: ['user'] };
    sess.csrfSecret = randomBytes(18).toString('base64url');
  }
  const cart: ReturnType<typeof cartItem>[] = [];
  if (jsonBytes({ ...sess, cart: [cartItem(0)] }) + 9 <= bytes) {
    sess.cart = cart;
    // Every item has the same size below 100 000 items: jump close, then settle one at a time.
    const itemBytes = jsonBytes(cartItem(0)) + 1;
    const estimate = Math.max(0, Math.floor((bytes - size()) / itemBytes) - 2);
    for (let i = 0; i < estimate; i++) cart.push(cartItem(i));
    while (size() + jsonBytes(cartItem(cart.length)) + 1 <= bytes) cart.push(cartItem(cart.length));
  }
  sess.pad = 'x'.repeat(bytes - size());
  return sess;
}

/** A copy of `sess` with a fresh cookie of `maxAgeMs` (as express-session's touch/rolling does). */
export function withCookie(sess: SessionObject, maxAgeMs: number): SessionObject {
  return { ...sess, cookie: sessionCookie(maxAgeMs) };
}
