// Every default in one object: the bench's flags, the gate's, the store micro-bench's and the
// conformance suite's timings. harness/plan/options.ts re-exports it for the command-line parsers;
// it lives here because the gate, which plan/ imports, reads it too.
import { SESSION_OPTION_DEFAULTS } from '../contracts/results.ts';

export const DEFAULTS = {
  duration: 10,
  warmup: 2,
  connections: 16,
  pipelining: 1,
  repeat: 1,
  seed: 1,
  probe: 2,
  /** A run whose share of failed requests (errors, timeouts, non-2xx, hung) is above this failed. */
  maxErrorRate: 0.01,
  /** --max-regression: the smallest slowdown, in percent, that fails the gate (with significance). */
  maxRegressionPct: 10,
  /** --alpha: significance level of the baseline comparison. */
  alpha: 0.05,
  /** --min-change-ms: sub-millisecond latency shifts between batches are scheduler noise on shared machines. */
  minChangeMs: 1,
  /** --repeat with --baseline: a statistical comparison needs repeats on both sides. */
  baselineRepeat: 3,
  /** npm run bench:store. */
  storeBench: {
    payloads: [200, 2_000, 20_000],
    timeMs: 300,
    poolSize: 500,
    maxAgeMs: Number(SESSION_OPTION_DEFAULTS.maxAge),
  },
  /** npm run bench:store --conformance (tests shorten them). */
  conformance: {
    /** Cookie maxAge of the sessions the expiry and touch checks write (ms). */
    shortMaxAgeMs: 1_000,
    // connect-redis rounds a TTL up to whole seconds; a little more for a loaded machine.
    graceMs: 2_000,
    pollMs: 50,
    callTimeoutMs: 5_000,
  },
} as const;
