// A Redis Cluster of local redis-server processes on 127.0.0.1: three masters (no replicas), each on
// a free port with its bus on another free port, formed with `redis-cli --cluster create` and
// waited for until every node reports cluster_state:ok. The same Debian redis-server build as the
// offline image of the `redis` store. Every node is tracked, so an exit (Ctrl-C, a crash) kills them.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { freePort } from '../balancer/free-port.ts';
import { ownedTempDir, reapStale, recordPids } from '../balancer/stale-processes.ts';
import { promisify } from 'node:util';
import { createClient } from 'redis';

export const CLUSTER_MASTERS = 3;
const START_TIMEOUT_MS = 15_000;
const CREATE_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const DIR_PREFIX = 'session-bench-cluster-';
export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server';

const live = new Set<ChildProcess>();
let exitHook = false;

/** Synchronous, for exit paths: every node this process started. */
export function killAllClusterNodes(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export interface LocalCluster {
  /** host:port of each master. */
  masters: string[];
  stop(): Promise<void>;
}

/** Why a local cluster cannot be started here, with the install command; undefined when it can. */
export function clusterToolsProblem(): string | undefined {
  for (const tool of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8', timeout: 5000 });
    if (probe.error || probe.status !== 0)
      return `${tool} is not installed (install it with \`${REDIS_INSTALL_HINT}\`, or pass --redis-cluster-url to use your own cluster)`;
  }
  return undefined;
}

function startNode(dir: string, port: number, busPort: number): ChildProcess {
  const args = [
    '--port',
    String(port),
    '--cluster-port',
    String(busPort),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    `nodes-${port}.conf`,
    '--cluster-node-timeout',
    '5000',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.on('error', () => undefined); // a spawn failure shows as a node that never answers
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', killAllClusterNodes);
  }
  return child;
}

/** Polls PING until the node answers, or throws after the deadline. */
async function waitAnswers(port: number, deadline: number): Promise<void> {
  let last = 'no answer';
  while (Date.now() < deadline) {
    const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.close();
      return;
    } catch (err) {
      last = String(err);
      await client.destroy?.();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the redis-server on port ${port} did not answer within ${START_TIMEOUT_MS / 1000} s (${last})`);
}

async function waitClusterOk(ports: number[], deadline: number): Promise<void> {
  for (const port of ports) {
    const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    try {
      while (!/cluster_state:ok/.test(await client.sendCommand(['CLUSTER', 'INFO']).then(String))) {
        if (Date.now() > deadline) throw new Error(`the cluster node on port ${port} never reported cluster_state:ok`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await client.close();
    }
  }
}

async function stopNodes(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
  await fs.rm(dir, { recursive: true, force: true });
}

/** Starts and forms the cluster; on any failure stops what it started and throws. */
export async function startLocalCluster(): Promise<LocalCluster> {
  await reapStale(DIR_PREFIX, 'redis-server', false);
  const dir = await ownedTempDir(DIR_PREFIX);
  const children: ChildProcess[] = [];
  const stop = () => stopNodes(children, dir);
  try {
    const ports: number[] = [];
    const used = new Set<number>();
    while (ports.length < CLUSTER_MASTERS * 2) {
      const p = await freePort();
      if (!used.has(p)) ports.push(p);
      used.add(p);
    }
    const clientPorts = ports.slice(0, CLUSTER_MASTERS);
    for (const [i, port] of clientPorts.entries()) children.push(startNode(dir, port, ports[CLUSTER_MASTERS + i]!));
    await recordPids(
      dir,
      children.map((c) => c.pid),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    await Promise.all(clientPorts.map((p) => waitAnswers(p, deadline)));
    const masters = clientPorts.map((p) => `127.0.0.1:${p}`);
    await promisify(execFile)(
      'redis-cli',
      ['--cluster', 'create', ...masters, '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: CREATE_TIMEOUT_MS },
    );
    await waitClusterOk(clientPorts, Date.now() + CREATE_TIMEOUT_MS);
    return { masters, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
