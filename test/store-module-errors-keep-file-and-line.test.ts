// A store module that fails to load is named with the file and line where it broke (and the
// offending source line for a syntax error), so the user can fix it without a debugger.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBenchCli, tempDir } from './helpers/run-cli.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/stores/syntax-error-store.mjs');

async function load(store: string) {
  const out = path.join(await tempDir(), 'out');
  const res = await runBenchCli(['--store', store, '--out', out]);
  return { ...res, wrote: fs.existsSync(out) };
}

async function moduleFile(name: string, source: string): Promise<string> {
  const file = path.join(await tempDir(), name);
  fs.writeFileSync(file, source);
  return file;
}

describe.concurrent('a store module that cannot be loaded', () => {
  it('a syntax error in an ES module names the file, the line and the source line', async () => {
    const res = await load('./test/fixtures/stores/syntax-error-store.mjs');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      "cannot load store module ./test/fixtures/stores/syntax-error-store.mjs: SyntaxError: Unexpected token '}'",
    );
    expect(res.stderr).toContain(`(at ${FIXTURE}:6)`);
    expect(res.stderr).toMatch(/\n\s+\}\};\n\s+\^/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(res.wrote).toBe(false);
  });

  it('a syntax error in a TypeScript module names the file, line and column', async () => {
    const file = await moduleFile('broken-store.ts', 'const x: number = ;\nexport default x;\n');
    const res = await load(file);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`SyntaxError: .*\\(at ${file}:1:\\d+\\)`));
  });

  it('a syntax error in a module the store imports says the store file itself parses', async () => {
    const file = await moduleFile('imports-broken.mjs', `import ${JSON.stringify(FIXTURE)};\nexport default {};\n`);
    const res = await load(file);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`(in a module that ${file} imports; ${file} itself parses)`);
  });

  it('an error thrown by the module top level names the line that threw', async () => {
    const file = await moduleFile(
      'throws-store.mjs',
      '// line 1\nthrow new TypeError("no config");\nexport default {};\n',
    );
    const res = await load(file);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`TypeError: no config (at ${file}:2:7)`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
