// MongoDB through connect-mongo 6 and the mongodb driver. Needs a mongo service (a container the
// harness starts, or --mongo-url / MONGO_URL). No MongoDB server can run on this project's own
// machines (none in Debian or npm): built for users who have one.
import { redactSecrets } from './mask-url.ts';
import { MONGO_COLLECTION, mongoStats } from './session-data.ts';
import { defineStore, type StoreContext } from './types.ts';

const AUTO_REMOVE = ['native', 'interval', 'disabled'] as const;
type AutoRemove = (typeof AUTO_REMOVE)[number];

function autoRemoveOption(value: unknown): AutoRemove {
  const v = value ?? 'native';
  if ((AUTO_REMOVE as readonly unknown[]).includes(v)) return v as AutoRemove;
  throw new Error(`mongo option autoRemove must be one of ${AUTO_REMOVE.join(', ')}, not "${String(v)}"`);
}

async function createMongoStore({ service, options }: StoreContext) {
  if (!service) throw new Error('the mongo store needs a mongo service (a container or --mongo-url)');
  const autoRemove = autoRemoveOption(options.autoRemove);
  // Loaded here, not at the top: see stores/redis.ts.
  const { MongoStore } = await import('connect-mongo');
  const { MongoClient } = await import('mongodb');
  // The driver's own server selection timeout (30 s) unless serverSelectionTimeoutMS says otherwise
  // (what users run): with no server, the first operation waits that long before it fails.
  const selection = options.serverSelectionTimeoutMS;
  const client = new MongoClient(service.url, {
    connectTimeoutMS: 5000,
    ...(selection !== undefined && { serverSelectionTimeoutMS: Number(selection) }),
  });
  try {
    await client.connect();
  } catch (err) {
    await client.close().catch(() => {});
    throw new Error(`cannot connect to mongo: ${redactSecrets(String(err), [service.url])}`);
  }
  const store = MongoStore.create({
    client,
    collectionName: MONGO_COLLECTION,
    autoRemove,
    // ttl: seconds, for a session whose cookie has no expiry; touchAfter: seconds during which a
    // touch of an unchanged session is skipped; autoRemoveInterval: minutes (autoRemove=interval).
    ...(options.ttl !== undefined && { ttl: Number(options.ttl) }),
    ...(options.touchAfter !== undefined && { touchAfter: Number(options.touchAfter) }),
    ...(options.autoRemoveInterval !== undefined && { autoRemoveInterval: Number(options.autoRemoveInterval) }),
  });
  // The TTL index (autoRemove=native) is built now, not inside the first measured requests.
  const collection = await store.collectionP;
  return {
    store,
    stats: () => mongoStats(collection),
    clear: async () => void (await collection.deleteMany({})),
    close: () => store.close(), // closes the client too
  };
}

export default defineStore({
  name: 'mongo',
  description: 'MongoDB via connect-mongo 6 and the mongodb driver',
  service: 'mongo',
  options: {
    ttl: 'number',
    touchAfter: 'number',
    autoRemove: 'string',
    autoRemoveInterval: 'number',
    serverSelectionTimeoutMS: 'number',
  },
  traits: { persistent: true, shared: true },
  create: createMongoStore,
});
