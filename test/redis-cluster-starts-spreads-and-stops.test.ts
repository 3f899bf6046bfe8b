// The redis-cluster service and store: three local redis-server masters form a real cluster (a
// multi-key command across slots on one node is refused with CROSSSLOT), the store spreads
// sessions over every master (keysPerMaster), the conformance table shows what works on the
// cluster, and stopping leaves no node running.
import { execFileSync } from 'node:child_process';
import type { Store } from 'express-session';
import session from 'express-session';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { acquireRedisCluster } from '../harness/services/redis-cluster-service.ts';
import { clusterToolsProblem } from '../harness/services/redis-cluster-nodes.ts';
import { checkStore } from '../harness/store-bench/conformance.ts';
import redisCluster from '../stores/redis-cluster.ts';
import type { StoreInstance } from '../stores/types.ts';
import { sessionExpiringIn, storeCall } from './helpers/store-calls.ts';

const nodesRunning = () =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('session-bench-cluster-'));

const problem = clusterToolsProblem();

describe.skipIf(problem !== undefined && process.env.REQUIRE_NGINX !== '1')('redis-cluster', () => {
  it('starts three masters, spreads sessions over them, shows its conformance, and stops', async () => {
    const outcome = await acquireRedisCluster(undefined);
    if (!outcome.ok) throw new Error(outcome.reason);
    const handle = outcome.handle;
    try {
      const nodes = handle.info.url.split(',');
      expect(nodes).toHaveLength(3);
      expect(nodes.every((u) => u.startsWith('redis://127.0.0.1:'))).toBe(true);
      expect(handle.version).toMatch(/^7\./);
      // A real cluster: keys in different slots cannot go in one command to one node.
      const node = createClient({ url: nodes[0]!, socket: { reconnectStrategy: false } });
      node.on('error', () => undefined);
      await node.connect();
      await expect(node.mGet(['a', 'b', 'c'])).rejects.toThrow(/CROSSSLOT|MOVED/);
      await node.close();

      const created = (await redisCluster.create({
        session,
        options: {},
        maxAgeMs: 60_000,
        service: handle.info,
        dataDir: '/tmp',
        secret: 's',
      })) as StoreInstance;
      const store = created.store as Store;
      for (let i = 0; i < 120; i++) {
        const sess = sessionExpiringIn(60_000, { user: `u${i}` });
        await storeCall((cb) => store.set(`sid-${i}`, sess, cb));
      }
      const stats = await created.stats!();
      const spread = Object.values(stats.keysPerMaster ?? {});
      expect(spread).toHaveLength(3);
      for (const keys of spread) expect(keys).toBeGreaterThan(10);
      expect(stats.sessions).toBe(120);
      expect((await handle.stats()).keysPerMaster).toEqual(stats.keysPerMaster);

      // What the contract suite says about the cluster: node-redis 6 splits the multi-key MGET/DEL
      // of all() and clear() by slot, so they answer correctly here (no CROSSSLOT from the store).
      const checks = await checkStore(store, { maxAgeMs: 60_000 });
      const byName = (prefix: string) => checks.find((c) => c.name.startsWith(prefix))!;
      for (const c of checks.filter((c) => c.level === 'required')) expect(c.status, c.detail).toBe('pass');
      expect(byName('optional all()').status, byName('optional all()').detail).toBe('pass');
      expect(byName('optional clear()').status, byName('optional clear()').detail).toBe('pass');
      await created.close?.();
      await handle.clear();
      expect((await handle.stats()).sessions).toBe(0);
    } finally {
      await handle.stop();
    }
    expect(nodesRunning()).toEqual([]);
  });
});
