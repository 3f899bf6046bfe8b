// A preloaded population of sessions: each one's id, what it holds, when it expires, and the signed
// cookie that resumes it. Everything follows from (seed, index), so the server process (which writes
// the sessions through the store's own set) and the load driver (which resumes them) agree without
// passing 100,000 ids over IPC.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** express-session's own signer (its nested copy of cookie-signature): the cookies are what it accepts. */
const signature = createRequire(require.resolve('express-session'))('cookie-signature') as {
  sign(value: string, secret: string): string;
};

/** The session cookie's name in the app under test (harness/server/main.ts). */
export const SESSION_COOKIE = 'sid';

/** What preloaded session `index` holds for the app's routes (the rest is payload). */
export interface PreloadedState {
  userId: string;
  cartItems: number;
  theme: 'light' | 'dark';
  /** Where in its life the session is: it expires at preload time + expiresIn × maxAge. */
  expiresIn: number;
}

/** splitmix32: a well-mixed 32-bit hash of (seed, index, salt) as a number in [0, 1). */
function unit(seed: number, index: number, salt: number): number {
  let z = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35) + salt) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
}

/** A 32-character id like express-session's (uid-safe, 24 bytes base64url), unique per (seed, index). */
export function populationSid(seed: number, index: number): string {
  return crypto.createHash('sha256').update(`session-bench:${seed}:${index}`).digest('base64url').slice(0, 32);
}

/**
 * Expiries spread evenly over maxAge, as sessions last used at random times in the past maxAge are
 * left, except the first `minExpiresIn` of it: no preloaded session expires while the cell runs
 * (that would be a logout the scenario did not ask for, answered 401).
 */
export function preloadedState(seed: number, index: number, minExpiresIn = 0.001): PreloadedState {
  return {
    userId: `pop-${index}`,
    cartItems: Math.floor(unit(seed, index, 1) * 4),
    theme: unit(seed, index, 2) < 0.3 ? 'dark' : 'light',
    expiresIn: minExpiresIn + (1 - minExpiresIn) * unit(seed, index, 3),
  };
}

/** The share of maxAge a preloaded session has left at least: the cell's span, at most half of maxAge. */
export function minExpiresIn(spanMs: number, maxAgeMs: number): number {
  return Math.min(0.5, Math.max(0.001, spanMs / maxAgeMs));
}

/** The cookie's value as express-session sets it: the URI-encoded `s:<sid>.<hmac>`. */
export function signedCookieValue(sid: string, secret: string): string {
  return encodeURIComponent(`s:${signature.sign(sid, secret)}`);
}
