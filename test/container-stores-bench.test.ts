// The CLI end to end with container stores, as a user runs it: redis, redis-ioredis and postgres
// complete `mixed` with every session verified and the images recorded, and no container outlives
// the run, nor a Ctrl-C in the middle of one. Without Docker they are skipped with a reason.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { CompletedRun, Results, SkippedRun } from '../harness/contracts/results.ts';
import { collect, readJson, runBenchCli, spawnCli, tempDir, waitForOutput } from './helpers/run-cli.ts';
import { dockerUnavailable, requireDocker } from './helpers/services.ts';
import { poll } from './helpers/store-calls.ts';

let dockerProblem: string | null = null;
beforeAll(async () => {
  dockerProblem = await dockerUnavailable();
});

function needDocker(ctx: TestContext) {
  if (!dockerProblem) return;
  if (requireDocker) throw new Error(`REQUIRE_DOCKER=1 but: ${dockerProblem}`);
  console.warn(`skipped: ${dockerProblem}`);
  ctx.skip(dockerProblem);
}

/** Containers (running or not) a session-bench process with this pid labelled. */
function containersOf(pid: number): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=session-bench.pid=${pid}`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('container stores through the CLI', () => {
  it('redis, redis-ioredis and postgres complete mixed with every session valid, leaving no container', async (ctx) => {
    needDocker(ctx);
    const out = path.join(await tempDir(), 'out');
    const child = spawnCli('harness/cli/bench.ts', [
      '--store',
      'redis,redis-ioredis,postgres',
      '--scenario',
      'mixed',
      '--duration',
      '3',
      '--warmup',
      '0.5',
      '--probe',
      '0.5',
      '--sessions',
      '2000',
      '--out',
      out,
    ]);
    const res = await collect(child);
    expect(res.code, res.stderr).toBe(0);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(results.runs.map((r) => `${r.store}:${r.status}`)).toEqual([
      'redis:completed',
      'redis-ioredis:completed',
      'postgres:completed',
    ]);
    for (const run of results.runs as CompletedRun[]) {
      expect(run.correctness.sessionsChecked, run.store).toBeGreaterThan(0);
      expect(run.correctness.sessionsValid, run.store).toBe(run.correctness.sessionsChecked);
      expect(run.requests.non2xx + run.requests.errors, run.store).toBe(0);
    }
    expect(Object.keys(results.environment.images ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(results.environment.services?.postgres?.endpoint).toContain(':***@');
    expect(containersOf(child.pid!)).toEqual([]);
  });

  it('Ctrl-C during a container cell stops the container and exits 130', async (ctx) => {
    needDocker(ctx);
    const out = path.join(await tempDir(), 'out');
    const child = spawnCli('harness/cli/bench.ts', [
      '--store',
      'redis',
      '--scenario',
      'read',
      '--duration',
      '8',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    const done = collect(child);
    // Interrupt once the container is up (the cell then starts its server and load). The cell's
    // progress line comes first, before the container starts.
    await waitForOutput(child, /0\/1 redis/);
    await poll(async () => {
      if (child.exitCode !== null) throw new Error(`the run ended (${child.exitCode}) before its container started`);
      return containersOf(child.pid!).length > 0;
    }, 60_000);
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    expect(containersOf(child.pid!)).toEqual([]);
  });
});

describe('container stores without Docker', () => {
  it('are skipped with a reason saying how to fix it; embedded stores still run', async () => {
    const out = path.join(await tempDir(), 'out');
    // A Docker endpoint where nothing listens, on loopback.
    const res = await runBenchCli(
      [
        '--store',
        'memory,redis,postgres,mongo',
        '--scenario',
        'read',
        '--duration',
        '1',
        '--warmup',
        '0',
        '--out',
        out,
      ],
      {
        DOCKER_HOST: 'tcp://127.0.0.1:1',
        REDIS_URL: '',
        DATABASE_URL: '',
        MONGO_URL: '',
      },
    );
    expect(res.code).toBe(1); // stores asked for by name could not run
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(results.runs.find((r) => r.store === 'memory')?.status).toBe('completed');
    for (const [store, flag] of [
      ['redis', '--redis-url'],
      ['postgres', '--postgres-url'],
      ['mongo', '--mongo-url'],
    ]) {
      const run = results.runs.find((r) => r.store === store) as SkippedRun;
      expect(run.status, store).toBe('skipped');
      expect(run.reason).toMatch(/start Docker/);
      expect(run.reason).toContain(flag);
    }
  });
});
