// Container images for the services, pinned in this one place. Precedence for each kind: the
// SESSION_BENCH_IMAGE_<KIND> override, then the locally built offline image (npm run images:offline)
// when it exists, then the official image.
import type { ContainerServiceKind as ServiceKind } from '../../stores/types.ts';

/** Official images, pinned to a minor release line. */
export const DEFAULT_IMAGES: Record<ServiceKind, string> = {
  redis: 'redis:7.4',
  postgres: 'postgres:16',
  mongo: 'mongo:7.0',
};

/** Images built from Debian packages by scripts/images-offline.sh (none for MongoDB: Debian has none). */
export const OFFLINE_IMAGES: Partial<Record<ServiceKind, string>> = {
  redis: 'session-bench/redis:offline',
  postgres: 'session-bench/postgres:offline',
};

export const IMAGE_ENV: Record<ServiceKind, string> = {
  redis: 'SESSION_BENCH_IMAGE_REDIS',
  postgres: 'SESSION_BENCH_IMAGE_POSTGRES',
  mongo: 'SESSION_BENCH_IMAGE_MONGO',
};

export interface ImageChoice {
  image: string;
  source: 'override' | 'offline' | 'default';
}

/** Picks the image for a kind; `existsLocally` asks the container engine. */
export async function chooseImage(
  kind: ServiceKind,
  existsLocally: (image: string) => Promise<boolean>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImageChoice> {
  const override = env[IMAGE_ENV[kind]]?.trim();
  if (override) return { image: override, source: 'override' };
  const offline = OFFLINE_IMAGES[kind];
  if (offline && (await existsLocally(offline))) return { image: offline, source: 'offline' };
  return { image: DEFAULT_IMAGES[kind], source: 'default' };
}
