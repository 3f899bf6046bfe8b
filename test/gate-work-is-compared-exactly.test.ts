// The exact half of the gate (harness/gate/work-compare.ts) on fixed work: an extra write per
// request and a grown session are flagged, naming the action and the quantity, with one repeat a
// side; the same work passes; a data-dependent mix (preferences: set or touch) and a cookie whose
// URL-encoded signature moves by a few bytes stay within their stated tolerance.
import { describe, expect, it } from 'vitest';
import type { CompletedRun, Run } from '../harness/contracts/results.ts';
import type { WorkBucket } from '../harness/contracts/work.ts';
import { compareResults } from '../harness/gate/compare.ts';
import { buildReport } from '../harness/gate/report.ts';
import { compareWork } from '../harness/gate/work-compare.ts';
import { renderCompareText } from '../harness/shared/render-compare.ts';
import { makeResults, makeRun } from './fixtures/gate/make-results.ts';

type Q = WorkBucket['perRequest'];
const zero: Q = {
  get: 0,
  set: 0,
  touch: 0,
  destroy: 0,
  storeBytesWritten: 0,
  storeBytesRead: 0,
  sessionBytes: 0,
  setCookieBytes: 0,
  cookieBytes: 0,
};

/** A bucket whose every request did `each` (sd 0), or a mix given by its sd. */
function bucket(action: string, requests: number, each: Partial<Q>, sd: Partial<Q> = {}): WorkBucket {
  const perRequest = { ...zero, ...each };
  const totals = Object.fromEntries(Object.entries(perRequest).map(([k, v]) => [k, v * requests])) as Q;
  return { action, cookie: 'sent', requests, getMisses: 0, totals, perRequest, sd: { ...zero, ...sd } };
}

const dashboard = { get: 1, touch: 1, storeBytesRead: 560, sessionBytes: 560, cookieBytes: 86 };

function runWith(buckets: WorkBucket[], repeat = 1): Run {
  return { ...(makeRun({ repeat }) as CompletedRun), work: { buckets } };
}

const completed = (runs: Run[]) => runs as CompletedRun[];

describe('work per action against a baseline', () => {
  it('passes the same work and flags one extra set per request by action and quantity', () => {
    const base = [runWith([bucket('dashboard', 3000, dashboard)])];
    expect(
      compareWork(completed(base), completed([runWith([bucket('dashboard', 2800, dashboard)])])).every(
        (w) => w.verdict === 'same',
      ),
    ).toBe(true);
    const extra = { ...dashboard, set: 1, storeBytesWritten: 560 };
    const rows = compareWork(completed(base), completed([runWith([bucket('dashboard', 2900, extra)])]));
    const set = rows.find((w) => w.quantity === 'set')!;
    expect(set).toMatchObject({ label: 'dashboard', baseline: 0, current: 1, change: 1, verdict: 'more', fails: true });
    expect(rows.find((w) => w.quantity === 'get')!.verdict).toBe('same');
  });

  it('flags a session 1 KB larger in every byte count that carries it, and not in the calls', () => {
    const base = [
      runWith([
        bucket('cart', 500, { get: 1, set: 1, storeBytesWritten: 600, storeBytesRead: 580, sessionBytes: 600 }),
      ]),
    ];
    const grown = [
      runWith([
        bucket('cart', 500, { get: 1, set: 1, storeBytesWritten: 1624, storeBytesRead: 1604, sessionBytes: 1624 }),
      ]),
    ];
    const rows = compareWork(completed(base), completed(grown));
    expect(rows.filter((w) => w.fails).map((w) => w.quantity)).toEqual([
      'storeBytesWritten',
      'storeBytesRead',
      'sessionBytes',
    ]);
  });

  it('lets a data-dependent mix move within 5 standard errors, not by a whole call', () => {
    // preferences: half the requests set (a new theme), half touch (the same one): sd 0.5.
    const mix = (set: number, n: number) =>
      bucket('preferences', n, { get: 1, set, touch: 1 - set }, { set: 0.5, touch: 0.5 });
    const base = completed([runWith([mix(0.5, 230)])]);
    expect(compareWork(base, completed([runWith([mix(0.56, 240)])])).some((w) => w.fails)).toBe(false);
    expect(compareWork(base, completed([runWith([mix(1.5, 240)])])).find((w) => w.quantity === 'set')!.fails).toBe(
      true,
    );
  });

  it('allows a cookie a few bytes longer (URL-encoded signature) but not 17 B more', () => {
    const base = completed([runWith([bucket('dashboard', 3000, dashboard)])]);
    const longer = (b: number) =>
      completed([runWith([bucket('dashboard', 3000, { ...dashboard, cookieBytes: 86 + b })])]);
    expect(compareWork(base, longer(3)).some((w) => w.fails)).toBe(false);
    expect(compareWork(base, longer(17)).find((w) => w.quantity === 'cookieBytes')!.fails).toBe(true);
  });

  it('gates work with one repeat a side (timing untested, said so), and names action and quantity', () => {
    const base = makeResults([runWith([bucket('dashboard', 3000, dashboard)])]);
    const same = makeResults([runWith([bucket('dashboard', 3100, dashboard)])]);
    const opts = { alpha: 0.05, maxRegressionPct: 10 };
    const [cell] = compareResults(base, same, opts);
    expect(cell).toMatchObject({ status: 'compared', fails: false });
    expect(cell!.reason).toMatch(/timing .* not tested/);
    expect(cell!.metrics.every((m) => m.verdict === 'untested')).toBe(true);

    const extra = makeResults([runWith([bucket('dashboard', 3100, { ...dashboard, set: 1 })])]);
    const report = buildReport({
      current: extra,
      baseline: { file: 'b.json', results: base },
      thresholds: [],
      alpha: 0.05,
      maxRegressionPct: 10,
    });
    expect(report.failed).toBe(true);
    expect(report.regressions).toBe(1);
    expect(renderCompareText(report)).toMatch(
      /gate: FAIL: regression in memory · read · defaults \(more work: dashboard: set \+1\.00 calls\/request\)/,
    );
  });

  it('keeps the old rule for baselines without work: one repeat is not enough', () => {
    const [cell] = compareResults(makeResults([makeRun()]), makeResults([makeRun()]), {
      alpha: 0.05,
      maxRegressionPct: 10,
    });
    expect(cell).toMatchObject({ status: 'insufficient-repeats', fails: true });
  });
});
