// The concurrency scenarios. `concurrent`: each user sends --parallel cart adds at once, each with a
// distinct sku on a connection of its own, then reads its cart back; an acknowledged add missing
// from the cart is a lost update (express-session saves the whole session at the end of each
// request: last writer wins). `logout-race`: each user logs in, starts a slow cart write, logs out
// while it is in flight, waits for the write, then tries the old cookie: a logged-in answer means
// the write saved the destroyed session back (a resurrection). Losses are the measurement, never a
// failure. Every user logs in first; the store's set calls per login are counted (regenerate).
import type { RunMetrics } from '../contracts/results.ts';
import { HttpUser, type Outcome } from './http-user.ts';
import { Tally } from './tally.ts';

export interface ConcurrencyOptions {
  port: number;
  mode: 'concurrent' | 'logout-race';
  users: number;
  parallel: number;
  workMs: number;
  durationS: number;
  timeoutS: number;
  runTag: string;
  signal?: AbortSignal | undefined;
  /** The server's set calls since the measured phase began (a cheap counts call). */
  setCalls: () => Promise<number>;
}

export interface ConcurrencyResult extends Pick<RunMetrics, 'throughput' | 'latencyMs' | 'requests'> {
  concurrency: NonNullable<RunMetrics['concurrency']>;
  logins: number;
  /** Users whose last read-back answered, and those of them still logged in as themselves. */
  checked: number;
  valid: number;
}

interface UserTotals {
  writes: number;
  lost: number;
  logouts: number;
  resurrected: number;
  logins: number;
  checked: boolean;
  valid: boolean;
}

const newTotals = (): UserTotals => ({
  writes: 0,
  lost: 0,
  logouts: 0,
  resurrected: 0,
  logins: 0,
  checked: false,
  valid: false,
});

const ok = (o: Outcome) => o.ok && o.answer.status >= 200 && o.answer.status < 300;
const json = <T>(o: Outcome): T | undefined => {
  if (!ok(o) || !o.ok) return undefined;
  try {
    return JSON.parse(o.answer.body) as T;
  } catch {
    return undefined;
  }
};

export async function runConcurrency(opts: ConcurrencyOptions): Promise<ConcurrencyResult> {
  const tally = new Tally(opts.durationS);
  const sockets = opts.mode === 'concurrent' ? opts.parallel : 2;
  const users = Array.from({ length: opts.users }, () => new HttpUser(opts.port, sockets, opts.timeoutS * 1000));
  try {
    const firstLogins = await Promise.all(users.map((u, i) => login(u, tally, `${opts.runTag}-c${i}-0`)));
    const setsAtLogin = await opts.setCalls();
    const logins = firstLogins.filter(Boolean).length;
    const deadline = performance.now() + opts.durationS * 1000;
    const running = () => performance.now() < deadline && !opts.signal?.aborted;
    const loop = opts.mode === 'concurrent' ? concurrentLoop : logoutRaceLoop;
    const totals = await Promise.all(users.map((u, i) => loop(u, i, tally, opts, running)));
    return summarize(tally, totals, opts, { logins, setsPerLogin: logins > 0 ? setsAtLogin / logins : undefined });
  } finally {
    for (const u of users) u.close();
  }
}

async function login(u: HttpUser, tally: Tally, userId: string): Promise<boolean> {
  return ok(tally.record('login', await u.send('POST', '/login', { user: userId })));
}

async function concurrentLoop(
  u: HttpUser,
  index: number,
  tally: Tally,
  opts: ConcurrencyOptions,
  running: () => boolean,
): Promise<UserTotals> {
  const t = newTotals();
  for (let round = 0; running(); round++) {
    const skus = Array.from({ length: opts.parallel }, (_, k) => `u${index}-r${round}-k${k}`);
    const adds = await Promise.all(skus.map((sku) => u.send('POST', '/cart', { sku, qty: 1 })));
    const acked = skus.filter((_, k) => ok(tally.record('cart', adds[k]!)));
    const back = tally.record('cart-read', await u.send('GET', '/cart'));
    const cart = json<{ skus: string[] }>(back);
    t.checked = back.ok;
    t.valid = cart !== undefined;
    if (!cart) {
      // Logged out (a lost session) or an error: nothing can be said about this round's adds.
      if (back.ok && back.answer.status === 401) await login(u, tally, `${opts.runTag}-c${index}-${round + 1}`);
      continue;
    }
    t.writes += acked.length;
    t.lost += acked.filter((sku) => !cart.skus.includes(sku)).length;
  }
  return t;
}

async function logoutRaceLoop(
  u: HttpUser,
  index: number,
  tally: Tally,
  opts: ConcurrencyOptions,
  running: () => boolean,
): Promise<UserTotals> {
  const t = newTotals();
  for (let round = 1; running(); round++) {
    const old = u.jar.cookieHeader();
    if (!old) {
      if (await login(u, tally, `${opts.runTag}-c${index}-${round}`)) t.logins++;
      continue;
    }
    const write = u.send('POST', '/cart', { sku: `u${index}-r${round}`, qty: 1 }, old);
    // Let the write reach the handler (the session is loaded) before the logout leaves.
    await new Promise((r) => setTimeout(r, Math.max(1, opts.workMs / 4)));
    const logout = tally.record('logout', await u.send('POST', '/logout', undefined, old));
    if (ok(tally.record('cart', await write))) t.writes++;
    if (!ok(logout)) continue;
    t.logouts++;
    const again = tally.record('dashboard', await u.send('GET', '/dashboard', undefined, old));
    t.checked = again.ok;
    t.valid = true;
    if (ok(again)) t.resurrected++;
    u.jar.clear();
  }
  return t;
}

function summarize(
  tally: Tally,
  totals: UserTotals[],
  opts: ConcurrencyOptions,
  login: { logins: number; setsPerLogin: number | undefined },
): ConcurrencyResult {
  const sum = (k: 'writes' | 'lost' | 'logouts' | 'resurrected' | 'logins') => totals.reduce((s, t) => s + t[k], 0);
  const writes = sum('writes');
  const lostUpdates = sum('lost');
  const logouts = sum('logouts');
  const resurrected = sum('resurrected');
  return {
    ...tally.summary(opts.timeoutS),
    logins: login.logins + sum('logins'),
    checked: totals.filter((t) => t.checked).length,
    valid: totals.filter((t) => t.valid).length,
    concurrency: {
      mode: opts.mode,
      parallel: opts.mode === 'concurrent' ? opts.parallel : 1,
      workMs: opts.workMs,
      writes,
      lostUpdates,
      lostRate: writes > 0 ? lostUpdates / writes : 0,
      logouts,
      resurrected,
      resurrectedRate: logouts > 0 ? resurrected / logouts : 0,
      ...(login.setsPerLogin !== undefined ? { setsPerLogin: login.setsPerLogin } : {}),
    },
  };
}
