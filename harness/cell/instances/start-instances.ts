// N app instances of one cell behind nginx, as one ServerHandle: its port is the balancer's, and
// each call goes to every instance and the answers are combined (combine-snapshots.ts), so the
// cell's measured steps run unchanged. The per-instance answers of the last snapshot are kept for
// the run's instances.perInstance. stop() stops nginx first, then every instance.
import { commandName, type Command, type ServerConfig, type ServerSnapshot } from '../../server/protocol.ts';
import { CALL_TIMEOUT_MS, START_TIMEOUT_MS, startServer, type ServerHandle } from '../server-process.ts';
import { startNginx, type Balancer } from '../../balancer/nginx.ts';
import type { Balance } from '../../balancer/nginx-config.ts';
import { combineSnapshots } from './combine-snapshots.ts';

export interface InstancesHandle extends ServerHandle {
  instances: ServerHandle[];
  balancer: Balancer;
  /** Each instance's answer to the last `snapshot` (the end of the measured phase). */
  lastSnapshots(): ServerSnapshot[] | undefined;
}

export interface InstancesPlan {
  count: number;
  balance: Balance;
  /** The store's sessions are shared by the instances (its declaration): stats and preload go to one. */
  sharedStore: boolean;
  connections: number;
}

type Stop = Awaited<ReturnType<ServerHandle['stop']>>;

/** The worst outcome of the instances' stops: one killed makes the whole stop 'killed'. */
function worst(outcomes: Stop[]): Stop {
  if (outcomes.includes('killed')) return 'killed';
  return outcomes.includes('exited') ? 'exited' : 'gone';
}

async function startAll(config: ServerConfig, count: number): Promise<ServerHandle[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(config, START_TIMEOUT_MS)));
  const handles = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(handles.map((h) => h.stop()));
    throw failed.reason;
  }
  return handles;
}

/** A preload fills one instance's store when the store is shared, else every instance's own. */
async function preloadCall(
  handles: ServerHandle[],
  command: Command,
  timeoutMs: number,
  shared: boolean,
): Promise<ServerSnapshot[]> {
  return Promise.all(handles.map((h, i) => h.call(i === 0 || !shared ? command : 'counts', timeoutMs)));
}

export async function startInstances(config: ServerConfig, plan: InstancesPlan): Promise<InstancesHandle> {
  const instances = await startAll(config, plan.count);
  let balancer: Balancer;
  try {
    balancer = await startNginx({
      upstreams: instances.map((h) => h.port),
      balance: plan.balance,
      connections: plan.connections,
    });
  } catch (err) {
    await Promise.all(instances.map((h) => h.stop()));
    throw err;
  }
  let last: ServerSnapshot[] | undefined;
  const call = async (command: Command, timeoutMs = CALL_TIMEOUT_MS) => {
    const snaps =
      typeof command === 'object'
        ? await preloadCall(instances, command, timeoutMs, plan.sharedStore)
        : await Promise.all(instances.map((h) => h.call(command, timeoutMs)));
    if (commandName(command) === 'snapshot') last = snaps;
    return combineSnapshots(snaps, plan.sharedStore);
  };
  return {
    port: balancer.port,
    pid: instances[0]!.pid,
    instances,
    balancer,
    call,
    lastSnapshots: () => last,
    stop: async () => {
      await balancer.stop();
      return worst(await Promise.all(instances.map((h) => h.stop())));
    },
  };
}
