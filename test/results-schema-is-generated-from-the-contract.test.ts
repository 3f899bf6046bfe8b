// results.schema.json is generated from the zod contract (`npm run schema`), never edited by hand:
// the committed file equals the generated one, and the JSON Schema and the contract agree on the
// committed results files (the report fixture, the gate's baseline).
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { resultsSchema } from '../harness/contracts/results.ts';
import { resultsJsonSchema } from '../harness/contracts/results-json-schema.ts';
import { ROOT } from './helpers/run-cli.ts';

const readJson = (...parts: string[]): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, ...parts), 'utf8'));
const committed = () => readJson('results.schema.json') as object;
// The schema's pattern checks createdAt; ajv alone does not know the date-time format and says so.
const compile = () => new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } }).compile(committed());

const RESULTS_FILES = [
  ['the report fixture', 'test/fixtures/results.json'],
  ["the gate's baseline", 'test/fixtures/gate/baseline.json'],
] as const;

describe('results.schema.json', () => {
  it('equals the schema generated from harness/contracts/results.ts (run `npm run schema` after a change)', () => {
    // Compared as data, not text: a formatter may lay the file out differently without changing it.
    expect(committed()).toEqual(resultsJsonSchema());
  });

  it.each(RESULTS_FILES)('accepts %s, as the zod contract does', (_what, file) => {
    const validate = compile();
    const data = readJson(file);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(resultsSchema.safeParse(data).error).toBeUndefined();
  });

  it('rejects a completed run without its latency, as the zod contract does', () => {
    const validate = compile();
    const data = readJson('test/fixtures/gate/baseline.json') as { runs: Record<string, unknown>[] };
    delete data.runs[0]!.latencyMs;
    expect(validate(data)).toBe(false);
    expect(resultsSchema.safeParse(data).success).toBe(false);
  });

  it('lets writers add fields: an unknown field anywhere is accepted', () => {
    const validate = compile();
    const data = readJson('test/fixtures/gate/baseline.json') as { extra?: number; runs: Record<string, unknown>[] };
    Object.assign(data, { extra: 1 });
    Object.assign(data.runs[0]!, { newMetric: { value: 2 } });
    expect(validate(data)).toBe(true);
    expect(resultsSchema.safeParse(data).success).toBe(true);
  });
});
