// Several app instances behind a real nginx, end to end: round-robin spreads requests over the
// instances (each serves a share); MemoryStore behind round-robin fails with the cross-instance
// reason and passes with sticky; redis behind round-robin passes; without nginx the cell is
// skipped with the reason and the install command; nothing is left running.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nginxVersion } from '../harness/balancer/nginx.ts';
import type { Results, Run } from '../harness/contracts/results.ts';
import { runCell } from '../harness/cell/run-cell.ts';
import { CROSS_INSTANCE_REASON } from '../harness/cell/instances/cell-instances.ts';
import { DEFAULTS } from '../harness/plan/options.ts';
import { scenarios } from '../scenarios/index.ts';
import { QUICK, readJson, runBenchCli, tempDir } from './helpers/run-cli.ts';
import { dockerUnavailable, requireDocker } from './helpers/services.ts';

const hasNginx = nginxVersion() !== undefined;
const ARGS = [...QUICK, '--probe', '0', '--scenario', 'mixed', '--connections', '8'];

/** Processes started by the harness for a cell: nginx with our generated config, or app servers. */
function leftovers(): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /session-bench-nginx-|session-bench-cluster-/.test(l));
}
afterAll(() => expect(leftovers()).toEqual([]));

const byInstances = (runs: Run[], balance?: string) =>
  runs.find((r) => (balance ? r.options.balance === balance : r.options.instances === undefined));

describe.skipIf(!hasNginx && process.env.REQUIRE_NGINX !== '1')('instances behind nginx', () => {
  it('memory: round-robin spreads requests and fails with the cross-instance reason; sticky completes', async () => {
    const out = await tempDir();
    const res = await runBenchCli([
      '--store',
      'memory',
      '--instances',
      '2',
      '--balance',
      'round-robin,sticky',
      ...ARGS,
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(1);
    const results = await readJson<Results>(path.join(out, 'results.json'));
    expect(results.runs).toHaveLength(3);
    const one = byInstances(results.runs)!;
    const rr = byInstances(results.runs, 'round-robin')!;
    const sticky = byInstances(results.runs, 'sticky')!;
    expect(one.status).toBe('completed');
    expect(rr.status, rr.reason).toBe('failed');
    expect(rr.reason).toContain(CROSS_INSTANCE_REASON);
    expect(sticky.status, sticky.reason).toBe('completed');
    for (const r of [rr, sticky]) {
      if (r.status === 'skipped') throw new Error('not run');
      expect(r.instances).toMatchObject({ count: 2, balancer: { name: 'nginx' }, sharedSessions: false });
      expect(r.instances!.balancer.version).toMatch(/^\d+\.\d+/);
      // Round-robin per request: each instance serves about half (a share, never all).
      const shares = r.instances!.perInstance.map((p) => p.share);
      expect(shares).toHaveLength(2);
      if (r === rr) for (const s of shares) expect(s).toBeGreaterThan(0.3);
      // The tier's count is the instances' sum.
      expect(r.storeOps?.served).toBe(r.instances!.perInstance.reduce((a, p) => a + p.requests, 0));
    }
    if (sticky.status === 'completed') {
      expect(sticky.correctness.sessionsValid).toBe(sticky.correctness.sessionsChecked);
      expect(sticky.scaling).toMatchObject({ instances: 2, cores: results.environment.cpus });
    }
  });

  it('redis: sessions survive round-robin, and the instances share them (measured)', async (ctx) => {
    const problem = await dockerUnavailable();
    if (problem && !requireDocker) return ctx.skip(problem);
    const out = await tempDir();
    const res = await runBenchCli(['--store', 'redis', '--instances', '2', ...ARGS, '--out', out], {
      SESSION_BENCH_DOCKER_NETWORK: process.env.SESSION_BENCH_DOCKER_NETWORK ?? 'host',
    });
    const results = await readJson<Results>(path.join(out, 'results.json'));
    const rr = byInstances(results.runs, 'round-robin')!;
    expect(rr.status, `${rr.reason} ${res.stderr}`).toBe('completed');
    if (rr.status !== 'completed') return;
    expect(rr.correctness.sessionsChecked).toBeGreaterThan(0);
    expect(rr.correctness.sessionsValid).toBe(rr.correctness.sessionsChecked);
    expect(rr.instances?.sharedSessions).toBe(true);
    expect(res.code).toBe(0);
  });
});

describe('without nginx', () => {
  it('a cell of several instances is skipped with the reason and the install command', async () => {
    const before = process.env.SESSION_BENCH_NGINX;
    process.env.SESSION_BENCH_NGINX = '/nonexistent/nginx';
    try {
      const run = await runCell(
        {
          id: 'memory|mixed|instances=2#1',
          store: 'memory',
          storeSpec: 'memory',
          scenario: scenarios.mixed!,
          options: { resave: false, instances: 2, balance: 'round-robin' },
          repeat: 1,
        },
        { settings: { ...DEFAULTS, duration: 1, warmup: 0 } },
      );
      expect(run).toMatchObject({ status: 'skipped' });
      expect(run.reason).toMatch(/needs nginx .* not installed .*apt-get install -y nginx/);
    } finally {
      if (before === undefined) delete process.env.SESSION_BENCH_NGINX;
      else process.env.SESSION_BENCH_NGINX = before;
    }
  });
});
