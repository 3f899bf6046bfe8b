// A delaying TCP proxy between the app and its store, for --store-rtt and slow faults: this
// machine's kernel has no netem. Every chunk waits half the added round-trip time in each
// direction, in order (a chunk never overtakes an earlier one, also when the delay changes).
// Runs in the harness process on 127.0.0.1; its own cost is measured (calibrate) and reported.
import net from 'node:net';

export interface DelayProxy {
  port: number;
  /** The added round-trip time now, ms. */
  readonly delayMs: number;
  setDelay(ms: number): void;
  /** Closes the listener and every connection. Never throws. */
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  let delay = delayMs;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    relay(client, upstream, () => delay / 2);
    relay(upstream, client, () => delay / 2);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    get delayMs() {
      return delay;
    },
    setDelay: (ms) => {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** from → to, each chunk held `oneWayMs()` (its value when the chunk arrived), never reordered. */
function relay(from: net.Socket, to: net.Socket, oneWayMs: () => number) {
  const queue: { at: number; chunk: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0]!.at <= now) to.write(queue.shift()!.chunk);
    if (queue.length) timer = setTimeout(flush, queue[0]!.at - now);
    else if (ended) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    const wait = oneWayMs();
    if (wait <= 0 && queue.length === 0) {
      to.write(chunk);
      return;
    }
    const last = queue[queue.length - 1]?.at ?? 0;
    queue.push({ at: Math.max(performance.now() + wait, last), chunk });
    timer ??= setTimeout(flush, Math.max(0, queue[0]!.at - performance.now()));
  });
  from.on('end', () => {
    ended = true;
    if (queue.length === 0) to.end();
  });
  // A reset on one side resets the other, as a broken network path would.
  from.on('error', () => to.destroy());
  from.on('close', () => {
    if (!ended) {
      clearTimeout(timer);
      to.destroy();
    }
  });
}

/**
 * The proxy's own cost: median round trip of a 1-byte echo on 127.0.0.1, direct and through a
 * proxy at 0 ms and at `delayMs`, `rounds` each, one at a time on one connection.
 */
export async function calibrate(delayMs: number, rounds = 200) {
  const echo = net.createServer((s) => s.on('data', (d) => s.write(d)).on('error', () => undefined));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const port = (echo.address() as net.AddressInfo).port;
  const proxy = await startDelayProxy({ host: '127.0.0.1', port }, 0);
  try {
    const directMs = await echoRtt(port, rounds);
    const proxiedZeroMs = await echoRtt(proxy.port, rounds);
    proxy.setDelay(delayMs);
    const proxiedMs =
      delayMs > 0 ? await echoRtt(proxy.port, Math.min(rounds, Math.ceil(2000 / delayMs))) : proxiedZeroMs;
    return { configuredMs: delayMs, directMs, proxiedZeroMs, proxiedMs };
  } finally {
    await proxy.close();
    await new Promise<void>((r) => echo.close(() => r()));
  }
}

async function echoRtt(port: number, rounds: number): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const times: number[] = [];
  let answered: (() => void) | undefined;
  let failed: ((err: Error) => void) | undefined;
  socket.on('data', () => answered?.());
  socket.on('error', (err) => failed?.(err));
  try {
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        answered = resolve;
        failed = reject;
        socket.write('x');
      });
      times.push(performance.now() - t0);
    }
  } finally {
    socket.destroy();
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 1000) / 1000;
}
