// What one measured run of results.json carries: throughput, latency, the fate of every request,
// cookie size, memory, store calls, correctness and the store-side size. Part of the results.json
// contract (results.ts); the descriptions are the field documentation in results.schema.json.
import { z } from 'zod';
import { arrivalsSchema, capacitySchema } from './open-model.ts';
import { faultResultSchema, storeRttSchema, timelineSchema } from './fault.ts';
import { instancesSchema, scalingSchema } from './instances.ts';
import { workSchema } from './work.ts';

// Factories rather than shared instances: each field gets its own schema for its own description.
const count = () => z.number().int().nonnegative();
const amount = () => z.number().nonnegative();
const counts = () => z.record(z.string(), count());

export const latencySchema = z
  .object({ mean: amount(), p50: amount(), p90: amount(), p99: amount(), p999: amount(), max: amount() })
  .meta({ id: 'latency', description: 'Milliseconds, from an HDR histogram of every measured response.' });
export type Latency = z.infer<typeof latencySchema>;

export const memorySampleSchema = z.object({ tMs: z.number(), rss: amount(), heapUsed: amount() });
export type MemorySample = z.infer<typeof memorySampleSchema>;

export const storeSideSampleSchema = z.object({
  tMs: z.number(),
  sessions: amount().optional(),
  bytes: amount().optional(),
});
export type StoreSideSample = z.infer<typeof storeSideSampleSchema>;

const gcSchema = z
  .object({
    beforeLoad: amount(),
    afterWarmup: amount().optional(),
    afterLoad: amount(),
    afterSettle: amount().optional(),
  })
  .describe('Post-GC heap readings at phase boundaries (before load, after load, after settle).');

// An id puts a block once under "definitions": completed and failed runs both refer to it.
export const runMemorySchema = z
  .object({
    rssBytes: z.object({ start: amount(), end: amount(), peak: amount() }),
    heapUsedBytes: z.object({ start: amount(), end: amount() }),
    samples: z.array(memorySampleSchema),
    gc: gcSchema.optional(),
    // Differences of heap readings: negative when the heap shrank.
    bytesPerSession: z.number().nullable().optional(),
    retainedAfterExpiryBytes: z.number().nullable().optional(),
    verdict: z.enum(['bounded', 'growing', 'unknown']).optional(),
    verdictReason: z.string().optional(),
  })
  .meta({ id: 'memory' });
export type RunMemory = z.infer<typeof runMemorySchema>;

const requestsSchema = z
  .object({
    total: count().describe('Answered: complete responses, any status.'),
    errors: count().describe(
      'Lost with their connection: refused, reset, or closed by the server before an answer (errorKinds says which).',
    ),
    timeouts: count().describe('Unanswered within timeoutS: autocannon then drops the connection and opens a new one.'),
    non2xx: count().describe('Answered with a status outside 200–299 (part of total).'),
    byAction: counts()
      .optional()
      .describe('Answered requests by what the virtual user did (login, dashboard, cart, …).'),
    sent: count()
      .optional()
      .describe('Requests written in the measured phase: sent = total + errors + timeouts + hung.'),
    hung: count()
      .optional()
      .describe(
        'Still unanswered when the load ended: after the measured phase users send nothing more and the load waits ' +
          'up to 2 s (driver DRAIN_S) for answers in flight. Their wait up to then is in the latency.',
      ),
    hungMaxWaitMs: amount().optional().describe('The longest wait among the hung requests, ms (0 when none).'),
    statusCodes: counts().optional().describe('Answered requests by HTTP status, e.g. { "200": 2685, "500": 12 }.'),
    errorKinds: counts()
      .optional()
      .describe(
        "Failed requests by cause: 'timeout', 'closed' (by the server), or the socket error code " +
          '(ECONNREFUSED, ECONNRESET, …). Sums to errors + timeouts.',
      ),
    timeoutS: z.number().min(1).optional().describe("The per-request bound in seconds (autocannon's `timeout`)."),
    meanInFlight: amount()
      .optional()
      .describe(
        'Mean requests in flight per connection (summed waits / measured time / connections): below pipelining ' +
          'when users waited for a session-changing answer.',
      ),
    firstFailureAtMs: amount()
      .optional()
      .describe(
        'ms into the measured phase when the first failed request was sent (timeouts, hung) or failed ' +
          '(errors, non-2xx): when a store outage began. Absent when nothing failed.',
      ),
  })
  .meta({
    id: 'requests',
    description:
      'Requests sent in the measured phase and what became of each: sent = total + errors + timeouts + hung.',
  });

