// Fills the store with a population of sessions through its own `set` before the load, with as
// many calls in flight as the store takes (a pool queues the rest). Bounded by the caller; a store
// that refuses sessions is an outcome (failed and firstError), not an exception.
import type { Store } from 'express-session';
import type { SessionContent } from './session-content.ts';
import type { PreloadReport, PreloadRequest } from './protocol.ts';
import { errorMessage } from '../shared/error-message.ts';

/** After this many refusals the preload stops: the store is not taking sessions. */
const GIVE_UP_AFTER = 100;

export async function preloadSessions(
  store: Store,
  content: SessionContent,
  req: PreloadRequest,
  maxAgeMs: number,
): Promise<PreloadReport> {
  const baseMs = Date.now();
  const t0 = performance.now();
  let next = 0;
  let stored = 0;
  let failed = 0;
  let firstError: string | undefined;
  let sessionBytes = 0;
  const set = (sid: string, sess: object) =>
    new Promise<void>((resolve) => {
      store.set(sid, sess as Parameters<Store['set']>[1], (err?: unknown) => {
        if (err) {
          failed++;
          firstError ??= errorMessage(err);
        } else stored++;
        resolve();
      });
    });
  const worker = async () => {
    while (next < req.count && failed < GIVE_UP_AFTER) {
      const at = { baseMs, maxAgeMs, minExpiresIn: req.minExpiresIn };
      const { sid, sess } = content.preloaded(req.seed, next++, at);
      if (sessionBytes === 0) sessionBytes = Buffer.byteLength(JSON.stringify(sess));
      await set(sid, sess);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, req.concurrency) }, worker));
  return {
    preloaded: stored,
    failed,
    ...(firstError !== undefined ? { firstError } : {}),
    ms: performance.now() - t0,
    baseMs,
    sessionBytes,
  };
}
