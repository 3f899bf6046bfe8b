// The raw operations the micro-bench times, as tinybench task functions over one store. Work an op
// needs but that must not be timed (writing the session destroy removes, removing the session
// set-new created) runs inside the task, which then reports the timed part as overriddenDuration
// and the whole call as overriddenIterationCost, so tinybench's time budget still bounds wall time.
import { randomBytes } from 'node:crypto';
import type { FnReturnedObject } from 'tinybench';
import type { AsyncStore, StoreMethod } from './call-store.ts';
import type { BenchOp } from '../contracts/store-bench.ts';
import type { SessionObject } from './session-payload.ts';

export interface OpTask {
  fn(): Promise<unknown>;
  /** The store method the op needs, when the store may not have it. */
  needs?: StoreMethod;
}

/** Session ids as long as express-session's (32 characters), unique within this process. */
export function sidSource(): () => string {
  const prefix = randomBytes(12).toString('base64url');
  let n = 0;
  return () => `${prefix}${(n++).toString(36).padStart(16, '0')}`;
}

function cycle(pool: string[]): () => string {
  let i = 0;
  return () => pool[i++ % pool.length]!;
}

/** Runs before → timed → after, and times only `timed`. */
async function timedPart(
  before: () => Promise<unknown>,
  timed: () => Promise<unknown>,
  after: () => Promise<unknown>,
): Promise<FnReturnedObject> {
  const start = performance.now();
  await before();
  const t0 = performance.now();
  await timed();
  const overriddenDuration = performance.now() - t0;
  await after();
  return { overriddenDuration, overriddenIterationCost: performance.now() - start };
}

const nothing = async () => undefined;

export function opTasks(
  s: AsyncStore,
  sess: SessionObject,
  pool: string[],
  newSid: () => string,
): Record<BenchOp, OpTask> {
  const next = cycle(pool);
  const setNew = () => {
    const sid = newSid();
    // Removing it again keeps the store at the pool size, and memory flat at large payloads.
    return timedPart(
      nothing,
      () => s.set(sid, sess),
      () => s.destroy(sid),
    );
  };
  const destroy = () => {
    const sid = newSid();
    return timedPart(
      () => s.set(sid, sess),
      () => s.destroy(sid),
      nothing,
    );
  };
  return {
    'get-hit': { fn: () => s.get(next()) },
    'get-miss': { fn: () => s.get(newSid()) },
    'set-new': { fn: setNew },
    'set-overwrite': { fn: () => s.set(next(), sess) },
    touch: { fn: () => s.touch(next(), sess), needs: 'touch' },
    destroy: { fn: destroy },
  };
}

/** Writes `size` sessions (20 at a time) and returns their ids. */
export async function seedPool(
  s: AsyncStore,
  sess: SessionObject,
  size: number,
  newSid: () => string,
): Promise<string[]> {
  const pool = Array.from({ length: size }, newSid);
  for (let i = 0; i < pool.length; i += 20) await Promise.all(pool.slice(i, i + 20).map((sid) => s.set(sid, sess)));
  return pool;
}

export async function drainPool(s: AsyncStore, pool: string[]): Promise<void> {
  for (let i = 0; i < pool.length; i += 20) await Promise.all(pool.slice(i, i + 20).map((sid) => s.destroy(sid)));
}
