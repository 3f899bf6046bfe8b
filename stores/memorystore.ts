// memorystore: an LRU MemoryStore that prunes expired sessions on a timer (only if checkPeriod is set).
import createMemoryStore from 'memorystore';
import { defineStore } from './types.ts';

export default defineStore({
  name: 'memorystore',
  description: 'memorystore: LRU cache with periodic pruning of expired sessions',
  options: { checkPeriod: 'number' },
  traits: { persistent: false, shared: false },
  create({ session, options, maxAgeMs }) {
    const MemoryStore = createMemoryStore(session);
    // Without checkPeriod memorystore never prunes; default to the cookie maxAge (at least 1 s).
    const checkPeriod = Number(options.checkPeriod ?? Math.max(1000, Math.min(maxAgeMs, 60_000)));
    const store = new MemoryStore({ checkPeriod });
    return {
      store,
      stats: () => new Promise((resolve) => store.length((_err, n) => resolve({ sessions: n ?? 0 }))),
      clear: () => new Promise<void>((resolve) => store.clear(() => resolve())),
      close: () => store.stopInterval(),
    };
  },
});
