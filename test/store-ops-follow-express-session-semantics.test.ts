// Store calls per request match what express-session's resave/saveUninitialized semantics imply.
import { describe, expect, it } from 'vitest';
import { runCell } from '../harness/cell/run-cell.ts';
import { sessionDefaults } from '../harness/plan/options.ts';
import type { CellOptions, CompletedRun } from '../harness/contracts/results.ts';
import { scenarios } from '../scenarios/index.ts';

const settings = { duration: 1, warmup: 0.5, connections: 4, pipelining: 1, repeat: 1, seed: 1 };

async function opsPerRequest(scenario: string, options: Partial<CellOptions>) {
  const run = await runCell(
    {
      id: 't',
      store: 'memory',
      storeSpec: 'memory',
      scenario: scenarios[scenario]!,
      options: { ...sessionDefaults(), ...options } as CellOptions,
      repeat: 1,
    },
    { settings },
  );
  expect(run.status).toBe('completed');
  const { storeOps, requests } = run as CompletedRun;
  expect(requests.total).toBeGreaterThan(20);
  // Per request the server itself handled in the measured phase.
  const served = storeOps.served!;
  return { get: storeOps.get / served, set: storeOps.set / served, touch: storeOps.touch / served };
}

const near = (v: number, want: number) => expect(Math.abs(v - want)).toBeLessThan(0.05);

describe('store operations per request', () => {
  it('read, resave=false: one get and one touch per request, no set', async () => {
    const o = await opsPerRequest('read', { resave: false });
    near(o.get, 1);
    near(o.touch, 1);
    near(o.set, 0);
  });

  it('read, resave=true: one get and one set per request, no touch', async () => {
    const o = await opsPerRequest('read', { resave: true });
    near(o.get, 1);
    near(o.set, 1);
    near(o.touch, 0);
  });

  it('anonymous, saveUninitialized=false: the store is never called', async () => {
    const o = await opsPerRequest('anonymous', { saveUninitialized: false });
    near(o.get + o.set + o.touch, 0);
  });

  it('anonymous, saveUninitialized=true: one set per visit (a new session each time)', async () => {
    const o = await opsPerRequest('anonymous', { saveUninitialized: true });
    near(o.set, 1);
    near(o.get, 0);
  });
});
