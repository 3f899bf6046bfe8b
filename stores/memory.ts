// express-session's built-in MemoryStore: the default, the leak everyone is warned about.
import { defineStore } from './types.ts';

export default defineStore({
  name: 'memory',
  description: "express-session's MemoryStore (drops an expired session only when it is read)",
  traits: { persistent: false, shared: false },
  create({ session }) {
    const store = new session.MemoryStore();
    return {
      store,
      stats: () =>
        new Promise((resolve) => store.length((_err, n) => resolve({ sessions: n ?? 0 }))),
      clear: () => new Promise<void>((resolve) => store.clear(() => resolve())),
    };
  },
});
