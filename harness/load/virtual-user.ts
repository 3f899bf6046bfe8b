// One virtual user = one connection: its cookie jar, what it has done, and what the server should
// therefore hold. Decisions come from a seeded PRNG so repeats send the same traffic.
//
// Pipelining, modelled on a browser. Node's HTTP server starts every pipelined request of a socket
// at once (only the responses are queued in order), and express-session loads a session when a
// request starts and saves the whole of it when that request ends: two overlapping writes of one
// session lose one of them by express-session's design (last writer wins), and a request sent
// while a login or logout is in flight carries a cookie that is about to change. So a
// session-changing request (login, logout, cart, preferences) goes alone: it waits until nothing
// else of this user is in flight, and nothing else is sent until it is answered, as a browser
// waits for the login response. Reads (dashboard, home) pipeline freely with each other: they all
// carry the acknowledged cookie and save nothing new, so every lost session or write is one the
// store lost. The driver keeps a slot empty while `canSend()` is false; `meanInFlight` in the
// results shows how deep the pipeline really was.
import { CookieJar } from './cookie-jar.ts';
import type { Action, Scenario, WeightedAction } from '../../scenarios/types.ts';

export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

const ROUTES: Record<Action, { method: 'GET' | 'POST'; path: string }> = {
  login: { method: 'POST', path: '/login' },
  dashboard: { method: 'GET', path: '/dashboard' },
  cart: { method: 'POST', path: '/cart' },
  preferences: { method: 'POST', path: '/preferences' },
  logout: { method: 'POST', path: '/logout' },
  home: { method: 'GET', path: '/' },
};

/** Requests that change the session or its cookie: each one is the only one of its user in flight. */
const CHANGES_SESSION: ReadonlySet<Action> = new Set<Action>(['login', 'logout', 'cart', 'preferences']);

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

/** One request written and not yet answered. */
export interface InFlight {
  action: Action;
  value?: string;
  sentCookieBytes: number;
  /** performance.now() when it was built; autocannon writes it at once. */
  sentAt: number;
  /** Sent during the measured phase (its outcome is counted). */
  measured: boolean;
}

/** A session from the preloaded population that a user takes over: its cookie and what it holds. */
export interface ResumedSession {
  cookieName: string;
  cookieValue: string;
  /** When the browser drops the cookie (Date.now() ms). */
  cookieExpiresAt: number;
  userId: string;
  cartAdds: number;
  theme: string;
  /** When the session was last used (Date.now() ms): it expires maxAge after that. */
  lastActivity: number;
}

/** Hands a user its preloaded session on its first request (cookies are signed only for users who act). */
export interface Population {
  resume(index: number): ResumedSession;
}

/** Scenario weights as pick lists, built once per scenario rather than once per user. */
const pickCache = new WeakMap<Scenario, { picks: [WeightedAction, number][]; total: number }>();

function picksOf(scenario: Scenario) {
  let cached = pickCache.get(scenario);
  if (!cached) {
    const picks = Object.entries(scenario.weights).filter(([, w]) => (w ?? 0) > 0) as [WeightedAction, number][];
    cached = { picks, total: picks.reduce((s, [, w]) => s + w, 0) };
    pickCache.set(scenario, cached);
  }
  return cached;
}

export interface ResponseEffect {
  action: Action;
  status: number;
  /** Bytes of the Set-Cookie headers in this response. */
  cookieBytes: number;
  /** Bytes of the Cookie header the request carried. */
  sentCookieBytes: number;
  sessionCreated: boolean;
  request: InFlight;
}

export class VirtualUser {
  readonly jar = new CookieJar();
  /** Confirmed state: what the server acknowledged. */
  loggedIn = false;
  userId = '';
  cartAdds = 0;
  theme = 'light';
  lastActivity = 0;
  /** Writes sent but not answered (cut off by the end of the run). */
  pendingCart = 0;
  pendingThemes: string[] = [];
  /** A request of this session went unanswered mid-run: the state cannot be verified. */
  uncertain = false;
  sessionsLost = 0;
  /** Answered at least once during the load (verification checks those). */
  acted = false;
  /** Not before this (performance.now() ms): the user's think time after its last answer. */
  readyAt = 0;
  /** A preloaded session: whether its first use found it ('hit') or got a 401 ('miss'). */
  resumed: 'pending' | 'hit' | 'miss' | undefined;
  private readonly random: () => number;
  private readonly inFlight: InFlight[] = [];
  /** The next action, once decided: it waits here while it may not be sent yet. */
  private planned: Action | undefined;
  private plannedLoggedIn = false;
  /** Churn decided: the cookie is dropped when the next login is sent (after in-flight reads). */
  private abandoning = false;
  private sinceLogin = 0;
  private logins = 0;
  private population: { from: Population; index: number } | undefined;
  private readonly picks: ReturnType<typeof picksOf>;

  constructor(
    readonly index: number,
    readonly anonymous: boolean,
    private readonly scenario: Scenario,
    seed: number,
    private readonly runTag: string,
    private readonly maxAgeMs = Infinity,
  ) {
    this.random = prng(seed * 1_000_003 + index);
    this.picks = picksOf(scenario);
  }

  /** This user already has preloaded session `index` of `from`: it starts logged in, with that cookie. */
  resumeFrom(from: Population, index: number): void {
    this.population = { from, index };
    this.plannedLoggedIn = true;
    this.resumed = 'pending';
  }

