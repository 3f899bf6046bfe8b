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
  // The client's resilience settings are node-redis's own unless an option says otherwise (that is
  // what users run): reconnects forever (backoff up to 2 s), queues commands while disconnected,
  // and times out after 5 s only a command not yet written to the socket (FACTS.md).
  const client = createClient({ url: service.url, ...resilienceOptions(options) });
  client.on('error', () => {}); // mandatory: without it a refused connection crashes the app
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

/** disableOfflineQueue, commandTimeout (ms, commands not yet written) and socketTimeout (ms idle). */
function resilienceOptions(options: StoreContext['options']) {
  return {
    ...(options.disableOfflineQueue !== undefined && { disableOfflineQueue: options.disableOfflineQueue === true }),
    ...(options.commandTimeout !== undefined && { commandOptions: { timeout: Number(options.commandTimeout) } }),
    ...(options.socketTimeout !== undefined && { socket: { socketTimeout: Number(options.socketTimeout) } }),
  };
}

export default defineStore({
  name: 'redis',
  description: 'Redis via connect-redis 9 and the node-redis client',
  service: 'redis',
  options: {
    ttl: 'number',
    disableTouch: 'boolean',
    disableTTL: 'boolean',
    disableOfflineQueue: 'boolean',
    commandTimeout: 'number',
    socketTimeout: 'number',
    // The container's persistence (none | aof), set by the harness, not by this client.
    persistence: 'string',
  },
  traits: { persistent: true, shared: true },
  create: createRedisStore,
});
