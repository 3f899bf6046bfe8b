// PostgreSQL as a service: the container recipe (official image or the offline one, same env and
// arguments), and an admin client (pg) for health, TRUNCATE between cells, and store-side size.
import pg from 'pg';
import { Wait } from 'testcontainers';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { CONTAINER_DB, PG_TABLE, pgStats } from '../../stores/session-data.ts';

async function connect(url: string): Promise<AdminClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // surfaced by the next awaited query instead
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  const exists = async () =>
    (await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [PG_TABLE])).rows[0]?.t != null;
  return {
    version: version ?? 'unknown',
    // TRUNCATE, not DROP: a fresh, empty relation, while a server still connected keeps its table.
    clear: async () => {
      if (await exists()) await client.query(`TRUNCATE ${PG_TABLE}`);
    },
    stats: () => pgStats(client),
    close: () => client.end(),
  };
}

export const postgresService: ServiceDriver = {
  kind: 'postgres',
  urlHint: '--postgres-url / DATABASE_URL',
  container: {
    port: 5432,
    env: (password) => ({ POSTGRES_USER: CONTAINER_DB, POSTGRES_PASSWORD: password, POSTGRES_DB: CONTAINER_DB }),
    // jit=off: the offline image has no LLVM, and the two images should measure the same thing.
    command: (port, host) => [
      'postgres',
      '-p',
      String(port),
      '-c',
      `listen_addresses=${host ? '127.0.0.1' : '*'}`,
      '-c',
      'jit=off',
    ],
    // The official image's first-run server listens on the socket only, so TCP readiness is the real one.
    wait: (port) =>
      Wait.forSuccessfulCommand(`pg_isready -h 127.0.0.1 -p ${port} -U ${CONTAINER_DB} -d ${CONTAINER_DB}`),
    url: (host, port, password) =>
      `postgres://${CONTAINER_DB}:${encodeURIComponent(password)}@${host}:${port}/${CONTAINER_DB}`,
    startupTimeoutMs: 60_000,
  },
  connect,
};
