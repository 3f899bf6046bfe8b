// The results.json contract (schemaVersion 1): what running writes and reporting, gating and other
// tools read. Add fields freely; never rename or drop the documented ones (see results.schema.json).

export const SCHEMA_VERSION = 1 as const;

export type OptionValue = string | number | boolean;
export type CellOptions = Record<string, OptionValue>;

export interface Environment {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemBytes: number;
  packages: Record<string, string>;
  /** Container images used, by service kind (redis, postgres, mongo). */
  images?: Record<string, string>;
  /** How each service was provided: "container", "url" or absent. */
  services?: Record<string, { mode: 'container' | 'url'; endpoint: string; /** Server version it reported. */ version?: string }>;
}

export interface Settings {
  duration: number;
  warmup: number;
  connections: number;
  pipelining: number;
  rate?: number;
  repeat: number;
  seed: number;
  settle?: number;
  /** Seconds of the unloaded latency probe after the load (0 = off). */
  probe?: number;
  /** Largest share (0–1) of failed requests (errors + timeouts + non-2xx, hung included) a run may
   *  have and still count as completed (--max-error-rate, default 0.01). */
  maxErrorRate?: number;
}

export interface MemorySample {
  tMs: number;
  rss: number;
  heapUsed: number;
}

export interface StoreSideSample {
  tMs: number;
  sessions?: number;
  bytes?: number;
}

export interface RunMemory {
  rssBytes: { start: number; end: number; peak: number };
  heapUsedBytes: { start: number; end: number };
  samples: MemorySample[];
  /** Post-GC heap readings at phase boundaries (before load, after load, after settle). */
  gc?: { beforeLoad: number; afterWarmup?: number; afterLoad: number; afterSettle?: number };
  bytesPerSession?: number | null;
  retainedAfterExpiryBytes?: number | null;
  verdict?: 'bounded' | 'growing' | 'unknown';
  verdictReason?: string;
}

