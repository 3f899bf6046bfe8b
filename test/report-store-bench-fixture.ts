// Fixed store-bench.json and conformance.json contents for the report tests, typed with the
// producer's own types so a change to the file shapes shows up here. One store is named like markup.
import type { BenchOp, ConformanceFile, StoreBenchFile } from '../harness/contracts/store-bench.ts';
import { BENCH_OPS } from '../harness/contracts/store-bench.ts';
import type { Extras } from '../reports/load-extras.ts';

export const MARKUP_STORE = '<img src=x onerror=alert(1)>';
export const STORES = ['memory', 'sqlite', MARKUP_STORE];
export const PAYLOADS = [200, 20_000];

const ENVIRONMENT = {
  node: 'v20.20.2',
  platform: 'linux x64',
  cpus: 2,
  cpuModel: 'Test CPU',
  totalMemBytes: 8 * 2 ** 30,
  packages: { tinybench: '6.2.5' },
};

function row(store: string, op: BenchOp, payloadBytes: number, s: number, o: number) {
  // Deterministic numbers spanning orders of magnitude, as real ones do.
  const opsPerSec = 200_000 / (s + 1) / (1 + o / 2) / (payloadBytes / 200) ** 0.5;
  const mean = 1000 / opsPerSec;
  return {
    store,
    op,
    payloadBytes,
    opsPerSec,
    latencyMs: { mean, p50: mean * 0.9, p99: mean * 3 },
    samples: 1000 + o,
    rmePct: 1.5,
  };
}

export function storeBenchFixture(): StoreBenchFile {
  return {
    schemaVersion: 1,
    kind: 'store-bench',
    createdAt: '2026-11-01T10:00:00.000Z',
    environment: ENVIRONMENT,
    settings: {
      payloads: PAYLOADS,
      timeMs: 300,
      warmupMs: 100,
      poolSize: 500,
      maxAgeMs: 3_600_000,
      method: 'tinybench, one operation in flight',
    },
    results: STORES.flatMap((store, s) =>
      PAYLOADS.flatMap((bytes) => BENCH_OPS.map((op, o) => row(store, op, bytes, s, o))),
    ),
    notMeasured: [
      { store: 'sqlite', op: 'touch', payloadBytes: 20_000, status: 'failed', reason: 'touch timed out' },
      { store: 'redis', status: 'skipped', reason: 'no container runtime' },
    ],
  };
}

export const FAIL_DETAIL = 'still returned 2000 ms after expiry <script>alert(2)</script> | kept';

function statusOf(name: string, fail: string | null, unsupported: string[]): 'fail' | 'unsupported' | 'pass' {
  if (name === fail) return 'fail';
  return unsupported.includes(name) ? 'unsupported' : 'pass';
}

export function conformanceFixture(): ConformanceFile {
  const checks = (fail: string | null, unsupported: string[] = []) =>
    [
      'required: get, set and destroy are functions',
      'expiry: a session whose cookie maxAge has passed is not returned',
      'optional ids(): lists session ids',
    ].map((name) => ({
      name,
      level: name.startsWith('optional') ? ('optional' as const) : ('required' as const),
      status: statusOf(name, fail, unsupported),
      detail: name === fail ? FAIL_DETAIL : `detail of ${name}`,
    }));
  return {
    schemaVersion: 1,
    kind: 'conformance',
    createdAt: '2026-11-01T11:00:00.000Z',
    environment: ENVIRONMENT,
    settings: { shortMaxAgeMs: 1000, graceMs: 2000, pollMs: 50, callTimeoutMs: 5000, maxAgeMs: 3_600_000 },
    stores: [
      { store: 'memory', status: 'checked', checks: checks(null, ['optional ids(): lists session ids']) },
      {
        store: MARKUP_STORE,
        status: 'checked',
        checks: checks('expiry: a session whose cookie maxAge has passed is not returned'),
      },
      { store: 'cookie', status: 'not-applicable', reason: 'a client-side cookie: no Store', checks: [] },
    ],
  };
}

/** Extras as loadExtras returns them: parsed, unvalidated. */
export function extrasOf(
  storeBench: unknown = storeBenchFixture(),
  conformance: unknown = conformanceFixture(),
): Extras {
  return {
    storeBench: { file: 'store-bench.json', ok: true, data: storeBench },
    conformance: { file: 'conformance.json', ok: true, data: conformance },
  };
}
