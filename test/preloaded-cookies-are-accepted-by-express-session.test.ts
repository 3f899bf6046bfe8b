// The population's cookies are signed the way express-session signs them: a cookie for a session
// preloaded through the store's own set reaches it, with the state the driver expects; a cookie
// signed with another secret does not.
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { populationSid, preloadedState, signedCookieValue } from '../harness/population/population.ts';
import { COOKIE_OPTIONS, sessionContent } from '../harness/server/session-content.ts';

const SECRET = 'the-cell-secret';
const MAX_AGE = 3_600_000;
const SEED = 42;
let base = '';
let close: () => void = () => undefined;
const store = new session.MemoryStore();

beforeAll(async () => {
  const content = sessionContent({});
  for (let i = 0; i < 20; i++) {
    const { sid, sess } = content.preloaded(SEED, i, { baseMs: Date.now(), maxAgeMs: MAX_AGE, minExpiresIn: 0.001 });
    await new Promise<void>((resolve, reject) =>
      store.set(sid, sess as session.SessionData, (e) => (e ? reject(e) : resolve())),
    );
  }
  const app = express();
  app.use(
    session({
      store,
      secret: SECRET,
      name: 'sid',
      resave: false,
      saveUninitialized: false,
      cookie: { ...COOKIE_OPTIONS, maxAge: MAX_AGE },
    }),
  );
  app.get('/me', (req, res) => {
    const s = req.session as unknown as { userId?: string; cartAdds?: number; theme?: string };
    if (!s.userId) return void res.status(401).end();
    res.json({ userId: s.userId, cartAdds: s.cartAdds, theme: s.theme });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const me = (cookie: string) => fetch(`${base}/me`, { headers: { cookie } });

describe('preloaded sessions resume with signed cookies', () => {
  it('every preloaded session is found, holding what preloadedState says', async () => {
    for (const i of [0, 7, 19]) {
      const res = await me(`sid=${signedCookieValue(populationSid(SEED, i), SECRET)}`);
      expect(res.status).toBe(200);
      const st = preloadedState(SEED, i);
      expect(await res.json()).toEqual({ userId: st.userId, cartAdds: st.cartItems, theme: st.theme });
    }
  });

  it('a cookie signed with another secret is refused', async () => {
    const res = await me(`sid=${signedCookieValue(populationSid(SEED, 3), 'another-secret')}`);
    expect(res.status).toBe(401);
  });

  it('the sessions are in the store in its own format, expiring within maxAge', async () => {
    const n = await new Promise<number>((resolve) => store.length((_e, len) => resolve(len ?? 0)));
    expect(n).toBe(20);
    const raw = (store as unknown as { sessions: Record<string, string> }).sessions[populationSid(SEED, 5)]!;
    const parsed = JSON.parse(raw) as { cookie: { originalMaxAge: number; expires: string }; passport?: unknown };
    expect(parsed.cookie.originalMaxAge).toBe(MAX_AGE);
    const left = Date.parse(parsed.cookie.expires) - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(MAX_AGE);
    expect(parsed.passport).toBeDefined(); // the realistic default payload
  });
});
