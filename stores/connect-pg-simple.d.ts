// Types for connect-pg-simple 10, which ships JSDoc but no declarations (the options as its
// index.js documents them; only what session-bench uses).
declare module 'connect-pg-simple' {
  import type { Pool } from 'pg';
  import type expressSession from 'express-session';

  interface PGStoreOptions {
    schemaName?: string;
    tableName?: string;
    createTableIfMissing?: boolean;
    /** Seconds, for a session whose cookie has no expiry. */
    ttl?: number;
    disableTouch?: boolean;
    errorLog?: (...args: unknown[]) => void;
    pool?: Pool;
    conString?: string;
    /** Seconds between prunes of expired rows, or false for none. */
    pruneSessionInterval?: false | number;
    pruneSessionRandomizedInterval?: false | ((delay: number) => number);
  }

  class PGStore extends expressSession.Store {
    constructor(options?: PGStoreOptions);
    get(sid: string, cb: (err: unknown, session?: expressSession.SessionData | null) => void): void;
    set(sid: string, session: expressSession.SessionData, cb?: (err?: unknown) => void): void;
    destroy(sid: string, cb?: (err?: unknown) => void): void;
    pruneSessions(cb?: (err: Error | null) => void): void;
    close(): Promise<void>;
  }

  export default function connectPgSimple(session: typeof expressSession): typeof PGStore;
}
