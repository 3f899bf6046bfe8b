// Provides the servers that container stores declare (redis, postgres, mongo): a container started
// with Testcontainers, or the user's own server from a URL. One service per kind per invocation.
// Outcomes are data: a service that cannot be had is { ok: false, reason } saying how to fix it.
// Reasons and endpoints never contain a password.
import type { ContainerServiceKind, ServiceInfo, ServiceKind, StoreStats } from '../../stores/types.ts';
import {
  applyHostNetworkSettings,
  dockerProblem,
  imageExists,
  networkMode,
  removeLabelledContainers,
  startContainer,
  type StartedService,
} from './container.ts';
import type { AdminClient, ServiceDriver } from './service-driver.ts';
import { chooseImage, IMAGE_ENV, OFFLINE_IMAGES, type ImageChoice } from './images.ts';
import { maskUrl, redactSecrets } from '../../stores/mask-url.ts';
import { errorLine } from '../shared/error-message.ts';
import { withDeadline } from '../shared/deadline.ts';
import { mongoService } from './mongo-service.ts';
import { postgresService } from './postgres-service.ts';
import { redisService } from './redis-service.ts';
import { containerControl, type ContainerControl } from './container-control.ts';
import { acquireRedisCluster } from './redis-cluster-service.ts';

export interface ServiceOptions {
  /** User-supplied URLs by kind (from --redis-url etc. or REDIS_URL, DATABASE_URL, MONGO_URL). */
  urls: Partial<Record<ServiceKind, string>>;
}

export interface ServiceHandle {
  info: ServiceInfo;
  /** processes: local server processes the harness started (redis-cluster). */
  mode: 'container' | 'url' | 'processes';
  /** Where it runs, safe to print: no password. */
  endpoint: string;
  /** Image tag when started as a container. */
  image?: string | undefined;
  /** Server version, as the server reports it. */
  version: string;
  /** Remove session-bench's data so the next cell starts empty. Call between cells, with no
   * server process connected (MongoDB: drops the collection and so its TTL index). */
  clear(): Promise<void>;
  /** Store-side size of the session data (issue: memory growth). */
  stats(): Promise<StoreStats>;
  /** Stops the container (URL mode: only disconnects). Idempotent. */
  stop(): Promise<void>;
  /** A container's server, for faults (harness/faults/); absent for a server of the user's own. */
  container?: ContainerControl | undefined;
}

export type ServiceOutcome = { ok: true; handle: ServiceHandle } | { ok: false; reason: string };

export const serviceDrivers: Record<ContainerServiceKind, ServiceDriver> = {
  redis: redisService,
  postgres: postgresService,
  mongo: mongoService,
};

const acquired = new Map<ServiceKind, Promise<ServiceOutcome>>();
const live = new Set<ServiceHandle>();
let triedContainers = false;

/** The service of this kind: shared by every cell (and store) that asks during this invocation. */
export function acquireService(kind: ServiceKind, opts: ServiceOptions): Promise<ServiceOutcome> {
  let outcome = acquired.get(kind);
  if (!outcome) {
    const url = opts.urls[kind]?.trim();
    if (kind === 'redis-cluster') outcome = clusterService(url);
    else outcome = url ? fromUrl(serviceDrivers[kind], url) : fromContainer(serviceDrivers[kind]);
    acquired.set(kind, outcome);
  }
  return outcome;
}

/** The live container service behind a cell's service info (faults act on it). */
export function serviceHandleFor(info: ServiceInfo): ServiceHandle | undefined {
  return [...live].find((h) => h.info.kind === info.kind && h.info.url === info.url);
}

/** redis-cluster: local redis-server processes or the team's cluster, tracked like a container. */
async function clusterService(url: string | undefined): Promise<ServiceOutcome> {
  const outcome = await acquireRedisCluster(url);
  if (!outcome.ok) return outcome;
  const inner = outcome.handle;
  const handle: ServiceHandle = {
    ...inner,
    stop: () => {
      live.delete(handle);
      acquired.delete('redis-cluster');
      return inner.stop();
    },
  };
  live.add(handle);
  return { ok: true, handle };
}

