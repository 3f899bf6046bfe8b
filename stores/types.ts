// The store module interface. Built-in stores and user modules (`--store ./my-store.mjs`) both
// default-export a StoreDefinition; `create` runs inside the server process.
import type expressSession from 'express-session';
import type { RequestHandler } from 'express';
import type { OptionValue } from '../harness/contracts/results.ts';

/** Services the harness can run in a container. */
export type ContainerServiceKind = 'redis' | 'postgres' | 'mongo';
/** redis-cluster: local redis-server processes the harness forms into a cluster (harness/services/redis-cluster-service.ts). */
export type ServiceKind = ContainerServiceKind | 'redis-cluster';

/** A running server a store connects to. `url` may hold a password: never print it. */
export interface ServiceInfo {
  kind: ServiceKind;
  url: string;
}

export interface StoreContext {
  /** The express-session module (its Store, MemoryStore, …). */
  session: typeof expressSession;
  /** Store-specific options of this cell (declared in `options`), already typed. */
  options: Record<string, OptionValue>;
  /** The session cookie's maxAge in ms for this cell. */
  maxAgeMs: number;
  /** The service this store declared, when it has one. */
  service?: ServiceInfo | undefined;
  /** A private scratch directory for file-backed stores, removed after the cell. */
  dataDir: string;
  /** The cell's session secret (cookie signing). */
  secret: string;
}

/** Store-side size, for stores that can tell: live sessions and bytes held by the store. */
export interface StoreStats {
  sessions?: number | undefined;
  bytes?: number | undefined;
  /**
   * What else grows with the number of sessions, by name (all numbers): PostgreSQL table and index
   * bytes, live and dead tuples and HOT updates; SQLite file and WAL bytes; Redis keys and memory.
   */
  detail?: Record<string, number> | undefined;
  /** Redis Cluster: session keys on each master, by its host:port. */
  keysPerMaster?: Record<string, number> | undefined;
}

export interface StoreInstance {
  store?: expressSession.Store;
  /** Client-side session middleware (cookie-session) used instead of express-session. */
  middleware?: RequestHandler;
  close?(): void | Promise<void>;
  stats?(): StoreStats | Promise<StoreStats>;
  /** Remove every session (the store lifecycle tests use it; between cells the harness empties the service itself). */
  clear?(): void | Promise<void>;
}

export type OptionType = 'boolean' | 'number' | 'string';

export interface StoreDefinition {
  name: string;
  description?: string;
  /** The server this store needs; the harness starts it (container) or takes it from a URL. */
  service?: ServiceKind;
  /** Store-specific options this store accepts through `--option key=v1,v2`. */
  options?: Record<string, OptionType>;
  /** Facts for the report's "choosing a store" section. */
  traits?: { persistent?: boolean; shared?: boolean; clientSide?: boolean };
  create(ctx: StoreContext): expressSession.Store | StoreInstance | Promise<expressSession.Store | StoreInstance>;
}

export function defineStore(def: StoreDefinition): StoreDefinition {
  return def;
}
