// A real Redis of the user's own (--redis-url: the harness plans no fault) that freezes (docker
// pause: sockets open, nothing answers) in the middle of the measured phase. The run ends within
// its bound, is failed with a reason in words, and keeps every number the load measured, the waits
// included. The server thaws 12 s later, past the 10 s request timeout, so the read-backs after the
// load do not each wait out their bound (verify-bounds-every-read-back covers those). A server that
// goes away (docker stop) is store-faults-with-real-servers' case.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FailedRun, Results } from '../harness/contracts/results.ts';
import { imageExists, networkMode, startContainer, type StartedService } from '../harness/services/container.ts';
import { chooseImage } from '../harness/services/images.ts';
import { redisService } from '../harness/services/redis-service.ts';
import { collect, readJson, spawnCli, tempDir, waitForOutput } from './helpers/run-cli.ts';
import { dockerUnavailable, requireDocker } from './helpers/services.ts';

const started: StartedService[] = [];
let thaw: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearTimeout(thaw);
  for (const s of started.splice(0)) {
    try {
      execFileSync('docker', ['unpause', s.container.getId()], { stdio: 'ignore' });
    } catch {
      // not paused
    }
    await s.container.stop().catch(() => undefined);
  }
});

async function redisOrSkip(skip: (why: string) => void): Promise<StartedService | undefined> {
  const problem = await dockerUnavailable();
  if (problem) {
    if (requireDocker) throw new Error(`REQUIRE_DOCKER=1 but Docker is unavailable: ${problem}`);
    console.warn(`skipped (redis): ${problem}`);
    skip(problem);
    return undefined;
  }
  const { image } = await chooseImage('redis', imageExists);
  const mode = networkMode();
  const service = await startContainer(redisService, image, typeof mode === 'object' ? 'host' : mode);
  started.push(service);
  return service;
}

async function benchWithFault(url: string, fault: (id: string) => void, id: string) {
  const out = path.join(await tempDir(), 'out');
  const child = spawnCli('harness/cli/bench.ts', [
    '--store',
    'redis',
    '--redis-url',
    url,
    '--scenario',
    'read',
    '--duration',
    '4',
    '--warmup',
    '0.5',
    '--connections',
    '4',
    '--probe',
    '1',
    '--sessions',
    '0',
    '--out',
    out,
  ]);
  const done = collect(child);
  await waitForOutput(child, /0\/1 redis/);
  await new Promise((r) => setTimeout(r, 3000)); // well into the measured phase (server start + 0.5 s warm-up)
  fault(id);
  const res = await done;
  const results = await readJson<Results>(path.join(out, 'results.json'));
  return { res, run: results.runs[0] as FailedRun };
}

describe('a store server that fails mid-run', () => {
  it('frozen (docker pause): failed, hung or timed-out requests counted, numbers kept', async (ctx) => {
    const redis = await redisOrSkip((why) => ctx.skip(why));
    if (!redis) return;
    const t0 = Date.now();
    const { res, run } = await benchWithFault(
      redis.url,
      (id) => {
        execFileSync('docker', ['pause', id]);
        thaw = setTimeout(() => execFileSync('docker', ['unpause', id]), 12_000);
      },
      redis.container.getId(),
    );
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/still waiting|timed out/);
    expect(run.requests!.total).toBeGreaterThan(0);
    expect(run.requests!.timeouts + (run.requests!.hung ?? 0)).toBeGreaterThan(0);
    // A request that waited through the freeze is in the latency figures, not dropped: the max
    // holds the longest wait, far beyond a typical request of the same run (its median).
    const r = run.requests!;
    const stalledMs = Math.max(r.hungMaxWaitMs ?? 0, r.timeouts > 0 ? r.timeoutS! * 1000 : 0);
    expect(run.loadedLatencyMs!.max).toBeGreaterThanOrEqual(Math.floor(stalledMs)); // max is rounded
    expect(stalledMs).toBeGreaterThan(10 * run.latencyMs!.p50);
    // A hang guard, not a budget: the run takes about 20 s (4 s of load, then the frozen requests' timeout).
    expect(Date.now() - t0).toBeLessThan(90_000);
  });
});
