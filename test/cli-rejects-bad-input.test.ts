// Every bad-input path exits 2 with a message naming the bad value, writes nothing, shows no stack.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchCli, tempDir } from './helpers/run-cli.ts';

const cases: [string[], RegExp][] = [
  [['--store', 'nosuchstore'], /unknown store "nosuchstore".*memory, memorystore, sqlite, cookie/],
  [['--store', './no/such/module.mjs'], /cannot load store module \.\/no\/such\/module\.mjs/],
  [['--scenario', 'nosuch'], /unknown scenario "nosuch".*mixed, read, write/],
  [['--duration', '-1'], /--duration -1: must be greater than 0/],
  [['--duration', '0'], /--duration 0: must be greater than 0/],
  [['--warmup', '-2'], /--warmup -2: must be 0 or more/],
  [['--connections', '1.5'], /--connections 1.5: must be a whole number/],
  [['--pipelining', 'x'], /--pipelining x: not a number/],
  [['--repeat', '0'], /--repeat 0/],
  [['--rate', '-5'], /--rate -5/],
  [['--option', 'nosuch=1'], /unknown option "nosuch".*resave, saveUninitialized, rolling, maxAge/],
  [['--option', 'resave=maybe'], /resave=maybe: resave takes true or false/],
  [['--option', 'maxAge=abc'], /maxAge=abc/],
  [['--option', 'resave'], /--option "resave" must look like key=value/],
  [['--no-such-flag'], /unknown option '--no-such-flag'/],
  [['--soak', '25h'], /--soak 25h: give a duration like 90s, 30m or 2h/],
  [['--soak', 'forever'], /--soak forever/],
  [['--settle', '-1'], /--settle -1: must be 0 or more/],
  [['--probe', 'x'], /--probe x: not a number/],
];

describe.concurrent('bad command-line input', () => {
  it.each(cases)('%j exits 2 and names the value', async (args, message) => {
    const out = path.join(await tempDir(), 'out');
    const res = await runBenchCli([...args, '--out', out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a module without the store shape is rejected with what is missing', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'bad-store.mjs');
    fs.writeFileSync(file, 'export default { name: "bad", extra: 1 };\n');
    const res = await runBenchCli(['--store', file, '--out', path.join(dir, 'out')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/create: must be a function/);
    expect(res.stderr).toMatch(/extra/);
  });

  it('two stores with one name are rejected: their results could not be told apart', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'twin.mjs');
    fs.writeFileSync(file, 'export default { name: "memory", create: ({ session }) => new session.MemoryStore() };\n');
    const res = await runBenchCli(['--store', `memory,${file}`, '--out', path.join(dir, 'out')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/its name "memory" is already used by memory/);
  });

  it('--list prints stores, scenarios and options', async () => {
    const res = await runBenchCli(['--list']);
    expect(res.code).toBe(0);
    for (const word of ['memorystore', 'sqlite', 'cookie', 'mixed', 'anonymous', 'saveUninitialized']) {
      expect(res.stdout).toContain(word);
    }
  });
});