export interface Latency {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface ScenarioSpec {
  name: string;
  description: string;
  weights: Record<string, number>;
  anonymousShare: number;
  abandonAfter?: number;
}

export interface RunMetrics {
  throughput: { rps: number; samples: number[] };
  /** Latency of one request on its own: one virtual user, no other load (the probe phase), so a
   *  store's wait shows in full. When the probe is off (settings.probe = 0), the loaded latency. */
  latencyMs: Latency & { source?: 'probe' | 'load'; requests?: number };
  /** Latency under the cell's load (closed model, `connections` users): queueing included. */
  loadedLatencyMs?: Latency;
  /** Requests sent in the measured phase and what became of each: sent = total + errors + timeouts + hung. */
  requests: {
    /** Answered: complete responses, any status. */
    total: number;
    /** Lost with their connection: refused, reset, or closed by the server before an answer (errorKinds says which). */
    errors: number;
    /** Unanswered within timeoutS: autocannon then drops the connection and opens a new one. */
    timeouts: number;
    /** Answered with a status outside 200–299 (part of total). */
    non2xx: number;
    /** Answered requests by what the virtual user did (login, dashboard, cart, …). */
    byAction?: Record<string, number>;
    /** Requests written in the measured phase. */
    sent?: number;
    /** Still unanswered when the load ended: after the measured phase users send nothing more and the
     *  load waits up to 2 s (driver DRAIN_S) for answers in flight. Their wait up to then is in the latency. */
    hung?: number;
    /** The longest wait among the hung requests, ms (0 when none). */
    hungMaxWaitMs?: number;
    /** Answered requests by HTTP status, e.g. { "200": 2685, "500": 12 }. */
    statusCodes?: Record<string, number>;
    /** Failed requests by cause: 'timeout', 'closed' (by the server), or the socket error code (ECONNREFUSED, ECONNRESET, …). Sums to errors + timeouts. */
    errorKinds?: Record<string, number>;
    /** The per-request bound in seconds (autocannon's `timeout`). */
    timeoutS?: number;
    /** Mean requests in flight per connection (summed waits / measured time / connections): below pipelining when users waited for a session-changing answer. */
    meanInFlight?: number;
    /** ms into the measured phase when the first failed request was sent (timeouts, hung) or failed
     *  (errors, non-2xx): when a store outage began. Absent when nothing failed. */
    firstFailureAtMs?: number;
  };
  /** meanBytes/maxBytes: Set-Cookie header values per response that set one, whole run incl. warm-up.
   *  sentMeanBytes: the Cookie header every measured request carried (0 for none). */
  cookie: { meanBytes: number; maxBytes: number; sentMeanBytes?: number };
  memory: RunMemory;
  storeOps: {
    get: number; set: number; touch: number; destroy: number; perRequest: number;
    /** Requests the server handled in the measured phase (the denominator of perRequest). */
    served?: number;
    /** Time from each call until its callback ran, summed (includes event-loop queueing). */
    timeMs?: { get: number; set: number; touch: number; destroy: number };
  };
  correctness: {
    sessionsChecked: number; sessionsValid: number; lostWrites: number;
    /** Logged-in sessions answered 401 during the load although well within maxAge. */
    sessionsLost?: number;
    /** Read-backs that did not answer within the per-request bound (verify.ts READBACK_TIMEOUT_MS); each counts as not valid. */
    readBackTimeouts?: number;
    /** Sessions never read back because verification stopped early (the first read-backs all timed out) or hit its overall bound; each counts as not valid. */
    readBackSkipped?: number;
    /** Virtual users logged in (acknowledged) when the load ended: 0 checked of these fails the run. */
    usersLoggedIn?: number;
    details?: string[];
  };
  sessionsCreated?: number;
  /** Store-side size (Redis keys/used_memory, PG rows/relation size, SQLite file…); `store` is the store's name. */
  storeSide?: {
    sessions?: number; bytes?: number; samples?: StoreSideSample[]; afterSettle?: { sessions?: number; bytes?: number };
    /** Why the size is missing: the store's stats() failed (an outage) or did not answer in time. */
    error?: string;
    /** stats() hit its deadline (a bound: fails an otherwise fine run) rather than failing. */
    timedOut?: boolean;
  };
}

interface RunBase {
  id: string;
  store: string;
  scenario: string;
  options: CellOptions;
  repeat: number;
}

export type CompletedRun = RunBase & { status: 'completed'; reason?: string } & RunMetrics;
export type FailedRun = RunBase & { status: 'failed'; reason: string } & Partial<RunMetrics>;
export type SkippedRun = RunBase & { status: 'skipped'; reason: string };
export type Run = CompletedRun | FailedRun | SkippedRun;

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION;
  createdAt: string;
  partial?: boolean;
  environment: Environment;
  settings: Settings;
  scenarios?: Record<string, ScenarioSpec>;
  /** What each store declared about itself (not measured): description, service, traits. */
  stores?: Record<string, { description?: string; service?: string; traits?: { persistent?: boolean; shared?: boolean; clientSide?: boolean } }>;
  runs: Run[];
}

/** express-session options every run records, at the values a run uses unless the matrix says otherwise. */
export const SESSION_OPTION_DEFAULTS: Readonly<CellOptions> = { resave: false, saveUninitialized: false, rolling: false, maxAge: 3_600_000 };

/** A cell's options for people: only those that differ from SESSION_OPTION_DEFAULTS, or "defaults". */
export function describeOptions(options: CellOptions): string {
  const diff = Object.entries(options).filter(([k, v]) => SESSION_OPTION_DEFAULTS[k] !== v);
  return diff.length ? diff.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'defaults';
}

/** Stable identity of a cell across runs and machines: store, scenario and sorted options. */
export function cellKey(run: Pick<Run, 'store' | 'scenario' | 'options'>): string {
  const opts = Object.keys(run.options)
    .sort()
    .map((k) => `${k}=${String(run.options[k])}`)
    .join(',');
  return `${run.store}|${run.scenario}|${opts}`;
}
