// MongoDB as a service: the container recipe (official image only: there is no offline build), and
// an admin client (mongodb driver) for health, dropping the collection between cells, and size.
import { MongoClient, MongoServerError } from 'mongodb';
import { Wait } from 'testcontainers';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { CONTAINER_DB, MONGO_COLLECTION, mongoStats } from '../../stores/session-data.ts';

const NAMESPACE_NOT_FOUND = 26;
const isMissing = (err: unknown) => err instanceof MongoServerError && err.code === NAMESPACE_NOT_FOUND;

async function connect(url: string): Promise<AdminClient> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(); // the URL's database, as connect-mongo uses
  const info = await db.command({ buildInfo: 1 });
  const collection = db.collection(MONGO_COLLECTION);
  return {
    version: typeof info.version === 'string' ? info.version : 'unknown',
    // Dropped, not emptied: the next cell's autoRemove setting builds its own TTL index (or none).
    clear: async () => {
      await collection.drop().catch((err: unknown) => {
        if (!isMissing(err)) throw err;
      });
    },
    stats: () => mongoStats(collection),
    close: () => client.close(),
  };
}

export const mongoService: ServiceDriver = {
  kind: 'mongo',
  urlHint: '--mongo-url / MONGO_URL',
  container: {
    port: 27017,
    command: (port, host) => ['mongod', '--port', String(port), '--bind_ip', host ? '127.0.0.1' : '0.0.0.0'],
    wait: () => Wait.forLogMessage(/Waiting for connections/),
    url: (host, port) => `mongodb://${host}:${port}/${CONTAINER_DB}`,
    startupTimeoutMs: 120_000,
  },
  connect,
};
