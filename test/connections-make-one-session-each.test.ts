// N connections are N virtual users: N sessions in the store, not one per request.
import { describe, expect, it } from 'vitest';
import { runCell } from '../harness/cell/run-cell.ts';
import { sessionDefaults } from '../harness/plan/options.ts';
import { scenarios } from '../scenarios/index.ts';

const settings = { duration: 1.5, warmup: 0.5, connections: 6, pipelining: 1, repeat: 1, seed: 1 };

describe('one session per connection', () => {
  it.each(['memory', 'sqlite'])('%s: read with 6 connections leaves exactly 6 sessions', async (store) => {
    const run = await runCell(
      { id: 't', store, storeSpec: store, scenario: scenarios.read!, options: sessionDefaults(), repeat: 1 },
      { settings },
    );
    expect(run.status).toBe('completed');
    if (run.status !== 'completed') return;
    expect(run.requests.total).toBeGreaterThan(6 * 10);
    expect(run.storeSide?.sessions).toBe(6);
    expect(run.correctness).toMatchObject({ sessionsChecked: 6, sessionsValid: 6, lostWrites: 0 });
  });
});
