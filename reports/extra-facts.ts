// One line on how an extra input (store-bench.json, conformance.json) was obtained: when, on which
// Node and machine, with which measuring package. Shared by the HTML sections and summary.md.
import type { EnvironmentView } from './extra-input.ts';

export function extraFacts(
  file: { createdAt?: string | undefined; environment: EnvironmentView },
  pkg?: string,
): string {
  const env = file.environment;
  const machine = env.cpuModel ? `${env.cpuModel}${env.cpus ? ` × ${env.cpus}` : ''}` : undefined;
  const version = pkg ? env.packages?.[pkg] : undefined;
  const parts = [
    file.createdAt ? `created ${file.createdAt}` : 'creation time not recorded',
    env.node ? `Node ${env.node}` : undefined,
    machine,
    env.platform,
    version ? `${pkg} ${version}` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}