function makeHandle(
  driver: ServiceDriver,
  url: string,
  admin: AdminClient,
  started?: { service: StartedService; image: string },
): ServiceHandle {
  let stopped: Promise<void> | undefined;
  const connectAdmin = async () => {
    const fresh = await driver.connect(url, true);
    const old = admin;
    admin = fresh;
    await bounded(() => old.close(), 'closing the old admin client');
  };
  const control = started ? containerControl(driver, started.service, connectAdmin, () => admin) : undefined;
  const handle: ServiceHandle = {
    info: { kind: driver.kind, url },
    mode: started ? 'container' : 'url',
    endpoint: maskUrl(url),
    image: started?.image,
    version: admin.version,
    clear: () => admin.clear(),
    stats: () => admin.stats(),
    container: control,
    stop: () => {
      stopped ??= (async () => {
        live.delete(handle);
        acquired.delete(driver.kind);
        // A container a fault left frozen would not stop on SIGTERM; a stopped one has nothing to stop.
        if (control?.faulted === 'paused') await bounded(() => control.unpause(), 'unpausing the container');
        // The user's own server keeps nothing of ours after the run (a container is removed whole).
        if (!started) await bounded(() => admin.clear(), 'emptying the server');
        await bounded(() => admin.close(), 'closing the admin client');
        await started?.service.container.stop();
      })();
      return stopped;
    },
  };
  live.add(handle);
  return handle;
}

/** Admin calls at the end of a run (emptying our keys, closing): a frozen server does not hold the exit. */
const END_CALL_TIMEOUT_MS = 5_000;

/** Best effort: a failure or a missed deadline is ignored, the run ends anyway. */
async function bounded(work: () => Promise<void>, what: string): Promise<void> {
  await withDeadline(work(), END_CALL_TIMEOUT_MS, what).catch(() => undefined);
}

async function fromUrl(driver: ServiceDriver, url: string): Promise<ServiceOutcome> {
  try {
    const admin = await driver.connect(url, false);
    return { ok: true, handle: makeHandle(driver, url, admin) };
  } catch (err) {
    return {
      ok: false,
      reason: `cannot use the ${driver.kind} server at ${maskUrl(url)}: ${redactSecrets(errorLine(err), [url])}`,
    };
  }
}

function imageHint(kind: ContainerServiceKind, choice: ImageChoice): string {
  if (choice.source === 'override') return `check ${IMAGE_ENV[kind]}`;
  const offline = OFFLINE_IMAGES[kind]
    ? `run \`npm run images:offline\` to build ${OFFLINE_IMAGES[kind]} from Debian packages, `
    : 'MongoDB has no offline build; ';
  return `no image registry reachable? ${offline}set ${IMAGE_ENV[kind]} to a local image, or pass ${serviceDrivers[kind].urlHint}`;
}

async function fromContainer(driver: ServiceDriver): Promise<ServiceOutcome> {
  const { kind } = driver;
  const mode = networkMode();
  if (typeof mode === 'object') return { ok: false, reason: mode.error };
  if (mode === 'host') applyHostNetworkSettings();
  const problem = await dockerProblem(mode);
  if (problem) return { ok: false, reason: `${problem}, or pass ${driver.urlHint} to use your own ${kind} server` };
  triedContainers = true;
  const choice = await chooseImage(kind, imageExists);
  // Offline machines: never ask a registry (the lookup alone leaves the machine).
  if (process.env.SESSION_BENCH_PULL === 'never' && !(await imageExists(choice.image))) {
    return {
      ok: false,
      reason: `image ${choice.image} is not present locally and SESSION_BENCH_PULL=never forbids pulling it (${imageHint(kind, choice)})`,
    };
  }
  let service: StartedService;
  try {
    service = await startContainer(driver, choice.image, mode);
  } catch (err) {
    await removeLabelledContainers(kind).catch(() => 0);
    return {
      ok: false,
      reason: `cannot start a ${kind} container from ${choice.image}: ${errorLine(err)} (${imageHint(kind, choice)})`,
    };
  }
  try {
    const admin = await driver.connect(service.url, true);
    return { ok: true, handle: makeHandle(driver, service.url, admin, { service, image: choice.image }) };
  } catch (err) {
    await service.container.stop().catch(() => {});
    return {
      ok: false,
      reason: `the ${kind} container from ${choice.image} started but does not answer: ${redactSecrets(errorLine(err), [service.url])}`,
    };
  }
}

/** Stops every service this process started (end of run, failure, Ctrl-C). Never throws. */
export async function stopAllServices(): Promise<void> {
  // A service still starting would otherwise come up after this returned, with nobody to stop it.
  const pending = [...acquired.values()];
  acquired.clear();
  await Promise.allSettled(pending);
  await Promise.allSettled([...live].map((h) => h.stop()));
  // Containers still starting when this was called have no handle yet: remove them by label.
  if (triedContainers) await removeLabelledContainers().catch(() => 0);
}
