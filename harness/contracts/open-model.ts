// The open model's part of the results.json contract: what the arrival generator did (`arrivals`,
// per run) and a cell's capacity at a latency SLO (`capacity`, per run of a --sweep). The
// descriptions are the field documentation in results.schema.json.
import { z } from 'zod';

const count = () => z.number().int().nonnegative();
const amount = () => z.number().nonnegative();
// Not run-metrics.ts's latencySchema: that module imports this one.
const latency = () =>
  z.object({ mean: amount(), p50: amount(), p90: amount(), p99: amount(), p999: amount(), max: amount() });

/** The latency percentiles an SLO may name (--slo p99.9:50 → p999). */
export const SLO_PERCENTILES = ['p50', 'p90', 'p99', 'p999'] as const;
export type SloPercentile = (typeof SLO_PERCENTILES)[number];

export const generatorPausesSchema = z
  .object({
    gcCount: count(),
    gcTotalMs: amount(),
    gcMaxMs: amount().describe('The longest garbage collection of the harness process.'),
    eventLoopDelayP99Ms: amount(),
    eventLoopDelayMaxMs: amount().describe("The harness's event loop's longest delay (10 ms sampling)."),
  })
  .describe(
    "The generator's own pauses over the measured phase: the harness process's garbage collections and its " +
      'event-loop delay. An answer arriving during a pause is timed when it ends, so a latency percentile near ' +
      "these figures may be the harness's, not the store's.",
  );
export type GeneratorPauses = z.infer<typeof generatorPausesSchema>;

export const arrivalsSchema = z
  .object({
    process: z.enum(['uniform', 'poisson']).describe('Evenly spaced arrivals, or a Poisson process of the same rate.'),
    rate: amount().describe('Requested arrivals per second.'),
    intended: count().describe('Arrivals scheduled in the measured phase: intended = sent + dropped.'),
    sent: count().describe('Of those, requests written (they are in requests.sent).'),
    late: count().describe(
      'Sent more than lateAfterMs after their intended time: every connection (or user) was busy.',
    ),
    dropped: count().describe(
      'Never sent: still waiting for a connection dropAfterMs after their intended time, or when the load ended. ' +
        'Their wait so far is in the latency, as a lower bound.',
    ),
    lateAfterMs: amount(),
    dropAfterMs: amount(),
    schedulingErrorMs: z
      .object({
        p50: z.number(),
        p90: z.number(),
        p99: z.number(),
        p999: z.number(),
        max: z.number(),
        absP99: amount().describe('p99 of the error’s size, early or late.'),
      })
      .describe(
        'Actual minus intended send time of the measured requests, ms: the generator’s timer plus any wait for a ' +
          'free connection or user. Negative: sent early (up to earlyMs, which centres the timer’s millisecond ' +
          'granularity on zero); such a request is timed from its actual send, so sending early never shortens ' +
          'a latency.',
      ),
    earlyMs: amount(),
    generatorCpuCores: amount().describe(
      "The harness process's CPU time over the measured phase, in cores (1 = one core busy): the generator's cost.",
    ),
    connections: count().describe('Connections the arrivals were sent over (at most one request in flight each).'),
    generatorPausesMs: generatorPausesSchema.optional(),
  })
  .meta({
    id: 'arrivals',
    description:
      'Open-model runs (--rate or a --sweep step): requests sent at intended times whatever the answers do; ' +
      "loadedLatencyMs is then timed from each request's intended send time (wrk2's method), so waiting for a " +
      'free connection counts.',
  });
export type Arrivals = z.infer<typeof arrivalsSchema>;

export const capacityStepSchema = z.object({
  rate: amount().describe('Requested arrivals per second.'),
  achievedRps: amount().describe('Answered requests per measured second.'),
  latencyMs: latency().describe('From intended send time.'),
  errors: amount().describe(
    'Share (0–1) of the step’s arrivals that failed: errors, timeouts, non-2xx, hung and dropped.',
  ),
  meetsSlo: z.boolean(),
  arrivals: arrivalsSchema.optional(),
});

export const capacitySchema = z
  .object({
    sloMs: amount(),
    percentile: z.enum(SLO_PERCENTILES),
    maxErrorShare: amount().describe('A step meets the SLO only with errors below this share (0.001).'),
    rps: amount().describe(
      'The highest rate that meets the SLO: interpolated linearly between the last step that meets it and the ' +
        'first that does not (see bound).',
    ),
    bound: z
      .enum(['interpolated', 'at-step', 'at-least', 'below-lowest'])
      .describe(
        'interpolated: between two steps; at-step: the next step failed on errors, so the last good step; ' +
          'at-least: every step met the SLO; below-lowest: not even the lowest step met it (rps 0).',
      ),
    closedMaxRps: amount().describe('The closed-model maximum the steps are fractions of.'),
    steps: z.array(capacityStepSchema),
  })
  .meta({
    id: 'capacity',
    description:
      '--sweep: the closed-model maximum, then open-model steps at fractions of it; capacity is the highest ' +
      'rate whose percentile latency (from intended time) stays within the SLO with errors under 0.1 %.',
  });
export type Capacity = z.infer<typeof capacitySchema>;
export type CapacityStep = z.infer<typeof capacityStepSchema>;

export const sloSettingSchema = z
  .object({ ms: amount(), percentile: z.enum(SLO_PERCENTILES) })
  .describe('--slo: the latency objective capacity is measured against (default p99 ≤ 25 ms).');
