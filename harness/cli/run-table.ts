// The compact end-of-run table (plain text for a terminal; reports/ makes the rich views). Its
// metric columns are the declared ones (TERMINAL_METRICS in shared/metrics.ts).
import { describeOptions, type Run } from '../contracts/results.ts';
import { fmtFixed } from '../shared/format-number.ts';
import { TERMINAL_METRICS, terminalValue } from '../shared/metrics.ts';
import { textTable } from '../shared/text-table.ts';

const LEADING = ['store', 'scenario', 'options', 'rep', 'status'];

function metricCells(r: Run): string[] {
  if (r.status === 'skipped') return TERMINAL_METRICS.map(() => '-');
  return TERMINAL_METRICS.map((m) => fmtFixed(terminalValue(m, r), m.terminal.digits));
}

function sessionsValid(r: Run): string {
  const c = r.status === 'skipped' ? undefined : r.correctness;
  if (!c) return '-';
  // A sample says of how many: never silently fewer.
  const of = c.sampled && c.candidates !== undefined ? ` (sample of ${c.candidates})` : '';
  return `${c.sessionsValid}/${c.sessionsChecked}${of}`;
}

export function formatTable(runs: Run[]): string {
  const header = [...LEADING, ...TERMINAL_METRICS.map((m) => m.terminal.heading), 'sessions valid'];
  const rows = runs.map((r) => [
    r.store,
    r.scenario,
    describeOptions(r.options),
    String(r.repeat),
    r.status,
    ...metricCells(r),
    sessionsValid(r),
  ]);
  // rep and every column after status hold numbers.
  const numeric = header.map((_, i) => i).filter((i) => i === 3 || i >= LEADING.length);
  const lines = textTable(header, rows, numeric);
  const notes = runs
    .filter((r) => r.status !== 'completed')
    .map((r) => `${r.status}: ${r.store} · ${r.scenario} · ${describeOptions(r.options)}: ${r.reason}`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
