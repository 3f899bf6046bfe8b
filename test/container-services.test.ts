// Services started as containers: one per kind, reachable on 127.0.0.1 (host networking) or a mapped
// port, from the offline image when it exists, passwords kept out of the endpoint, data cleared on
// request, and no container left once stopAllServices() has run. Also: leftovers of a session-bench
// process that died (kill -9, no Ryuk) are removed by the next one.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireService, stopAllServices, type ServiceOutcome } from '../harness/services/index.ts';
import { freePort, imageExists, networkMode, removeLabelledContainers } from '../harness/services/container.ts';
import { IMAGE_ENV, OFFLINE_IMAGES } from '../harness/services/images.ts';
import { REDIS_KEY_PREFIX } from '../stores/session-data.ts';
import type { ContainerServiceKind } from '../stores/types.ts';
import { labelledContainers, needService, serviceForTest } from './helpers/services.ts';

const outcomes: Record<string, ServiceOutcome> = {};

beforeAll(async () => {
  outcomes.redis = await serviceForTest('redis');
  outcomes.postgres = await serviceForTest('postgres');
});
afterAll(() => stopAllServices());

describe('container services', () => {
  it('start redis and postgres once each, on loopback, from the offline images when built', async (ctx) => {
    const redis = needService(ctx, 'redis', outcomes.redis);
    const postgres = needService(ctx, 'postgres', outcomes.postgres);
    for (const handle of [redis, postgres]) {
      expect(handle.mode).toBe('container');
      expect(handle.version).toMatch(/^\d+\.\d+/);
      if (networkMode() === 'host') expect(new URL(handle.info.url).hostname).toBe('127.0.0.1');
      const kind = handle.info.kind as ContainerServiceKind;
      const offline = OFFLINE_IMAGES[kind]!;
      if (!process.env[IMAGE_ENV[kind]] && (await imageExists(offline))) expect(handle.image).toBe(offline);
    }
    expect(labelledContainers()).toHaveLength(2);
    const again = await acquireService('redis', { urls: {} });
    expect(again.ok && again.handle).toBe(redis);
  });

  it('keep the generated postgres password out of the printable endpoint', async (ctx) => {
    const postgres = needService(ctx, 'postgres', outcomes.postgres);
    const password = decodeURIComponent(new URL(postgres.info.url).password);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(postgres.endpoint).not.toContain(password);
    expect(postgres.endpoint).toContain(':***@');
  });

  it('clear() empties a container server completely', async (ctx) => {
    const redis = needService(ctx, 'redis', outcomes.redis);
    const client = createClient({ url: redis.info.url });
    await client.connect();
    try {
      await client.set(`${REDIS_KEY_PREFIX}x`, '{}');
      await client.set('other', '1');
      expect((await redis.stats()).sessions).toBe(1);
      await redis.clear();
      expect(await client.dbSize()).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('stopAllServices() stops and removes every container it started', async (ctx) => {
    needService(ctx, 'redis', outcomes.redis);
    await stopAllServices();
    expect(labelledContainers()).toEqual([]);
    // A stopped kind can be acquired afresh.
    const next = await acquireService('redis', { urls: {} });
    expect(next.ok).toBe(true);
    await stopAllServices();
    expect(labelledContainers()).toEqual([]);
  });

  it('stopAllServices() during a start waits for it and leaves no container', async (ctx) => {
    needService(ctx, 'redis', outcomes.redis);
    await stopAllServices();
    const starting = acquireService('redis', { urls: {} });
    await stopAllServices();
    expect((await starting).ok).toBe(true);
    expect(labelledContainers()).toEqual([]);
  });

  it('removes containers left by a session-bench process that no longer exists', async (ctx) => {
    const image = needService(ctx, 'redis', outcomes.redis).image!;
    const deadPid = 2 ** 22 + 7; // above pid_max's default ceiling: no such process
    const port = await freePort();
    execFileSync('docker', [
      'run',
      '-d',
      '--network',
      networkMode() === 'host' ? 'host' : 'bridge',
      '--label',
      `session-bench.pid=${deadPid}`,
      '--label',
      `session-bench.host=${os.hostname()}`,
      '--label',
      'session-bench=redis',
      image,
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
    ]);
    expect(labelledContainers(deadPid)).toHaveLength(1);
    await removeLabelledContainers();
    expect(labelledContainers(deadPid)).toEqual([]);
  });
});
