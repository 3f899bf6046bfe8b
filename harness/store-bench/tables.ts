// Plain-text tables for the terminal: micro-bench numbers per store, op and payload, and the
// conformance matrix (checks × stores) with the details of every failure.
import type { ConformanceFile, StoreBenchFile } from '../contracts/store-bench.ts';
import { fmtInt, fmtUs } from '../shared/format-number.ts';
import { textTable } from '../shared/text-table.ts';

const us = (ms: number) => fmtUs(ms * 1000);

export function formatBenchTable(file: StoreBenchFile): string {
  const header = ['store', 'payload B', 'op', 'ops/s', 'mean µs', 'p50 µs', 'p99 µs', '±%', 'samples'];
  const rows = file.results.map((r) => [
    r.store,
    String(r.payloadBytes),
    r.op,
    fmtInt(r.opsPerSec),
    us(r.latencyMs.mean),
    us(r.latencyMs.p50),
    us(r.latencyMs.p99),
    r.rmePct.toFixed(1),
    String(r.samples),
  ]);
  const lines = rows.length ? textTable(header, rows, [1, 3, 4, 5, 6, 7, 8]) : ['no results'];
  const notes = file.notMeasured.map(
    (n) =>
      `${n.status}: ${[n.store, n.op, n.payloadBytes === undefined ? undefined : `${n.payloadBytes} B`].filter(Boolean).join(' · ')}: ${n.reason}`,
  );
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

const MARK = { pass: 'pass', fail: 'FAIL', unsupported: 'unsupported' } as const;

export function formatConformanceTable(file: ConformanceFile): string {
  const checked = file.stores.filter((s) => s.status === 'checked');
  const names = [...new Set(checked.flatMap((s) => s.checks.map((c) => c.name)))];
  const rows = names.map((name) => [
    name,
    ...checked.map((s) => {
      const c = s.checks.find((x) => x.name === name);
      return c ? MARK[c.status] : '-';
    }),
  ]);
  const lines = checked.length ? textTable(['check', ...checked.map((s) => s.store)], rows) : ['no store was checked'];
  const notes = [
    ...file.stores.flatMap((s) => (s.status === 'checked' ? [] : [`${s.status}: ${s.store}: ${s.reason}`])),
    ...checked.flatMap((s) =>
      s.checks.filter((c) => c.status === 'fail').map((c) => `FAIL ${s.store} · ${c.name}: ${c.detail}`),
    ),
  ];
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
