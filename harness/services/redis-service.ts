// Redis as a service: the container recipe, and an admin client (node-redis) for health, FLUSHDB or
// prefix deletion between cells, and store-side size (keys under the prefix, INFO used_memory).
import { createClient } from 'redis';
import { Wait } from 'testcontainers';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { infoField, REDIS_KEY_PREFIX, redisStats } from '../../stores/session-data.ts';

type Client = ReturnType<typeof createClient>;

async function deleteKeys(client: Client, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length) await client.unlink(keys);
  }
}

async function connect(url: string, owned: boolean): Promise<AdminClient> {
  // No reconnects: a lost admin connection should fail the next call, not hang it.
  const client: Client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  client.on('error', () => {}); // surfaced by the awaited command instead
  await client.connect();
  const version = infoField(await client.info('server'), 'redis_version') ?? 'unknown';
  return {
    version,
    // A server we started holds only our data; a user's server may hold anything else.
    clear: async () => {
      if (owned) await client.flushDb();
      else await deleteKeys(client, REDIS_KEY_PREFIX);
    },
    stats: () =>
      redisStats(client.scanIterator({ MATCH: `${REDIS_KEY_PREFIX}*`, COUNT: 1000 }), () => client.info('memory')),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

export const redisService: ServiceDriver = {
  kind: 'redis',
  urlHint: '--redis-url / REDIS_URL',
  container: {
    port: 6379,
    command: (port, host) => [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      host ? '127.0.0.1' : '0.0.0.0',
      '--protected-mode',
      host ? 'yes' : 'no',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    wait: () => Wait.forLogMessage('Ready to accept connections'),
    url: (host, port) => `redis://${host}:${port}`,
    startupTimeoutMs: 60_000,
  },
  connect,
};
