// Calling express-session stores directly in tests: promisified callbacks, sessions whose cookie
// expires at a chosen time, and a bounded poll for things that happen with time (expiry, pruning).
import type { SessionData } from 'express-session';

type Cb<T> = (err?: unknown, value?: T) => void;

/** Runs a callback-style store call and resolves with its value. */
export function storeCall<T = void>(fn: (cb: Cb<T>) => unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((err, value) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(value as T)));
  });
}

/** A session as express-session hands it to a store, its cookie expiring `ms` from now. */
export function sessionExpiringIn(ms: number, data: Record<string, unknown>): SessionData {
  const cookie = { originalMaxAge: ms, expires: new Date(Date.now() + ms), httpOnly: true, path: '/' };
  return { cookie, ...data } as unknown as SessionData;
}

/** Resolves once `check` is true; rejects after `timeoutMs`. Checks every 100 ms. */
export async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
