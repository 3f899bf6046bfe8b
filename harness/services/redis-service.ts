// Redis as a service: the container recipe, and an admin client (node-redis) for health, FLUSHDB or
// prefix deletion between cells, and store-side size (keys under the prefix, INFO used_memory).
import { createClient } from 'redis';
import { Wait } from 'testcontainers';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { infoField, REDIS_KEY_PREFIX, redisStats } from '../../stores/session-data.ts';
import { REDIS_APPENDONLY_FILE } from './container-control.ts';

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
    setPersistence: async (aof) => {
      await client.configSet('appendonly', aof ? 'yes' : 'no');
      if (aof) await aofReady(client);
    },
  };
}

/** Turning AOF on starts a rewrite; until it ends, a restart would not find the data in the AOF. */
async function aofReady(client: Client): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const info = await client.info('persistence');
    if (infoField(info, 'aof_enabled') === '1' && infoField(info, 'aof_rewrite_in_progress') === '0') {
      if (infoField(info, 'aof_rewrite_scheduled') === '0') return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('redis did not finish its AOF rewrite within 10 s of CONFIG SET appendonly yes');
}

export const redisService: ServiceDriver = {
  kind: 'redis',
  urlHint: '--redis-url / REDIS_URL',
  container: {
    port: 6379,
    // No persistence unless a cell asks for AOF (persistence=aof): the harness then writes "yes" to
    // REDIS_APPENDONLY_FILE, which this command reads at every start (a fault's docker start too),
    // so a restarted server loads its AOF. Shell builtins only: the offline image has dash and no cat.
    command: (port, host) => [
      'sh',
      '-c',
      `a=no; [ -f ${REDIS_APPENDONLY_FILE} ] && read a < ${REDIS_APPENDONLY_FILE}; exec redis-server --port ${port} --bind ${host ? '127.0.0.1' : '0.0.0.0'} --protected-mode ${host ? 'yes' : 'no'} --save '' --appendonly "$a"`,
    ],
    wait: () => Wait.forLogMessage('Ready to accept connections'),
    url: (host, port) => `redis://${host}:${port}`,
    startupTimeoutMs: 60_000,
  },
  connect,
};
