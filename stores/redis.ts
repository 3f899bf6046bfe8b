// Redis through connect-redis 9 and node-redis, the client connect-redis is written for.
// Needs a redis service (a container the harness starts, or --redis-url).
import { redactSecrets } from './mask-url.ts';
import { REDIS_KEY_PREFIX, redisStats } from './session-data.ts';
import { defineStore, type StoreContext } from './types.ts';

// ttl (seconds) applies only to a session whose cookie has no expiry; disableTTL keeps sessions forever.
const connectRedisOptions = (options: StoreContext['options']) => ({
  prefix: REDIS_KEY_PREFIX,
  ...(options.ttl !== undefined && { ttl: Number(options.ttl) }),
  disableTouch: options.disableTouch === true,
  disableTTL: options.disableTTL === true,
});

async function createRedisStore({ service, options }: StoreContext) {
  if (!service) throw new Error('the redis store needs a redis service (a container or --redis-url)');
  // Client libraries load inside create: the registry imports every store, and the server process of
  // another store should not carry this one's modules in its memory readings.
  const { RedisStore } = await import('connect-redis');
  const { createClient } = await import('redis');
  const client = createClient({
    url: service.url,
    // A few quick reconnects, then commands fail (and the run says so) instead of hanging.
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => (retries < 5 ? 50 * 2 ** retries : false) },
  });
  client.on('error', () => {}); // each failed command reaches express-session through its callback
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot connect to redis: ${redactSecrets(String(err), [service.url])}`);
  }
  const store = new RedisStore({ client, ...connectRedisOptions(options) });
  return {
    store,
    stats: () =>
      redisStats(client.scanIterator({ MATCH: `${REDIS_KEY_PREFIX}*`, COUNT: 10_000 }), () => client.info('memory')),
    clear: () => store.clear(),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

export default defineStore({
  name: 'redis',
  description: 'Redis via connect-redis 9 and the node-redis client',
  service: 'redis',
  options: { ttl: 'number', disableTouch: 'boolean', disableTTL: 'boolean' },
  traits: { persistent: true, shared: true },
  create: createRedisStore,
});
