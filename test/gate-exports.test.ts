// Exports match their formats: Bencher Metric Format (validated against the JSON Schema Bencher
// publishes for BMF) and github-action-benchmark's custom tools (its BenchmarkResult entry:
// name, unit, value, optional range and extra, all strings but value).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { cellKey } from '../harness/contracts/results.ts';
import { gabFiles, toBmf, toGab, writeExport } from '../harness/gate/exports.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';

// Transcribed from Bencher's "Bencher Metric Format (BMF) JSON Schema".
const bmfSchema = {
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
        },
      },
    },
  },
};

const gabSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      unit: { type: 'string' },
      value: { type: 'number' },
      range: { type: 'string' },
      extra: { type: 'string' },
    },
    required: ['name', 'unit', 'value'],
    additionalProperties: false,
  },
};

const runs = [
  makeRun({ repeat: 1, rps: 900, p50: 4, p99: 20 }),
  makeRun({ repeat: 2, rps: 1100, p50: 6, p99: 30 }),
  makeRun({ store: 'redis', status: 'skipped' }),
];
const results = makeResults(runs);
const key = cellKey(runs[0]!);

describe('bmf', () => {
  it('validates against the BMF schema, one benchmark per measured cell', () => {
    const bmf = toBmf(results);
    expect(new Ajv().validate(bmfSchema, bmf)).toBe(true);
    expect(Object.keys(bmf)).toEqual([key]);
  });

  it('uses the built-in measures: throughput in ops/s, latency in nanoseconds', () => {
    const bmf = toBmf(results)[key]!;
    expect(bmf.throughput).toEqual({ value: 1000, lower_value: 900, upper_value: 1100 });
    expect(bmf.latency).toEqual({ value: 5e6, lower_value: 4e6, upper_value: 6e6 });
    expect(bmf['latency-p99']).toEqual({ value: 25e6, lower_value: 20e6, upper_value: 30e6 });
  });
});

describe('gab', () => {
  it('gives a customBiggerIsBetter array (throughput) and a customSmallerIsBetter array (latency)', () => {
    const { bigger, smaller } = toGab(results);
    const ajv = new Ajv();
    expect(ajv.validate(gabSchema, bigger)).toBe(true);
    expect(ajv.validate(gabSchema, smaller)).toBe(true);
    expect(bigger).toEqual([
      { name: `${key} throughput`, unit: 'req/s', value: 1000, range: '± 141.421', extra: 'repeats: 2\nCV: 14.1%' },
    ]);
    expect(smaller.map((e) => [e.name, e.unit, e.value])).toEqual([
      [`${key} p50 latency`, 'ms', 5],
      [`${key} p99 latency`, 'ms', 25],
    ]);
  });

  it('writes the two files beside the name given', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-exports-'));
    try {
      const file = path.join(dir, 'sub', 'bench.json');
      const written = await writeExport(results, 'gab', file);
      expect(written).toEqual([gabFiles(file).bigger, gabFiles(file).smaller]);
      expect(written).toEqual([
        path.join(dir, 'sub', 'bench.bigger.json'),
        path.join(dir, 'sub', 'bench.smaller.json'),
      ]);
      const parsed = JSON.parse(await fs.readFile(written[0]!, 'utf8')) as unknown;
      expect(new Ajv().validate(gabSchema, parsed)).toBe(true);
      expect(await writeExport(results, 'bmf', path.join(dir, 'bmf.json'))).toEqual([path.join(dir, 'bmf.json')]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
