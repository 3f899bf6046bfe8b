// Store methods answer through callbacks, and real stores misbehave: the promise wrapper takes the
// first answer, turns throws and rejected promises into errors, and times out a silent method.
import type { Store } from 'express-session';
import { describe, expect, it } from 'vitest';
import { callStore } from '../harness/store-bench/call-store.ts';

type Cb = (err?: unknown, value?: unknown) => void;
const storeWith = (get: (sid: string, cb: Cb) => unknown) => ({ get }) as unknown as Store;

describe('callStore', () => {
  it('resolves a synchronous callback and ignores a second one', async () => {
    const store = storeWith((_sid, cb) => {
      cb(null, 'first');
      cb(null, 'second');
    });
    await expect(callStore(store, 'get', ['a'])).resolves.toBe('first');
  });

  it('rejects on a callback error, also when it is not an Error', async () => {
    await expect(
      callStore(
        storeWith((_s, cb) => cb(new Error('boom'))),
        'get',
        ['a'],
      ),
    ).rejects.toThrow('boom');
    await expect(
      callStore(
        storeWith((_s, cb) => cb('down')),
        'get',
        ['a'],
      ),
    ).rejects.toThrow(/get called back with an error: down/);
  });

  it('rejects when the method throws or its returned promise rejects', async () => {
    await expect(
      callStore(
        storeWith(() => {
          throw new Error('thrown');
        }),
        'get',
        ['a'],
      ),
    ).rejects.toThrow('thrown');
    await expect(
      callStore(
        storeWith(() => Promise.reject(new Error('rejected'))),
        'get',
        ['a'],
      ),
    ).rejects.toThrow('rejected');
  });

  it('takes the value from the callback, not from a promise that resolves first', async () => {
    const store = storeWith((_s, cb) => {
      setTimeout(() => cb(null, 'from callback'), 5);
      return Promise.resolve(undefined);
    });
    await expect(callStore(store, 'get', ['a'])).resolves.toBe('from callback');
  });

  it('times out a method that never calls back, and names it', async () => {
    await expect(
      callStore(
        storeWith(() => undefined),
        'get',
        ['a'],
        50,
      ),
    ).rejects.toThrow('get did not call back within 50 ms');
  });

  it('rejects a missing method', async () => {
    await expect(callStore({} as Store, 'touch', ['a', {}])).rejects.toThrow('the store has no touch method');
  });
});
