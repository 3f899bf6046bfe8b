// The store-fault part of the results.json contract: the per-run timeline (every run), the fault
// of a --fault run and the delaying proxy of --store-rtt / slow faults. The descriptions are the
// field documentation in results.schema.json.
import { z } from 'zod';

const count = () => z.number().int().nonnegative();
const amount = () => z.number().nonnegative();

export const FAULT_KINDS = ['stop', 'freeze', 'restart', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const timelinePointSchema = z.object({
  tMs: amount().describe('Start of the bucket, ms from the start of the measured phase (past duration: the drain).'),
  ok: count().describe('Measured requests answered 2xx in this bucket.'),
  non2xx: count().describe('Answered with another status in this bucket (5xx, and 401s: see unauthorized).'),
  unauthorized: count().optional().describe('Of non2xx, the 401s: "not logged in", the symptom of a lost session.'),
  timeouts: count().describe('Timed out in this bucket (no answer within requests.timeoutS).'),
  errors: count().describe('Connection errors in this bucket.'),
  hung: count().optional().describe('Sent in this bucket and still unanswered when the load ended.'),
  waiting: count().describe('Measured requests in flight at the end of the bucket.'),
  p50Ms: amount().describe('Latency of what ended in this bucket (answers, timeouts; hung: their wait), ms.'),
  p99Ms: amount(),
  maxMs: amount().optional(),
});

export const timelineSchema = z
  .object({
    bucketMs: amount().describe('Width of a bucket: 250 ms, wider for runs above 10 min (at most 2,400 points).'),
    points: z.array(timelinePointSchema),
  })
  .meta({
    id: 'timeline',
    description:
      'What happened per bucket of the measured phase and its drain: Σ(ok + non2xx) = requests.total, ' +
      'Σtimeouts = requests.timeouts, Σerrors = requests.errors, Σhung = requests.hung.',
  });

export const faultPlanSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    atS: amount().describe('Seconds into the measured phase at which the fault begins.'),
    durationS: amount().describe('How long it lasts (restart: 0, stopped and started at once).'),
    slowMs: amount().optional().describe('slow: ms added to every round trip to the store during the fault.'),
  })
  .describe('--fault KIND:DURATION@AT, applied to the container of each store in its measured phase.');

const windowCounts = z.object({
  fromS: amount().describe('Start of the window: the fault began (s into the measured phase).'),
  toS: amount().describe('End: one second after recovery, or the end of the load when there was none.'),
  requests: count().describe('Requests whose life overlapped the window and that failed, or all that ended in it.'),
  statusCodes: z.record(z.string(), count()).describe('Non-2xx answers in the window, by status.'),
});

export const faultResultSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    atS: amount().describe('When the fault began, s into the measured phase (as applied, not as planned).'),
    durationS: amount().describe('How long the store was faulty, as applied: until it answered again.'),
    planned: faultPlanSchema,
    slowMs: amount().optional(),
    errors: count().describe(
      'Failed answers (non-2xx other than 401) and connection errors of requests overlapping the fault.',
    ),
    timeouts: count(),
    hung: count().describe('Requests overlapping the fault still unanswered when the load ended.'),
    maxLatencyMs: amount().describe('The longest wait of a request in the window (answered, timed out or hung).'),
    recoverySeconds: z
      .number()
      .nonnegative()
      .nullable()
      .describe(
        'From the end of the fault to the start of the first 1 s window in which ≥ 99 % of responses succeeded ' +
          '(2xx, or 401 for a session the store no longer had) and throughput was ≥ 90 % of its pre-fault median; ' +
          'null: not within the run.',
      ),
    preFaultRps: amount().describe(
      'Median per-second successes before the fault: the throughput recovery is measured against.',
    ),
    sessionsAtFault: count().describe(
      'Users holding a session once the fault took hold (logged in, or with a preloaded session not yet used).',
    ),
    sessionsLostByFault: count().describe(
      'Of those, sessions the store no longer had afterwards: a 401 on their next request, or a read-back after the ' +
        'load for users who sent none. Not counted in correctness.sessionsLost.',
    ),
    sessionsUnchecked: count()
      .optional()
      .describe(
        'Of sessionsAtFault, those whose fate is unknown: a preloaded session never used again, or a read-back that did not answer in its bound.',
      ),
    window: windowCounts,
    actions: z
      .array(z.string())
      .describe('What the harness did and when, in words ("paused the container at 4.00 s").'),
    problem: z.string().optional().describe('What went wrong while applying or lifting the fault.'),
  })
  .meta({ id: 'fault', description: 'A --fault run: what the fault cost, and how long the store took to recover.' });

export const storeRttSchema = z
  .object({
    configuredMs: amount().describe('--store-rtt: round-trip time added between the app and its store.'),
    directMs: amount().describe('Median round trip of a 1-byte echo on this machine, no proxy.'),
    proxiedZeroMs: amount().describe(
      'The same through the delaying proxy set to 0 ms: its own cost is the difference.',
    ),
    proxiedMs: amount().describe('The same through the proxy at the configured delay.'),
  })
  .meta({
    id: 'storeRtt',
    description:
      'The delaying TCP proxy between the app and its store (--store-rtt, slow faults): its calibration before the cell.',
  });
