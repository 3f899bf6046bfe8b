// Every result records how it was obtained: the service a store used (container or URL, where,
// which server version) and the image it ran from, in the results' environment.
import type { Environment } from '../contracts/results.ts';
import type { ServiceHandle } from './index.ts';

export function recordService(env: Environment, handle: ServiceHandle): void {
  env.services = {
    ...env.services,
    [handle.info.kind]: { mode: handle.mode, endpoint: handle.endpoint, version: handle.version },
  };
  if (handle.image) env.images = { ...env.images, [handle.info.kind]: handle.image };
}
