// Where session-bench keeps its sessions on a server, and how big they are there. Shared by the
// stores (inside the server process) and the service handles (in the harness). Names of its own, so
// clearing between cells never touches an application's sessions on a server given by URL
// (REDIS_URL and DATABASE_URL are often set for a developer's own app). No client library imports:
// the server process loads only the client its store uses.
import type { StoreStats } from './types.ts';

export const REDIS_KEY_PREFIX = 'session-bench:';
export const PG_TABLE = 'session_bench';
export const MONGO_COLLECTION = 'session_bench';
/** Database of the containers the harness starts (PostgreSQL user and database; MongoDB database). */
export const CONTAINER_DB = 'session_bench';

/** Reads one `field:value` line of Redis INFO output. */
export function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** Redis: keys under the prefix (SCAN batches from any client) and the server's used_memory. */
export async function redisStats(
  scan: AsyncIterable<string[]>,
  memoryInfo: () => Promise<string>,
): Promise<StoreStats> {
  let sessions = 0;
  for await (const keys of scan) sessions += keys.length;
  const info = await memoryInfo();
  const bytes = Number(infoField(info, 'used_memory'));
  const dataset = Number(infoField(info, 'used_memory_dataset'));
  return {
    sessions,
    bytes: Number.isFinite(bytes) ? bytes : undefined,
    ...(Number.isFinite(dataset) ? { detail: { usedMemoryDataset: dataset } } : {}),
  };
}

interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * PostgreSQL: every row (expired or not: they occupy space until pruned), the table's size with
 * indexes, and from pg_stat_user_tables the live and dead tuples and the share of HOT updates
 * (connect-pg-simple indexes `expire`, which every touch changes, so its updates are never HOT).
 * The statistics counters lag by up to a second (PostgreSQL flushes them in the background).
 */
export async function pgStats(db: Queryable, table = PG_TABLE): Promise<StoreStats> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
  if (rows[0]?.t == null) return { sessions: 0, bytes: 0 };
  const res = await db.query<{ n: number; bytes: string }>(
    `SELECT count(*)::int AS n, pg_total_relation_size($1::regclass)::text AS bytes FROM ${table}`,
    [table],
  );
  const stat = await db.query<Record<string, string | null>>(
    `SELECT pg_relation_size($1::regclass)::text AS table_bytes, pg_indexes_size($1::regclass)::text AS index_bytes,
            n_live_tup::text AS live, n_dead_tup::text AS dead, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot
       FROM pg_stat_user_tables WHERE relid = $1::regclass`,
    [table],
  );
  const r = stat.rows[0] ?? {};
  const n = (v: string | null | undefined) => Number(v ?? NaN);
  const detail: Record<string, number> = {
    tableBytes: n(r.table_bytes),
    indexBytes: n(r.index_bytes),
    liveTuples: n(r.live),
    deadTuples: n(r.dead),
    updates: n(r.upd),
    hotUpdates: n(r.hot),
  };
  if (detail.updates! > 0) detail.hotUpdateShare = detail.hotUpdates! / detail.updates!;
  return {
    sessions: res.rows[0]?.n ?? 0,
    bytes: Number(res.rows[0]?.bytes ?? NaN),
    detail: Object.fromEntries(Object.entries(detail).filter(([, v]) => Number.isFinite(v))),
  };
}

interface CollStats {
  storageStats?: { count?: number; totalSize?: number };
}

interface Aggregatable {
  aggregate(pipeline: Array<Record<string, unknown>>): { toArray(): Promise<unknown[]> };
}

/** MongoDB: documents and on-disk size with indexes; a missing collection (code 26) is empty. */
export async function mongoStats(collection: Aggregatable): Promise<StoreStats> {
  try {
    const [s] = (await collection.aggregate([{ $collStats: { storageStats: {} } }]).toArray()) as CollStats[];
    return { sessions: s?.storageStats?.count ?? 0, bytes: s?.storageStats?.totalSize ?? 0 };
  } catch (err) {
    if ((err as { code?: unknown }).code === 26) return { sessions: 0, bytes: 0 };
    throw err;
  }
}
