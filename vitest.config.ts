import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A fork's own exit, which vitest reports only as "Worker exited unexpectedly", is logged by
    // test/setup/forkExits.ts; a fatal V8 error (e.g. out of memory) leaves Node's diagnostic
    // report in test-results/node-reports.
    setupFiles: ['test/setup/forkExits.ts'],
    execArgv: ['--report-on-fatalerror', '--report-directory=test-results/node-reports'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
