/**
 * Records why a test process (one of vitest's forks) ended on its own, which vitest reports
 * only as "Worker exited unexpectedly", with no file, code or stack (seen twice in whole-suite
 * runs, once with every test passing; cause not found). A fork that vitest stops
 * ends by its SIGTERM, which emits no 'exit' event; so every line written here is an exit of
 * the fork's own: a `process.exit` call (with its stack) or the event loop running dry (with
 * the exit code), each with the test file that was running. Lines go to
 * `test-results/fork-exits.log` (`.ci/run` prints it when it is there).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const INSTALLED = Symbol.for('mtl-studio.test.forkExits');
const holder = globalThis as { [INSTALLED]?: true };

if (!holder[INSTALLED]) {
  holder[INSTALLED] = true;
  const dir = join(process.cwd(), 'test-results');
  const record = (what: string): void => {
    let file = '(between files)';
    try {
      file = expect.getState().testPath ?? file;
    } catch {
      // No test state in this process any more: keep the placeholder.
    }
    try {
      mkdirSync(dir, { recursive: true });
      appendFileSync(
        join(dir, 'fork-exits.log'),
        `${new Date().toISOString()} pid ${process.pid} ${file}: ${what}\n`,
      );
    } catch {
      // Nowhere to write: the exit goes on unrecorded.
    }
  };
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    record(`process.exit(${String(code)}) called\n${new Error('stack').stack ?? ''}`);
    return exit(code);
  }) as typeof process.exit;
  process.on('exit', (code) => record(`exit event, code ${code}`));
}
