// The compact end-of-run table (plain text for a terminal; reports/ makes the rich views).
import { describeOptions, type Run } from '../contracts/results.ts';

const n = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));

export function formatTable(runs: Run[]): string {
  const header = ['store', 'scenario', 'options', 'rep', 'status', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'cookie B', 'sessions valid'];
  const rows = runs.map((r) => {
    if (r.status === 'skipped') return [r.store, r.scenario, describeOptions(r.options), String(r.repeat), 'skipped', '-', '-', '-', '-', '-', '-'];
    const errors = r.requests ? r.requests.errors + r.requests.timeouts + r.requests.non2xx : undefined;
    const c = r.correctness;
    return [
      r.store, r.scenario, describeOptions(r.options), String(r.repeat), r.status,
      n(r.throughput?.rps, 0), n(r.latencyMs?.p50, 2), n(r.latencyMs?.p99, 2),
      errors === undefined ? '-' : String(errors), n(r.cookie?.meanBytes, 0),
      c ? `${c.sessionsValid}/${c.sessionsChecked}` : '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([3, 5, 6, 7, 8, 9, 10]);
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const lines = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
  const notes = runs.filter((r) => r.status !== 'completed').map((r) => `${r.status}: ${r.store} · ${r.scenario} · ${describeOptions(r.options)}: ${r.reason}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
