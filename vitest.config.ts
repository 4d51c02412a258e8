import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test processes on CI's 2 cores: many files wait on spawned CLI processes or the
    // browser. Measured on a clean clone (5 Dec 2026): 1207 s against about 1560 s with one.
    maxWorkers: 2,
    // A fork's own exit, which vitest reports only as "Worker exited unexpectedly", is logged by
    // test/setup/forkExits.ts; a fatal V8 error (e.g. out of memory) leaves Node's diagnostic
    // report in test-results/node-reports.
    setupFiles: ['test/setup/forkExits.ts'],
    execArgv: ['--report-on-fatalerror', '--report-directory=test-results/node-reports'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
