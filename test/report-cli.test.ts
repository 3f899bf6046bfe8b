// `npm run report -- results.json [--out DIR]`: writes both reports from an existing results file,
// reads extra inputs that sit next to it, and answers bad input with one line naming the problem,
// exit code 2 and no stack trace.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATH } from './fixtures/report-fixture.ts';

const CLI = fileURLToPath(new URL('../reports/cli.ts', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function report(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUsageError(r: ReturnType<typeof report>, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('report CLI', () => {
  it('names a missing results file', () => {
    const missing = join(tempDir(), 'nope', 'results.json');
    expectUsageError(
      report(missing),
      new RegExp(`results file not found: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('names a file that is not JSON, and one that is not a results file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expectUsageError(report(join(dir, 'bad.json')), /bad\.json is not valid JSON/);
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({ schemaVersion: 1, createdAt: 'x', environment: {}, settings: {}, runs: [{ store: 'a' }] }),
    );
    expectUsageError(
      report(join(dir, 'other.json')),
      /other\.json is not a session-bench results file: runs\[0\]\.scenario must be a string/,
    );
  });

  it('asks for the results file when none is given', () => {
    expectUsageError(report(), /missing the results file\nusage: npm run report/);
  });

  it('writes report.html and summary.md into --out, reading extras next to results.json', () => {
    const input = tempDir();
    const out = join(tempDir(), 'out');
    copyFileSync(FIXTURE_PATH, join(input, 'results.json'));
    writeFileSync(join(input, 'conformance.json'), '{"stores": {}}');
    writeFileSync(join(input, 'compare.json'), '{ broken');
    const r = report(join(input, 'results.json'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(join(out, 'report.html'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('conformance.json');
    expect(html).toMatch(/compare\.json \(unreadable: not valid JSON/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^## Session store benchmark/);
    expect(existsSync(join(input, 'report.html'))).toBe(false);
  });

  it('accepts the directory that holds results.json and writes next to it', () => {
    const dir = tempDir();
    copyFileSync(FIXTURE_PATH, join(dir, 'results.json'));
    expect(report(dir).code).toBe(0);
    expect(existsSync(join(dir, 'report.html')) && existsSync(join(dir, 'summary.md'))).toBe(true);
  });
});
