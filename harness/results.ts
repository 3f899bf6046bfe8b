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
  requests: { total: number; errors: number; timeouts: number; non2xx: number; byAction?: Record<string, number> };
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
    details?: string[];
  };
  sessionsCreated?: number;
  /** Store-side size (Redis keys/used_memory, PG rows/relation size, SQLite file…); `store` is the store's name. */
  storeSide?: { sessions?: number; bytes?: number; samples?: StoreSideSample[]; afterSettle?: { sessions?: number; bytes?: number } };
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

/** Stable identity of a cell across runs and machines: store, scenario and sorted options. */
export function cellKey(run: Pick<Run, 'store' | 'scenario' | 'options'>): string {
  const opts = Object.keys(run.options)
    .sort()
    .map((k) => `${k}=${String(run.options[k])}`)
    .join(',');
  return `${run.store}|${run.scenario}|${opts}`;
}
