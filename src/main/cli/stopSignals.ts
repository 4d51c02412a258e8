/**
 * How a command that stops cleanly hears Ctrl-C (SIGINT) and a plain `kill` (SIGTERM): the
 * first aborts it, a copy of the same stop delivered again at once is ignored, a later one
 * ends the process. Used by `train`, `restart`, `demo` and (through abortOnInterrupt) the
 * imports and exports.
 */

/** The stop signals a command handles (a second one ends the process at once). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * A second stop signal this soon after the first (ms) is the same stop delivered twice, not
 * a second Ctrl-C: `timeout -s INT` and `kill` to a process and its group signal the CLI
 * twice within microseconds, and the second one ended the CLI silently (its run left for
 * the next open to mark interrupted).
 */
export const DUPLICATE_SIGNAL_MS = 500;

/**
 * Aborts `controller` on the first SIGINT or SIGTERM and remembers which came. A second
 * signal at least {@link DUPLICATE_SIGNAL_MS} later ends the process at once (the signal's
 * default action); one sooner is ignored as the same stop.
 * @returns a function giving the signal received, or null while none has been.
 */
export function abortOnStopSignals(controller: AbortController): () => StopSignal | null {
  let received: StopSignal | null = null;
  let receivedAt = 0;
  const onSignal = (signal: StopSignal): void => {
    if (received === null) {
      received = signal;
      receivedAt = Date.now();
      controller.abort();
      return;
    }
    if (Date.now() - receivedAt < DUPLICATE_SIGNAL_MS) return;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => received;
}
