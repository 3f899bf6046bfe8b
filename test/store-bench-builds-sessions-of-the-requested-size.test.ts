// Session payloads are realistic (a Cookie as express-session makes it, a user, a cart) and their
// JSON is exactly the requested number of bytes.
import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { parsePayloads } from '../harness/store-bench/store-bench-args.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import { buildSession, jsonBytes, minPayloadBytes } from '../harness/store-bench/session-payload.ts';

const MAX_AGE = 3_600_000;

describe('session payloads', () => {
  it.each([minPayloadBytes(MAX_AGE), 200, 201, 333, 2_000, 20_000, 123_457])('%i bytes of JSON', (bytes) => {
    const before = Date.now();
    const sess = buildSession(bytes, MAX_AGE);
    const after = Date.now();
    expect(jsonBytes(sess)).toBe(bytes);
    const json = JSON.parse(JSON.stringify(sess)) as { cookie: Record<string, unknown> };
    expect(Object.keys(json.cookie).sort()).toEqual(['expires', 'httpOnly', 'originalMaxAge', 'path']);
    expect(json.cookie.originalMaxAge).toBe(MAX_AGE);
    // A live Cookie, as stores get it: it expires maxAge after it was made.
    expect(sess.cookie).toBeInstanceOf(session.Cookie);
    expect(sess.cookie.expires!.getTime() - MAX_AGE).toBeGreaterThanOrEqual(before);
    expect(sess.cookie.expires!.getTime() - MAX_AGE).toBeLessThanOrEqual(after);
  });

  it('larger sessions carry a cart, not just padding', () => {
    const sess = buildSession(20_000, MAX_AGE);
    expect((sess.cart as unknown[]).length).toBeGreaterThan(100);
    expect((sess.pad as string).length).toBeLessThan(100);
  });

  it('--payload values are checked against the smallest session and the limit', () => {
    expect(parsePayloads(['200', '2000', '200'], MAX_AGE)).toEqual([200, 2000]);
    for (const bad of ['100', 'abc', '2.5', '2000000', '-5']) {
      expect(() => parsePayloads([bad], MAX_AGE)).toThrow(UsageError);
      expect(() => parsePayloads([bad], MAX_AGE)).toThrow(
        new RegExp(`--payload ${bad}: .*from ${minPayloadBytes(MAX_AGE)} to 1000000`),
      );
    }
  });
});
