// One line on how an extra input (store-bench.json, conformance.json) was obtained: when, on which
// Node and machine, with which measuring package. Shared by the HTML sections and summary.md.
import type { EnvironmentView } from './extra-input.ts';

export function extraFacts(file: { createdAt?: string | undefined; environment: EnvironmentView }, pkg?: string): string {
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

/** Microseconds with precision that suits their size (store calls take from 2 µs to many ms). */
export function fmtUs(us: number): string {
  if (us >= 100) return Math.round(us).toLocaleString('en-US');
  return us >= 10 ? us.toFixed(1) : us.toFixed(2);
}
