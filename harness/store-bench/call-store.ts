// Calls express-session Store methods, which answer through a callback, as promises. Careful about
// what real stores do: call back synchronously, call back twice, throw, return a promise as well as
// calling back, or never call back at all.
import type { SessionData, Store } from 'express-session';

export const STORE_METHODS = ['get', 'set', 'destroy', 'touch', 'all', 'length', 'clear', 'ids'] as const;
export type StoreMethod = (typeof STORE_METHODS)[number];

type Callback = (err?: unknown, value?: unknown) => void;

function toError(err: unknown, method: string): Error {
  if (err instanceof Error) return err;
  return new Error(`${method} called back with an error: ${typeof err === 'string' ? err : JSON.stringify(err)}`);
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

export function hasMethod(store: Store, method: StoreMethod): boolean {
  return typeof (store as unknown as Record<string, unknown>)[method] === 'function';
}

/**
 * Calls `store[method](...args, cb)`. Resolves with the callback's value; the first answer wins.
 * The callback is the contract (express-session uses nothing else): a returned promise is only
 * listened to for a rejection, so that it cannot become an unhandled rejection. With timeoutMs > 0
 * a method that never calls back rejects after that long.
 */
export function callStore<T = unknown>(store: Store, method: StoreMethod, args: unknown[], timeoutMs = 0): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const cb: Callback = (err, value) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (err) reject(toError(err, method));
      else resolve(value as T);
    };
    if (timeoutMs > 0) {
      timer = setTimeout(() => cb(new Error(`${method} did not call back within ${timeoutMs} ms`)), timeoutMs);
    }
    try {
      const fn = (store as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (typeof fn !== 'function') throw new Error(`the store has no ${method} method`);
      const returned = fn.apply(store, [...args, cb]);
      if (isThenable(returned)) returned.then(undefined, (err: unknown) => cb(err ?? new Error(`${method} rejected`)));
    } catch (err) {
      cb(err ?? new Error(`${method} threw`));
    }
  });
}

/** The Store's methods as promises; each call obeys timeoutMs (0: wait for ever). */
export function asyncStore(store: Store, timeoutMs = 0) {
  const call = <T>(method: StoreMethod, ...args: unknown[]) => callStore<T>(store, method, args, timeoutMs);
  return {
    store,
    has: (method: StoreMethod) => hasMethod(store, method),
    get: (sid: string) => call<SessionData | null | undefined>('get', sid),
    set: (sid: string, sess: unknown) => call<void>('set', sid, sess),
    destroy: (sid: string) => call<void>('destroy', sid),
    touch: (sid: string, sess: unknown) => call<void>('touch', sid, sess),
    all: () => call<unknown>('all'),
    length: () => call<unknown>('length'),
    clear: () => call<void>('clear'),
    ids: () => call<unknown>('ids'),
  };
}

export type AsyncStore = ReturnType<typeof asyncStore>;
