// Tests start real servers and drive real load: run files one at a time so they do not fight
// over the two cores, and give end-to-end files room.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
  },
});
