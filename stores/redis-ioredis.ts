// Redis through connect-redis 9 and ioredis. connect-redis 9 speaks only node-redis's API (a raw
// ioredis client saves nothing: FACTS.md), so a small bridge gives ioredis exactly the calls
// connect-redis 9.0.0 makes (see its dist/connect-redis.js): get, set with {expiration}, expire,
// del(keys[]), mGet(keys[]) and scanIterator({MATCH, COUNT}) yielding batches of keys.
import type { Redis } from 'ioredis';
import { redactSecrets } from './mask-url.ts';
import { REDIS_KEY_PREFIX, redisStats } from './session-data.ts';
import { defineStore, type StoreContext } from './types.ts';

// The same options as stores/redis.ts, repeated rather than imported: importing that file would
// load node-redis into this store's server process and skew its memory readings.
const connectRedisOptions = (options: StoreContext['options']) => ({
  prefix: REDIS_KEY_PREFIX,
  ...(options.ttl !== undefined && { ttl: Number(options.ttl) }),
  disableTouch: options.disableTouch === true,
  disableTTL: options.disableTTL === true,
});

interface SetOptions {
  expiration?: { type: 'EX'; value: number };
}

/** SCAN as node-redis's scanIterator does it: an async generator of key batches. */
export async function* scanBatches(client: Redis, match: string, count: number): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', count);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/** The node-redis calls connect-redis 9 makes, answered by ioredis. */
export function nodeRedisBridge(client: Redis) {
  return {
    get: (key: string) => client.get(key),
    set: (key: string, value: string, opts?: SetOptions) => {
      if (!opts?.expiration) return client.set(key, value);
      if (opts.expiration.type !== 'EX') throw new Error(`bridge: unsupported expiration ${opts.expiration.type}`);
      return client.set(key, value, 'EX', opts.expiration.value);
    },
    expire: (key: string, seconds: number) => client.expire(key, seconds),
    del: (keys: string[]) => client.del(keys),
    mGet: (keys: string[]) => client.mget(keys),
    scanIterator: ({ MATCH, COUNT }: { MATCH: string; COUNT: number }) => scanBatches(client, MATCH, COUNT),
  };
}

async function createIoredisStore({ service, options }: StoreContext) {
  if (!service) throw new Error('the redis-ioredis store needs a redis service (a container or --redis-url)');
  // Loaded here, not at the top: see stores/redis.ts.
  const { RedisStore } = await import('connect-redis');
  const { Redis } = await import('ioredis');
  const client = new Redis(service.url, {
    lazyConnect: true,
    // node-redis batches the commands of one tick by itself; ioredis only when asked (off by default).
    enableAutoPipelining: options.autoPipelining === true,
    // ioredis's own resilience settings unless an option says otherwise (that is what users run):
    // reconnects forever (backoff up to 2 s), queues commands while disconnected, fails a command
    // after 20 reconnect attempts, and has no command timeout.
    ...(options.maxRetriesPerRequest !== undefined && { maxRetriesPerRequest: Number(options.maxRetriesPerRequest) }),
    ...(options.enableOfflineQueue !== undefined && { enableOfflineQueue: options.enableOfflineQueue === true }),
    ...(options.commandTimeout !== undefined && { commandTimeout: Number(options.commandTimeout) }),
  });
  client.on('error', () => {}); // each failed command reaches express-session through its callback
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot connect to redis: ${redactSecrets(String(err), [service.url])}`);
  }
  const store = new RedisStore({ client: nodeRedisBridge(client), ...connectRedisOptions(options) });
  return {
    store,
    stats: () => redisStats(scanBatches(client, `${REDIS_KEY_PREFIX}*`, 10_000), () => client.info('memory')),
    clear: () => store.clear(),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

export default defineStore({
  name: 'redis-ioredis',
  description: 'Redis via connect-redis 9 and ioredis (through a bridge to the node-redis calls it makes)',
  service: 'redis',
  options: {
    ttl: 'number',
    disableTouch: 'boolean',
    disableTTL: 'boolean',
    autoPipelining: 'boolean',
    maxRetriesPerRequest: 'number',
    enableOfflineQueue: 'boolean',
    commandTimeout: 'number',
    // The container's persistence (none | aof), set by the harness, not by this client.
    persistence: 'string',
  },
  traits: { persistent: true, shared: true },
  create: createIoredisStore,
});
