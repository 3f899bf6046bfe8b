// writeFileAtomic, used for results.json, baselines, exports and reports: a reader never sees a
// half-written file, and a write that fails leaves the previous file as it was, with no temp file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../harness/shared/write-atomic.ts';
import { tempDir } from './helpers/run-cli.ts';

const SIZE = 4 * 1024 * 1024;
const REWRITES = 20;

/** Version n of the file: SIZE bytes of one letter, so any mix of two versions or a cut shows. */
const version = (n: number) => String.fromCharCode(65 + (n % 26)).repeat(SIZE);

function isWhole(content: string): boolean {
  return content.length === SIZE && content === content[0]!.repeat(SIZE);
}

describe('writeFileAtomic', () => {
  it('a concurrent reader only ever sees a whole version while a big file is rewritten', async () => {
    const file = path.join(await tempDir(), 'results.json');
    await writeFileAtomic(file, version(0));
    let writing = true;
    const seen: boolean[] = [];
    // fs reads run on libuv's thread pool, so they really do overlap the writes.
    const reader = (async () => {
      while (writing) seen.push(isWhole(await fs.promises.readFile(file, 'utf8')));
    })();
    for (let i = 1; i <= REWRITES; i++) await writeFileAtomic(file, version(i));
    writing = false;
    await reader;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((whole) => !whole)).toEqual([]);
    expect(isWhole(fs.readFileSync(file, 'utf8'))).toBe(true);
    expect(fs.readFileSync(file, 'utf8')[0]).toBe(version(REWRITES)[0]);
  });

  it('control: the same reader does catch a plain fs.writeFile mid-write', async () => {
    // Without this, a reader too slow to overlap any write would make the test above pass vacuously.
    const file = path.join(await tempDir(), 'results.json');
    await fs.promises.writeFile(file, version(0));
    let writing = true;
    let torn = 0;
    const reader = (async () => {
      while (writing) if (!isWhole(await fs.promises.readFile(file, 'utf8'))) torn++;
    })();
    for (let i = 1; i <= REWRITES; i++) await fs.promises.writeFile(file, version(i));
    writing = false;
    await reader;
    expect(torn).toBeGreaterThan(0);
  });

  it('a write that fails midway keeps the previous file and leaves no temp file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'baseline.json');
    await writeJsonAtomic(file, { before: true });
    // Not writable data: the temp file is open when the write throws, as with a full disk.
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ before: true });
    expect(fs.readdirSync(dir)).toEqual(['baseline.json']);
  });

  it('a rename that fails (a directory in the way) leaves no temp file', async () => {
    const dir = await tempDir();
    fs.mkdirSync(path.join(dir, 'report.html'));
    await expect(writeFileAtomic(path.join(dir, 'report.html'), '<html>')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
    expect(fs.statSync(path.join(dir, 'report.html')).isDirectory()).toBe(true);
  });
});
