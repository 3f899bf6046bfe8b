// Provides the servers that container stores declare (redis, postgres, mongo): a container started
// with Testcontainers, or the user's own server from a URL. One service per kind per invocation.
import type { ServiceInfo, ServiceKind } from '../stores/types.ts';

export interface ServiceOptions {
  /** User-supplied URLs by kind (from --redis-url etc. or REDIS_URL, DATABASE_URL, MONGO_URL). */
  urls: Partial<Record<ServiceKind, string>>;
}

export interface ServiceHandle {
  info: ServiceInfo;
  mode: 'container' | 'url';
  /** Where it runs, safe to print: no password. */
  endpoint: string;
  /** Image tag when started as a container. */
  image?: string;
  /** Remove every session so the next cell starts empty. */
  clear(): Promise<void>;
  /** Store-side size of the session data (issue: memory growth). */
  stats?(): Promise<{ sessions?: number; bytes?: number }>;
  stop(): Promise<void>;
}

export type ServiceOutcome = { ok: true; handle: ServiceHandle } | { ok: false; reason: string };

export async function acquireService(kind: ServiceKind, _opts: ServiceOptions): Promise<ServiceOutcome> {
  return { ok: false, reason: `the ${kind} service is not available yet` };
}

/** Stops every service this process started (end of run, failure, Ctrl-C). */
export async function stopAllServices(): Promise<void> {}