const opTimesSchema = z.object({ get: amount(), set: amount(), touch: amount(), destroy: amount() });

const storeOpsSchema = z
  .object({
    get: count(),
    set: count(),
    touch: count(),
    destroy: count(),
    perRequest: amount(),
    getMisses: count().optional().describe('get calls that found no session (expired, lost or never stored).'),
    served: count()
      .optional()
      .describe('Requests the server handled in the measured phase (the denominator of perRequest).'),
    timeMs: opTimesSchema
      .optional()
      .describe('Time from each call until its callback ran, summed (includes event-loop queueing).'),
  })
  .meta({ id: 'storeOps', description: "Calls to the store's get/set/touch/destroy, counted by the server." });

const correctnessSchema = z
  .object({
    sessionsChecked: count(),
    sessionsValid: count(),
    lostWrites: count(),
    sessionsLost: count()
      .optional()
      .describe('Logged-in sessions answered 401 during the load although well within maxAge.'),
    readBackTimeouts: count()
      .optional()
      .describe(
        'Read-backs that did not answer within the per-request bound (verify.ts READBACK_TIMEOUT_MS); ' +
          'each counts as not valid.',
      ),
    readBackSkipped: count()
      .optional()
      .describe(
        'Sessions never read back because verification stopped early (the first read-backs all timed out) or hit its ' +
          'overall bound; each counts as not valid.',
      ),
    usersLoggedIn: count()
      .optional()
      .describe('Virtual users logged in (acknowledged) when the load ended: 0 checked of these fails the run.'),
    candidates: count()
      .optional()
      .describe(
        'Users who acted during the load and whose session should be there: sessionsChecked is all of them, or a ' +
          'seeded random sample of settings.verifySample when there are more (then sampled is true).',
      ),
    sampled: z.boolean().optional().describe('sessionsChecked is a random sample of the candidates.'),
    expiredBeforeCheck: count()
      .optional()
      .describe(
        'Candidates not read back because, by their turn, their session could have expired legitimately (idle ' +
          'for nearly maxAge, or a browser cookie about to expire): short maxAge with many users.',
      ),
    details: z.array(z.string()).optional(),
  })
  .meta({ id: 'correctness', description: 'Sessions read back after the load: what the store kept.' });

const storeSideSchema = z
  .object({
    sessions: amount().optional(),
    bytes: amount().optional(),
    samples: z.array(storeSideSampleSchema).optional(),
    afterSettle: z.object({ sessions: amount().optional(), bytes: amount().optional() }).optional(),
    detail: z
      .record(z.string(), z.number())
      .optional()
      .describe(
        'At the end, what else grows with the sessions: PostgreSQL tableBytes/indexBytes/liveTuples/deadTuples/' +
          'hotUpdateShare, SQLite fileBytes/walBytes, Redis keys/usedMemory, MemoryStore entries.',
      ),
    error: z
      .string()
      .optional()
      .describe("Why the size is missing: the store's stats() failed (an outage) or did not answer in time."),
    keysPerMaster: z
      .record(z.string(), count())
      .optional()
      .describe('Redis Cluster: session keys on each master at the end, by host:port (the key spread).'),
    timedOut: z
      .boolean()
      .optional()
      .describe('stats() hit its deadline (a bound: fails an otherwise fine run) rather than failing.'),
  })
  .meta({
    id: 'storeSide',
    description:
      "Store-side size (Redis keys/used_memory, PG rows/relation size, SQLite file…); `store` is the store's name.",
  });

const populationSchema = z
  .object({
    preloaded: count().describe("Sessions written through the store's own set before the load (acknowledged)."),
    preloadMs: amount().describe('How long the preload took, ms.'),
    preloadFailed: count().optional().describe('Sets the store refused during the preload.'),
    preloadSetCalls: count()
      .optional()
      .describe("Calls of the store's set during the preload, counted by the server's wrapper (= preloaded)."),
    storeSessions: amount().optional().describe('Sessions the store held after the preload (its stats()).'),
    storeBytes: amount().optional().describe('Store-side bytes after the preload (used_memory, relation size, file).'),
    bytesPerSession: z
      .number()
      .nullable()
      .optional()
      .describe('Store-side bytes the preload added per session (storeBytes after − before, / preloaded).'),
    heapBytesPerSession: z
      .number()
      .nullable()
      .optional()
      .describe(
        "The app process's post-GC heap growth per preloaded session (MemoryStore's keep their sessions here).",
      ),
    sessionBytes: count().describe('JSON bytes of one preloaded session as the store received it.'),
    users: count().describe('Virtual users of the run.'),
    resumed: count()
      .optional()
      .describe('Users whose first request on a preloaded session found it (a hit, not a fresh login).'),
    resumeMisses: count()
      .optional()
      .describe('Users whose first request on a preloaded session was answered 401 (expired or lost).'),
    detail: z.record(z.string(), z.number()).optional().describe('storeSide.detail right after the preload.'),
    skipped: z.string().optional().describe('Why nothing was preloaded (a client-side store).'),
  })
  .meta({
    id: 'population',
    description: "The preloaded sessions (settings.sessions, the cell's options.sessions) and what they cost.",
  });

