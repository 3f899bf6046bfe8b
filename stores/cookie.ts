// cookie-session: the whole session lives in a signed cookie. The no-store baseline; the cookie
// (and every request) grows with the data.
import cookieSession from 'cookie-session';
import { defineStore } from './types.ts';

export default defineStore({
  name: 'cookie',
  description: 'cookie-session: client-side signed cookie, no server store',
  traits: { persistent: true, shared: true, clientSide: true },
  create({ maxAgeMs, secret }) {
    return {
      middleware: cookieSession({ name: 'sid', keys: [secret], maxAge: maxAgeMs, httpOnly: true, sameSite: 'lax' }),
    };
  },
});
