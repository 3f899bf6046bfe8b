// A pipelined virtual user behaves like a browser: nothing else of its session goes out while a
// login, logout or write is in flight, reads share the pipeline, and requests a dead connection
// took with it make the session unverifiable instead of being guessed at.
import { describe, expect, it } from 'vitest';
import { VirtualUser } from '../harness/load/virtual-user.ts';
import type { Scenario } from '../scenarios/types.ts';

const scenario = (weights: Scenario['weights'], abandonAfter?: number): Scenario => ({
  name: 't',
  description: 't',
  weights,
  anonymousShare: 0,
  abandonAfter,
});

/** Sends while the user may, up to `depth` in flight, as the driver does; returns the paths sent. */
function fill(u: VirtualUser, depth: number) {
  const sent: { path: string; cookie?: string | undefined }[] = [];
  while (u.inFlightRequests.length < depth && u.canSend()) {
    const req = u.next();
    sent.push({ path: req.path, cookie: req.headers.cookie });
  }
  return sent;
}

describe('a pipelined virtual user', () => {
  it('sends nothing after a login until it is answered, then pipelines reads with the new cookie', () => {
    const u = new VirtualUser(0, false, scenario({ dashboard: 1 }), 1, 't');
    expect(fill(u, 4)).toEqual([{ path: '/login', cookie: undefined }]);
    expect(u.canSend()).toBe(false);
    u.onResponse(200, 'sid=s1; Path=/');
    expect(fill(u, 4)).toEqual(Array(4).fill({ path: '/dashboard', cookie: 'sid=s1' }));
  });

  it('a write waits for the reads in flight and goes alone', () => {
    const u = new VirtualUser(0, false, scenario({ dashboard: 1, cart: 1 }), 3, 't');
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    for (let round = 0; round < 40; round++) {
      fill(u, 8);
      const inFlight = u.inFlightRequests.map((e) => e.action);
      if (inFlight.includes('cart')) expect(inFlight).toEqual(['cart']);
      u.onResponse(200, undefined);
    }
    expect(u.cartAdds).toBeGreaterThan(0);
  });

  it('after a logout is sent nothing carries the old cookie; the next login sends none', () => {
    const u = new VirtualUser(0, false, scenario({ logout: 1 }), 1, 't');
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    expect(fill(u, 4)).toEqual([{ path: '/logout', cookie: 'sid=s1' }]);
    u.onResponse(200, 'sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(fill(u, 4)).toEqual([{ path: '/login', cookie: undefined }]);
  });

  it('churn drops the cookie only when the next login goes, after the reads still in flight', () => {
    const u = new VirtualUser(0, false, scenario({ dashboard: 1 }, 2), 1, 't');
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    expect(fill(u, 4)).toHaveLength(4); // reads 1–4: the churn limit (2) is passed while they are in flight
    u.onResponse(200, undefined);
    expect(u.canSend()).toBe(false); // the login waits for reads 2–4
    for (let i = 0; i < 3; i++) u.onResponse(200, undefined);
    expect(u.sessionsLost).toBe(0);
    expect(fill(u, 4)).toEqual([{ path: '/login', cookie: undefined }]);
  });

  it('a 401 to a live cookie is one lost session, however many reads were in flight with it', () => {
    const u = new VirtualUser(0, false, scenario({ dashboard: 1 }), 1, 't', 60_000);
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    fill(u, 4);
    for (let i = 0; i < 4; i++) u.onResponse(401, undefined);
    expect(u.sessionsLost).toBe(1);
    expect(fill(u, 4)).toEqual([{ path: '/login', cookie: 'sid=s1' }]);
  });

  it('requests lost with their connection make the session unverifiable; a lost login starts over', () => {
    const u = new VirtualUser(0, false, scenario({ cart: 1 }), 1, 't');
    u.next();
    u.onResponse(200, 'sid=s1; Path=/');
    fill(u, 4);
    expect(u.verifiable).toBe(true);
    expect(u.connectionLost().map((e) => e.action)).toEqual(['cart']);
    expect(u.verifiable).toBe(false);
    expect(u.inFlightRequests).toHaveLength(0);

    const v = new VirtualUser(1, false, scenario({ dashboard: 1 }), 1, 't');
    v.next();
    v.connectionLost();
    expect(fill(v, 4)[0]?.path).toBe('/login');
  });

  it('an anonymous visitor pipelines freely and never keeps a cookie', () => {
    const a = new VirtualUser(0, true, scenario({ dashboard: 1 }), 1, 't');
    expect(fill(a, 4)).toEqual(Array(4).fill({ path: '/', cookie: undefined }));
  });
});
