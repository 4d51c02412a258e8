/**
 * What the CLI does when a reader closes its standard output or standard error early
 * (`mtl-studio … | head -1`, `… 2>&1 | less` and quit).
 *
 * Found by a new user: `train … 2>&1 | head -1` exited 2 ("internal error") and left the run
 * "interrupted"; `import big.csv -p new.mtlproj 2>&1 | head -1` exited 2 and left an empty
 * new.mtlproj (plus -wal, -shm) behind. The first progress line written after `head` had
 * gone failed with EPIPE on stderr, which had no handler: an uncaught error ended the
 * process in the middle of the job.
 */

import { dropWritesAfterError } from '../streams/closedStream';

/** Node's error for a write to a pipe whose reading end is closed. */
const CLOSED_PIPE = 'EPIPE';

/**
 * Installs the CLI's handlers for closed standard streams, once, before any command runs:
 * - stderr (progress lines, warnings, notes): a closed reader (EPIPE), or a full disk under
 *   `2>log` (ENOSPC), is no reason to stop a training or an import. The error is swallowed
 *   and every later write to stderr is dropped silently; the job goes on, is stored, and
 *   the exit code is the job's own (0 when it succeeded).
 * - stdout (the command's result): the reader that stopped early got what it wanted
 *   (`runs --json | head`): exit 0 at once. The commands that do long work (train, import)
 *   write their result only once the work is stored, so nothing is lost.
 * - any other error on stdout (ENOSPC under `> /dev/full`, EIO): the result is lost, said on
 *   stderr in one line ("error: cannot write to standard output: no space left on device
 *   (ENOSPC)"), exit 1, as any error the message explains; it was Node's raw error, exit 2.
 */
export function handleClosedPipes(): void {
  process.stdout.on('error', stdoutFailed);
  // A file or device on stdout (`> /dev/full`) is written synchronously: its error is
  // thrown by write() itself (console.log would even swallow it), not emitted.
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((...args: unknown[]): boolean => {
    try {
      return write(...args);
    } catch (err) {
      return stdoutFailed(err as NodeJS.ErrnoException);
    }
  }) as typeof process.stdout.write;
  // Node's stderr is never destroyed, so each later write would fail again: dropped at the
  // source (the training child process guards the stderr it inherits alike).
  dropWritesAfterError(process.stderr);
}

/** Ends the CLI after a failed write to stdout: exit 0 for a closed reader, else 1. */
function stdoutFailed(err: NodeJS.ErrnoException): never {
  if (err.code === CLOSED_PIPE) process.exit(0);
  // Node's message is "ENOSPC: no space left on device, write": the middle is the cause.
  const cause = /^\w+: (.*), \w+$/.exec(err.message)?.[1] ?? err.message;
  process.stderr.write(
    `error: cannot write to standard output: ${cause}${err.code ? ` (${err.code})` : ''}\n`,
  );
  process.exit(1);
}
