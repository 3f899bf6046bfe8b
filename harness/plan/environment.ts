// Records how a result was obtained: Node, machine and the versions of the packages that matter.
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import type { Environment } from '../contracts/results.ts';

const PACKAGES = [
  'express',
  'express-session',
  'autocannon',
  'memorystore',
  'better-sqlite3',
  'cookie-session',
  'connect-redis',
  'redis',
  'ioredis',
  'connect-pg-simple',
  'pg',
  'connect-mongo',
  'mongodb',
  'testcontainers',
  'tinybench',
];

const require = createRequire(import.meta.url);

function versionOf(name: string): string | undefined {
  try {
    const pkgPath = require.resolve(`${name}/package.json`);
    return (JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined; // a package whose exports hide package.json: fall back to a directory walk
  }
}

function versionFromNodeModules(name: string): string | undefined {
  try {
    const file = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export function collectEnvironment(): Environment {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    const v = versionOf(name) ?? versionFromNodeModules(name);
    if (v) packages[name] = v;
  }
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemBytes: os.totalmem(),
    packages,
  };
}
