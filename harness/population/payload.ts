// What a logged-in session holds besides the app's own fields: by default a payload shaped like a
// real one (passport's user object, a CSRF secret, a flash message), or a sample of the team's own
// session object (--payload FILE.json), optionally padded to a size (--payload-bytes N). Used by the
// server for logins and the preload, and by the command line to check the file before anything runs.
import fs from 'node:fs';
import { UsageError } from '../shared/usage-error.ts';

/** A session larger than this is a bug in the app, not a workload: the file and the padding stop here. */
export const MAX_PAYLOAD_BYTES = 1_048_576;

/** The fields the app reads back to verify a session: a sample never replaces them. */
export const APP_FIELDS = ['cookie', 'userId', 'name', 'cart', 'cartAdds', 'theme'] as const;

export interface PayloadConfig {
  /** The team's own session object (from --payload), used for every user instead of the default. */
  sample?: Record<string, unknown> | undefined;
  /** Pad every session with a `pad` string so its JSON is this many bytes (--payload-bytes). */
  padToBytes?: number | undefined;
}

/** The default: as passport (serializeUser with the whole user), csurf and connect-flash leave it. */
export function defaultPayload(userId: string): Record<string, unknown> {
  return {
    passport: {
      user: {
        id: userId,
        username: userId,
        displayName: `User ${userId}`,
        email: `${userId}@example.com`,
        roles: ['customer'],
        provider: 'local',
      },
    },
    csrfSecret: `csrf-${userId}-Zk3q9XvT1bLmN8pR4sWy`,
    flash: { info: ['Signed in successfully.'] },
    returnTo: '/account/orders',
  };
}

export function payloadFor(config: PayloadConfig, userId: string): Record<string, unknown> {
  if (!config.sample) return defaultPayload(userId);
  const copy: Record<string, unknown> = { ...config.sample };
  for (const k of APP_FIELDS) delete copy[k];
  return copy;
}

/**
 * Adds `pad` so the session's JSON is `bytes` long. A session already that long or longer is left
 * as it is (its real size is recorded).
 */
export function padSession(session: Record<string, unknown>, bytes: number | undefined): void {
  if (!bytes) return;
  delete session.pad;
  const size = Buffer.byteLength(JSON.stringify(session)) + ',"pad":""'.length;
  if (size < bytes) session.pad = 'x'.repeat(bytes - size);
}

/** Reads --payload FILE.json: a JSON object of at most MAX_PAYLOAD_BYTES. */
export function readPayloadFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_PAYLOAD_BYTES)
      throw new UsageError(`--payload ${file}: ${size} bytes, more than the limit of ${MAX_PAYLOAD_BYTES} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--payload ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--payload ${file}: not JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`--payload ${file}: must hold a JSON object (a sample session), not ${describe(value)}`);
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
