// Wraps a store's get/set/touch/destroy to count calls and the time until their callbacks run.
import type { Store } from 'express-session';
import type { OpCounts } from './protocol.ts';

export const OPS = ['get', 'set', 'touch', 'destroy'] as const;

export interface OpCounter {
  counts: OpCounts;
  timeMs: OpCounts;
  /** get calls answered with no session (a miss: expired, lost or never there). */
  getMisses: number;
  reset(): void;
}

const zero = (): OpCounts => ({ get: 0, set: 0, touch: 0, destroy: 0 });

export function countStoreOps(store: Store): OpCounter {
  const counter: OpCounter = {
    counts: zero(),
    timeMs: zero(),
    getMisses: 0,
    reset() {
      counter.counts = zero();
      counter.timeMs = zero();
      counter.getMisses = 0;
    },
  };
  const target = store as unknown as Record<string, unknown>;
  for (const op of OPS) {
    const original = target[op];
    if (typeof original !== 'function') continue;
    target[op] = function counted(this: unknown, ...args: unknown[]) {
      counter.counts[op]++;
      const start = performance.now();
      const last = args.length - 1;
      const cb = args[last];
      if (typeof cb === 'function') {
        args[last] = (...cbArgs: unknown[]) => {
          counter.timeMs[op] += performance.now() - start;
          if (op === 'get' && !cbArgs[0] && !cbArgs[1]) counter.getMisses++;
          return (cb as (...a: unknown[]) => unknown)(...cbArgs);
        };
      }
      return (original as (...a: unknown[]) => unknown).apply(store, args);
    };
  }
  return counter;
}
