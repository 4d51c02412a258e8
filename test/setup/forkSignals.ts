/**
 * vitest globalSetup, run in vitest's own process: records how a test process (one of
 * vitest's forks) ended when it ended by a signal other than vitest's own SIGTERM, or with a
 * non-zero code. vitest 4.1 reports such an end only as "Worker exited unexpectedly", with no
 * code, signal or file; test/setup/forkExits.ts, inside the fork, sees an exit but never a
 * kill (SIGKILL, from the kernel's OOM killer or any other sender, runs no code there). A line
 * goes to `test-results/fork-exits.log`: time, pid, code, signal, and the machine's free and
 * total memory at that moment (a kill with little free memory points at the OOM killer).
 * vitest starts its forks with `fork` from node:child_process (vitest/dist/chunks/cli-api:
 * ForksPoolWorker.start); it is wrapped here, and the wrapper is seen by vitest's import
 * through syncBuiltinESMExports.
 */
import childProcess, { type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { freemem, totalmem } from 'node:os';
import { join } from 'node:path';

const MIB = 1024 * 1024;

/** Appends one line to test-results/fork-exits.log (nowhere to write: the line is lost). */
function record(line: string): void {
  const dir = join(process.cwd(), 'test-results');
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'fork-exits.log'), `${new Date().toISOString()} ${line}\n`);
  } catch {
    // Nowhere to write: the end goes unrecorded.
  }
}

/**
 * Wraps child_process.fork for the run; returns the teardown that puts it back.
 * @returns vitest's globalSetup teardown.
 */
export default function setup(): () => void {
  const original = childProcess.fork;
  const wrapped = function (this: unknown, ...args: unknown[]): ChildProcess {
    const child = (original as (...a: unknown[]) => ChildProcess).apply(this, args);
    child.once('exit', (code, signal) => {
      if ((signal === null || signal === 'SIGTERM') && (code === 0 || code === null)) return;
      record(
        `pid ${child.pid} (a test process) ended: code ${code}, signal ${signal}; ` +
          `memory free ${Math.round(freemem() / MIB)} MiB of ${Math.round(totalmem() / MIB)} MiB`,
      );
    });
    return child;
  };
  childProcess.fork = wrapped as typeof childProcess.fork;
  syncBuiltinESMExports();
  return () => {
    childProcess.fork = original;
    syncBuiltinESMExports();
  };
}
