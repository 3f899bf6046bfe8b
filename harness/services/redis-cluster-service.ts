// The redis-cluster service: a three-master cluster of local redis-server processes that the
// harness starts (redis-cluster-nodes.ts), or the team's own cluster from --redis-cluster-url (a
// comma-separated list of its nodes). The admin side talks to each master on its own: FLUSHALL or
// prefix deletion between cells, and the key spread across masters (keysPerMaster).
import { createCluster, type RedisClusterType } from 'redis';
import type { ServiceInfo, StoreStats } from '../../stores/types.ts';
import { redisClusterStats } from '../../stores/redis-cluster.ts';
import { maskUrl, redactSecrets } from '../../stores/mask-url.ts';
import { REDIS_KEY_PREFIX, infoField } from '../../stores/session-data.ts';
import { errorLine } from '../shared/error-message.ts';
import { withDeadline } from '../shared/deadline.ts';
import { clusterToolsProblem, startLocalCluster, type LocalCluster } from './redis-cluster-nodes.ts';

// biome-ignore lint/complexity/noBannedTypes: node-redis's own defaults for a cluster without modules
type Cluster = RedisClusterType<{}, {}, {}, 3, {}>;

/** What index.ts's ServiceHandle needs (kept structural to avoid an import cycle). */
export interface ClusterHandle {
  info: ServiceInfo;
  mode: 'processes' | 'url';
  endpoint: string;
  image?: string | undefined;
  version: string;
  clear(): Promise<void>;
  stats(): Promise<StoreStats>;
  stop(): Promise<void>;
}

export type ClusterOutcome = { ok: true; handle: ClusterHandle } | { ok: false; reason: string };

/** "a:1,b:2" or "redis://a:1,redis://b:2" → node URLs. */
export function clusterNodeUrls(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^rediss?:\/\//.test(s) ? s : `redis://${s}`));
}

/** The URL list a store's ServiceInfo carries for a cluster. */
export const clusterServiceUrl = (nodes: string[]) => nodes.join(',');

async function connectCluster(urls: string[]): Promise<Cluster> {
  const cluster = createCluster({
    rootNodes: urls.map((url) => ({ url })),
    defaults: { socket: { connectTimeout: 5000, reconnectStrategy: false } },
  });
  cluster.on('error', () => undefined); // surfaced by the awaited command instead
  await withDeadline(cluster.connect(), 10_000, 'connecting to the redis cluster');
  return cluster;
}

async function eachMaster(cluster: Cluster, work: (node: Awaited<ReturnType<Cluster['nodeClient']>>) => Promise<void>) {
  for (const master of cluster.masters) await work(await cluster.nodeClient(master));
}

function makeHandle(cluster: Cluster, urls: string[], local: LocalCluster | undefined, version: string): ClusterHandle {
  let stopped: Promise<void> | undefined;
  return {
    info: { kind: 'redis-cluster', url: clusterServiceUrl(urls) },
    mode: local ? 'processes' : 'url',
    endpoint: urls.map(maskUrl).join(','),
    version,
    // A cluster we started holds only our data; a team's cluster may hold anything else.
    clear: () => (local ? eachMaster(cluster, async (node) => void (await node.flushAll())) : deletePrefixed(cluster)),
    stats: () => redisClusterStats(cluster),
    stop: () => {
      stopped ??= (async () => {
        if (!local) await withDeadline(deletePrefixed(cluster), 5_000, 'emptying the cluster').catch(() => undefined);
        await withDeadline(cluster.close(), 5_000, 'closing the cluster client').catch(() => cluster.destroy());
        await local?.stop();
      })();
      return stopped;
    },
  };
}

/** Our keys on every master, one UNLINK a key: the keys of one SCAN batch may lie in different slots. */
async function deletePrefixed(cluster: Cluster): Promise<void> {
  await eachMaster(cluster, async (node) => {
    for await (const keys of node.scanIterator({ MATCH: `${REDIS_KEY_PREFIX}*`, COUNT: 1000 }))
      for (const key of keys) await node.unlink(key);
  });
}

async function versionOf(cluster: Cluster): Promise<string> {
  const first = cluster.masters[0];
  if (!first) return 'unknown';
  return infoField(await (await cluster.nodeClient(first)).info('server'), 'redis_version') ?? 'unknown';
}

/** The team's cluster (a URL list) or a local one; a reason in words when neither can be had. */
export async function acquireRedisCluster(urlList: string | undefined): Promise<ClusterOutcome> {
  if (urlList) {
    const urls = clusterNodeUrls(urlList);
    try {
      const cluster = await connectCluster(urls);
      return { ok: true, handle: makeHandle(cluster, urls, undefined, await versionOf(cluster)) };
    } catch (err) {
      return {
        ok: false,
        reason: `cannot use the redis cluster at ${urls.map(maskUrl).join(',')}: ${redactSecrets(errorLine(err), urls)}`,
      };
    }
  }
  const problem = clusterToolsProblem();
  if (problem) return { ok: false, reason: problem };
  let local: LocalCluster;
  try {
    local = await startLocalCluster();
  } catch (err) {
    return { ok: false, reason: `cannot start a local redis cluster: ${errorLine(err)}` };
  }
  const urls = local.masters.map((m) => `redis://${m}`);
  try {
    const cluster = await connectCluster(urls);
    return { ok: true, handle: makeHandle(cluster, urls, local, await versionOf(cluster)) };
  } catch (err) {
    await local.stop();
    return { ok: false, reason: `the local redis cluster started but does not answer: ${errorLine(err)}` };
  }
}
