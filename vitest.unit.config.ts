// `npm run test:unit`: the pure tests, in seconds. Pure means in this process only: no server
// process, no child process, no container, no browser (calling a store object directly is fine).
// `npm test` (vitest.config.ts) still runs every file, these included. A new pure test file is
// added to this list by hand.
import { defineConfig } from 'vitest/config';

const UNIT = [
  'conformance-fails-a-store-that-ignores-maxage',
  'contracts-accept-what-the-writers-write',
  'conformance-reports-missing-methods-as-unsupported',
  'cookie-jar-and-virtual-user',
  'describe-errors-names-the-dominant-failure',
  'folders-depend-one-way',
  'gate-compare',
  'gate-exports',
  'gate-run',
  'gate-stats',
  'gate-thresholds',
  'number-flag-limits-keep-timers-in-range',
  'pipelined-user-waits-for-session-changes',
  'report-compare-section',
  'report-concurrency-section',
  'report-edge-cases',
  'report-escaping',
  'report-memory-table',
  'report-ranking-and-findings',
  'report-spec-builders',
  'report-store-at-size',
  'report-store-bench-chart',
  'report-store-bench-conformance',
  'metric-declaration-matches-the-contracts',
  'results-schema-is-generated-from-the-contract',
  'scenario-and-matrix-expansion',
  'summary-md-repeats-gate-md',
  'store-bench-builds-sessions-of-the-requested-size',
  'store-bench-calls-callback-stores-carefully',
  'writes-are-atomic',
  'access-and-payload',
  'preloaded-cookies-are-accepted-by-express-session',
  'capacity-and-arrival-schedule',
  'gate-capacity',
  'faults-timeline-recovery-and-flags',
  'instances-flags-plan-and-report',
  'gate-work-is-compared-exactly',
  'ab-sampling-stops-on-clear-answers',
  'ab-flags-reject-bad-input',
  'report-shows-ab-and-work-verdicts',
  'report-capacity-section',
];

export default defineConfig({
  test: {
    include: UNIT.map((name) => `test/${name}.test.ts`),
    // Nothing here starts a process or keeps global state between files: one module graph per
    // worker thread halves the time, most of which is importing (vega, the store clients).
    pool: 'threads',
    isolate: false,
    testTimeout: 20_000,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
});
