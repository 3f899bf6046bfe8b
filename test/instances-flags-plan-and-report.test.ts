// --instances and --balance in-process: bad values are usage errors naming them, N > 1 also plans
// the one-instance baseline, the nginx config balances as asked, N snapshots combine into one,
// scaling compares with the baseline, a cross-instance loss is put in words, and the report's
// "Instances" section shows single vs N, round-robin vs sticky and the cluster's key spread.
import { describe, expect, it } from 'vitest';
import { nginxConfig } from '../harness/balancer/nginx-config.ts';
import type { CompletedRun, FailedRun, Run } from '../harness/contracts/results.ts';
import { CROSS_INSTANCE_REASON, crossInstanceReason } from '../harness/cell/instances/cell-instances.ts';
import { combineSnapshots, combineWork } from '../harness/cell/instances/combine-snapshots.ts';
import { workQuantities, type WorkBucket } from '../harness/contracts/work.ts';
import { addScaling } from '../harness/cell/instances/scaling.ts';
import { parseArgs } from '../harness/plan/bench-args.ts';
import { planCells } from '../harness/plan/plan-cells.ts';
import type { ServerSnapshot } from '../harness/server/protocol.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { fixtureResults } from './fixtures/report-fixture.ts';

const usage = async (args: string[]) => {
  const err = await parseArgs([...args, '--list']).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UsageError);
  return (err as Error).message;
};

describe('--instances and --balance', () => {
  it('refuse 0, 65 and an unknown balancing mode, naming the value', async () => {
    expect(await usage(['--instances', '0'])).toMatch(/--instances 0: .*1 to 64.*"0" is not one/);
    expect(await usage(['--instances', '65'])).toMatch(/--instances 65: .*"65" is not one/);
    expect(await usage(['--instances', '2,x'])).toMatch(/"x" is not one/);
    expect(await usage(['--balance', 'nosuch'])).toMatch(/--balance nosuch: "nosuch" .* round-robin, sticky/);
  });

  it('plan each cell on one instance, then on N per balancing mode; the default plans no balancer', async () => {
    const cli = await parseArgs(['--store', 'memory', '--instances', '2', '--balance', 'round-robin,sticky', '--list']);
    expect(cli.plan.settings).toMatchObject({ instances: [1, 2], balance: ['round-robin', 'sticky'] });
    const options = planCells(cli.plan).map((c) => [c.options.instances, c.options.balance]);
    expect(options).toEqual([
      [undefined, undefined],
      [2, 'round-robin'],
      [2, 'sticky'],
    ]);
    const plain = await parseArgs(['--store', 'memory', '--list']);
    expect(plain.plan.settings.instances).toBeUndefined();
    expect(planCells(plain.plan).every((c) => !('instances' in c.options))).toBe(true);
  });
});

