// conformance.json as the report reads it: kind "conformance", schemaVersion 1, stores with their
// checks (pass | fail | unsupported). A malformed store entry or check is counted and left out.
import { z } from 'zod';
import { STORE_BENCH_SCHEMA_VERSION } from '../harness/contracts/store-bench.ts';
import {
  checkTopLevel,
  commonFields,
  keepValid,
  lenient,
  memoized,
  type EnvironmentView,
  type ExtraInput,
} from './extra-input.ts';
import type { Extra } from './load-extras.ts';

export const CHECK_STATUSES = ['pass', 'fail', 'unsupported'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

const checkSchema = z.object({
  name: z.string().min(1),
  level: lenient(z.string()),
  status: z.enum(CHECK_STATUSES),
  detail: z.string().catch(''),
});
export type CheckRow = z.infer<typeof checkSchema>;

const storeSchema = z.object({
  store: z.string().min(1),
  status: z.string().catch('checked'),
  reason: lenient(z.string()),
  checks: z.array(z.unknown()).catch([]),
});

export interface StoreChecks {
  store: string;
  /** checked, or skipped / failed / not-applicable with a reason. */
  status: string;
  reason?: string | undefined;
  checks: CheckRow[];
}

const settingsSchema = z.object({
  shortMaxAgeMs: lenient(z.number()),
  graceMs: lenient(z.number()),
  callTimeoutMs: lenient(z.number()),
});

export interface ConformanceView {
  createdAt?: string | undefined;
  partial: boolean;
  environment: EnvironmentView;
  settings: z.infer<typeof settingsSchema>;
  stores: StoreChecks[];
  /** Check names across all stores, in the order the suite ran them. */
  checkNames: string[];
}

function parseConformance(extra: Extra): ExtraInput<ConformanceView> {
  const top = checkTopLevel(extra, 'conformance', STORE_BENCH_SCHEMA_VERSION);
  if (top.status !== 'ok') return top;
  const { data } = top;
  if (!Array.isArray(data.stores)) return { status: 'ignored', file: top.file, reason: 'stores must be an array' };
  const entries = keepValid(data.stores, storeSchema);
  let dropped = entries.dropped;
  const seen = new Set<string>();
  const stores: StoreChecks[] = [];
  for (const entry of entries.kept) {
    // Two entries for one store would make two columns with one name.
    if (seen.has(entry.store)) {
      dropped++;
      continue;
    }
    seen.add(entry.store);
    const checks = keepValid(entry.checks, checkSchema);
    dropped += checks.dropped;
    stores.push({ store: entry.store, status: entry.status, reason: entry.reason, checks: checks.kept });
  }
  const settings = settingsSchema.safeParse(data.settings);
  return {
    status: 'ok',
    file: top.file,
    dropped,
    data: {
      ...commonFields(data),
      settings: settings.success ? settings.data : {},
      stores,
      checkNames: [...new Set(stores.flatMap((s) => s.checks.map((c) => c.name)))],
    },
  };
}

/** The validated conformance.json, or why it was ignored, or absent. */
export const conformanceInput = memoized(parseConformance);

/** The failing checks of a store (in suite order). */
export const failedChecks = (s: StoreChecks): CheckRow[] => s.checks.filter((c) => c.status === 'fail');
