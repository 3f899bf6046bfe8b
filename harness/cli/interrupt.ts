// Ctrl-C and SIGTERM, as a user expects them: the first stops the servers, writes what finished
// with "partial": true and exits 130 (SIGTERM: 143). A terminal's Ctrl-C reaches the whole process
// group, and wrappers (npm, tsx) relay it again: signals within GRACE_MS of the first are that same
// Ctrl-C. A deliberate second one later force-quits, after writing what finished, synchronously.
import { spawnSync } from 'node:child_process';

export const GRACE_MS = 1500;

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupts {
  /** Aborted on the first signal. */
  signal: AbortSignal;
  /** 130 / 143 once a signal arrived, else undefined. */
  exitCode(): number | undefined;
  dispose(): void;
}

export interface InterruptHooks {
  /** First signal: stop what runs (synchronously start it; the main flow writes and exits). */
  onFirst(signal: NodeJS.Signals): void;
  /** Second signal after the grace period: write what finished synchronously, then we exit. */
  onForce(signal: NodeJS.Signals): void;
  now?: () => number;
}

export function handleInterrupts(hooks: InterruptHooks, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Interrupts {
  const controller = new AbortController();
  const now = hooks.now ?? Date.now;
  let first: { at: number; code: number } | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (!first) {
      first = { at: now(), code: EXIT_CODES[sig] ?? 130 };
      controller.abort();
      hooks.onFirst(sig);
      return;
    }
    if (now() - first.at < GRACE_MS) return; // the same Ctrl-C, relayed by a wrapper
    try {
      hooks.onForce(sig);
    } finally {
      process.exit(first.code);
    }
  };
  for (const s of signals) process.on(s, onSignal);
  return {
    signal: controller.signal,
    exitCode: () => first?.code,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}

/** Force-quit path: remove this process's containers without waiting on the event loop. */
export function removeOwnContainersSync(pidLabel: string): void {
  const list = spawnSync('docker', ['ps', '-aq', '--filter', `label=${pidLabel}=${process.pid}`], {
    encoding: 'utf8',
    timeout: 5000,
  });
  const ids = (list.stdout ?? '').split('\n').filter(Boolean);
  if (ids.length) spawnSync('docker', ['rm', '-f', ...ids], { timeout: 10_000, stdio: 'ignore' });
}
