// What run-cell.ts calls for --instances: skip a cell of N > 1 instances when nginx is missing,
// start one server or N behind nginx, record the run's `instances` (per-instance figures and the
// measured cross-instance check) before they stop, and put a cross-instance failure in words.
import type { CellOptions, RunMetrics } from '../../contracts/results.ts';
import { UPSTREAM_KEEPALIVE } from '../../balancer/nginx-config.ts';
import { nginxProblem } from '../../balancer/nginx.ts';
import { startServer, type ServerHandle } from '../server-process.ts';
import type { ServerConfig } from '../../server/protocol.ts';
import { splitInstances } from '../../plan/instances-args.ts';
import { loadStore } from '../../../stores/load-store.ts';
import { startInstances, type InstancesHandle } from './start-instances.ts';
import { checkSharedSessions } from './shared-sessions.ts';
import { withDeadline } from '../../shared/deadline.ts';

/** Why a cell of several instances cannot run here (nginx missing, with the install command). */
export function instancesSkipReason(options: CellOptions): string | undefined {
  return splitInstances(options).count > 1 ? nginxProblem() : undefined;
}

const isInstances = (s: ServerHandle | undefined): s is InstancesHandle =>
  s !== undefined && 'balancer' in s && 'instances' in s;

/** How the cell starts its server: one, or its instances behind nginx as one handle (options.instances > 1). */
export function serversFor(options: CellOptions, connections: number): (config: ServerConfig) => Promise<ServerHandle> {
  const { count, balance } = splitInstances(options);
  if (count <= 1) return (config) => startServer(config);
  return async (config) => {
    const def = await loadStore(config.store);
    return startInstances(config, { count, balance, connections, sharedStore: def.traits?.shared === true });
  };
}

const CHECK_DEADLINE_MS = 15_000;

/** The run's `instances`, while the instances still run (best effort: a failure leaves it out). */
export async function recordInstances(
  server: ServerHandle | undefined,
  options: CellOptions,
  out: Partial<RunMetrics>,
): Promise<void> {
  if (!isInstances(server)) return;
  const { count, balance } = splitInstances(options);
  const snaps = server.lastSnapshots();
  const total = snaps?.reduce((a, s) => a + s.requests, 0) ?? 0;
  const perInstance = (snaps ?? []).map((s) => ({
    requests: s.requests,
    share: total > 0 ? s.requests / total : 0,
    getMisses: s.getMisses,
    rssBytes: s.memory.rss,
    heapUsedBytes: s.memory.heapUsed,
    eventLoopDelayMs: s.eventLoopDelayMs,
  }));
  const shared = await withDeadline(
    checkSharedSessions(server.instances.map((h) => h.port)),
    CHECK_DEADLINE_MS,
    'the cross-instance check',
  ).catch(() => undefined);
  out.instances = {
    count,
    balance,
    balancer: { name: server.balancer.name, version: server.balancer.version, keepalive: UPSTREAM_KEEPALIVE },
    ...(shared ? { sharedSessions: shared.shared, sharedCheck: shared.detail } : {}),
    perInstance,
  };
}

export const CROSS_INSTANCE_REASON =
  'sessions created on one instance are unknown to the others: this store does not work behind a load balancer without sticky sessions';

/** A run that lost sessions across instances says so first, keeping what the check found. */
export function crossInstanceReason(found: string | undefined, m: Partial<RunMetrics>): string | undefined {
  if (found === undefined || m.instances?.sharedSessions !== false || m.instances.balance === 'sticky') return found;
  const sessionProblem = /did not read back|vanished|no session could be checked/.test(found);
  return sessionProblem ? `${CROSS_INSTANCE_REASON} (${found})` : found;
}
