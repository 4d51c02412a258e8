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

/** Node's error for a write to a pipe whose reading end is closed. */
const CLOSED_PIPE = 'EPIPE';

/** Set once a write to stderr failed; later writes are dropped. */
let stderrClosed = false;

/**
 * Installs the CLI's handlers for closed standard streams, once, before any command runs:
 * - stderr (progress lines, warnings, notes): a closed reader (EPIPE), or a full disk under
 *   `2>log` (ENOSPC), is no reason to stop a training or an import. The error is swallowed
 *   and every later write to stderr is dropped silently; the job goes on, is stored, and
 *   the exit code is the job's own (0 when it succeeded).
 * - stdout (the command's result): the reader that stopped early got what it wanted
 *   (`runs --json | head`): exit 0 at once. The commands that do long work (train, import)
 *   write their result only once the work is stored, so nothing is lost.
 * Any other error on stdout (e.g. ENOSPC under `> /dev/full`) is thrown.
 */
export function handleClosedPipes(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === CLOSED_PIPE) process.exit(0);
    throw err;
  });
  process.stderr.on('error', () => {
    if (stderrClosed) return;
    stderrClosed = true;
    // Node's stderr is never destroyed, so each later write would fail (and come here)
    // again: drop them at the source. The callback, when given, is still called.
    const write = (...args: unknown[]): boolean => {
      const callback = args.find((arg): arg is () => void => typeof arg === 'function');
      if (callback) process.nextTick(callback);
      return true;
    };
    process.stderr.write = write as typeof process.stderr.write;
  });
}
