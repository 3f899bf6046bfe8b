// What a fault does to a service container (harness/faults/): pause and unpause (docker pause:
// every process frozen, sockets open), stop and start (the container and its files are kept, so
// a server that persists finds its data again), and Redis persistence (AOF) for the next start.
// Every call is bounded; a start is done when the server answers on its old address again.
import { getContainerRuntimeClient } from 'testcontainers';
import type { StartedService } from './container.ts';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { withDeadline } from '../shared/deadline.ts';
import { errorLine } from '../shared/error-message.ts';

/** A docker call (pause, stop, start, exec) that takes longer than this is a failure. */
export const DOCKER_CALL_TIMEOUT_MS = 20_000;
/** After a start: the server answers on its old address within this, or the start failed. */
export const READY_TIMEOUT_MS = 30_000;
/** `docker stop -t`: SIGTERM, then SIGKILL after this many seconds. */
const STOP_GRACE_S = 10;
/** Where the redis container's command reads its appendonly setting at every start (redis-service.ts). */
export const REDIS_APPENDONLY_FILE = '/data/appendonly';

export interface ContainerControl {
  /** docker pause: every process frozen, sockets stay open. */
  pause(): Promise<void>;
  unpause(): Promise<void>;
  /** docker stop (SIGTERM, SIGKILL after 10 s); the container and its files are kept. */
  stopServer(): Promise<void>;
  /** docker start, then waits (at most READY_TIMEOUT_MS) until the server answers on its old address. */
  startServer(): Promise<void>;
  /** Redis: AOF on or off, now and at every later start (persistence=none|aof). */
  setPersistence?(mode: 'none' | 'aof'): Promise<void>;
  /** Paused or stopped by a fault and not yet given back. */
  readonly faulted: 'paused' | 'stopped' | undefined;
}

export function containerControl(
  driver: ServiceDriver,
  service: StartedService,
  reconnectAdmin: () => Promise<void>,
  admin: () => AdminClient,
): ContainerControl {
  const id = service.container.getId();
  let faulted: 'paused' | 'stopped' | undefined;
  const docker = async <T>(what: string, call: (c: DockerContainer) => Promise<T>) => {
    const client = await getContainerRuntimeClient();
    const c = client.container.dockerode.getContainer(id) as unknown as DockerContainer;
    return withDeadline(call(c), DOCKER_CALL_TIMEOUT_MS, `docker ${what} of the ${driver.kind} container`);
  };
  const control: ContainerControl = {
    get faulted() {
      return faulted;
    },
    async pause() {
      faulted = 'paused';
      await docker('pause', (c) => c.pause());
    },
    async unpause() {
      await docker('unpause', (c) => c.unpause());
      faulted = undefined;
    },
    async stopServer() {
      faulted = 'stopped';
      await docker('stop', (c) => c.stop({ t: STOP_GRACE_S }));
    },
    async startServer() {
      await docker('start', (c) => c.start());
      faulted = undefined;
      await waitUntilAnswering(reconnectAdmin, driver.kind);
    },
  };
  if (driver.kind === 'redis') {
    let persistence: 'none' | 'aof' = 'none'; // as the container starts (redis-service.ts)
    control.setPersistence = async (mode) => {
      if (mode === persistence) return;
      const value = mode === 'aof' ? 'yes' : 'no';
      const res = await withDeadline(
        service.container.exec(['sh', '-c', `echo ${value} > ${REDIS_APPENDONLY_FILE}`]),
        DOCKER_CALL_TIMEOUT_MS,
        'writing the redis persistence setting',
      );
      if (res.exitCode !== 0)
        throw new Error(`cannot write ${REDIS_APPENDONLY_FILE} in the redis container: ${res.output}`);
      await admin().setPersistence?.(mode === 'aof');
      persistence = mode;
    };
  }
  return control;
}

/** The dockerode container calls used here. */
interface DockerContainer {
  pause(): Promise<unknown>;
  unpause(): Promise<unknown>;
  stop(opts: { t: number }): Promise<unknown>;
  start(): Promise<unknown>;
}

/** Retries the admin connection (a health query) until the server answers, or READY_TIMEOUT_MS. */
async function waitUntilAnswering(reconnect: () => Promise<void>, kind: string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      await withDeadline(reconnect(), 5_000, `connecting to the ${kind} server`);
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(
    `the ${kind} server did not answer on its address within ${READY_TIMEOUT_MS / 1000} s of its start (${errorLine(last)})`,
  );
}
