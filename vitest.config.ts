import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: one file at a time on CI's two
    // cores, while many files mostly wait (Chromium, a training child process, the CLI). Two
    // files at a time passed the whole suite (1 572 tests) on 2 cores at load 8–14 (other
    // work running), 5 Dec 2026; the quiet time is measured by .ci/run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
