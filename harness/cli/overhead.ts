// `npm run bench:overhead`: what the per-user cookie driver costs. Same server, same route
// (GET /dashboard with a session), alternating wrk (an independent C peer, when installed), plain
// autocannon (one fixed cookie, a static request), the session-bench closed-model driver (one
// cookie jar per connection; USERS=N: N users over the connections, and wrk rotates N sessions)
// and the open-model generator: once at a rate above what wrk reached (its achieved req/s against
// wrk's), once at OPEN_RATE (default 1,000 req/s: its scheduling error and its own CPU). Prints
// each round and the medians.
import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from '../load/driver.ts';
import { sessionDefaults, splitCellOptions } from '../plan/options.ts';
import { startServer } from '../cell/server-process.ts';
import { scenarios } from '../../scenarios/index.ts';
import { fmtPercent } from '../shared/format-number.ts';
import { coefficientOfVariation, median } from '../shared/stats.ts';

const rounds = Number(process.env.ROUNDS ?? 3);
const duration = Number(process.env.DURATION ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 16);
/** USERS=10000: the driver serves that many users (cookie jars) over the connections, as --users does. */
const users = Number(process.env.USERS ?? connections);

async function login(port: number, user = 'plain'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const WRK_SCRIPT = path.join(os.tmpdir(), `session-bench-wrk-${process.pid}.lua`);

/**
 * With USERS above the connections, wrk rotates as many sessions' cookies (a Lua script), so the
 * server holds and reads as many sessions as it does for the driver: the same work on both sides.
 */
async function wrkScript(port: number): Promise<string[]> {
  if (users <= connections) return [];
  const cookies: string[] = [];
  for (let i = 0; i < users; i++) cookies.push(await login(port, `wrk-${i}`));
  const file = WRK_SCRIPT;
  const list = cookies.map((c) => JSON.stringify(c)).join(',');
  fs.writeFileSync(
    file,
    `local c = {${list}}\nlocal i = 0\nrequest = function()\n  i = i % #c + 1\n  return wrk.format("GET", "/dashboard", { Cookie = c[i] })\nend\n`,
  );
  return ['-s', file];
}

async function plain(port: number, cookie: string): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/dashboard`,
    connections,
    duration,
    headers: { cookie },
  });
  if (result.non2xx > 0) throw new Error(`plain autocannon got ${result.non2xx} non-2xx responses`);
  return result.requests.total / duration;
}

/** wrk with one thread (the server needs the other core) and the same cookie; null without wrk. */
function wrk(port: number, cookie: string, script: string[]): number | null {
  const res = spawnSync(
    'wrk',
    [
      '-t1',
      `-c${connections}`,
      `-d${duration}s`,
      '-H',
      `Cookie: ${cookie}`,
      ...script,
      `http://127.0.0.1:${port}/dashboard`,
    ],
    {
      encoding: 'utf8',
      timeout: (duration + 10) * 1000,
    },
  );
  if (res.error || res.status !== 0) return null;
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(res.stdout)?.[1];
  if (/Non-2xx/.test(res.stdout)) throw new Error('wrk got non-2xx responses');
  return rps ? Number(rps) : null;
}

/** Round-to-round coefficient of variation: the generator's spread must not exceed wrk's. */
const cvText = (xs: number[]) => fmtPercent(coefficientOfVariation(xs) ?? Number.NaN, 1, ' ');

/** The load both generators of this harness run: the read route, the same connections and users. */
const loadOn = (port: number, more: { warmup: number; runTag: string; rate?: number }) =>
  runLoad({
    port,
    scenario: scenarios.read!,
    connections,
    users,
    pipelining: 1,
    duration,
    seed: 1,
    maxAgeMs: Number(sessionDefaults().maxAge),
    ...more,
  });

async function driver(port: number): Promise<number> {
  // Many users log in first: a warm-up long enough for every login, so the measured route is the same.
  const load = await loadOn(port, { warmup: users > connections ? 5 : 0, runTag: 'overhead' });
  return load.throughput.rps;
}

const openRate = Number(process.env.OPEN_RATE ?? 1000);

