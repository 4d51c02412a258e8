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
 * The exit code of a command ended by a stop signal, as a shell reports a process that
 * signal killed: 128 + its number, 130 for SIGINT (2), 143 for SIGTERM (15).
 */
export function stopExitCode(signal: StopSignal): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/** The first stop signal a command of this process heard (see {@link receivedStopSignal}). */
let firstReceived: StopSignal | null = null;

/**
 * The first stop signal any command of this process heard through
 * {@link abortOnStopSignals}, or null: main() exits with its {@link stopExitCode}.
 */
export function receivedStopSignal(): StopSignal | null {
  return firstReceived;
}

/**
 * Where the early stop handler is kept, on `globalThis`: bin/mtl-studio.mjs installs the same
 * handler under the same key before it loads anything (it cannot import this module, which
 * may not be built yet), so {@link installEarlyStop} then leaves it as it is.
 */
const EARLY_STOP = Symbol.for('mtl-studio.earlyStop');

type EarlyStopHandler = (signal: StopSignal) => void;

/**
 * Installs the handler of a stop that comes before a command handles stops itself (while
 * the CLI's modules load, 1–3 s, or during a command that never stops cleanly): one line on
 * stderr, "mtl-studio: stopped by SIGINT (Ctrl-C).", and exit code {@link stopExitCode}
 * (130, or 143 for SIGTERM) — where Node's default action ended the process silently.
 * {@link abortOnStopSignals} removes it. Does nothing when it is installed already.
 */
export function installEarlyStop(): void {
  const global = globalThis as { [EARLY_STOP]?: EarlyStopHandler };
  if (global[EARLY_STOP]) return;
  const handler: EarlyStopHandler = (signal) => {
    process.stderr.write(
      `mtl-studio: stopped by ${signal}${signal === 'SIGINT' ? ' (Ctrl-C)' : ''}.\n`,
    );
    process.exit(stopExitCode(signal));
  };
  global[EARLY_STOP] = handler;
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/**
 * Removes the early stop handler ({@link installEarlyStop}), if any: a command took over.
 * Call it after installing the handler that takes over: when a signal's last listener goes,
 * Node restores the signal's default action, and a signal landing before the next listener
 * came killed the process silently (seen once under load: a SIGTERM as a usage error was
 * printed ended the CLI by the signal, not with its exit code 1).
 */
export function endEarlyStop(): void {
  const global = globalThis as { [EARLY_STOP]?: EarlyStopHandler };
  const handler = global[EARLY_STOP];
  if (!handler) return;
  process.removeListener('SIGINT', handler);
  process.removeListener('SIGTERM', handler);
  delete global[EARLY_STOP];
}

/**
 * For a process about to end: once the command line's outcome is decided before any command
 * ran (commander's usage error, exit code 1; its help or version, 0) and printed, a stop
 * signal that lands while the process ends exits with `code` at once, saying nothing, in
 * place of the early stop handler ({@link installEarlyStop}), which would add "stopped by
 * SIGINT" under the usage error and exit 130 (found by a new user: a Ctrl-C as the usage
 * error was printed did so). Called in the same turn as the print (no signal handler can run
 * in between). The handlers are never removed but by their own signal (`process.once`): a
 * process that went on to run commands would keep them.
 */
export function keepExitCode(code: number): void {
  const exit = (): never => process.exit(code);
  // Listening first, then removing the early handler: a signal is never without a listener
  // here ({@link endEarlyStop}).
  process.once('SIGINT', exit);
  process.once('SIGTERM', exit);
  endEarlyStop();
}

/**
 * Aborts `controller` on the first SIGINT or SIGTERM and remembers which came (and removes
 * the early stop handler, {@link installEarlyStop}). A second
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
      firstReceived ??= signal;
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
  // From here the command's stop is its own (cancelled, rolled back …), not the early one;
  // removed after listening, so a signal is never without a listener ({@link endEarlyStop}).
  endEarlyStop();
  return () => received;
}
