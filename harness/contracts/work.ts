// The work metrics of a run (results.json `work`): per action of the app (login, dashboard, cart,
// preferences, logout, home, …) and per whether the request carried the session cookie, the
// store calls by kind and the bytes that crossed the store and the wire, counted by the server
// (harness/server/count-store-ops.ts). These are counts, not timings: for a given scenario, seed
// and option set each request of a bucket does the same work, so the gate compares them exactly.
import { z } from 'zod';

const count = () => z.number().int().nonnegative();

/** The quantities counted per request, in the order the gate and the reports list them. */
export const WORK_QUANTITIES = [
  'get',
  'set',
  'touch',
  'destroy',
  'storeBytesWritten',
  'storeBytesRead',
  'sessionBytes',
  'setCookieBytes',
  'cookieBytes',
] as const;
export type WorkQuantity = (typeof WORK_QUANTITIES)[number];

const quantities = () =>
  z.object({
    get: z.number().nonnegative(),
    set: z.number().nonnegative(),
    touch: z.number().nonnegative(),
    destroy: z.number().nonnegative(),
    storeBytesWritten: z.number().nonnegative().describe('JSON bytes of the sessions handed to the store’s set.'),
    storeBytesRead: z.number().nonnegative().describe('JSON bytes of the sessions the store’s get answered with.'),
    sessionBytes: z
      .number()
      .nonnegative()
      .describe('JSON bytes of req.session when the response finished (what a save writes); 0 without one.'),
    setCookieBytes: z.number().nonnegative().describe('Bytes of the Set-Cookie header values of the response.'),
    cookieBytes: z.number().nonnegative().describe('Bytes of the Cookie header the request carried.'),
  });

export const workBucketSchema = z.object({
  action: z
    .string()
    .describe(
      'The route: home (GET /), login, dashboard, cart (POST /cart), cart-read (GET /cart), preferences, logout, other.',
    ),
  cookie: z
    .enum(['sent', 'none'])
    .describe('Whether the request carried the session cookie: the two do different work (a get or none).'),
  requests: count().describe('Requests of this bucket that finished in the measured phase.'),
  getMisses: count().describe('get calls that answered no session.'),
  totals: quantities().describe('Summed over the requests.'),
  perRequest: quantities().describe('totals / requests.'),
  sd: quantities().describe(
    'Standard deviation over the requests: 0 when each did the same work; above 0 where the work depends on ' +
      'the data (a preference set to the theme it already had is a touch, not a set; carts grow).',
  ),
});
export type WorkBucket = z.infer<typeof workBucketSchema>;

export const workSchema = z.object({ buckets: z.array(workBucketSchema) }).meta({
  id: 'work',
  description:
    'Work per action, counted by the server in the measured phase (exact, timing-free): store calls by kind, ' +
    'bytes to and from the store, serialized session bytes, Set-Cookie and Cookie bytes. Each request is ' +
    'counted whole when it finishes, including the save express-session makes after the headers are written.',
});
export type Work = z.infer<typeof workSchema>;

/** One figure per quantity, e.g. workQuantities(() => 0) for no work yet. */
export function workQuantities(f: (k: WorkQuantity) => number): Record<WorkQuantity, number> {
  return Object.fromEntries(WORK_QUANTITIES.map((k) => [k, f(k)])) as Record<WorkQuantity, number>;
}

/** "dashboard" or "home (no cookie)": a bucket for people. */
export function bucketLabel(b: Pick<WorkBucket, 'action' | 'cookie'>): string {
  return b.cookie === 'sent' ? b.action : `${b.action} (no cookie)`;
}
