// One work comparison row of compare.json (schemaVersion 1): an action's work per request against
// the baseline, or variant against control in --ab. Shared by compare.ts and compare-ab.ts.
import { z } from 'zod';
import { WORK_QUANTITIES } from './work.ts';
import { documentedEnum } from './documented-enum.ts';

const WORK_VERDICTS = {
  more: 'more work per request than the baseline, beyond the tolerance (allowed): fails the gate',
  less: 'less work per request, beyond the tolerance',
  same: 'within the tolerance',
  'not-judged': 'the bucket is missing on a side or has fewer than 5 requests there: listed, does not fail',
} as const;

export const workComparisonSchema = z
  .object({
    action: z.string(),
    cookie: z.enum(['sent', 'none']),
    label: z.string().describe('"dashboard", or "home (no cookie)" for requests without the session cookie.'),
    quantity: z.enum(WORK_QUANTITIES),
    unit: z.string().describe('calls or B, per request.'),
    baseline: z.number().describe('Per request, pooled over the completed repeats (in --ab: the control variant).'),
    current: z.number(),
    change: z.number().describe('current − baseline, per request: the exact change.'),
    allowed: z
      .number()
      .nullable()
      .describe(
        'Largest increase that passes (gate/work-compare.ts: a floor plus 5 standard errors of a data-dependent mix); null if not judged.',
      ),
    requests: z.object({ baseline: z.number().int().nonnegative(), current: z.number().int().nonnegative() }),
    verdict: documentedEnum(WORK_VERDICTS),
    fails: z.boolean(),
  })
  .describe('Work of one action (contracts/work.ts), compared exactly: no repeats, no test.');
export type WorkComparison = z.infer<typeof workComparisonSchema>;
