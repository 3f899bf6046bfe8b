// results.json, kept current on disk: rewritten atomically after every finished cell (so a kill or a
// crash keeps everything that finished, marked "partial": true until the run ends), and once more,
// synchronously, on a forced quit.
import path from 'node:path';
import type { Results } from '../contracts/results.ts';
import { writeFileAtomicSync, writeJsonAtomic } from '../shared/write-atomic.ts';
import { errorMessage } from '../shared/error-message.ts';

export interface ResultsFile {
  readonly file: string;
  /** Queues a rewrite with the current contents; resolves when it is on disk. Writes never overlap. */
  write(): Promise<void>;
  /** Blocking write for exit paths where the event loop will not run again. Never throws. */
  writeSync(): void;
}

export function resultsFile(results: Results, dir: string): ResultsFile {
  const file = path.join(dir, 'results.json');
  let queue: Promise<void> = Promise.resolve();
  return {
    file,
    write() {
      const mine = queue.then(() => writeJsonAtomic(file, results));
      queue = mine.catch(() => undefined); // one failed write does not block the next
      return mine;
    },
    writeSync() {
      try {
        writeFileAtomicSync(file, `${JSON.stringify(results, null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`session-bench: could not write ${file}: ${errorMessage(err)}\n`);
      }
    },
  };
}
