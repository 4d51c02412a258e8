import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { isolatedTestFiles } from './test/setup/isolation';
import LongestFirstSequencer from './test/setup/sequencer';

const ALL = ['test/**/*.test.ts'];
/** Files that change what another file could see (test/setup/isolation.ts says what). */
const ISOLATED = isolatedTestFiles(fileURLToPath(new URL('.', import.meta.url)));

const FORK_EXITS = 'test/setup/forkExits.ts';

/** What the two projects below share. */
const PROJECT: TestProjectInlineConfiguration['test'] = {
  environment: 'node',
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks',
  // A fork's own exit, which vitest reports only as "Worker exited unexpectedly", is logged by
  // test/setup/forkExits.ts; a fork killed by a signal (which runs no code in the fork: the
  // kernel's OOM killer, a stray kill) by test/setup/forkSignals.ts, from vitest's process;
  // a fatal V8 error (e.g. out of memory) leaves Node's diagnostic report in
  // test-results/node-reports.
  setupFiles: [FORK_EXITS],
  execArgv: ['--report-on-fatalerror', '--report-directory=test-results/node-reports'],
};

export default defineConfig({
  test: {
    include: ALL,
    // Two test processes on CI's 2 cores: about 27 % less time than one (1223 s against about
    // 1700 s, Dec 2026). The forks that once died unexplained ("Worker exited unexpectedly")
    // had been ended by Emscripten's process handlers (engine/backend.ts removes them now); the
    // job-less training children seen under load came from a test hook that returned a mock
    // (test/services/crossValidationStop.test.ts; eslint now refuses such hooks).
    maxWorkers: 2,
    // Longest files first (by a recent CI run's durations), so both workers end together.
    sequence: { sequencer: LongestFirstSequencer },
    // Run once for the whole run (here, not in the projects, which would run them again each):
    // test/setup/trainingWorker.ts compiles the training child once, so that tests running the
    // engine from source do not start each one through tsx; test/setup/sharedBrowser.ts starts
    // one Chromium for the run's browser tests.
    globalSetup: [
      'test/setup/forkSignals.ts',
      'test/setup/trainingWorker.ts',
      'test/setup/sharedBrowser.ts',
    ],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // The files in ISOLATED each get a fresh test process, as by default; the others share a
    // worker's process and module cache with the files it ran before, which saves importing
    // the engine, the store and tfjs again for each file (test/setup/isolation.ts has the
    // measurements).
    projects: [
      { test: { ...PROJECT, name: 'isolated', include: ISOLATED } },
      {
        test: {
          ...PROJECT,
          name: 'shared',
          include: ALL,
          exclude: ISOLATED,
          isolate: false,
          // What one file may leave in a shared module, put back before the next.
          setupFiles: [FORK_EXITS, 'test/setup/sharedState.ts'],
        },
      },
    ],
  },
});
