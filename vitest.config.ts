import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // One worker per core: vitest's default on 2 cores is one worker, and npm test spent
    // ~45 s of ~180 s in per-file start-up alone (fresh clone, idle 2-core machine: 180 s with
    // one worker, 108 s with two).
    maxWorkers: Math.max(1, availableParallelism()),
  },
});
