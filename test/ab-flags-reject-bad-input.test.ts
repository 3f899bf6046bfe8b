// --ab's bad input is a usage error (exit 2) that names the value, before anything runs: fewer than
// two variants, a horizon of 0 or not a number, two labels alike, its flags without --ab. Labels
// make two modules with one store name two variants.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../harness/plan/bench-args.ts';
import { UsageError } from '../harness/shared/usage-error.ts';

const PLAIN = 'test/fixtures/stores/ab/plain.mjs';
const SLOW = 'test/fixtures/stores/ab/slow-get.mjs';

async function usageError(argv: string[]): Promise<string> {
  try {
    await parseArgs([...argv, '--out', '/tmp/sb-ab-flags-never']);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('--ab flags', () => {
  it('refuses fewer than two variants, naming the one it got and how to give two', async () => {
    expect(await usageError(['--ab', '--store', 'memory'])).toMatch(
      /--ab needs at least two variants, got one: --store memory/,
    );
  });

  it('refuses --horizon 0 and --horizon abc, naming the value', async () => {
    const ab = ['--ab', '--store', `a=${PLAIN},b=${SLOW}`];
    expect(await usageError([...ab, '--horizon', '0'])).toBe('--horizon 0: must be greater than 0');
    expect(await usageError([...ab, '--horizon', 'abc'])).toBe('--horizon abc: not a number');
  });

  it('refuses two labels alike, and two modules with one name without labels', async () => {
    expect(await usageError(['--ab', '--store', `a=${PLAIN},a=${SLOW}`])).toMatch(
      /the label "a" is already used by a=/,
    );
    expect(await usageError(['--ab', '--store', `${PLAIN},${SLOW}`])).toMatch(/its name "ab-store" is already used/);
  });

  it('refuses its flags without --ab, --repeat with it, and --ab with --baseline', async () => {
    expect(await usageError(['--store', 'memory', '--horizon', '5'])).toMatch(/--horizon belongs to --ab/);
    expect(await usageError(['--ab', '--store', 'memory', '--option', 'resave=false,true', '--repeat', '3'])).toMatch(
      /--repeat has no meaning with --ab/,
    );
    expect(
      await usageError([
        '--ab',
        '--store',
        'memory',
        '--option',
        'resave=false,true',
        '--baseline',
        'test/fixtures/gate/baseline.json',
      ]),
    ).toMatch(/choose one/);
  });

  it('takes labelled modules of one store name as two variants, control first; or one option’s values', async () => {
    const cli = await parseArgs([
      '--ab',
      '--store',
      `main=${PLAIN},pr=${SLOW}`,
      '--horizon',
      '3',
      '--out',
      '/tmp/sb-ab-flags-ok',
    ]);
    expect(cli.ab).toMatchObject({ axis: 'store', variants: ['main', 'pr'], horizonPct: 3, failUnresolved: false });
    expect(cli.plan.stores.map((s) => s.def.name)).toEqual(['main', 'pr']);
    const opt = await parseArgs([
      '--ab',
      '--store',
      'memory',
      '--option',
      'resave=false,true',
      '--out',
      '/tmp/sb-ab-flags-ok',
    ]);
    expect(opt.ab).toMatchObject({ axis: 'option', optionKey: 'resave', variants: ['resave=false', 'resave=true'] });
  });
});
