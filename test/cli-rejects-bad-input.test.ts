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
  // Every number flag has an upper bound, and the message names it.
  [['--duration', '1e12'], /--duration 1e12: must be at most 86400 \(seconds\)/],
  [['--duration', 'Infinity'], /--duration Infinity: must be at most 86400/],
  [['--warmup', '3601'], /--warmup 3601: must be at most 3600 \(seconds\)/],
  [['--connections', '1e9'], /--connections 1e9: must be at most 10000/],
  [['--pipelining', '101'], /--pipelining 101: must be at most 100/],
  [['--repeat', '101'], /--repeat 101: must be at most 100/],
  [['--rate', '2e6'], /--rate 2e6: must be at most 1000000 \(requests per second\)/],
  [['--probe', '601'], /--probe 601: must be at most 600 \(seconds\)/],
  [['--settle', '3601'], /--settle 3601: must be at most 3600 \(seconds\)/],
  [['--seed', '1e20'], /--seed 1e20: must be at most 4294967295/],
  [['--seed', '1.5'], /--seed 1.5: must be a whole number/],
  [['--max-regression', '5000'], /--max-regression 5000: must be at most 1000 \(%\)/],
  [['--min-change-ms', '1e9'], /--min-change-ms 1e9: must be at most 60000 \(ms\)/],
  [['--max-error-rate', '2'], /--max-error-rate 2: must be at most 1 /],
  [['--max-error-rate', '-0.1'], /--max-error-rate -0.1: must be 0 or more/],
  [['--option', 'maxAge=1e300'], /--option maxAge=1e300: maxAge must be at most 2147483647 ms/],
  [
    ['--store', 'sqlite', '--option', 'pruneInterval=1e12'],
    /--option pruneInterval=1e12: pruneInterval must be at most 1000000000/,
  ],
  [['--scenario', ''], /--scenario needs at least one name. Valid scenarios: mixed, read, write/],
  [['--store', ''], /--store needs at least one name. Valid stores: memory/],
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
