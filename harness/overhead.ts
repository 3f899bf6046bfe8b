// `npm run bench:overhead`: what the per-user cookie driver costs. Same server, same route
// (GET /dashboard with a session), alternating plain autocannon (one fixed cookie, a static
// request) with the session-bench driver (one cookie jar per connection). Prints the ratio.
import autocannon from 'autocannon';
import { runLoad } from './driver.ts';
import { sessionDefaults, splitCellOptions } from './options.ts';
import { startServer } from './server-process.ts';
import { scenarios } from '../scenarios/index.ts';

const rounds = Number(process.env.ROUNDS ?? 3);
const duration = Number(process.env.DURATION ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 16);

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'plain' }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
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

async function driver(port: number): Promise<number> {
  const load = await runLoad({
    port, scenario: scenarios.read!, connections, pipelining: 1, warmup: 0, duration, seed: 1, runTag: 'overhead', maxAgeMs: 3_600_000,
  });
  return load.throughput.rps;
}

async function main() {
  const { session } = splitCellOptions(sessionDefaults());
  const server = await startServer({ store: 'memory', session, storeOptions: {}, secret: 'overhead', dataDir: '/tmp', sampleIntervalMs: 1000 });
  try {
    const cookie = await login(server.port);
    await plain(server.port, cookie); // warm-up, not counted
    const ratios: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      const a = await plain(server.port, cookie);
      const b = await driver(server.port);
      ratios.push(b / a);
      console.log(`round ${i}: plain autocannon ${a.toFixed(0)} req/s, session-bench driver ${b.toFixed(0)} req/s, ratio ${(b / a).toFixed(3)}`);
    }
    const sorted = [...ratios].sort((x, y) => x - y);
    console.log(`median ratio ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} over ${rounds} rounds of ${duration} s, ${connections} connections (target ≥ 0.95)`);
  } finally {
    await server.stop();
  }
}

await main();
