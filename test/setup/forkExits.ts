/**
 * Records why a test process (one of vitest's forks) ended on its own, which vitest reports
 * only as "Worker exited unexpectedly", with no file, code or stack (seen twice in whole-suite
 * runs, once with every test passing; cause not found). A fork ends, once vitest has sent it
 * its "stop" message, by that message or by vitest's SIGTERM: neither is recorded. What is
 * recorded is an exit before the stop: a `process.exit` call (with its stack) or the event
 * loop running dry (with the exit code), each with the test file that was running. Lines go
 * to `test-results/fork-exits.log` (`.ci/run` prints it when it is there).
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
  // vitest's request to end this fork (its pool runner's "stop" message): what follows is
  // the expected end (a whole-suite run saw 11 of 282 forks exit so, with code 0).
  let stopAsked = false;
  process.on('message', (message: unknown) => {
    const m = message as { type?: unknown; __vitest_worker_request__?: unknown } | null;
    if (m?.__vitest_worker_request__ === true && m.type === 'stop') stopAsked = true;
  });
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    if (!stopAsked)
      record(`process.exit(${String(code)}) called\n${new Error('stack').stack ?? ''}`);
    return exit(code);
  }) as typeof process.exit;
  process.on('exit', (code) => {
    if (!stopAsked) record(`exit event, code ${code}`);
  });
}
