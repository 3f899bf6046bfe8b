// PostgreSQL through connect-pg-simple 10 and a pg Pool (table created if missing). Needs a postgres
// service (a container the harness starts, or --postgres-url / DATABASE_URL).
import { redactSecrets } from './mask-url.ts';
import { PG_TABLE, pgStats } from './session-data.ts';
import { defineStore, type StoreContext } from './types.ts';

async function createPostgresStore({ session, service, options }: StoreContext) {
  if (!service) throw new Error('the postgres store needs a postgres service (a container or --postgres-url)');
  // Loaded here, not at the top: see stores/redis.ts.
  const { default: connectPgSimple } = await import('connect-pg-simple');
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: service.url,
    max: Number(options.poolSize ?? 10),
    // pg's own defaults unless an option says otherwise (what users run): connectionTimeoutMillis 0
    // waits forever for a connection, and there is no query timeout.
    ...(options.connectionTimeoutMillis !== undefined && {
      connectionTimeoutMillis: Number(options.connectionTimeoutMillis),
    }),
    ...(options.queryTimeout !== undefined && { query_timeout: Number(options.queryTimeout) }),
  });
  pool.on('error', () => {}); // an idle client's error; queries report their own
  const PgStore = connectPgSimple(session);
  // pruneSessionInterval: seconds between deletions of expired rows (connect-pg-simple's default
  // 900, randomised ±50%); 0 turns pruning off.
  const prune = options.pruneSessionInterval;
  const store = new PgStore({
    pool,
    tableName: PG_TABLE,
    createTableIfMissing: true,
    ...(prune !== undefined && { pruneSessionInterval: Number(prune) > 0 ? Number(prune) : false }),
    ...(options.ttl !== undefined && { ttl: Number(options.ttl) }),
    disableTouch: options.disableTouch === true,
  });
  // Create the table (and prove the server answers) now, not inside the first measured requests.
  try {
    await new Promise<void>((resolve, reject) => store.pruneSessions((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(`cannot use postgres: ${redactSecrets(String(err), [service.url])}`);
  }
  return {
    store,
    stats: () => pgStats(pool),
    clear: async () => void (await pool.query(`TRUNCATE ${PG_TABLE}`)),
    // store.close() stops pruning but does not end a pool it was given.
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

export default defineStore({
  name: 'postgres',
  description: 'PostgreSQL via connect-pg-simple 10 and pg (pruning of expired rows configurable)',
  service: 'postgres',
  options: {
    ttl: 'number',
    disableTouch: 'boolean',
    pruneSessionInterval: 'number',
    poolSize: 'number',
    connectionTimeoutMillis: 'number',
    queryTimeout: 'number',
  },
  traits: { persistent: true, shared: true },
  create: createPostgresStore,
});
