import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/setup/sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test processes on CI's 2 cores: about 27 % less time than one (1223 s against about
    // 1700 s, Dec 2026). The forks that once died unexplained ("Worker exited unexpectedly")
    // had been ended by Emscripten's process handlers (engine/backend.ts removes them now); the
    // job-less training children seen under load came from a test hook that returned a mock
    // (test/services/crossValidationStop.test.ts; eslint now refuses such hooks).
    maxWorkers: 2,
    // Longest files first (by a recent CI run's durations), so both workers end together.
    sequence: { sequencer: LongestFirstSequencer },
    // A fork's own exit, which vitest reports only as "Worker exited unexpectedly", is logged by
    // test/setup/forkExits.ts; a fork killed by a signal (which runs no code in the fork: the
    // kernel's OOM killer, a stray kill) by test/setup/forkSignals.ts, from vitest's process;
    // a fatal V8 error (e.g. out of memory) leaves Node's diagnostic report in
    // test-results/node-reports.
    setupFiles: ['test/setup/forkExits.ts'],
    // test/setup/trainingWorker.ts compiles the training child once per run, so that tests
    // running the engine from source do not start each one through tsx;
    // test/setup/sharedBrowser.ts starts one Chromium for the run's browser tests.
    globalSetup: [
      'test/setup/forkSignals.ts',
      'test/setup/trainingWorker.ts',
      'test/setup/sharedBrowser.ts',
    ],
    execArgv: ['--report-on-fatalerror', '--report-directory=test-results/node-reports'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
