// Wraps a store's get/set/touch/destroy to count calls and the time until their callbacks run,
// and charges each call to the request that made it (work per action, see contracts/work.ts).
//
// Which request made a call: the app's first middleware runs the rest of the request inside an
// AsyncLocalStorage context holding that request's tally (requestWork below). express-session calls
// get from its middleware and set/touch/destroy from res.end, which the route calls: both inside
// that context, also after awaits. The save comes after the headers are written, so a request is
// added to its bucket only when it finishes (or its connection closes), whole: a request in flight
// at the mark counts with all its calls, never half.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from 'express-session';
import type { OpCounts } from './protocol.ts';
import { workQuantities, type WorkBucket, type WorkQuantity } from '../contracts/work.ts';

export const OPS = ['get', 'set', 'touch', 'destroy'] as const;

export interface OpCounter {
  counts: OpCounts;
  timeMs: OpCounts;
  /** get calls answered with no session (a miss: expired, lost or never there). */
  getMisses: number;
  reset(): void;
}

const zero = (): OpCounts => ({ get: 0, set: 0, touch: 0, destroy: 0 });

type Quantities = Record<WorkQuantity, number>;

const noWork = (): Quantities => workQuantities(() => 0);

/** One request's work so far. */
interface RequestWork {
  q: Quantities;
  getMisses: number;
}

const requestWork = new AsyncLocalStorage<RequestWork>();

const jsonBytes = (v: unknown): number => {
  try {
    return Buffer.byteLength(JSON.stringify(v) ?? '');
  } catch {
    return 0; // a session that cannot be serialized cannot be stored either; the store reports that
  }
};

export function countStoreOps(store: Store): OpCounter {
  const counter: OpCounter = {
    counts: zero(),
    timeMs: zero(),
    getMisses: 0,
    reset() {
      counter.counts = zero();
      counter.timeMs = zero();
      counter.getMisses = 0;
    },
  };
  const target = store as unknown as Record<string, unknown>;
  for (const op of OPS) {
    const original = target[op];
    if (typeof original !== 'function') continue;
    target[op] = function counted(this: unknown, ...args: unknown[]) {
      counter.counts[op]++;
      const work = requestWork.getStore();
      if (work) {
        work.q[op]++;
        if (op === 'set') work.q.storeBytesWritten += jsonBytes(args[1]);
      }
      const start = performance.now();
      const last = args.length - 1;
      const cb = args[last];
      if (typeof cb === 'function') {
        args[last] = (...cbArgs: unknown[]) => {
          counter.timeMs[op] += performance.now() - start;
          if (op === 'get') {
            const miss = !cbArgs[0] && !cbArgs[1];
            if (miss) counter.getMisses++;
            if (work && miss) work.getMisses++;
            else if (work && cbArgs[1]) work.q.storeBytesRead += jsonBytes(cbArgs[1]);
          }
          return (cb as (...a: unknown[]) => unknown)(...cbArgs);
        };
      }
      return (original as (...a: unknown[]) => unknown).apply(store, args);
    };
  }
  return counter;
}

/** The work of finished requests, by bucket (action and whether the session cookie came along). */
export interface WorkTally {
  /** The app's first middleware: runs the request in its own context and adds it up when it ends. */
  track(req: IncomingMessage & { session?: unknown }, res: ServerResponse, action: string, next: () => void): void;
  buckets(): WorkBucket[];
  reset(): void;
}

const SESSION_COOKIE = /(?:^|;\s*)sid=/;

function headerBytes(v: number | string | string[] | undefined): number {
  if (v === undefined) return 0;
  if (Array.isArray(v)) return v.reduce((n, s) => n + Buffer.byteLength(s), 0);
  return Buffer.byteLength(String(v));
}

export function createWorkTally(): WorkTally {
  type Bucket = { action: string; cookie: 'sent' | 'none'; requests: number; sq: Quantities } & RequestWork;
  let byKey = new Map<string, Bucket>();
  const add = (action: string, cookie: 'sent' | 'none', w: RequestWork) => {
    const key = `${action}|${cookie}`;
    let b = byKey.get(key);
    if (!b) {
      b = { action, cookie, requests: 0, q: noWork(), sq: noWork(), getMisses: 0 };
      byKey.set(key, b);
    }
    b.requests++;
    b.getMisses += w.getMisses;
    for (const k of Object.keys(w.q) as WorkQuantity[]) {
      b.q[k] += w.q[k];
      b.sq[k] += w.q[k] * w.q[k];
    }
  };
  return {
    track(req, res, action, next) {
      const rawCookie = req.headers.cookie;
      const cookie = rawCookie && SESSION_COOKIE.test(rawCookie) ? 'sent' : 'none';
      const work: RequestWork = { q: noWork(), getMisses: 0 };
      work.q.cookieBytes = headerBytes(rawCookie);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        work.q.setCookieBytes = headerBytes(res.getHeader('set-cookie'));
        work.q.sessionBytes = req.session ? jsonBytes(req.session) : 0;
        add(action, cookie, work);
      };
      res.once('finish', finish);
      res.once('close', finish);
      requestWork.run(work, next);
    },
    buckets() {
      return [...byKey.values()].map((b) => {
        const mean = workQuantities((k) => (b.requests > 0 ? b.q[k] / b.requests : 0));
        // Population sd; 0 when every request of the bucket did the same work (most buckets).
        const sd = workQuantities((k) =>
          b.requests > 0 ? Math.sqrt(Math.max(0, b.sq[k] / b.requests - mean[k] ** 2)) : 0,
        );
        const { action, cookie, requests, getMisses } = b;
        return { action, cookie, requests, getMisses, totals: { ...b.q }, perRequest: mean, sd };
      });
    },
    reset() {
      byKey = new Map();
    },
  };
}
