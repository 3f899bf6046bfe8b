// The data of the report's "Instances" section: per store × scenario × options, the run on one
// instance and the runs on N behind nginx (round-robin, sticky), whether the sessions survived the
// balancer, throughput scaling, and the cross-instance check; plus the key spread of a Redis
// Cluster (storeSide.keysPerMaster). Reads results only; shared by the HTML and Markdown parts.
import { cellKey, describeOptions, type Run } from '../harness/contracts/results.ts';
import { fmtInt, fmtPercent, fmtRps } from '../harness/shared/format-number.ts';
import type { ReportContext } from './report-context.ts';

const INSTANCE_KEYS = ['instances', 'balance'];

export interface InstancesRow {
  store: string;
  scenario: string;
  /** The cell's other options, in words ("defaults"). */
  options: string;
  instances: number;
  /** undefined for one instance (no balancer). */
  balance: string | undefined;
  status: Run['status'];
  rps: number | undefined;
  efficiency: number | undefined;
  valid: number | undefined;
  checked: number | undefined;
  /** The measured cross-instance check (undefined for one instance or when it did not run). */
  shared: boolean | undefined;
  /** Each instance's share of the requests served. */
  shares: number[];
  reason: string | undefined;
}

export interface KeySpread {
  store: string;
  scenario: string;
  options: string;
  masters: [string, number][];
}

const withoutInstances = (run: Run) =>
  Object.fromEntries(Object.entries(run.options).filter(([k]) => !INSTANCE_KEYS.includes(k)));

function rowOf(run: Run): InstancesRow {
  const measured = run.status === 'skipped' ? undefined : run;
  const inst = measured?.instances;
  return {
    store: run.store,
    scenario: run.scenario,
    options: describeOptions(withoutInstances(run)),
    instances: Number(run.options.instances ?? 1),
    balance: run.options.balance === undefined ? undefined : String(run.options.balance),
    status: run.status,
    rps: measured?.throughput?.rps,
    efficiency: measured?.scaling?.efficiency,
    valid: measured?.correctness?.sessionsValid,
    checked: measured?.correctness?.sessionsChecked,
    shared: inst?.sharedSessions,
    shares: inst?.perInstance.map((p) => p.share) ?? [],
    reason: run.status === 'completed' ? undefined : run.reason,
  };
}

/** Every run of a cell that also ran on several instances, one instance first. */
export function instancesRows(ctx: Pick<ReportContext, 'results'>): InstancesRow[] {
  const runs = ctx.results.runs;
  const scaled = new Set(
    runs
      .filter((r) => Number(r.options.instances ?? 1) > 1)
      .map((r) => cellKey({ ...r, options: withoutInstances(r) })),
  );
  return runs
    .filter((r) => scaled.has(cellKey({ ...r, options: withoutInstances(r) })))
    .map(rowOf)
    .sort(
      (a, b) =>
        a.store.localeCompare(b.store) ||
        a.scenario.localeCompare(b.scenario) ||
        a.options.localeCompare(b.options) ||
        a.instances - b.instances ||
        (a.balance ?? '').localeCompare(b.balance ?? ''),
    );
}

export function keySpreads(ctx: Pick<ReportContext, 'results'>): KeySpread[] {
  return ctx.results.runs.flatMap((r) => {
    const keys = r.status === 'skipped' ? undefined : r.storeSide?.keysPerMaster;
    if (!keys) return [];
    return [
      { store: r.store, scenario: r.scenario, options: describeOptions(r.options), masters: Object.entries(keys) },
    ];
  });
}

/** "did the sessions survive the balancer", in words. */
export function survivedWords(r: InstancesRow): string {
  if (r.instances === 1) return 'no balancer';
  if (r.status === 'skipped') return 'not run';
  const lost = r.valid !== undefined && r.checked !== undefined && r.valid < r.checked;
  if (r.status === 'completed' && !lost) return 'yes';
  if (r.shared === false && r.balance !== 'sticky') return 'no: sessions stayed on the instance that created them';
  return lost ? 'no' : 'run failed';
}

export const sharesText = (shares: readonly number[]) =>
  shares.length ? shares.map((s) => fmtPercent(s, 0)).join(' / ') : '—';

export const spreadText = (s: KeySpread) => {
  const total = s.masters.reduce((a, [, n]) => a + n, 0);
  return s.masters
    .map(([node, n]) => `${node}: ${fmtInt(n)}${total > 0 ? ` (${fmtPercent(n / total, 0)})` : ''}`)
    .join(' · ');
};

export const rpsText = (rps: number | undefined) => (rps === undefined ? '—' : fmtRps(rps));
export const efficiencyText = (e: number | undefined) => (e === undefined ? '—' : fmtPercent(e, 0));

/** What the efficiency figure means on this machine. */
export function contentionNote(ctx: Pick<ReportContext, 'results'>): string {
  const cores = ctx.results.environment.cpus;
  return (
    `Efficiency is req/s on N instances ÷ (N × req/s on one instance without a balancer). On this ${cores}-core machine ` +
    'the instances, nginx and the load generator share the same cores, so the figure measures contention for them and ' +
    "nginx's extra hop, not what N machines would give. Shares: each instance's part of the requests served. Shared " +
    '(measured): a login on instance 1, made directly, was readable on instance 2. Sticky: nginx sets a route cookie ' +
    `(${'sbroute'}) on the first answer and sends the requests that carry it to the same instance.`
  );
}

/** traits.shared as measured: per store, whether a login on one instance was readable on another. */
export function measuredSharing(results: Pick<ReportContext, 'results'>['results']): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const r of results.runs) {
    const shared = r.status === 'skipped' ? undefined : r.instances?.sharedSessions;
    if (shared !== undefined) out.set(r.store, (out.get(r.store) ?? true) && shared);
  }
  return out;
}
