import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test process. Two on CI's 2 cores took 1207 s against about 1560 s (5 Dec 2026), but
    // one of two such runs ended with "Worker exited unexpectedly" after every test passed
    // (forkExits.ts logged nothing: the fork ended after vitest's stop, or by a signal).
    maxWorkers: 1,
    // A fork's own exit, which vitest reports only as "Worker exited unexpectedly", is logged by
    // test/setup/forkExits.ts; a fork killed by a signal (which runs no code in the fork: the
    // kernel's OOM killer, a stray kill) by test/setup/forkSignals.ts, from vitest's process;
    // a fatal V8 error (e.g. out of memory) leaves Node's diagnostic report in
    // test-results/node-reports.
    setupFiles: ['test/setup/forkExits.ts'],
    globalSetup: ['test/setup/forkSignals.ts'],
    execArgv: ['--report-on-fatalerror', '--report-directory=test-results/node-reports'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
