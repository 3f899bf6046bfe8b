// The store contract suite: runs every check on one store and returns one row per check (pass,
// fail or unsupported), never throwing. Checks live in basic-, optional- and expiry-checks.ts.
import type { Store } from 'express-session';
import { BASIC_CHECKS } from './basic-checks.ts';
import { asyncStore, type AsyncStore, type StoreMethod } from './call-store.ts';
import { EXPIRY_CHECKS } from './expiry-checks.ts';
import { OPTIONAL_CHECKS } from './optional-checks.ts';
import type { CheckLevel, CheckResult, CheckStatus, ConformanceSettings } from '../contracts/store-bench.ts';
import { sidSource } from './bench-ops.ts';
import { DEFAULTS } from '../plan/options.ts';
import { errorLine } from '../shared/error-message.ts';

export type ConformanceTiming = Omit<ConformanceSettings, 'maxAgeMs'>;

/** The suite's default timings (DEFAULTS.conformance); tests shorten them. */
export const CONFORMANCE_TIMING: ConformanceTiming = DEFAULTS.conformance;

export interface CheckContext {
  s: AsyncStore;
  /** A fresh session id, remembered so the runner can destroy it afterwards. */
  newSid(): string;
  maxAgeMs: number;
  timing: ConformanceTiming;
  signal?: AbortSignal;
}

export interface Verdict {
  status: CheckStatus;
  detail: string;
}

export interface Check {
  name: string;
  level: CheckLevel;
  /** The recommended or optional method the check is about: when missing, `unsupported`. */
  subject?: StoreMethod;
  /** Why a missing subject matters (added to the unsupported detail). */
  missingNote?: string;
  /** Whether the check calls get/set/destroy (false only for the check that looks for them). */
  needsCore?: boolean;
  /** Waits for an expiry: runs alongside the other timed checks, after the rest. */
  timed?: boolean;
  run(ctx: CheckContext): Promise<Verdict>;
}

export const CORE_METHODS = ['get', 'set', 'destroy'] as const;
export const ALL_CHECKS: Check[] = [...BASIC_CHECKS, ...EXPIRY_CHECKS, ...OPTIONAL_CHECKS];

async function runCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const row = (v: Verdict): CheckResult => ({ name: check.name, level: check.level, ...v });
  if (check.subject && !ctx.s.has(check.subject)) {
    return row({
      status: 'unsupported',
      detail: `the store has no ${check.subject}()${check.missingNote ? `: ${check.missingNote}` : ''}`,
    });
  }
  const missing = CORE_METHODS.filter((m) => !ctx.s.has(m));
  if (check.needsCore !== false && missing.length) {
    return row({ status: 'fail', detail: `cannot run: the store has no ${missing.join(', ')}` });
  }
  try {
    return row(await check.run(ctx));
  } catch (err) {
    return row({ status: 'fail', detail: errorLine(err) });
  }
}

async function cleanUp(s: AsyncStore, sids: string[]) {
  if (!s.has('destroy')) return;
  await Promise.allSettled(sids.map((sid) => s.destroy(sid)));
}

export interface ConformanceOptions {
  maxAgeMs: number;
  timing?: Partial<ConformanceTiming>;
  signal?: AbortSignal;
  checks?: Check[];
}

/** Runs the contract suite on one store; stops early (returning what finished) when aborted. */
export async function checkStore(store: Store, opts: ConformanceOptions): Promise<CheckResult[]> {
  const timing = { ...CONFORMANCE_TIMING, ...opts.timing };
  const s = asyncStore(store, timing.callTimeoutMs);
  const sids: string[] = [];
  const next = sidSource();
  const ctx: CheckContext = {
    s,
    newSid: () => {
      const sid = next();
      sids.push(sid);
      return sid;
    },
    maxAgeMs: opts.maxAgeMs,
    timing,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const checks = opts.checks ?? ALL_CHECKS;
  const results = new Map<Check, CheckResult>();
  try {
    for (const check of checks.filter((c) => !c.timed)) {
      if (opts.signal?.aborted) break;
      results.set(check, await runCheck(check, ctx));
    }
    const timed = checks.filter((c) => c.timed && !opts.signal?.aborted);
    const rows = await Promise.all(timed.map((c) => runCheck(c, ctx)));
    if (!opts.signal?.aborted) for (const [i, c] of timed.entries()) results.set(c, rows[i]!);
  } finally {
    await cleanUp(s, sids);
  }
  return checks.flatMap((c) => results.get(c) ?? []);
}
