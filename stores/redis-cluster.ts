// Redis Cluster through connect-redis 9 and a node-redis cluster client (createCluster), the setup
// connect-redis documents for a cluster. get/set/touch/destroy route by key; all()/clear() send
// multi-key commands (MGET, DEL) that a real cluster rejects with CROSSSLOT (connect-redis #360):
// the store's behaviour, which `bench:store --conformance` shows. Needs a redis-cluster service: three
// local redis-server masters the harness starts, or --redis-cluster-url.
import { redactSecrets } from './mask-url.ts';
import { REDIS_KEY_PREFIX, infoField } from './session-data.ts';
import type { RedisClusterType } from 'redis';
import { defineStore, type StoreContext, type StoreStats } from './types.ts';

// biome-ignore lint/complexity/noBannedTypes: node-redis's own defaults for a cluster without modules
type Cluster = RedisClusterType<{}, {}, {}, 3, {}>;

/** Session keys and used_memory on every master (keysPerMaster by host:port): the key spread. */
export async function redisClusterStats(cluster: Cluster, count = 1000): Promise<StoreStats> {
  const keysPerMaster: Record<string, number> = {};
  let bytes = 0;
  for (const master of cluster.masters) {
    const node = await cluster.nodeClient(master);
    let keys = 0;
    for await (const batch of node.scanIterator({ MATCH: `${REDIS_KEY_PREFIX}*`, COUNT: count })) keys += batch.length;
    keysPerMaster[`${master.host}:${master.port}`] = keys;
    bytes += Number(infoField(await node.info('memory'), 'used_memory')) || 0;
  }
  const sessions = Object.values(keysPerMaster).reduce((a, b) => a + b, 0);
  return { sessions, bytes, keysPerMaster, detail: { masters: cluster.masters.length } };
}

const connectRedisOptions = (options: StoreContext['options']) => ({
  prefix: REDIS_KEY_PREFIX,
  ...(options.ttl !== undefined && { ttl: Number(options.ttl) }),
  disableTouch: options.disableTouch === true,
  disableTTL: options.disableTTL === true,
});

async function createRedisClusterStore({ service, options }: StoreContext) {
  if (!service)
    throw new Error('the redis-cluster store needs a redis-cluster service (local nodes or --redis-cluster-url)');
  const { RedisStore } = await import('connect-redis');
  const { createCluster } = await import('redis');
  const rootNodes = service.url.split(',').map((url) => ({ url }));
  const cluster = createCluster({ rootNodes });
  cluster.on('error', () => {}); // each failed command reaches express-session through its callback
  try {
    await cluster.connect();
  } catch (err) {
    throw new Error(
      `cannot connect to the redis cluster: ${redactSecrets(
        String(err),
        rootNodes.map((n) => n.url),
      )}`,
    );
  }
  const store = new RedisStore({ client: cluster, ...connectRedisOptions(options) });
  return {
    store,
    stats: () => redisClusterStats(cluster, 10_000),
    clear: () => store.clear(),
    close: () => cluster.close(),
  };
}

export default defineStore({
  name: 'redis-cluster',
  description: 'Redis Cluster (3 masters) via connect-redis 9 and a node-redis cluster client',
  service: 'redis-cluster',
  options: { ttl: 'number', disableTouch: 'boolean', disableTTL: 'boolean' },
  traits: { persistent: true, shared: true },
  create: createRedisClusterStore,
});
