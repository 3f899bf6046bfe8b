// Every embedded store completes the default `mixed` scenario with every session verified, and the
// results.json it writes validates against the published schema.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletedRun, Results } from '../harness/contracts/results.ts';
import { QUICK, ROOT, readJson, runBenchCli, tempDir, type CliResult } from './helpers/run-cli.ts';

const STORES = ['memory', 'memorystore', 'sqlite', 'cookie'];
let out: string;
let res: CliResult;
let results: Results;

beforeAll(async () => {
  out = path.join(await tempDir(), 'out');
  res = await runBenchCli([
    '--store',
    STORES.join(','),
    '--scenario',
    'mixed',
    ...QUICK,
    '--sessions',
    '10000',
    '--probe',
    '0.5',
    '--out',
    out,
  ]);
  results = await readJson<Results>(path.join(out, 'results.json'));
});

describe('embedded stores, mixed scenario', () => {
  it('exits 0 and prints the table', () => {
    expect(res.stderr).not.toMatch(/failed:/);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/store\s+scenario\s+options/);
  });

  it.each(STORES)('%s completes with every session valid', (store) => {
    const run = results.runs.find((r) => r.store === store) as CompletedRun;
    expect(run.status).toBe('completed');
    expect(run.throughput.rps).toBeGreaterThan(0);
    expect(run.latencyMs.p99).toBeGreaterThan(0);
    expect(run.cookie.meanBytes).toBeGreaterThan(0);
    expect(run.correctness.sessionsChecked).toBeGreaterThan(0);
    expect(run.correctness.sessionsValid).toBe(run.correctness.sessionsChecked);
    expect(run.requests.non2xx).toBe(0);
  });

  it('cookie-session carries the session in the cookie: larger than a session id', () => {
    const size = (s: string) => (results.runs.find((r) => r.store === s) as CompletedRun).cookie.maxBytes;
    expect(size('cookie')).toBeGreaterThan(size('memory'));
  });

  it('records how the numbers were obtained', () => {
    expect(results.environment.packages['express-session']).toBe('1.19.0');
    expect(results.settings).toMatchObject({ duration: 2, warmup: 0.5, connections: 8, pipelining: 1 });
    expect(results.scenarios?.mixed?.weights.dashboard).toBeGreaterThan(0);
  });

  it('validates against results.schema.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'results.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema rejects a run that drops a documented field', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'results.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    const broken = structuredClone(results) as unknown as { runs: Record<string, unknown>[] };
    delete broken.runs[0]!.latencyMs;
    expect(validate(broken)).toBe(false);
  });
});
