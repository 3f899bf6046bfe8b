// The store-fault flags of `npm run bench`: --fault KIND:DURATION@AT and --store-rtt MS, and the
// checks that need the stores: a fault acts on a server the harness runs in a container, so an
// embedded store (nothing to stop) or a --*-url server (not ours to stop) is a usage error, as is
// persistence= on a server that is not ours to configure.
import type { Command } from 'commander';
import { FAULT_KINDS, type FaultKind } from '../contracts/fault.ts';
import type { OptionValue, Settings } from '../contracts/results.ts';
import type { ServiceKind, StoreDefinition } from '../../stores/types.ts';
import { UsageError } from '../shared/usage-error.ts';

export const PERSISTENCE = ['none', 'aof'] as const;
const LIMITS = { atS: 3_600, durationS: 3_600, slowMs: 60_000, rttMs: 10_000 } as const;
const FORM =
  'give KIND:DURATION@AT with KIND stop, freeze, restart or slow:+MS (e.g. stop:3s@4s, freeze:500ms@2s, restart@4s, slow:+200:3s@4s)';

type Fault = NonNullable<Settings['fault']>;
type Opts = Record<string, string | string[] | boolean | undefined>;

export function addFaultFlags(cmd: Command): Command {
  return cmd
    .option(
      '--fault <spec>',
      'a store fault during the measured phase: stop|freeze|restart|slow:+MS as KIND:DURATION@AT (e.g. stop:3s@4s)',
    )
    .option('--store-rtt <ms>', 'round-trip time added between the app and its store (a delaying TCP proxy)');
}

/** "3s", "500ms", "1.5" (seconds) → seconds. */
function seconds(raw: string, what: string, spec: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!m) throw new UsageError(`--fault ${spec}: ${what} "${raw}" is not a time like 3s or 500ms; ${FORM}`);
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** `stop:3s@4s` → { kind: 'stop', durationS: 3, atS: 4 }; the measured phase must hold it. */
export function parseFault(spec: string, durationS: number): Fault {
  const m = /^(stop|freeze|restart|slow:\+?([^:@]+))(?::([^@]*))?@(.+)$/.exec(spec.trim());
  const kind = m?.[1]?.split(':')[0] as FaultKind | undefined;
  if (!m || !kind || !(FAULT_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--fault ${spec}: unknown form; ${FORM}`);
  const atS = seconds(m[4]!, 'AT', spec);
  const length = m[3] === undefined || m[3] === '' ? undefined : seconds(m[3], 'DURATION', spec);
  if (kind !== 'restart' && !(length! > 0))
    throw new UsageError(`--fault ${spec}: ${kind} needs a DURATION greater than 0; ${FORM}`);
  if (kind === 'restart' && length !== undefined && length !== 0)
    throw new UsageError(`--fault ${spec}: restart stops and starts at once and takes no DURATION (give restart@AT)`);
  const fault: Fault = { kind, atS, durationS: length ?? 0 };
  if (kind === 'slow') {
    const ms = Number(m[2]);
    if (!(ms > 0) || ms > LIMITS.slowMs)
      throw new UsageError(`--fault ${spec}: slow:+MS needs MS greater than 0 and at most ${LIMITS.slowMs}`);
    fault.slowMs = ms;
  }
  // A pre-fault second to measure normal throughput against, and the fault inside the measured phase.
  if (atS < 1 || atS > LIMITS.atS)
    throw new UsageError(`--fault ${spec}: AT must be at least 1s (the throughput before the fault is the baseline)`);
  if (fault.durationS > LIMITS.durationS)
    throw new UsageError(`--fault ${spec}: DURATION must be at most ${LIMITS.durationS}s`);
  if (atS + fault.durationS >= durationS)
    throw new UsageError(
      `--fault ${spec}: the fault must end inside the measured phase (AT + DURATION = ${atS + fault.durationS}s, --duration ${durationS}s); leave time after it to see the recovery`,
    );
  return fault;
}

export function parseStoreRtt(o: Opts): number | undefined {
  if (o.storeRtt === undefined) return undefined;
  const raw = String(o.storeRtt);
  const ms = Number(raw);
  if (raw.trim() === '' || !(ms >= 0) || ms > LIMITS.rttMs)
    throw new UsageError(`--store-rtt ${raw}: give the added round-trip time in ms, 0 to ${LIMITS.rttMs}`);
  return ms;
}

export interface FaultChecks {
  stores: StoreDefinition[];
  urls: Partial<Record<ServiceKind, string>>;
  matrix: Map<string, OptionValue[]>;
  scenarioModes: (string | undefined)[];
  sweeping: boolean;
}

/** The fault and --store-rtt against the stores and services they would act on. */
export function parseFaultFlags(
  o: Opts,
  durationS: number,
  checks: FaultChecks,
): Pick<Settings, 'fault' | 'storeRttMs'> {
  const out: Pick<Settings, 'fault' | 'storeRttMs'> = {};
  checkPersistence(checks);
  const rtt = parseStoreRtt(o);
  if (rtt !== undefined) {
    for (const s of checks.stores)
      if (!s.service)
        throw new UsageError(
          `--store-rtt: ${s.name} is embedded in the app process: there is no network between the app and it to slow (choose stores with a server: redis, redis-ioredis, postgres, mongo)`,
        );
    out.storeRttMs = rtt;
  }
  if (o.fault === undefined) return out;
  const fault = parseFault(String(o.fault), durationS);
  for (const s of checks.stores) {
    if (!s.service)
      throw new UsageError(
        `--fault ${String(o.fault)}: ${s.name} is embedded in the app process, there is no server to stop, freeze or slow (choose stores with a server: redis, redis-ioredis, postgres, mongo)`,
      );
    if (checks.urls[s.service])
      throw new UsageError(
        `--fault ${String(o.fault)}: the ${s.service} server of ${s.name} is your own (--${s.service}-url or its environment variable); session-bench stops, freezes or slows only the containers it starts`,
      );
  }
  const mode = checks.scenarioModes.find((m) => m === 'concurrent' || m === 'logout-race');
  if (mode)
    throw new UsageError(
      `--fault: scenario ${mode} measures lost writes, not a fault; use a weighted scenario (mixed, read, write, …)`,
    );
  if (checks.sweeping)
    throw new UsageError('--fault with --sweep: a fault run is one measured phase; give --rate or neither');
  out.fault = fault;
  return out;
}

function checkPersistence({ matrix, urls }: FaultChecks) {
  const values = matrix.get('persistence');
  if (!values) return;
  for (const v of values)
    if (!(PERSISTENCE as readonly OptionValue[]).includes(v))
      throw new UsageError(`--option persistence=${String(v)}: persistence takes ${PERSISTENCE.join(' or ')}`);
  if (urls.redis)
    throw new UsageError(
      '--option persistence: your own Redis server (--redis-url) keeps its own persistence settings; session-bench sets persistence only on the container it starts',
    );
}
