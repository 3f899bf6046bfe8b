// Starts and stops service containers with Testcontainers. Host networking (for engines started with
// --bridge=none) binds each server to 127.0.0.1 on a free port; bridge networking maps the port.
// Every container carries labels naming this process, so stopping them never depends on a handle.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { GenericContainer, getContainerRuntimeClient, ImageName, type StartedTestContainer } from 'testcontainers';
import type { ServiceKind } from '../../stores/types.ts';
import type { ServiceDriver } from './service-driver.ts';
import { HOST_LABEL, LABEL, PID_LABEL } from './labels.ts';
import { errorLine } from '../shared/error-message.ts';

export { LABEL };

export type NetworkMode = 'host' | 'bridge';

/** SESSION_BENCH_DOCKER_NETWORK: "host" or unset ("bridge", Docker's default). */
export function networkMode(env: NodeJS.ProcessEnv = process.env): NetworkMode | { error: string } {
  const v = env.SESSION_BENCH_DOCKER_NETWORK?.trim();
  if (!v || v === 'bridge') return 'bridge';
  if (v === 'host') return 'host';
  return { error: `SESSION_BENCH_DOCKER_NETWORK must be "host" or unset, not "${v}"` };
}

/** With host networking there is no bridge gateway to find and Ryuk cannot reach back: see FACTS.md. */
export function applyHostNetworkSettings(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

/** Null when Testcontainers can use an engine, else why not and what to do. */
export async function dockerProblem(mode: NetworkMode): Promise<string | null> {
  try {
    await getContainerRuntimeClient();
    return null;
  } catch (err) {
    const why = errorLine(err);
    // Testcontainers looks up the bridge network's gateway, which `dockerd --bridge=none` removes.
    if (mode === 'bridge' && (await socketAnswers())) {
      return `Docker answers but Testcontainers cannot use it (${why}); an engine without a bridge network needs SESSION_BENCH_DOCKER_NETWORK=host`;
    }
    return `no Docker engine reachable (${why}): start Docker`;
  }
}

/** Whether the local Docker socket (or DOCKER_HOST's, if a unix socket) answers /_ping. */
function socketAnswers(): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return Promise.resolve(false);
  const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

export async function imageExists(image: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.image.exists(ImageName.fromString(image));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartedService {
  container: StartedTestContainer;
  /** URL for clients, with the generated password (never print it: see mask-url.ts). */
  url: string;
}

export async function startContainer(driver: ServiceDriver, image: string, mode: NetworkMode): Promise<StartedService> {
  const recipe = driver.container;
  const host = mode === 'host';
  const port = host ? await freePort() : recipe.port;
  const password = randomBytes(12).toString('hex');
  let container = new GenericContainer(image)
    .withCommand(recipe.command(port, host))
    .withEnvironment(recipe.env?.(password) ?? {})
    .withWaitStrategy(recipe.wait(port))
    .withStartupTimeout(recipe.startupTimeoutMs)
    .withLabels({ [LABEL]: driver.kind, [PID_LABEL]: String(process.pid), [HOST_LABEL]: os.hostname() });
  container = host ? container.withNetworkMode('host') : container.withExposedPorts(port);
  const started = await container.start();
  const url = host
    ? recipe.url('127.0.0.1', port, password)
    : recipe.url(started.getHost(), started.getMappedPort(port), password);
  return { container: started, url };
}

/**
 * Force-removes containers labelled with this process (optionally of one kind), including any still
 * starting, and those of session-bench processes on this machine that no longer exist (killed -9).
 */
export async function removeLabelledContainers(kind?: ServiceKind): Promise<number> {
  const client = await getContainerRuntimeClient();
  const list = await client.container.dockerode.listContainers({ all: true, filters: { label: [PID_LABEL] } });
  const doomed = list.filter((c) => {
    const owner = Number(c.Labels[PID_LABEL]);
    const here = c.Labels[HOST_LABEL] === os.hostname(); // an engine may be shared by machines
    const mine = owner === process.pid && (!kind || c.Labels[LABEL] === kind);
    return here && (mine || !processAlive(owner));
  });
  await Promise.allSettled(doomed.map((c) => client.container.dockerode.getContainer(c.Id).remove({ force: true })));
  return doomed.length;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
