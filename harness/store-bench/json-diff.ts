// Compares what a store returned with what JSON would give back, and names the first difference
// ("user.profile.city: expected "Zürich", got undefined") for a check's detail.

/** What a session looks like after a JSON round trip (Dates become ISO strings). */
export const viaJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

function describe(v: unknown): string {
  if (v instanceof Date) return `a Date (${v.toISOString()})`;
  if (v === undefined) return 'undefined';
  return Array.isArray(v) ? 'an array' : JSON.stringify(v);
}

/**
 * The cookie may come back as express-session itself rebuilds it (expires as a Date or a
 * string): compare it by value, not by type.
 */
export function normalizeCookie(sess: unknown): unknown {
  if (typeof sess !== 'object' || sess === null || !('cookie' in sess)) return sess;
  const cookie = (sess as { cookie: unknown }).cookie;
  if (typeof cookie !== 'object' || cookie === null) return sess;
  const c = { ...(cookie as Record<string, unknown>) };
  if (c.expires instanceof Date) c.expires = c.expires.toISOString();
  return { ...sess, cookie: c };
}

/** The path and values of the first difference, or undefined when deep-equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  const here = path || '(root)';
  if (Object.is(expected, actual)) return undefined;
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return `${here}: expected ${describe(expected)}, got ${describe(actual)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual) || actual instanceof Date) {
    return `${here}: expected ${describe(expected)}, got ${describe(actual)}`;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    const diff = firstDifference(e[key], a[key], path ? `${path}.${key}` : key);
    if (diff) return diff;
  }
  return undefined;
}

/** Index of the candidate (already JSON-shaped) that `actual` equals, or -1. */
export function matchesOne(candidates: unknown[], actual: unknown): number {
  const a = normalizeCookie(actual);
  return candidates.findIndex((c) => firstDifference(c, a) === undefined);
}
