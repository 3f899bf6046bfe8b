// For tests that need a real Redis, PostgreSQL or MongoDB. They skip, printing why, when the server
// cannot be had; with REQUIRE_DOCKER=1 (CI) a missing Docker fails them instead. MongoDB never fails
// for lack of a server: none can run on this project's machines (see FACTS.md).
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'vitest';
import { acquireService, type ServiceHandle, type ServiceOutcome } from '../../harness/services/index.ts';
import { imageExists, applyHostNetworkSettings, dockerProblem, networkMode } from '../../harness/services/container.ts';
import { DEFAULT_IMAGES, IMAGE_ENV } from '../../harness/services/images.ts';
import type { ServiceKind } from '../../stores/types.ts';

export const requireDocker = process.env.REQUIRE_DOCKER === '1';

/** Why containers cannot be started here, or null when they can. */
export async function dockerUnavailable(): Promise<string | null> {
  const mode = networkMode();
  if (typeof mode === 'object') return mode.error;
  if (mode === 'host') applyHostNetworkSettings();
  return dockerProblem(mode);
}

/**
 * The service for a test: MONGO_URL for mongo if set, else a container. Mongo with neither a URL
 * nor a local image is not attempted (no registry here; a pull would only fail).
 */
export async function serviceForTest(kind: ServiceKind): Promise<ServiceOutcome> {
  // Local redis-server processes, no container: Docker does not matter.
  if (kind === 'redis-cluster') return acquireService(kind, { urls: {} });
  if (kind === 'mongo' && process.env.MONGO_URL)
    return acquireService('mongo', { urls: { mongo: process.env.MONGO_URL } });
  const problem = await dockerUnavailable();
  if (problem) return { ok: false, reason: problem };
  if (kind === 'mongo') {
    const image = process.env[IMAGE_ENV.mongo] || DEFAULT_IMAGES.mongo;
    if (!(await imageExists(image))) {
      return {
        ok: false,
        reason: `no MongoDB here: set MONGO_URL, or load the ${image} image (${IMAGE_ENV.mongo} names another)`,
      };
    }
  }
  return acquireService(kind, { urls: {} });
}

/** The handle, or skips the test printing why (fails instead when Docker is required and missing). */
export function needService(ctx: TestContext, kind: ServiceKind, outcome: ServiceOutcome | undefined): ServiceHandle {
  if (outcome?.ok) return outcome.handle;
  const reason = outcome?.reason ?? 'service was not acquired';
  if (requireDocker && kind !== 'mongo') throw new Error(`REQUIRE_DOCKER=1 but ${kind} is unavailable: ${reason}`);
  console.warn(`skipped (${kind}): ${reason}`);
  return ctx.skip(reason);
}

/** Ids of containers (running or not) that this process labelled. */
export function labelledContainers(pid = process.pid): string[] {
  try {
    const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=session-bench.pid=${pid}`], {
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
