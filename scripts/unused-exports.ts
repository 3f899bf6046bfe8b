// `npm run lint` part: every export of the source folders is imported somewhere else (source or
// tests). knip and ts-prune need the TypeScript compiler API, which the native TypeScript 7 this
// project pins does not ship, so this reads imports as text: `export` declarations and
// `export { a, b }` lists on one side, named, default and namespace imports on the other.
// An export also used in its own file (a type in an exported signature) is fine, as knip's
// ignoreExportsUsedInFile. Entry points (scripts run by npm, store modules the server loads by
// name) are exempt.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = ['harness', 'reports', 'scenarios', 'stores'];
const ALL = [...SOURCE, 'test', 'scripts'];
/** Loaded by path or by name at run time, not through an import the scan can see; the contracts
 *  are the file formats' public types, for other tools as much as for this one. */
const ENTRY = [
  /^harness\/contracts\//,
  /^harness\/cli\//,
  /^reports\/cli\.ts$/,
  /^stores\/(?!index|types|load-store|import-store|mask-url|session-data)[^/]+\.ts$/,
  /^scenarios\/(?!index|types)[^/]+\.ts$/,
  /^harness\/server\/main\.ts$/,
];

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(rel);
    return /\.(ts|mjs)$/.test(e.name) ? [rel] : [];
  });
}

const DECLARED =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function\*?|class|interface|type|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm;
const LISTED = /^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm;

function exportsOf(text: string): string[] {
  const names = [...text.matchAll(DECLARED)].map((m) => m[1]!);
  for (const m of text.matchAll(LISTED)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** Every identifier that appears inside an import or re-export clause, anywhere. */
function importedNames(texts: string[]): Set<string> {
  const used = new Set<string>();
  const clause = /(?:import|export)\s+(?:type\s+)?([^;]*?)\s+from\s+['"][^'"]+['"]/gs;
  const dynamic = /\(\s*await\s+import\([^)]*\)\s*\)\.(\w+)|import\([^)]*\)\.then\(\s*\(?\s*(?:\{([^}]*)\}|(\w+))/g;
  for (const text of texts) {
    for (const m of text.matchAll(clause)) for (const id of m[1]!.matchAll(/[A-Za-z_$][\w$]*/g)) used.add(id[0]);
    for (const m of text.matchAll(dynamic))
      for (const id of (m[1] ?? m[2] ?? '').matchAll(/[A-Za-z_$][\w$]*/g)) used.add(id[0]);
    // `const { a, b } = await import('…')` and `(await import('…')) as { a?: … }` destructuring
    for (const m of text.matchAll(/\{([^{}]*)\}\s*=\s*(?:await\s+)?import\(/g))
      for (const id of m[1]!.matchAll(/[A-Za-z_$][\w$]*/g)) used.add(id[0]);
    for (const m of text.matchAll(/import\([^)]*\)\)\s*as\s*\{([^}]*)\}/g))
      for (const id of m[1]!.matchAll(/([A-Za-z_$][\w$]*)\??:/g)) used.add(id[1]!);
  }
  return used;
}

const sources = SOURCE.flatMap(files).filter((f) => !ENTRY.some((re) => re.test(f)));
const texts = new Map(ALL.flatMap(files).map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
const used = importedNames([...texts.values()]);
/** Used in its own file beyond its declaration (a type in an exported signature, a constant): knip's ignoreExportsUsedInFile. */
const usedInFile = (text: string, name: string) =>
  (text.match(new RegExp(`(?<![\\w$])(?<!(?:^|[^.])\\.)${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g')) ?? []).length >
  1;
const unused = sources.flatMap((f) => {
  const text = texts.get(f)!;
  return exportsOf(text)
    .filter((name) => !used.has(name) && !usedInFile(text, name))
    .map((name) => `${f}: ${name}`);
});
if (unused.length) {
  process.stderr.write(
    `unused exports (remove them, or the export keyword):\n${unused.map((u) => `  ${u}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(`unused exports: none in ${sources.length} files\n`);
