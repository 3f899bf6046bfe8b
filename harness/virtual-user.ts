// One virtual user = one connection: its cookie jar, what it has done, and what the server should
// therefore hold. Decisions come from a seeded PRNG so repeats send the same traffic.
import { CookieJar } from './cookie-jar.ts';
import type { Action, Scenario, WeightedAction } from '../scenarios/types.ts';

export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ROUTES: Record<Action, { method: 'GET' | 'POST'; path: string }> = {
  login: { method: 'POST', path: '/login' },
  dashboard: { method: 'GET', path: '/dashboard' },
  cart: { method: 'POST', path: '/cart' },
  preferences: { method: 'POST', path: '/preferences' },
  logout: { method: 'POST', path: '/logout' },
  home: { method: 'GET', path: '/' },
};

/** mulberry32: tiny, fast, good enough to pick actions reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface InFlight {
  action: Action;
  value?: string;
  sentCookieBytes: number;
}

export interface ResponseEffect {
  action: Action;
  /** Bytes of the Set-Cookie headers in this response. */
  cookieBytes: number;
  /** Bytes of the Cookie header the request carried. */
  sentCookieBytes: number;
  sessionCreated: boolean;
}

export class VirtualUser {
  readonly jar = new CookieJar();
  /** Confirmed state: what the server acknowledged. */
  loggedIn = false;
  userId = '';
  cartAdds = 0;
  theme = 'light';
  lastActivity = 0;
  /** Writes sent but not answered (cut off by the end of the run or a timeout). */
  pendingCart = 0;
  pendingThemes: string[] = [];
  /** A login or logout was lost in flight: the state cannot be verified. */
  uncertain = false;
  sessionsLost = 0;
  private readonly random: () => number;
  private readonly inFlight: InFlight[] = [];
  private plannedLoggedIn = false;
  private sinceLogin = 0;
  private logins = 0;
  private readonly picks: [WeightedAction, number][];
  private readonly totalWeight: number;

  constructor(
    readonly index: number,
    readonly anonymous: boolean,
    private readonly scenario: Scenario,
    seed: number,
    private readonly runTag: string,
    private readonly maxAgeMs = Infinity,
  ) {
    this.random = prng(seed * 1_000_003 + index);
    this.picks = Object.entries(scenario.weights).filter(([, w]) => (w ?? 0) > 0) as [WeightedAction, number][];
    this.totalWeight = this.picks.reduce((s, [, w]) => s + w, 0);
  }

  /** Decide and build the next request. Called once per request written. */
  next(): PlannedRequest {
    const action = this.decide();
    const entry: InFlight = { action, sentCookieBytes: 0 };
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (!this.anonymous) {
      const cookie = this.jar.cookieHeader();
      if (cookie) headers.cookie = cookie;
      entry.sentCookieBytes = cookie.length;
    }
    if (action === 'login') {
      this.plannedLoggedIn = true;
      this.sinceLogin = 0;
      entry.value = `${this.runTag}-u${this.index}-${++this.logins}`;
      body = JSON.stringify({ user: entry.value });
    } else if (action === 'logout') {
      this.plannedLoggedIn = false;
    } else if (action === 'cart') {
      body = JSON.stringify({ sku: `sku-${Math.floor(this.random() * 1000)}`, qty: 1 + Math.floor(this.random() * 3) });
      this.pendingCart++;
    } else if (action === 'preferences') {
      entry.value = this.random() < 0.5 ? 'dark' : 'light';
      body = JSON.stringify({ theme: entry.value });
      this.pendingThemes.push(entry.value);
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    this.inFlight.push(entry);
    return { ...ROUTES[action], headers, body };
  }

  /** Apply a response, in order. */
  onResponse(status: number, setCookie: string | string[] | undefined, now = Date.now()): ResponseEffect {
    const entry: InFlight = this.inFlight.shift() ?? { action: 'home', sentCookieBytes: 0 };
    const cookieBytes = this.anonymous ? byteLength(setCookie) : this.jar.apply(setCookie, now);
    const ok = status >= 200 && status < 300;
    const idleMs = now - this.lastActivity;
    this.lastActivity = now;
    const { action } = entry;
    if (action === 'cart') this.pendingCart--;
    if (action === 'preferences') this.pendingThemes.shift();
    if (ok) this.applySuccess(entry);
    else if (status === 401 && action !== 'login' && action !== 'home') this.loseSession(entry, idleMs);
    else if (action === 'login' || action === 'logout') this.uncertain = true;
    if (!this.anonymous && this.loggedIn && this.scenario.abandonAfter && this.sinceLogin >= this.scenario.abandonAfter) {
      this.abandon();
    }
    // An anonymous visitor handed a cookie got a stored session of its own (saveUninitialized).
    const sessionCreated = ok && (action === 'login' || (this.anonymous && cookieBytes > 0));
    return { action, cookieBytes, sentCookieBytes: entry.sentCookieBytes, sessionCreated };
  }

  /** Requests that will get no response (timeout, connection reset): drop all but the newest `keep`. */
  dropInFlight(keep: number): void {
    const lost = this.inFlight.splice(0, Math.max(0, this.inFlight.length - keep));
    for (const e of lost) if (e.action === 'login' || e.action === 'logout') this.uncertain = true;
  }

  /** Whether the server should hold this user's session now, and what it should hold. */
  get verifiable(): boolean {
    return !this.anonymous && this.loggedIn && !this.uncertain && this.jar.size > 0 && !this.inFlight.some((e) => e.action === 'login' || e.action === 'logout');
  }

  private decide(): Action {
    if (this.anonymous) return 'home';
    if (!this.plannedLoggedIn) return 'login';
    this.sinceLogin++;
    let r = this.random() * this.totalWeight;
    for (const [action, w] of this.picks) {
      r -= w;
      if (r < 0) return action;
    }
    return this.picks[this.picks.length - 1]?.[0] ?? 'dashboard';
  }

  private applySuccess(entry: InFlight) {
    if (entry.action === 'login') {
      this.loggedIn = true;
      this.userId = entry.value ?? '';
      this.cartAdds = 0;
      this.theme = 'light';
      this.uncertain = false;
    } else if (entry.action === 'logout') {
      this.loggedIn = false;
      this.jar.clear();
    } else if (entry.action === 'cart') {
      this.cartAdds++;
    } else if (entry.action === 'preferences') {
      this.theme = entry.value ?? this.theme;
    }
  }

  /** A 401 for a live cookie used well within maxAge means the store lost an acknowledged session. */
  private loseSession(entry: InFlight, idleMs: number) {
    if (this.loggedIn && entry.sentCookieBytes > 0 && idleMs < this.maxAgeMs * 0.8) this.sessionsLost++;
    this.loggedIn = false;
    this.plannedLoggedIn = false;
  }

  /** Churn: leave without logging out; the next request logs in as a new session. */
  private abandon() {
    this.jar.clear();
    this.loggedIn = false;
    this.plannedLoggedIn = false;
  }
}

function byteLength(setCookie: string | string[] | undefined): number {
  if (!setCookie) return 0;
  return (Array.isArray(setCookie) ? setCookie : [setCookie]).reduce((s, l) => s + Buffer.byteLength(l), 0);
}
