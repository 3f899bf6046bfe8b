// Starts the server child process for one cell and talks to it; every live child is tracked so
// Ctrl-C and crashes can kill them all. Every call has a deadline, and a send to a child that has
// died (killed by Ctrl-C, crashed) is an outcome, never an unhandled EPIPE.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  commandName,
  type Command,
  type FromServer,
  type ServerConfig,
  type ServerSnapshot,
  type ToServer,
} from '../server/protocol.ts';

const serverEntry = fileURLToPath(new URL('../server/main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const live = new Set<ChildProcess>();

export interface ServerHandle {
  port: number;
  pid: number;
  /** Rejects with ServerCallTimeout when the server does not answer within `timeoutMs`. */
  call(command: Command, timeoutMs?: number): Promise<ServerSnapshot>;
  /** Asks the server to close its store and exit; SIGKILL after STOP_TIMEOUT_MS. Never throws.
   *  'killed' when the server had to be killed (its store's close() did not finish in time). */
  stop(): Promise<'exited' | 'killed' | 'gone'>;
}

export class ServerStartError extends Error {}
export class ServerCallTimeout extends Error {}

/** A GC plus the store's stats() (bounded in the server at STATS_TIMEOUT_MS) fit well inside this. */
export const CALL_TIMEOUT_MS = 15_000;
/** The store's close() gets this long before the server is killed. */
export const STOP_TIMEOUT_MS = 5_000;
export const START_TIMEOUT_MS = 30_000;

/** Sends over IPC; false when the channel is gone (the child died), instead of an EPIPE crash. */
function trySend(child: ChildProcess, msg: ToServer): boolean {
  if (child.exitCode !== null || child.signalCode !== null || !child.connected) return false;
  try {
    child.send(msg, (err) => void err); // a callback receives async send errors instead of 'error'
    return true;
  } catch {
    return false;
  }
}

/** Kill every server still running (Ctrl-C, fatal error). Synchronous so it works in exit paths. */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** A forked server child, its exit and the tail of its stderr (for reasons in words). */
interface Child {
  child: ChildProcess;
  exited: Promise<void>;
  stderr(): string;
}

function spawnServer(): Child {
  const child = fork(serverEntry, [], {
    execArgv: ['--import', tsxLoader, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: process.env,
  });
  live.add(child);
  child.on('error', () => undefined); // spawn/IPC errors surface as 'exit' or a rejected call
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  return { child, exited, stderr: () => (stderr ? `: ${lastLine(stderr)}` : '') };
}

/** Sends the config and waits for the port; kills the child if it does not come up in time. */
async function waitReady({ child, exited, stderr }: Child, config: ServerConfig, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ServerStartError(`server did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('message', (msg: FromServer) => {
      if (msg.type === 'ready') resolve(msg.port);
      if (msg.type === 'fatal') reject(new ServerStartError(msg.message));
    });
    child.once('exit', (code) =>
      reject(new ServerStartError(`server exited (code ${code}) before it was ready${stderr()}`)),
    );
    if (!trySend(child, { type: 'init', config }))
      reject(new ServerStartError('server exited before it could be configured'));
    void exited.then(() => clearTimeout(timer));
    child.once('message', () => clearTimeout(timer));
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });
}

type Pending = Map<number, { resolve: (s: ServerSnapshot) => void; reject: (e: Error) => void }>;

/** Routes replies to their calls; every call still waiting fails when the server exits. */
function trackReplies({ child, exited, stderr }: Child): Pending {
  const pending: Pending = new Map();
  child.on('message', (msg: FromServer) => {
    if (msg.type !== 'reply') return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.ok) p?.resolve(msg.snapshot);
    else p?.reject(new Error(msg.message));
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`server exited${stderr()}`));
    pending.clear();
  });
  return pending;
}

function callServer(
  c: Child,
  pending: Pending,
  id: number,
  command: Command,
  timeoutMs: number,
): Promise<ServerSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(
        new ServerCallTimeout(
          `the server process did not answer '${commandName(command)}' within ${timeoutMs / 1000} s (its event loop is blocked, or the store's stats() hangs)`,
        ),
      );
    }, timeoutMs);
    const done = () => clearTimeout(timer);
    pending.set(id, {
      resolve: (snap) => {
        done();
        resolve(snap);
      },
      reject: (err) => {
        done();
        reject(err);
      },
    });
    if (!trySend(c.child, { type: 'call', id, command })) {
      pending.delete(id);
      done();
      reject(new Error(`the server process is not running${c.stderr()}`));
    }
  });
}

async function stopServer({ child, exited }: Child): Promise<'exited' | 'killed' | 'gone'> {
  if (!trySend(child, { type: 'shutdown' })) {
    child.kill('SIGKILL');
    await exited;
    return 'gone';
  }
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  return killed ? 'killed' : 'exited';
}

export async function startServer(config: ServerConfig, timeoutMs = START_TIMEOUT_MS): Promise<ServerHandle> {
  const c = spawnServer();
  const port = await waitReady(c, config, timeoutMs);
  const pending = trackReplies(c);
  let nextId = 1;
  return {
    port,
    pid: c.child.pid ?? 0,
    call: (command, callTimeoutMs = CALL_TIMEOUT_MS) => callServer(c, pending, nextId++, command, callTimeoutMs),
    stop: () => stopServer(c),
  };
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => !/^\s+at /.test(l));
  return lines.slice(-3).join(' | ');
}