  /** Takes over the preloaded session (once, before the first request). */
  private takeOver() {
    const p = this.population;
    if (!p) return;
    this.population = undefined;
    const s = p.from.resume(p.index);
    this.jar.put(s.cookieName, s.cookieValue, s.cookieExpiresAt);
    this.loggedIn = true;
    this.userId = s.userId;
    this.cartAdds = s.cartAdds;
    this.theme = s.theme;
    this.lastActivity = s.lastActivity;
  }

  /** Requests written and not answered, oldest first (responses come back in this order). */
  get inFlightRequests(): readonly InFlight[] {
    return this.inFlight;
  }

  /** Whether the next request may be written now without racing one in flight (see the header). */
  canSend(): boolean {
    if (this.anonymous || this.inFlight.length === 0) return true;
    this.planned ??= this.decide();
    const next = this.planned;
    return !CHANGES_SESSION.has(next) && !this.inFlight.some((e) => CHANGES_SESSION.has(e.action));
  }

  /** Decide and build the next request. Called once per request written. */
  next(sentAt = 0, measured = false): PlannedRequest {
    this.takeOver();
    const action = this.planned ?? this.decide();
    this.planned = undefined;
    if (action === 'login') this.startLogin();
    const entry: InFlight = { action, sentCookieBytes: 0, sentAt, measured };
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (!this.anonymous) {
      const cookie = this.jar.cookieHeader();
      if (cookie) headers.cookie = cookie;
      entry.sentCookieBytes = cookie.length;
    }
    if (action === 'login') {
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

  /** Apply a complete response, in order. */
  onResponse(status: number, setCookie: string | string[] | undefined, now = Date.now()): ResponseEffect {
    const entry: InFlight = this.inFlight.shift() ?? { action: 'home', sentCookieBytes: 0, sentAt: 0, measured: false };
    const cookieBytes = this.anonymous ? byteLength(setCookie) : this.jar.apply(setCookie, now);
    const ok = status >= 200 && status < 300;
    const idleMs = now - this.lastActivity;
    this.lastActivity = now;
    this.acted = true;
    const { action } = entry;
    if (this.resumed === 'pending' && action !== 'home') this.resumed = status === 401 ? 'miss' : 'hit';
    if (action === 'cart') this.pendingCart--;
    if (action === 'preferences') this.pendingThemes.shift();
    if (ok) this.applySuccess(entry);
    else if (status === 401 && action !== 'login' && action !== 'home') this.loseSession(entry, idleMs);
    else if (action === 'login' || action === 'logout') this.forgetSession();
    if (
      !this.anonymous &&
      this.loggedIn &&
      this.scenario.abandonAfter &&
      this.sinceLogin >= this.scenario.abandonAfter
    ) {
      this.abandon();
    }
    // An anonymous visitor handed a cookie got a stored session of its own (saveUninitialized).
    const sessionCreated = ok && (action === 'login' || (this.anonymous && cookieBytes > 0));
    return { action, status, cookieBytes, sentCookieBytes: entry.sentCookieBytes, sessionCreated, request: entry };
  }

  /**
   * The connection died (timeout, reset, closed): nothing in flight will be answered. The server
   * may still run those requests later and save a stale copy of the session over newer writes, so
   * this session is no longer verifiable; a login or logout whose outcome is unknown starts over.
   */
  connectionLost(): InFlight[] {
    const lost = this.inFlight.splice(0);
    if (lost.length === 0 || this.anonymous) return lost;
    this.uncertain = true;
    if (lost.some((e) => e.action === 'login' || e.action === 'logout')) this.forgetSession();
    return lost;
  }

  /** Whether the server should hold this user's session now, and what it should hold. */
  get verifiable(): boolean {
    return (
      !this.anonymous &&
      this.loggedIn &&
      !this.uncertain &&
      // A cookie past its expiry is gone from the browser too: that user is logged out, not lost.
      this.jar.cookieHeader() !== '' &&
      !this.inFlight.some((e) => e.action === 'login' || e.action === 'logout')
    );
  }

  private decide(): Action {
    if (this.anonymous) return 'home';
    if (!this.plannedLoggedIn) return 'login';
    this.sinceLogin++;
    const { picks, total } = this.picks;
    let r = this.random() * total;
    for (const [action, w] of picks) {
      r -= w;
      if (r < 0) return action;
    }
    return picks[picks.length - 1]?.[0] ?? 'dashboard';
  }

  /** A login replaces whatever session this user had (regenerate); churn drops the cookie first. */
  private startLogin() {
    if (this.abandoning) this.jar.clear();
    this.abandoning = false;
    this.loggedIn = false;
    this.plannedLoggedIn = true;
    this.sinceLogin = 0;
  }

  private applySuccess(entry: InFlight) {
    if (entry.action === 'login') {
      this.loggedIn = true;
      this.userId = entry.value ?? '';
      this.cartAdds = 0;
      this.theme = 'light';
      // A login goes alone, so nothing of the old session is still in flight.
      this.pendingCart = 0;
      this.pendingThemes = [];
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
    this.replan();
  }

  /** A login or logout failed or went unanswered: what the server holds is unknown; log in again. */
  private forgetSession() {
    this.uncertain = true;
    this.loggedIn = false;
    this.replan();
  }

  /** Churn: leave without logging out; the next request logs in as a new session. */
  private abandon() {
    this.abandoning = true;
    this.replan();
  }

  /** The next request is a login, whatever had been picked. */
  private replan() {
    this.plannedLoggedIn = false;
    this.planned = undefined;
  }
}

function byteLength(setCookie: string | string[] | undefined): number {
  if (!setCookie) return 0;
  return (Array.isArray(setCookie) ? setCookie : [setCookie]).reduce((s, l) => s + Buffer.byteLength(l), 0);
}
