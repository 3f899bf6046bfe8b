// All findings of a results file: who wins where, per-scenario findings, what each option
// combination cost, which stores were not measured and why, and what these runs cannot tell.
// Shared by "Choosing a store" and summary.md.
import { code, em, finding, type Finding } from './finding.ts';
import { fmtPct, fmtRatio, fmtRps } from '../harness/shared/format-number.ts';
import { notCompletedReasons, type RankedCell, type ScenarioRanking } from './rank-scenarios.ts';
import { eligible, scenarioFindings, tied } from './scenario-findings.ts';
import { traitFindings } from './declared-traits.ts';
import type { Results } from '../harness/contracts/results.ts';

const OPS = ['get', 'set', 'touch', 'destroy'] as const;

function winners(rankings: readonly ScenarioRanking[]): Finding[] {
  if (rankings.length < 2) return [];
  const wins = new Map<string, string[]>();
  for (const r of rankings) {
    const top = eligible(r.ranked)[0];
    if (top) wins.set(top.store, [...(wins.get(top.store) ?? []), r.scenario]);
  }
  return [...wins]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([store, scenarios]) =>
      finding(
        'good',
        'winner',
        undefined,
        em(store),
        ` was fastest in ${scenarios.length} of ${rankings.length} scenarios (${scenarios.join(', ')}).`,
      ),
    );
}

/** The store operations whose rate per request changed between two cells. */
function opShift(a: RankedCell, b: RankedCell): string {
  const changed = OPS.filter((op) => fmtRatio(a.stats.ops[op]) !== fmtRatio(b.stats.ops[op]));
  return (
    changed.map((op) => `, ${op} ${fmtRatio(a.stats.ops[op])} → ${fmtRatio(b.stats.ops[op])}`).join('') +
    (changed.length ? ' per request' : '')
  );
}

/** Per scenario and store, the fastest against the slowest option combination. */
function optionEffects(r: ScenarioRanking): Finding[] {
  const byStore = new Map<string, RankedCell[]>();
  for (const c of eligible(r.ranked)) if (c.optionLabel) byStore.set(c.store, [...(byStore.get(c.store) ?? []), c]);
  const out: Finding[] = [];
  for (const [store, cells] of byStore) {
    const best = cells[0]; // ranked cells are sorted by req/s
    const worst = cells[cells.length - 1];
    if (!best || !worst || best === worst) continue;
    const change = `${fmtPct(worst.stats.rps.median / best.stats.rps.median - 1)}${tied(best, worst) ? ', within the spread of repeats' : ''}`;
    out.push(
      finding(
        'info',
        'options',
        r.scenario,
        `Options for `,
        em(store),
        ` in ${r.scenario}: `,
        code(best.optionLabel),
        ` ${fmtRps(best.stats.rps.median)} → `,
        code(worst.optionLabel),
        ` ${fmtRps(worst.stats.rps.median)} (${change}${opShift(best, worst)}).`,
      ),
    );
  }
  return out;
}

/** Stores with no completed run in a cell, folded across scenarios and options. */
function notMeasured(rankings: readonly ScenarioRanking[]): Finding[] {
  const groups = new Map<
    string,
    { store: string; status: string; reason: string; runs: number; scenarios: Set<string> }
  >();
  for (const r of rankings) {
    for (const c of r.unranked) {
      for (const p of notCompletedReasons(c.notCompleted)) {
        const key = JSON.stringify([c.store, p.status, p.reason]);
        const g = groups.get(key) ?? {
          store: c.store,
          status: p.status,
          reason: p.reason,
          runs: 0,
          scenarios: new Set<string>(),
        };
        g.runs += p.count;
        g.scenarios.add(r.scenario);
        groups.set(key, g);
      }
    }
  }
  return [...groups.values()].map((g) =>
    finding(
      'warn',
      'not-ranked',
      undefined,
      em(g.store),
      ` was not ranked (${g.runs} ${g.runs === 1 ? 'run' : 'runs'} ${g.status} in ${[...g.scenarios].join(', ')}): ${g.reason}`,
    ),
  );
}

/** What this file cannot tell, said once so nobody reads it into the numbers. */
function limits(): Finding[] {
  return [
    finding(
      'info',
      'not-measured',
      undefined,
      'Not measured by these runs: whether sessions survive a server restart, and whether they are shared across processes or machines.',
    ),
  ];
}

export function keyFindings(rankings: readonly ScenarioRanking[], results?: Results): Finding[] {
  const stores = [...new Set(rankings.flatMap((r) => r.ranked.map((c) => c.store)))];
  return [
    ...winners(rankings),
    ...notMeasured(rankings),
    ...rankings.flatMap((r) => [...scenarioFindings(r), ...optionEffects(r)]),
    ...(results ? traitFindings(results, stores) : []),
    ...limits(),
  ];
}
