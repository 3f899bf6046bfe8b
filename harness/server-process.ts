// Starts the server child process for one cell and talks to it; every live child is tracked so
// Ctrl-C and crashes can kill them all.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command, FromServer, ServerConfig, ServerSnapshot, ToServer } from './protocol.ts';

const serverEntry = fileURLToPath(new URL('./server.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const live = new Set<ChildProcess>();

export interface ServerHandle {
  port: number;
  pid: number;
  call(command: Command): Promise<ServerSnapshot>;
  stop(): Promise<void>;
}

export class ServerStartError extends Error {}

/** Kill every server still running (Ctrl-C, fatal error). Synchronous so it works in exit paths. */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export async function startServer(config: ServerConfig, timeoutMs = 30_000): Promise<ServerHandle> {
  const child = fork(serverEntry, [], {
    execArgv: ['--import', tsxLoader, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: process.env,
  });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ServerStartError(`server did not start within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (msg: FromServer) => {
      if (msg.type === 'ready') resolve(msg.port);
      if (msg.type === 'fatal') reject(new ServerStartError(msg.message));
    });
    child.once('exit', (code) =>
      reject(new ServerStartError(`server exited (code ${code}) before it was ready${stderr ? `: ${lastLine(stderr)}` : ''}`)),
    );
    child.send({ type: 'init', config } satisfies ToServer);
    void exited.then(() => clearTimeout(timer));
    child.once('message', () => clearTimeout(timer));
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (s: ServerSnapshot) => void; reject: (e: Error) => void }>();
  child.on('message', (msg: FromServer) => {
    if (msg.type !== 'reply') return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) p?.resolve(msg.snapshot);
    else p?.reject(new Error(msg.message));
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`server exited${stderr ? `: ${lastLine(stderr)}` : ''}`));
    pending.clear();
  });

  return {
    port,
    pid: child.pid ?? 0,
    call(command) {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null || !child.connected) return reject(new Error('server is not running'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: 'call', id, command } satisfies ToServer);
      });
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: 'shutdown' } satisfies ToServer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => !/^\s+at /.test(l));
  return lines.slice(-3).join(' | ');
}
