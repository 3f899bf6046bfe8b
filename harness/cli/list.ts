// `--list`: what can be benchmarked here.
import { SESSION_OPTIONS } from '../plan/options.ts';
import { scenarios } from '../../scenarios/index.ts';
import { builtinStores } from '../../stores/index.ts';

export function formatList(): string {
  const lines = ['Stores (or a path to a store module, e.g. ./my-store.mjs):'];
  for (const s of Object.values(builtinStores)) {
    const opts = Object.entries(s.options ?? {})
      .map(([k, t]) => `${k}:${t}`)
      .join(', ');
    lines.push(
      `  ${s.name.padEnd(14)} ${s.description ?? ''}${s.service ? ` [needs ${s.service}]` : ''}${opts ? ` (options: ${opts})` : ''}`,
    );
  }
  lines.push('', 'Scenarios:');
  for (const s of Object.values(scenarios)) {
    const weights = Object.entries(s.weights)
      .map(([k, w]) => `${k} ${w}`)
      .join(', ');
    lines.push(`  ${s.name.padEnd(14)} ${s.description}`);
    lines.push(
      `  ${''.padEnd(14)} weights: ${weights || 'none'}; anonymous share ${s.anonymousShare}${s.abandonAfter ? `; abandon after ${s.abandonAfter}` : ''}`,
    );
  }
  lines.push('', 'Options (--option key=v1,v2; cells are the cross product):');
  for (const [k, o] of Object.entries(SESSION_OPTIONS))
    lines.push(`  ${k.padEnd(18)} ${o.type.padEnd(8)} default ${String(o.default).padEnd(8)} ${o.help}`);
  lines.push('  plus the store-specific options listed with each store.');
  return lines.join('\n');
}
