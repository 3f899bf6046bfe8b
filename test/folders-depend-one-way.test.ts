// The house's shape: folders import each other in one direction only (no cycle between
// scenarios/, stores/, reports/ and harness/'s subfolders), contracts import nothing else of the
// project, and every built-in store loads by its own name as the server process loads it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinStores } from '../stores/index.ts';
import { importStore } from '../stores/import-store.ts';
import { ROOT } from './helpers/run-cli.ts';

const SOURCE_ROOTS = ['harness', 'reports', 'scenarios', 'stores'];
const SPEC = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** harness/<sub> counts as a folder of its own; everything else by its top-level folder. */
function folderOf(file: string): string {
  const parts = file.split(path.sep);
  return parts[0] === 'harness' && parts.length > 2 ? `harness/${parts[1]}` : parts[0]!;
}

function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    for (const [, spec] of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(SPEC)) {
      const target = path.normalize(path.join(path.dirname(file), spec!));
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, `${file} → ${target}`);
    }
  }
  return graph;
}

function findCycle(graph: Map<string, Map<string, string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    if (state.get(node) === 'done') return undefined;
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the layout', () => {
  const graph = folderGraph();

  it('has no import cycle between folders', () => {
    const cycle = findCycle(graph);
    const why = cycle
      ?.slice(1)
      .map((to, i) => graph.get(cycle[i]!)!.get(to))
      .join('; ');
    expect(cycle, why).toBeUndefined();
  });

  it('contracts import nothing else of the project', () => {
    expect([...(graph.get('harness/contracts')?.values() ?? [])]).toEqual([]);
  });

  it('stores and reports import no running code of the harness', () => {
    for (const from of ['stores', 'reports', 'scenarios']) {
      const into = [...(graph.get(from)?.keys() ?? [])].filter((to) => to.startsWith('harness/'));
      expect(
        into.filter((to) => to !== 'harness/contracts' && to !== 'harness/shared'),
        from,
      ).toEqual([]);
    }
  });

  it('every built-in store loads by its own name, as the server process loads it', async () => {
    for (const [name, def] of Object.entries(builtinStores)) {
      expect(def.name).toBe(name);
      expect((await importStore(name)).name).toBe(name);
    }
  });
});