const concurrencySchema = z
  .object({
    mode: z.enum(['concurrent', 'logout-race']),
    parallel: count().describe('Cart adds one user sent at once (1 = the control: no overlap).'),
    workMs: amount().describe("ms the app's session routes waited between reading and writing the session."),
    writes: count().describe('Cart adds the server acknowledged (2xx).'),
    lostUpdates: count().describe("Acknowledged adds missing from the user's cart when it read it back."),
    lostRate: amount().describe('lostUpdates / writes.'),
    logouts: count().describe('Logouts acknowledged while a write of the same session was in flight.'),
    resurrected: count().describe('Logouts after which the old cookie still reached a logged-in page.'),
    resurrectedRate: amount().describe('resurrected / logouts.'),
    setsPerLogin: amount()
      .optional()
      .describe("The store's set calls per login (regenerate + the login's data): above 1 is a double save."),
  })
  .meta({
    id: 'concurrency',
    description:
      'Scenarios concurrent and logout-race: what overlapping requests of one user cost. Expected losses, never a ' +
      'failed run.',
  });

export const runMetricsSchema = z.object({
  throughput: z
    .object({ rps: amount(), samples: z.array(amount()).describe('Completed requests in each measured second.') })
    .meta({ id: 'throughput' }),
  latencyMs: latencySchema
    .extend({ source: z.enum(['probe', 'load', 'intended']).optional(), requests: count().optional() })
    .meta({
      id: 'latencyMs',
      description:
        "Latency of one request on its own: one virtual user, no other load (the probe phase), so a store's wait " +
        'shows in full. When the probe is off (settings.probe = 0), the loaded latency (source says which: load ' +
        'is timed from each send, intended from each intended send time in an open-model run).',
    }),
  loadedLatencyMs: latencySchema
    .optional()
    .describe(
      "Latency under the cell's load, queueing included. Closed model: from when each request was sent. Open " +
        "model (arrivals present): from each request's intended send time, so time spent waiting for a free " +
        'connection counts (no coordinated omission).',
    ),
  arrivals: arrivalsSchema.optional(),
  capacity: capacitySchema.optional(),
  requests: requestsSchema,
  cookie: z.object({ meanBytes: amount(), maxBytes: amount(), sentMeanBytes: amount().optional() }).meta({
    id: 'cookie',
    description:
      'meanBytes/maxBytes: Set-Cookie header values per response that set one, whole run incl. warm-up. ' +
      'sentMeanBytes: the Cookie header every measured request carried (0 for none).',
  }),
  memory: runMemorySchema,
  storeOps: storeOpsSchema,
  work: workSchema.optional(),
  correctness: correctnessSchema,
  sessionsCreated: count().optional(),
  storeSide: storeSideSchema.optional(),
  population: populationSchema.optional(),
  concurrency: concurrencySchema.optional(),
  timeline: timelineSchema.optional(),
  fault: faultResultSchema.optional(),
  storeRtt: storeRttSchema.optional(),
  instances: instancesSchema.optional(),
  scaling: scalingSchema.optional(),
  harnessMemory: z
    .object({ rssBytes: amount(), heapUsedBytes: amount() })
    .optional()
    .describe("The harness process's own memory right after the load (its virtual users and their cookie jars)."),
  eventLoopDelayMs: z
    .object({ p50: amount(), p99: amount(), max: amount() })
    .optional()
    .describe(
      "The app process's event-loop delay during the measured phase (monitorEventLoopDelay, 10 ms timer, the " +
        'period taken off): GC pauses and synchronous work such as pruning show here.',
    ),
});
export type RunMetrics = z.infer<typeof runMetricsSchema>;
