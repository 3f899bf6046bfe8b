// Applies one --fault to a cell's store during its measured phase and always gives the store
// back: `arm` starts the clock when the measured phase begins (AT counts from there), timers apply
// and lift the fault, and whatever ends the load early (the cell's deadline, Ctrl-C, an exception)
// aborts the signal, which lifts it at once; `finish` lifts it too if it is still on. A paused
// container is unpaused and a stopped one started again; every docker call is bounded
// (container-control.ts), so lifting takes at most LIFT_BOUND_MS.
import type { ContainerControl } from '../services/container-control.ts';
import { DOCKER_CALL_TIMEOUT_MS, READY_TIMEOUT_MS } from '../services/container-control.ts';
import type { Settings } from '../contracts/results.ts';
import type { DelayProxy } from './delay-proxy.ts';
import { errorMessage } from '../shared/error-message.ts';
import { withDeadline } from '../shared/deadline.ts';

export type FaultPlan = NonNullable<Settings['fault']>;

/** Applying or lifting: a docker call, then (start) the server answering again. */
export const LIFT_BOUND_MS = 2 * DOCKER_CALL_TIMEOUT_MS + READY_TIMEOUT_MS;

export interface FaultTarget {
  control?: ContainerControl | undefined;
  proxy?: DelayProxy | undefined;
  /** The proxy's delay outside the fault (--store-rtt, else 0). */
  baseDelayMs: number;
}

/** What happened, ms from the start of the measured phase. */
export interface FaultLog {
  plan: FaultPlan;
  /** The harness began applying the fault (undefined: it never began: the load ended first). */
  startMs?: number | undefined;
  /** The store was itself again: unpaused, answering after a start, the delay taken off. */
  endMs?: number | undefined;
  actions: string[];
  problem?: string | undefined;
}

export class FaultRunner {
  private origin: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private applying: Promise<void> | undefined;
  private lifting: Promise<void> | undefined;
  private on = false;
  private readonly log: FaultLog;
  /**
   * Called once the fault has taken hold (the server stopped or frozen, the delay about to go on):
   * the sessions held then are the ones it may take. A session acknowledged while `docker stop`
   * was still running is on the old server, so the count waits for the call to finish.
   */
  onApply: (() => void) | undefined;

  constructor(
    readonly plan: FaultPlan,
    private readonly target: FaultTarget,
    private readonly signal?: AbortSignal,
  ) {
    this.log = { plan, actions: [] };
    signal?.addEventListener('abort', () => this.stopNow('the load was stopped'), { once: true });
  }

  /** The measured phase begins when `mark` resolves; the fault is applied AT seconds after that. */
  arm(mark: Promise<unknown>): void {
    void mark.then(
      () => {
        if (this.signal?.aborted || this.origin !== undefined) return;
        this.origin = performance.now();
        this.timer = setTimeout(() => this.apply(), this.plan.atS * 1000);
      },
      () => undefined,
    );
  }

  /** Lifts the fault if it is still on, and says what happened. Never throws; bounded by LIFT_BOUND_MS. */
  async finish(): Promise<FaultLog> {
    this.stopNow(undefined);
    await this.applying?.catch(() => undefined);
    await this.lifting?.catch(() => undefined);
    return this.log;
  }

  private now() {
    return performance.now() - (this.origin ?? performance.now());
  }

  private note(what: string, t0: number) {
    this.log.actions.push(`${what} at ${(t0 / 1000).toFixed(2)} s (${Math.round(this.now() - t0)} ms)`);
  }

  private held() {
    this.onApply?.();
    this.onApply = undefined;
  }

  private fail(err: unknown) {
    this.log.problem ??= errorMessage(err);
  }

  private apply() {
    this.timer = undefined;
    const t0 = this.now();
    this.log.startMs = t0;
    this.on = true;
    this.applying = this.applyKind(t0)
      .catch((err: unknown) => this.fail(err))
      .then(() => {
        if (this.plan.kind === 'restart') return;
        if (this.signal?.aborted || !this.on) return void this.lift();
        const left = Math.max(0, (this.plan.atS + this.plan.durationS) * 1000 - this.now());
        this.timer = setTimeout(() => this.lift(), left);
      });
  }

  private async applyKind(t0: number) {
    const { control, proxy } = this.target;
    switch (this.plan.kind) {
      case 'freeze':
        await control!.pause();
        this.held();
        this.note('froze the container (docker pause)', t0);
        break;
      case 'stop':
        await control!.stopServer();
        this.held();
        this.note('stopped the container (docker stop)', t0);
        break;
      case 'restart':
        await control!.stopServer();
        this.held();
        this.note('stopped the container (docker stop)', t0);
        await this.liftKind();
        break;
      case 'slow':
        this.held();
        proxy!.setDelay(this.target.baseDelayMs + (this.plan.slowMs ?? 0));
        this.note(`added ${this.plan.slowMs} ms to every round trip (delaying proxy)`, t0);
        break;
    }
  }

  /** Gives the store back once (bounded): unpause, start and wait for it to answer, or delay off. */
  private lift(): Promise<void> {
    this.timer = undefined;
    if (!this.on) return this.lifting ?? Promise.resolve();
    this.on = false;
    this.lifting = withDeadline(this.liftKind(), LIFT_BOUND_MS, 'lifting the fault').catch((err: unknown) =>
      this.fail(err),
    );
    return this.lifting;
  }

  private async liftKind() {
    const { control, proxy } = this.target;
    const t0 = this.now();
    if (this.plan.kind === 'freeze') {
      await control!.unpause();
      this.note('unpaused the container', t0);
    } else if (this.plan.kind === 'slow') {
      proxy!.setDelay(this.target.baseDelayMs);
      this.note('took the added delay off', t0);
    } else {
      await control!.startServer();
      this.note('started the container, answering again', t0);
    }
    this.on = false;
    this.log.endMs = this.now();
  }

  /** No more timers; a fault that is on is lifted now (after its apply finished). */
  private stopNow(why: string | undefined) {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (why && this.on) this.log.actions.push(`${why}: lifting the fault early`);
    if (this.applying) void this.applying.then(() => this.lift());
  }
}
