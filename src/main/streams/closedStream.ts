/**
 * A standard stream (stderr, or a child's inherited stdout) whose reader has gone: writes to
 * it are dropped instead of ending the process. Shared by the CLI (cli/closedPipes.ts) and
 * the training child process (engine/worker/trainingWorker.ts), which inherits the CLI's
 * stderr and stdout: after `mtl-studio train … 2>&1 | head -1`, a line the child wrote there
 * (a tfjs warning) failed with EPIPE, which nothing in the child handled, and the uncaught
 * error failed the job.
 */

/**
 * Makes `stream` drop every write once one has failed (EPIPE from a closed reader, ENOSPC
 * from a full disk, …): the error is swallowed, `onFirstError` (if given) is called once
 * with it, and every later write returns true at once, its callback (when given) called on
 * the next tick, since Node never destroys its standard streams and each later write would
 * fail again.
 * @param stream the stream to guard (process.stderr, process.stdout, or any Writable).
 * @param onFirstError called once with the first error, after the writes are replaced.
 */
export function dropWritesAfterError(
  stream: NodeJS.WritableStream,
  onFirstError?: (err: NodeJS.ErrnoException) => void,
): void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    const write = (...args: unknown[]): boolean => {
      const callback = args.find((arg): arg is () => void => typeof arg === 'function');
      if (callback) process.nextTick(callback);
      return true;
    };
    stream.write = write as typeof stream.write;
    onFirstError?.(err);
  });
}