describe('the nginx config', () => {
  const base = { port: 9000, upstreams: [9001, 9002], dir: '/tmp/x', connections: 16 };
  it('round-robin: one keep-alive upstream of every instance, no retries elsewhere, loopback only', () => {
    const conf = nginxConfig({ ...base, balance: 'round-robin' });
    expect(conf).toMatch(
      /upstream app \{\s+server 127\.0\.0\.1:9001 max_fails=0;\s+server 127\.0\.0\.1:9002 max_fails=0;\s+keepalive \d+;/,
    );
    expect(conf).toContain('listen 127.0.0.1:9000');
    expect(conf).toContain('proxy_next_upstream off;');
    expect(conf).toContain('proxy_set_header Connection "";');
    expect(conf).not.toContain('sbroute');
  });
  it('sticky: a route cookie picks the instance; a request without one is balanced and told its route', () => {
    const conf = nginxConfig({ ...base, balance: 'sticky' });
    expect(conf).toMatch(/map \$cookie_sbroute \$sb_upstream \{\s+default app;\s+i0 app_i0;\s+i1 app_i1;/);
    expect(conf).toContain('"127.0.0.1:9002" i1;');
    expect(conf).toContain('proxy_pass http://$sb_upstream;');
    expect(conf).toContain('add_header Set-Cookie $sb_set_cookie always;');
  });
});

const snap = (requests: number, heap: number, p99: number, sessions: number): ServerSnapshot => ({
  requests,
  ops: { get: requests, set: 1, touch: 0, destroy: 0 },
  opTimeMs: { get: 1, set: 1, touch: 0, destroy: 0 },
  getMisses: 2,
  eventLoopDelayMs: { p50: 1, p99, max: p99 * 2 },
  memory: { tMs: 10, rss: heap * 4, heapUsed: heap },
  samples: [{ tMs: 20, rss: heap * 4, heapUsed: heap }],
  store: { sessions },
  storeSamples: [],
});

describe('N instances as one server', () => {
  it('sum counts and memory, keep the worst event-loop delay, count a shared store once', () => {
    const own = combineSnapshots([snap(100, 10, 3, 40), snap(50, 20, 9, 60)], false);
    expect(own).toMatchObject({ requests: 150, getMisses: 4, ops: { get: 150, set: 2 } });
    expect(own.memory).toMatchObject({ heapUsed: 30, rss: 120 });
    expect(own.samples).toEqual([{ tMs: 20, rss: 120, heapUsed: 30 }]);
    expect(own.eventLoopDelayMs).toEqual({ p50: 1, p99: 9, max: 18 });
    expect(own.store?.sessions).toBe(100);
    expect(combineSnapshots([snap(100, 10, 3, 40), snap(50, 20, 9, 40)], true).store?.sessions).toBe(40);
  });

  it("combine work per action as one server over all the tier's requests would count it", () => {
    // Per request, the cart's set bytes of each instance: the tier's bucket is the bucket of them all.
    const bucketOf = (action: string, bytes: number[]): WorkBucket => {
      const n = bytes.length;
      const total = bytes.reduce((a, b) => a + b, 0);
      const mean = total / n;
      const sd = Math.sqrt(bytes.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      const q = (v: number, bytesV: number) =>
        workQuantities((k) => ({ set: v, storeBytesWritten: bytesV })[k as string] ?? 0);
      return {
        action,
        cookie: 'sent',
        requests: n,
        getMisses: 0,
        totals: q(n, total),
        perRequest: q(1, mean),
        sd: q(0, sd),
      } as WorkBucket;
    };
    const [a, b] = [
      [100, 120, 140],
      [200, 220],
    ];
    const [cart] = combineWork([[bucketOf('cart', a)], [bucketOf('cart', b), bucketOf('login', [50])]]);
    const whole = bucketOf('cart', [...a, ...b]);
    expect(cart).toMatchObject({ action: 'cart', requests: 5, totals: whole.totals });
    expect(cart!.perRequest.storeBytesWritten).toBeCloseTo(whole.perRequest.storeBytesWritten, 9);
    expect(cart!.sd.storeBytesWritten).toBeCloseTo(whole.sd.storeBytesWritten, 9);
    expect(cart!.sd.set).toBe(0);
    const snaps = [snap(100, 10, 3, 40), snap(50, 20, 9, 60)].map((s, i) => ({
      ...s,
      work: [bucketOf('cart', [a, b][i]!)],
    }));
    expect(combineSnapshots(snaps, true).work?.[0]?.requests).toBe(5);
  });
});

function completed(options: Run['options'], rps: number): CompletedRun {
  const template = fixtureResults().runs.find((r): r is CompletedRun => r.status === 'completed')!;
  return { ...template, store: 'memory', scenario: 'mixed', options, repeat: 1, throughput: { rps, samples: [rps] } };
}

describe('scaling and the cross-instance reason', () => {
  it('scaling is req/s against N × the one-instance run of the same cell, with the cores', () => {
    const one = completed({ resave: false }, 1000);
    const two = completed({ resave: false, instances: 2, balance: 'sticky' }, 1500);
    addScaling(two, [one], 2);
    expect(two.scaling).toEqual({ instances: 2, rps: 1500, baselineRps: 1000, efficiency: 0.75, cores: 2 });
    const other = completed({ resave: true, instances: 2, balance: 'sticky' }, 1500);
    addScaling(other, [one], 2);
    expect(other.scaling).toBeUndefined();
  });

  it('a session loss with sessions unknown across instances is named as such, behind round-robin only', () => {
    const m = {
      instances: {
        count: 2,
        balance: 'round-robin' as const,
        balancer: { name: 'nginx', version: '1' },
        sharedSessions: false,
        perInstance: [],
      },
    };
    const lost = '3 of 6 sessions did not read back what was acknowledged';
    expect(crossInstanceReason(lost, m)).toBe(`${CROSS_INSTANCE_REASON} (${lost})`);
    expect(crossInstanceReason(lost, { instances: { ...m.instances, sharedSessions: true } })).toBe(lost);
    expect(crossInstanceReason('the server stopped answering', m)).toBe('the server stopped answering');
    expect(crossInstanceReason(undefined, m)).toBeUndefined();
  });
});

describe('the report', () => {
  it('shows single vs N instances, whether sessions survived, shares and the key spread', async () => {
    const results = fixtureResults();
    const one = completed({ resave: false }, 1000);
    const shared = { name: 'nginx', version: '1.22.1' };
    const rr: FailedRun = {
      ...completed({ resave: false, instances: 2, balance: 'round-robin' }, 900),
      status: 'failed',
      reason: `${CROSS_INSTANCE_REASON} (1 of 2 sessions did not read back what was acknowledged)`,
      instances: {
        count: 2,
        balance: 'round-robin',
        balancer: shared,
        sharedSessions: false,
        perInstance: [0.5, 0.5].map((share) => ({
          requests: 10,
          share,
          getMisses: 3,
          rssBytes: 1,
          heapUsedBytes: 1,
          eventLoopDelayMs: { p50: 1, p99: 1, max: 1 },
        })),
      },
    };
    const sticky = completed({ resave: false, instances: 2, balance: 'sticky' }, 1500);
    addScaling(sticky, [one], 2);
    const cluster = { ...completed({ resave: false }, 800), store: 'redis-cluster' };
    cluster.storeSide = { keysPerMaster: { '127.0.0.1:7001': 30, '127.0.0.1:7002': 35, '127.0.0.1:7003': 35 } };
    results.runs = [one, rr, sticky, cluster];
    const md = markdownReport(results);
    const part = md.slice(md.indexOf('### Instances'));
    expect(part).toMatch(/\| memory \| mixed \| .* \| 1 \| — \| completed \|/);
    expect(part).toMatch(
      /\| 2 \| round-robin \| failed \| .* no: sessions stayed on the instance that created them \| no \| 50% \/ 50% \|/,
    );
    expect(part).toMatch(/\| 2 \| sticky \| completed \| 1,500 req\/s \| 75% \|/);
    expect(part).toContain('sessions created on one instance are unknown to the others');
    expect(part).toMatch(/2-core machine/);
    expect(part).toMatch(/127\.0\.0\.1:7001: 30 \(30%\) · 127\.0\.0\.1:7002: 35 \(35%\)/);
    const page = await htmlReport(results);
    expect(page).toContain('id="instances"');
    expect(page).toContain('Key spread across the cluster’s masters');
  });

  it('is left out when no run used several instances or a cluster', () => {
    expect(markdownReport(fixtureResults())).not.toContain('### Instances');
  });
});
