// Scenario files are valid data, and --option flags expand to the cross product per store.
import { describe, expect, it } from 'vitest';
import { planCells, type BenchPlan } from '../harness/plan/plan-cells.ts';
import { anonymousCount } from '../harness/load/driver.ts';
import { expandCells, parseOptionFlags, validateMatrix } from '../harness/plan/options.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import { scenarios } from '../scenarios/index.ts';
import { scenarioSchema } from '../scenarios/types.ts';
import { builtinStores } from '../stores/index.ts';

const memory = builtinStores.memory!;
const memorystore = builtinStores.memorystore!;

describe('scenarios', () => {
  it.each(Object.entries(scenarios))('%s is a valid, strict scenario', (name, s) => {
    expect(s.name).toBe(name);
    expect(() => scenarioSchema.parse(s)).not.toThrow();
  });

  it('rejects unknown keys in a scenario', () => {
    expect(() => scenarioSchema.parse({ ...scenarios.read, extra: true })).toThrow(/extra/);
  });

  it('spreads anonymous users: 1 in 8 of 16 connections is 2', () => {
    expect(anonymousCount(0.125, 16)).toBe(2);
    expect(anonymousCount(0.125, 4)).toBe(1);
    expect(anonymousCount(0, 16)).toBe(0);
    expect(anonymousCount(1, 5)).toBe(5);
  });
});

describe('option matrix', () => {
  it('expands to the cross product with defaults for the rest', () => {
    const m = validateMatrix(
      parseOptionFlags(['resave=true,false', 'saveUninitialized=true,false', 'rolling=true,false', 'maxAge=60000']),
      [memory],
    );
    const cells = expandCells(m, memory);
    expect(cells).toHaveLength(8);
    expect(new Set(cells.map((c) => JSON.stringify(c))).size).toBe(8);
    expect(cells.every((c) => c.maxAge === 60000)).toBe(true);
  });

  it('uses the secure defaults when no option is given', () => {
    expect(expandCells(new Map(), memory)).toEqual([
      { resave: false, saveUninitialized: false, rolling: false, maxAge: 3_600_000 },
    ]);
  });

  it('applies a store-specific option only to the stores that declare it', () => {
    const m = validateMatrix(parseOptionFlags(['checkPeriod=1000,2000']), [memory, memorystore]);
    expect(expandCells(m, memorystore)).toHaveLength(2);
    expect(expandCells(m, memory)).toHaveLength(1);
  });

  it('rejects an option no selected store declares', () => {
    expect(() => validateMatrix(parseOptionFlags(['checkPeriod=1000']), [memory])).toThrow(UsageError);
  });

  it('plans store × scenario × cell × repeat with stable ids', () => {
    const plan: BenchPlan = {
      stores: [
        { spec: 'memory', load: 'memory', def: memory },
        { spec: 'sqlite', load: 'sqlite', def: builtinStores.sqlite! },
      ],
      scenarios: [scenarios.read!, scenarios.write!],
      matrix: validateMatrix(parseOptionFlags(['resave=true,false']), [memory]),
      settings: { duration: 1, warmup: 0, connections: 1, pipelining: 1, repeat: 3, seed: 1 },
      services: { urls: {} },
    };
    const cells = planCells(plan);
    expect(cells).toHaveLength(2 * 2 * 2 * 3);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    expect(cells[0]!.id).toBe('memory|read|maxAge=3600000,resave=true,rolling=false,saveUninitialized=false#1');
  });
});