/** The open-model generator at `rate`, over the same connections and users as the driver. */
async function open(port: number, rate: number) {
  const load = await loadOn(port, { warmup: users > connections ? 5 : 1, runTag: 'overhead-open', rate });
  return { rps: load.throughput.rps, arrivals: load.arrivals! };
}

async function main() {
  const { session } = splitCellOptions(sessionDefaults());
  const server = await startServer({
    store: 'memory',
    session,
    storeOptions: {},
    secret: 'overhead',
    dataDir: '/tmp',
    sampleIntervalMs: 1000,
  });
  try {
    const cookie = await login(server.port);
    await plain(server.port, cookie); // warm-up, not counted
    const script = await wrkScript(server.port);
    const vsPlain: number[] = [];
    const vsWrk: number[] = [];
    const vsWrkOpen: number[] = [];
    const rps = { wrk: [] as number[], plain: [] as number[], driver: [] as number[], open: [] as number[] };
    const timing = { p50: [] as number[], p99: [] as number[], absP99: [] as number[], cpu: [] as number[] };
    for (let i = 1; i <= rounds; i++) {
      const w = wrk(server.port, cookie, script);
      const a = await plain(server.port, cookie);
      const b = await driver(server.port);
      vsPlain.push(b / a);
      rps.plain.push(a);
      rps.driver.push(b);
      if (w !== null) rps.wrk.push(w);
      if (w !== null) vsWrk.push(b / w);
      // At a fixed rate first: the over-capacity run leaves the server a backlog to work off.
      const at = await open(server.port, openRate);
      // Over capacity (a quarter above the fastest closed-model figure): what the generator achieves is what the server can.
      const over = await open(server.port, 1.25 * Math.max(w ?? 0, a, b));
      rps.open.push(over.rps);
      if (w !== null) vsWrkOpen.push(over.rps / w);
      const e = at.arrivals.schedulingErrorMs;
      timing.p50.push(e.p50);
      timing.p99.push(e.p99);
      timing.absP99.push(e.absP99);
      timing.cpu.push(at.arrivals.generatorCpuCores);
      const peer = w === null ? 'wrk not installed (apt-get install -y wrk)' : `wrk ${w.toFixed(0)} req/s`;
      console.log(
        `round ${i}: ${peer}, plain autocannon ${a.toFixed(0)} req/s, session-bench driver ${b.toFixed(0)} req/s, ` +
          `open model over capacity ${over.rps.toFixed(0)} req/s; at ${openRate} req/s scheduling error ` +
          `p50 ${e.p50.toFixed(2)} p99 ${e.p99.toFixed(2)} |p99| ${e.absP99.toFixed(2)} ms, ` +
          `generator ${at.arrivals.generatorCpuCores.toFixed(2)} cores, late ${at.arrivals.late}, dropped ${at.arrivals.dropped}`,
      );
    }
    const settings = `over ${rounds} rounds of ${duration} s, ${connections} connections, ${users} users (target ≥ 0.95)`;
    if (vsWrk.length) console.log(`median ratio driver / wrk ${median(vsWrk).toFixed(3)} ${settings}`);
    if (vsWrkOpen.length)
      console.log(`median ratio open model over capacity / wrk ${median(vsWrkOpen).toFixed(3)} ${settings}`);
    console.log(
      `open model at ${openRate} req/s, medians: scheduling error p50 ${median(timing.p50).toFixed(2)} ms, ` +
        `p99 ${median(timing.p99).toFixed(2)} ms (target < 1), |error| p99 ${median(timing.absP99).toFixed(2)} ms, ` +
        `generator CPU ${median(timing.cpu).toFixed(2)} cores (target < 0.25)`,
    );
    console.log(`median ratio driver / plain autocannon ${median(vsPlain).toFixed(3)} ${settings}`);
    const spread = Object.entries(rps)
      .filter(([, xs]) => xs.length > 1)
      .map(([name, xs]) => `${name} ${cvText(xs)}`);
    console.log(`round-to-round CV: ${spread.join(', ')} (the driver's should not exceed wrk's)`);
  } finally {
    fs.rmSync(WRK_SCRIPT, { force: true });
    await server.stop();
  }
}

await main();
