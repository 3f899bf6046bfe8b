// "When the store fails": one row per fault run (store × settings), with what the fault cost in
// requests, waits, recovery and sessions, and one sentence in words; read by the HTML section and
// summary.md. Reads only results.json; nothing when no run carries `fault`.
import { describeOptions, type Run, type RunMetrics } from '../harness/contracts/results.ts';
import { fmtInt, plural } from '../harness/shared/format-number.ts';
import type { ReportContext } from './report-context.ts';

type Fault = NonNullable<RunMetrics['fault']>;

export interface FaultRow {
  id: string;
  store: string;
  /** The options that differ from the defaults, or "defaults". */
  options: string;
  status: Run['status'];
  fault: Fault;
  /** Timeline points, for the chart. */
  timeline: NonNullable<RunMetrics['timeline']> | undefined;
  storeRttMs?: number | undefined;
}

export function faultRows(ctx: ReportContext): FaultRow[] {
  const rows: FaultRow[] = [];
  for (const run of ctx.results.runs) {
    if (run.status === 'skipped' || !run.fault) continue;
    rows.push({
      id: run.id,
      store: run.store,
      options: describeOptions(run.options),
      status: run.status,
      fault: run.fault,
      timeline: run.timeline,
      storeRttMs: ctx.results.settings.storeRttMs,
    });
  }
  return rows;
}

const secs = (s: number) => `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
const wait = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : secs(ms / 1000));

/** "a 3 s freeze", "a restart", "3 s of +200 ms per round trip". */
export function faultName(f: Fault): string {
  const d = secs(f.planned.durationS);
  if (f.kind === 'restart') return 'a restart';
  if (f.kind === 'slow') return `${d} of +${f.slowMs ?? f.planned.slowMs} ms per round trip`;
  return `a ${d} ${f.kind}`;
}

function settingWords(options: string): string {
  if (options === 'defaults') return 'with default settings';
  return `with ${options.split(' ').join(', ')}`;
}

function failureWords(f: Fault): string {
  const parts: string[] = [];
  if (f.errors) parts.push(`failed ${plural(f.errors, 'request')}`);
  if (f.timeouts) parts.push(`timed out ${plural(f.timeouts, 'request')}`);
  if (f.hung) parts.push(`left ${plural(f.hung, 'request')} unanswered at the end`);
  const held = `held requests for up to ${wait(f.maxLatencyMs)}`;
  return parts.length ? `${parts.join(', ')} and ${held}` : `failed no request but ${held}`;
}

function recoveryWords(f: Fault): string {
  if (f.recoverySeconds === null) return 'throughput did not recover within the run';
  return f.recoverySeconds < 0.05
    ? 'served normally as soon as the store was back'
    : `served normally ${secs(f.recoverySeconds)} after the store was back`;
}

/** Sessions checked after the fault: those held when it began, less the ones whose fate is unknown. */
export const sessionsChecked = (f: Fault) => f.sessionsAtFault - (f.sessionsUnchecked ?? 0);

function sessionWords(f: Fault): string {
  if (f.sessionsAtFault === 0) return 'no user was logged in when it began';
  const lost = f.sessionsLostByFault;
  const checked = sessionsChecked(f);
  const untold = f.sessionsUnchecked ? `; ${fmtInt(f.sessionsUnchecked)} more were not used again, so not checked` : '';
  if (lost === 0) return `all ${fmtInt(checked)} sessions checked survived${untold}`;
  const all = lost >= checked ? `all ${fmtInt(checked)}` : `${fmtInt(lost)} of the ${fmtInt(checked)}`;
  return `${all} sessions checked were lost: those users were logged out${untold}`;
}

/** One sentence per row: "redis, with default settings: a 3 s freeze failed no request but held …". */
export function faultWords(r: FaultRow): string {
  const f = r.fault;
  const problem = f.problem ? ` (${f.problem})` : '';
  return `${r.store}, ${settingWords(r.options)}: ${faultName(f)} ${failureWords(f)}; ${recoveryWords(f)}; ${sessionWords(f)}${problem}.`;
}

export const FAULT_METHOD =
  'Requests overlapping the fault (sent before its recovery, ended after it began) are its cost; outside that window a run is judged as usual. ' +
  'Recovery: from the moment the store answered again to the first 1 s window in which ≥ 99 % of responses succeeded (a 401 for a session the store lost counts as answered) and successes per second were back to ≥ 90 % of the pre-fault median, after every request sent during the fault had ended. ' +
  'Sessions lost: users logged in when the fault began whose session was gone afterwards (a 401 on their next request, or a read-back after the load).';
