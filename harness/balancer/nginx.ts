// Starts nginx (the OS package) in front of a cell's instances with a generated configuration, on
// 127.0.0.1 and a free port, in its own process group, and stops it: SIGTERM to the group, SIGKILL
// after a bound. Every nginx this process started is killed on exit (Ctrl-C, a crash), master and
// worker together. Without nginx installed, nginxProblem() says so with the install command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import { freePort } from './free-port.ts';
import { ownedTempDir, reapStale, recordPids } from './stale-processes.ts';
import path from 'node:path';
import { nginxConfig, type Balance } from './nginx-config.ts';

export const NGINX_INSTALL_HINT = 'apt-get install -y nginx';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const DIR_PREFIX = 'session-bench-nginx-';

const live = new Set<ChildProcess>();
let exitHook = false;

/** Synchronous, for exit paths: the whole process group of every nginx still running. */
export function killAllBalancers(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function nginxBinary(): string {
  return process.env.SESSION_BENCH_NGINX ?? 'nginx';
}

/** nginx's version (e.g. "1.22.1"), or undefined when it is not installed. */
export function nginxVersion(): string | undefined {
  const probe = spawnSync(nginxBinary(), ['-v'], { encoding: 'utf8', timeout: 5000 });
  if (probe.error || probe.status !== 0) return undefined;
  return /nginx\/(\S+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1] ?? 'unknown';
}

/** Why a cell with several instances cannot run here, with the install command; undefined when it can. */
export function nginxProblem(): string | undefined {
  if (nginxVersion() !== undefined) return undefined;
  return `--instances needs nginx as the load balancer, and ${nginxBinary()} is not installed (install it with \`${NGINX_INSTALL_HINT}\`)`;
}

export interface Balancer {
  port: number;
  name: 'nginx';
  version: string;
  balance: Balance;
  /** Stops nginx (idempotent, never throws) and removes its directory. */
  stop(): Promise<void>;
}

/** Resolves once a TCP connection to the port succeeds; rejects when nginx exits or the deadline passes. */
async function waitListening(port: number, child: ChildProcess, errors: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`nginx exited before it listened: ${errors()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${errors()}`);
}

async function stopNginx(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  // The worker may outlive the master by a moment: make sure the group is gone.
  killGroup(child, 'SIGKILL');
  live.delete(child);
  await fs.rm(dir, { recursive: true, force: true });
}

export async function startNginx(opts: {
  upstreams: number[];
  balance: Balance;
  connections: number;
}): Promise<Balancer> {
  const version = nginxVersion();
  if (version === undefined) throw new Error(nginxProblem());
  await reapStale(DIR_PREFIX, 'nginx', true);
  const dir = await ownedTempDir(DIR_PREFIX);
  // Run as root, nginx's worker runs as an unprivileged user: it must reach its temp paths in here.
  await fs.chmod(dir, 0o711);
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await fs.writeFile(conf, nginxConfig({ ...opts, port, dir }));
  const child = spawn(nginxBinary(), ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    detached: true, // its own process group: master and worker are stopped together
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.on('error', () => undefined); // shows as an exit before listening
  await recordPids(dir, [child.pid]);
  live.add(child);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', killAllBalancers);
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const errors = () => stderr.trim().split('\n').slice(-3).join(' | ') || 'no message';
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopNginx(child, dir).catch(() => undefined));
  try {
    await waitListening(port, child, errors);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, name: 'nginx', version, balance: opts.balance, stop };
}
