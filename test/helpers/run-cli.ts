// Runs a CLI entry point as a user would (a real child process) and captures what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnCli(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stderrOf(child);
  return child;
}

interface Transcript {
  text: string;
  /** Set on 'close': the child exited and its output streams ended. */
  closed?: string;
}
const transcripts = new WeakMap<ChildProcess, Transcript>();

/** The child's stderr so far, recorded from the first call (spawnCli makes it at once). */
function stderrOf(child: ChildProcess): Transcript {
  let t = transcripts.get(child);
  if (!t) {
    const record: Transcript = { text: '' };
    child.stderr?.on('data', (d: Buffer) => (record.text += d.toString()));
    child.once('close', (code, signal) => (record.closed = String(code ?? signal)));
    transcripts.set(child, record);
    t = record;
  }
  return t;
}

/** How long a test waits for a progress line before it fails with what the child printed. */
export const OUTPUT_WAIT_MS = 30_000;

/**
 * Resolves once the child's stderr so far matches `pattern` (also when it already did). Rejects,
 * with the stderr seen so far, as soon as the child exits without it or after `ms`: a changed
 * progress text fails the test with what was printed instead of waiting for the test timeout.
 */
export function waitForOutput(child: ChildProcess, pattern: RegExp, ms = OUTPUT_WAIT_MS): Promise<void> {
  const seen = stderrOf(child);
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', check);
      child.off('close', check);
      if (err) reject(err);
      else resolve();
    };
    // The transcript's listeners were added first, so it already holds this chunk or this exit.
    function check() {
      if (pattern.test(seen.text)) finish();
      else if (seen.closed !== undefined)
        finish(
          new Error(`the child exited (${seen.closed}) before stderr matched ${pattern}; its stderr:\n${seen.text}`),
        );
    }
    const timer = setTimeout(
      () => finish(new Error(`no ${pattern} on stderr within ${ms / 1000} s; stderr so far:\n${seen.text}`)),
      ms,
    );
    child.stderr?.on('data', check);
    child.once('close', check);
    check();
  });
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runBenchCli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return collect(spawnCli('harness/cli/bench.ts', args, env));
}

export async function tempDir(prefix = 'sb-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

/**
 * Quick settings for end-to-end runs: behaviour, not performance, is under test. No preloaded
 * population (its own tests cover it; embedded-stores-end-to-end runs the default one).
 */
export const QUICK = ['--duration', '2', '--warmup', '0.5', '--connections', '8', '--sessions', '0'];
