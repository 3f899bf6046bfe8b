// Every bad-input path exits 2 with a message naming the bad value, writes nothing, shows no stack.
// The table of bad values goes through the parser in this process (a UsageError is what the CLI
// turns into exit 2; spawning the CLI per value cost ~0.6 s each); a sample of them, and the paths
// that need the CLI's own handling, are run as `npm run bench` would.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../harness/plan/bench-args.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
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
  // The population flags.
  [['--sessions', '-1'], /--sessions -1: give whole numbers from 0 to 10000000.*"-1" is not one/],
  [['--sessions', '1000,x'], /--sessions 1000,x: give whole numbers.*"x" is not one/],
  [['--sessions', '2e7'], /--sessions 2e7: give whole numbers from 0 to 10000000/],
  [['--users', '0'], /--users 0: must be at least 1/],
  [['--users', '3'], /--users 3: must be at least --connections \(16\)/],
  [['--access', 'zipf:x'], /--access zipf:x: give uniform or zipf:S/],
  [['--think-time', '-5'], /--think-time -5: must be 0 or more/],
  [['--payload-bytes', '2000000'], /--payload-bytes 2000000: must be at most 1048576 \(bytes\)/],
  [['--payload', './no/such.json'], /--payload \.\/no\/such\.json: cannot read it \(ENOENT\)/],
  [['--verify-sample', '-1'], /--verify-sample -1: must be 0 or more/],
  // The open model.
  [['--rate', '0'], /--rate 0: must be greater than 0/],
  [['--rate', 'abc'], /--rate abc: not a number/],
  [['--slo', 'p42:x'], /--slo p42:x: unknown percentile "p42"; give MS or PERCENTILE:MS/],
  [['--slo', 'p99:x'], /--slo p99:x: "x" is not a latency in ms/],
  [['--sweep', '--rate', '100'], /--sweep with --rate 100: a sweep chooses its own rates/],
  [['--sweep', '0,1'], /--sweep 0,1: give up to 20 fractions.*"0" is not one/],
  [['--arrivals', 'burst', '--rate', '10'], /--arrivals burst: unknown arrival process. Valid: uniform, poisson/],
  [['--arrivals', 'poisson'], /--arrivals poisson shapes the open model: give --rate or --sweep/],
  // The scale-out flags.
  [['--instances', '0'], /--instances 0: give whole numbers from 1 to 64.*"0" is not one/],
  [['--instances', '65'], /--instances 65: give whole numbers from 1 to 64.*"65" is not one/],
  [['--balance', 'nosuch'], /--balance nosuch: "nosuch" is not a balancing mode. Valid: round-robin, sticky/],
  // The concurrency flags.
  [['--parallel', '0'], /--parallel 0: must be at least 1/],
  [['--parallel', '17'], /--parallel 17: must be at most 16/],
  [['--work-ms', '-5'], /--work-ms -5: must be 0 or more/],
  [['--scenario', ''], /--scenario needs at least one name. Valid scenarios: mixed, read, write/],
  [['--store', ''], /--store needs at least one name. Valid stores: memory/],
];

describe.concurrent('bad command-line input', () => {
  it.each([
    ['not JSON', '{"user": ', /--payload .*bad\.json: not JSON/],
    ['an array', '[1, 2]', /--payload .*bad\.json: must hold a JSON object \(a sample session\), not an array/],
    [
      'too large',
      JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      /--payload .*bad\.json: \d+ bytes, more than the limit of 1048576 bytes/,
    ],
  ])('a payload file that is %s exits 2 and names it', async (_what, text, message) => {
    const dir = await tempDir();
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, text);
    const out = path.join(dir, 'out');
    const res = await runBenchCli(['--payload', file, '--out', out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each(cases)('%j is a usage error that names the value', async (args, message) => {
    const out = path.join(await tempDir(), 'out');
    const err = await parseArgs([...args, '--out', out]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  // One of each kind through the CLI: commander's own error, a number bound, a store that does not
  // load, an option value, a population flag, the open model's, the scale-out's.
  const sample = [
    '--store nosuchstore',
    '--store ./no/such/module.mjs',
    '--duration -1',
    '--option nosuch=1',
    '--no-such-flag',
    '--access zipf:x',
    '--sweep --rate 100',
    '--instances 65',
  ];
  const throughCli = cases.filter(([args]) => sample.includes(args.join(' ')));
  expect(throughCli).toHaveLength(sample.length);
  it.each(throughCli)('%j exits 2 through the CLI, names the value, shows no stack', async (args, message) => {
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
