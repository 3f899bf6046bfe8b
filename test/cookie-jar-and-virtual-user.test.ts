// The per-user jar keeps, replaces and expires cookies like a browser; users choose reproducibly.
import { describe, expect, it } from 'vitest';
import { CookieJar } from '../harness/load/cookie-jar.ts';
import { VirtualUser } from '../harness/load/virtual-user.ts';
import { scenarios } from '../scenarios/index.ts';

describe('CookieJar', () => {
  it('keeps name=value, replaces on a new Set-Cookie and drops cleared cookies', () => {
    const jar = new CookieJar();
    jar.apply('sid=abc; Path=/; HttpOnly; SameSite=Lax');
    expect(jar.cookieHeader()).toBe('sid=abc');
    jar.apply(['sid=def; Path=/', 'other=1; Path=/']);
    expect(jar.cookieHeader()).toBe('sid=def; other=1');
    jar.apply('sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(jar.cookieHeader()).toBe('other=1');
  });

  it('drops a cookie once its Max-Age has passed', () => {
    const jar = new CookieJar();
    jar.apply('sid=abc; Max-Age=1', 1_000);
    expect(jar.cookieHeader(1_500)).toBe('sid=abc');
    expect(jar.cookieHeader(2_001)).toBe('');
  });
});

describe('VirtualUser', () => {
  const actions = (seed: number) => {
    const u = new VirtualUser(0, false, scenarios.mixed!, seed, 't');
    return Array.from({ length: 50 }, () => {
      const req = u.next();
      u.onResponse(200, req.path === '/login' ? 'sid=x; Path=/' : undefined);
      return req.path;
    });
  };

  it('logs in first, then picks by weight, the same way for the same seed', () => {
    const a = actions(7);
    expect(a[0]).toBe('/login');
    expect(a).toEqual(actions(7));
    expect(a).not.toEqual(actions(8));
  });

  it('sends the cookie it was given and only the anonymous user never does', () => {
    const u = new VirtualUser(0, false, scenarios.read!, 1, 't');
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    expect(u.next().headers.cookie).toBe('sid=s1');
    const anon = new VirtualUser(1, true, scenarios.mixed!, 1, 't');
    anon.next();
    anon.onResponse(200, 'sid=s2; Path=/');
    const req = anon.next();
    expect(req.path).toBe('/');
    expect(req.headers.cookie).toBeUndefined();
  });

  it('counts a 401 on a live session as lost, and abandons after the churn limit', () => {
    const u = new VirtualUser(0, false, scenarios.read!, 1, 't', 60_000);
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    u.next();
    u.onResponse(401, undefined);
    expect(u.sessionsLost).toBe(1);
    expect(u.next().path).toBe('/login');

    const c = new VirtualUser(0, false, scenarios.churn!, 1, 't');
    c.next();
    c.onResponse(200, 'sid=s1; Path=/');
    for (let i = 0; i < scenarios.churn!.abandonAfter!; i++) {
      c.next();
      c.onResponse(200, undefined);
    }
    const again = c.next();
    expect(again.path).toBe('/login');
    expect(again.headers.cookie).toBeUndefined();
  });
});
