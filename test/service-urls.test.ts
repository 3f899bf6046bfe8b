// The user's own servers (--redis-url, --postgres-url): used as given, no container started, the
// password in no endpoint, reason, output or results file; a wrong password or a closed port is a
// readable refusal; clearing touches only session-bench's own keys.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { acquireService, stopAllServices } from '../harness/services/index.ts';
import {
  freePort,
  imageExists,
  networkMode,
  startContainer,
  type StartedService,
} from '../harness/services/container.ts';
import { chooseImage } from '../harness/services/images.ts';
import { postgresService } from '../harness/services/postgres-service.ts';
import { REDIS_KEY_PREFIX } from '../stores/session-data.ts';
import { QUICK, runBenchCli, tempDir } from './helpers/run-cli.ts';
import { dockerUnavailable, labelledContainers, requireDocker } from './helpers/services.ts';

const PASSWORD = `pw-${Math.random().toString(36).slice(2, 12)}`;
let redisServer: ChildProcess | undefined;
let redisUrl = '';
let skipReason = '';

/** A password-protected redis-server on a free loopback port, ready when it says so. */
async function startRedisServer(): Promise<void> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  redisServer = child;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', reject); // ENOENT: not installed
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-300)}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  redisUrl = `redis://:${PASSWORD}@127.0.0.1:${port}`;
}

beforeAll(async () => {
  try {
    await startRedisServer();
  } catch (err) {
    skipReason = `no redis-server to test against (apt-get install redis-server): ${(err as Error).message}`;
  }
});
afterAll(async () => {
  await stopAllServices();
  if (redisServer && redisServer.exitCode === null) {
    const exited = new Promise((resolve) => redisServer!.once('exit', resolve));
    redisServer.kill();
    await exited;
  }
});

function needRedis(ctx: TestContext) {
  if (!skipReason) return;
  if (requireDocker) throw new Error(skipReason);
  console.warn(`skipped: ${skipReason}`);
  ctx.skip(skipReason);
}

describe('redis by URL', () => {
  it('uses the server as given, starts no container, and masks the password', async (ctx) => {
    needRedis(ctx);
    const before = labelledContainers();
    const outcome = await acquireService('redis', { urls: { redis: redisUrl } });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.handle.mode).toBe('url');
    expect(outcome.handle.image).toBeUndefined();
    expect(outcome.handle.endpoint).not.toContain(PASSWORD);
    expect(outcome.handle.endpoint).toMatch(/^redis:\/\/:\*\*\*@127\.0\.0\.1:\d+$/);
    expect(labelledContainers()).toEqual(before);
    await stopAllServices();
  });

  it('clears only session-bench keys on a server it does not own', async (ctx) => {
    needRedis(ctx);
    const outcome = await acquireService('redis', { urls: { redis: redisUrl } });
    if (!outcome.ok) throw new Error(outcome.reason);
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      await client.set('app:session:1', 'keep me');
      await client.set(`${REDIS_KEY_PREFIX}abc`, '{}');
      await outcome.handle.clear();
      expect(await client.get('app:session:1')).toBe('keep me');
      expect(await client.exists(`${REDIS_KEY_PREFIX}abc`)).toBe(0);
    } finally {
      await client.close();
      await stopAllServices();
    }
  });

  it('refuses a wrong password or a closed port with a reason that holds no password', async (ctx) => {
    needRedis(ctx);
    const wrong = redisUrl.replace(PASSWORD, 'not-the-password');
    const refused = await acquireService('redis', { urls: { redis: wrong } });
    await stopAllServices();
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.reason).toMatch(/cannot use the redis server at redis:\/\/:\*\*\*@127\.0\.0\.1/);
      expect(refused.reason).not.toContain('not-the-password');
    }
    const closed = await acquireService('redis', {
      urls: { redis: `redis://:${PASSWORD}@127.0.0.1:${await freePort()}` },
    });
    await stopAllServices();
    expect(closed.ok).toBe(false);
    if (!closed.ok) expect(closed.reason).not.toContain(PASSWORD);
  });

  it('benchmarks through --redis-url with the password nowhere in output or results', async (ctx) => {
    needRedis(ctx);
    const out = path.join(await tempDir(), 'out');
    const res = await runBenchCli([
      '--store',
      'redis',
      '--scenario',
      'mixed',
      ...QUICK,
      '--duration',
      '1',
      '--redis-url',
      redisUrl,
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
    for (const file of fs.readdirSync(out, { recursive: true }) as string[]) {
      const full = path.join(out, file);
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8'), file).not.toContain(PASSWORD);
    }
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.environment.services.redis).toMatchObject({
      mode: 'url',
      endpoint: expect.stringContaining(':***@'),
    });
    expect(results.runs.map((r: { status: string }) => r.status)).toEqual(['completed']);
    // The user's own server keeps nothing of the run.
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      expect(await client.keys(`${REDIS_KEY_PREFIX}*`)).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});

describe('postgres by URL', () => {
  let started: StartedService | undefined;
  afterAll(async () => {
    await started?.container.stop();
  });

  it('connects to a password-protected server it did not start', async (ctx) => {
    const problem = await dockerUnavailable();
    if (problem) {
      if (requireDocker) throw new Error(problem);
      console.warn(`skipped: ${problem}`);
      return ctx.skip(problem);
    }
    const mode = networkMode() === 'host' ? 'host' : 'bridge';
    started = await startContainer(postgresService, (await chooseImage('postgres', imageExists)).image, mode);
    const password = decodeURIComponent(new URL(started.url).password);
    const before = labelledContainers();
    const outcome = await acquireService('postgres', { urls: { postgres: started.url } });
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.handle.mode).toBe('url');
    expect(outcome.handle.endpoint).not.toContain(password);
    expect(outcome.handle.version).toMatch(/^\d+/);
    expect(labelledContainers()).toEqual(before);
    await stopAllServices();
    expect(labelledContainers()).toEqual(before); // a URL server is not ours to stop
  });
});
