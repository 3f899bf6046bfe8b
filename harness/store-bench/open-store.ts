// Creates one store in this process, the way the bench server does (def.create(ctx)), with its
// service when it declares one. Outcomes are data: ready (with close()), skipped (service not
// available), not-applicable (a client-side store with no Store), or failed (create threw).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import session from 'express-session';
import type { ServiceHandle, ServiceOptions, ServiceOutcome } from '../services/index.ts';
import type { ServiceKind, StoreDefinition, StoreInstance } from '../../stores/types.ts';
import { errorLine } from '../shared/error-message.ts';

export type OpenedStore =
  | {
      status: 'ready';
      name: string;
      store: session.Store;
      service?: ServiceHandle;
      close(): Promise<string | undefined>;
    }
  | { status: 'skipped' | 'not-applicable' | 'failed'; name: string; reason: string };

export interface OpenOptions {
  services: ServiceOptions;
  maxAgeMs: number;
  /** Services acquired so far in this run, by kind: one per kind, shared by its stores. */
  cache: Map<ServiceKind, Promise<ServiceOutcome>>;
}

const CLOSE_TIMEOUT_MS = 5_000;

async function service(def: StoreDefinition, opts: OpenOptions): Promise<ServiceOutcome | undefined> {
  if (!def.service) return undefined;
  if (!opts.cache.has(def.service)) {
    // Loaded on demand: Testcontainers takes seconds to import, and embedded stores never need it.
    const { acquireService } = await import('../services/index.ts');
    opts.cache.set(def.service, acquireService(def.service, opts.services));
  }
  const outcome = await opts.cache.get(def.service)!;
  // Each store starts empty, as each bench cell does.
  if (outcome.ok) await outcome.handle.clear();
  return outcome;
}

function asInstance(created: session.Store | StoreInstance): StoreInstance {
  const isStore = typeof (created as { get?: unknown }).get === 'function';
  return isStore ? { store: created as session.Store } : (created as StoreInstance);
}

/** Runs a close step; resolves with a warning instead of throwing or hanging. */
async function settle(step: () => unknown, what: string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${what} did not finish within ${CLOSE_TIMEOUT_MS} ms`), CLOSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(step)
        .then(() => undefined),
      timeout,
    ]);
  } catch (err) {
    return `${what} failed: ${errorLine(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

export async function openStore(def: StoreDefinition, opts: OpenOptions): Promise<OpenedStore> {
  const name = def.name;
  let outcome: ServiceOutcome | undefined;
  try {
    outcome = await service(def, opts);
  } catch (err) {
    return { status: 'skipped', name, reason: `the ${def.service} service could not be prepared: ${errorLine(err)}` };
  }
  if (outcome && !outcome.ok) return { status: 'skipped', name, reason: outcome.reason };
  const handle = outcome?.ok ? outcome.handle : undefined;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'session-bench-store-'));
  const removeDir = () => fs.rm(dataDir, { recursive: true, force: true });
  let instance: StoreInstance;
  try {
    instance = asInstance(
      await def.create({
        session,
        options: {},
        maxAgeMs: opts.maxAgeMs,
        ...(handle ? { service: handle.info } : {}),
        dataDir,
        secret: randomBytes(24).toString('hex'),
      }),
    );
  } catch (err) {
    await removeDir();
    return { status: 'failed', name, reason: `create() failed: ${errorLine(err)}` };
  }
  const close = async () => {
    const warning = instance.close ? await settle(() => instance.close!(), `closing ${name}`) : undefined;
    await removeDir();
    return warning;
  };
  if (!instance.store) {
    await close();
    const reason = instance.middleware
      ? 'keeps the session in a client-side cookie (a middleware, no express-session Store): nothing to measure'
      : 'create() returned neither a Store nor { store }';
    return { status: instance.middleware ? 'not-applicable' : 'failed', name, reason };
  }
  return { status: 'ready', name, store: instance.store, ...(handle ? { service: handle } : {}), close };
}
