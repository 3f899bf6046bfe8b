// What the app puts in a session: the fields it reads back (user, cart, theme) plus the payload
// (population/payload.ts). One builder for a fresh login and for the preloaded population, so both
// are the same shape and size.
import session from 'express-session';
import { padSession, payloadFor, type PayloadConfig } from '../population/payload.ts';
import { populationSid, preloadedState } from '../population/population.ts';

/** The session cookie's options in the app (main.ts passes them to express-session). */
export const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', secure: false, path: '/' } as const;

export interface SessionContent {
  /** The data a login puts into a fresh session (regenerated: it has only its cookie). */
  login(userId: string): Record<string, unknown>;
  /** Pads a session to the configured size once its data is in place. */
  pad(session: Record<string, unknown>): void;
  /** Preloaded session `index`: its id and the object express-session would hand the store's set. */
  preloaded(
    seed: number,
    index: number,
    at: { baseMs: number; maxAgeMs: number; minExpiresIn: number },
  ): { sid: string; sess: object };
}

export function sessionContent(config: PayloadConfig): SessionContent {
  const login = (userId: string) => ({
    ...payloadFor(config, userId),
    userId,
    name: `User ${userId}`,
    cart: [] as unknown[],
    cartAdds: 0,
    theme: 'light',
  });
  const pad = (s: Record<string, unknown>) => padSession(s, config.padToBytes);
  return {
    login,
    pad,
    preloaded(seed, index, { baseMs, maxAgeMs, minExpiresIn }) {
      const st = preloadedState(seed, index, minExpiresIn);
      const cart = Array.from({ length: st.cartItems }, (_, i) => ({
        sku: `sku-${(index * 7 + i) % 1000}`,
        qty: 1 + (i % 3),
        at: baseMs - (i + 1) * 60_000,
      }));
      const sess: Record<string, unknown> = {
        cookie: cookieExpiring(baseMs + st.expiresIn * maxAgeMs, maxAgeMs),
        ...login(st.userId),
        cart,
        cartAdds: st.cartItems,
        theme: st.theme,
      };
      pad(sess);
      return { sid: populationSid(seed, index), sess };
    },
  };
}

/** express-session's own Cookie, as a live session leaves it: originalMaxAge = maxAge, expiring at `at`. */
function cookieExpiring(at: number, maxAgeMs: number): session.Cookie {
  // The runtime constructor takes options; @types/express-session declares it without any.
  const Cookie = session.Cookie as unknown as new (opts: object) => session.Cookie;
  const cookie = new Cookie({ ...COOKIE_OPTIONS, maxAge: maxAgeMs });
  cookie.expires = new Date(at);
  // The expires setter sets originalMaxAge to the time left; a live session keeps the configured one.
  cookie.originalMaxAge = maxAgeMs;
  return cookie;
}
