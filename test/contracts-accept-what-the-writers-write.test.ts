// Each file format's zod contract accepts what its writer really writes: compare.json from the
// gate, store-bench.json and conformance.json from `npm run bench:store` on the memory store (and a
// store that drops writes, for the not-measured rows), and the report tests' fixtures of both.
// results.json is checked against real runs in embedded-stores-end-to-end.test.ts.
import { describe, expect, it } from 'vitest';
import { checkContract } from '../harness/contracts/check-contract.ts';
import { compareReportSchema } from '../harness/contracts/compare.ts';
import { conformanceFileSchema, storeBenchFileSchema } from '../harness/contracts/store-bench.ts';
import { buildReport } from '../harness/gate/report.ts';
import { parseThreshold } from '../harness/shared/threshold-expression.ts';
import { runConformanceSuite, runMicroBench } from '../harness/store-bench/index.ts';
import type { StoreBenchPlan } from '../harness/store-bench/store-bench-args.ts';
import { resolveStores } from '../stores/load-store.ts';
import { makeResults, repeats } from './fixtures/gate/make-results.ts';
import { conformanceFixture, storeBenchFixture } from './report-store-bench-fixture.ts';

/** Passes with no problems listed, or fails naming every problem the contract found. */
function expectAccepted(schema: Parameters<typeof checkContract>[0], data: unknown) {
  const checked = checkContract(schema, data);
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

async function quickPlan(stores: string[]): Promise<StoreBenchPlan> {
  return {
    stores: await resolveStores(stores),
    namedStores: true,
    conformance: false,
    payloads: [200],
    timeMs: 10,
    warmupMs: 5,
    poolSize: 20,
    maxAgeMs: 3_600_000,
    out: '',
    services: { urls: {} },
  };
}

describe('the file contracts', () => {
  it('compare.json: what the gate writes, cells, verdicts and thresholds included', () => {
    const cell = { store: 'memory', scenario: 'read' };
    const report = buildReport({
      baseline: { file: 'baseline.json', results: makeResults(repeats(cell, 'p50', [5, 5.1, 4.9])) },
      current: makeResults([...repeats(cell, 'p50', [9, 9.5, 10]), ...repeats({ store: 'sqlite' }, 'rps', [900])]),
      thresholds: [parseThreshold('p99<50'), parseThreshold('nosuchstore:p99<1')],
      alpha: 0.05,
      maxRegressionPct: 10,
    });
    expect(report.cells.map((c) => c.status)).toEqual(expect.arrayContaining(['compared', 'missing-in-baseline']));
    expectAccepted(compareReportSchema, JSON.parse(JSON.stringify(report)));
  });

  it('store-bench.json: measured rows and not-measured rows', async () => {
    const file = await runMicroBench(await quickPlan(['memory', './test/fixtures/stores/drop-writes-store.mjs']));
    expect(file.results.length).toBeGreaterThan(0);
    expect(file.notMeasured.length).toBeGreaterThan(0);
    expectAccepted(storeBenchFileSchema, JSON.parse(JSON.stringify(file)));
  });

  it('conformance.json: a checked store and a not-applicable one', async () => {
    const timing = { shortMaxAgeMs: 200, graceMs: 500, pollMs: 25 };
    const file = await runConformanceSuite(await quickPlan(['memory', 'cookie']), { timing });
    expect(file.stores.map((s) => s.status)).toEqual(['checked', 'not-applicable']);
    expectAccepted(conformanceFileSchema, JSON.parse(JSON.stringify(file)));
  });

  it("the report tests' store-bench and conformance fixtures", () => {
    expectAccepted(storeBenchFileSchema, storeBenchFixture());
    expectAccepted(conformanceFileSchema, conformanceFixture());
  });
});
