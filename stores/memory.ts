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
      // Count the map directly: MemoryStore.length() reads every session and so deletes the
      // expired ones, which would hide the very leak this measures.
      stats: () => ({ sessions: Object.keys((store as unknown as { sessions: object }).sessions).length }),
      clear: () => new Promise<void>((resolve) => store.clear(() => resolve())),
    };
  },
});
