// The README's code is run, not just read: its store module example benchmarks for real, and the
// two set-up commands it shows are the ones package.json and .ci/run use.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionDefaults } from '../harness/plan/options.ts';
import { runCell } from '../harness/cell/run-cell.ts';
import { scenarios } from '../scenarios/index.ts';
import { ROOT, tempDir } from './helpers/run-cli.ts';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function snippetAfter(heading: string, lang: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (!m) throw new Error(`no ${lang} block after ${heading}`);
  return m[1]!;
}

describe('README', () => {
  it('shows exactly the two set-up commands, and they exist', () => {
    expect(snippetAfter('## Set up', 'sh').trim()).toBe('npm ci && npm run bench');
    expect(readme).toMatch(/```sh\nnpm test\n```/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.bench).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
    expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('the store module example runs as a custom store with every session verified', async () => {
    const file = path.join(await tempDir(), 'my-store.mjs');
    fs.writeFileSync(file, snippetAfter('## Writing a store module', 'js'));
    const run = await runCell(
      {
        id: 'readme',
        store: 'my-memory',
        storeSpec: file,
        scenario: scenarios.read!,
        options: sessionDefaults(),
        repeat: 1,
      },
      { settings: { duration: 1, warmup: 0.5, connections: 4, pipelining: 1, repeat: 1, seed: 1, probe: 0 } },
    );
    expect(run.status, run.status !== 'completed' ? run.reason : '').toBe('completed');
    if (run.status === 'completed') expect(run.correctness.sessionsValid).toBe(4);
  });
});
