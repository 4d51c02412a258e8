/**
 * Runs a training job in a child process so the window, the WebSocket server and the CLI
 * stay responsive; relays its progress and lets the caller cancel it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AutoProgress, EpochRecord } from '../../../shared/domain';
import { MtlError, toErrorPayload, trainingCancelledError } from '../../../shared/errors';
import type { PixelReader } from '../imageStreaming';
import type { TrainingJobInput, TrainingJobResult } from '../job';
import { removeJobFile, writeJobFile } from './jobFile';
import type { FromWorker, ToWorker } from './protocol';

/** A running training child process. */
export interface TrainingProcess {
  /** Resolves with the result; rejects with MtlError (TRAINING_CANCELLED when cancelled). */
  result: Promise<TrainingJobResult>;
  /** Asks the child to stop; it stops between mini-batches. */
  cancel(): void;
  /** Holds training before its next mini-batch (within ≈ 0.1 s) until {@link resume}. */
  pause(): void;
  resume(): void;
  /**
   * Auto: asks the child's search to end now (engine/autoEnd.ts). Optional so that stand-ins
   * of a process (tests) need not have it.
   * @returns the child's answer: true when its search was still running; false when it was
   *   over (its final model training), or the child is gone or goes before answering.
   */
  endSearch?(): Promise<boolean>;
  readonly pid: number | undefined;
}

/** Hooks of a training child process. */
export interface TrainingProcessHooks {
  onBackend?: (description: string) => void;
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** A checkpoint after `epoch` (when the job asks for them), in order with the epochs. */
  onCheckpoint?: (checkpoint: Uint8Array, epoch: number) => void | Promise<void>;
  /** Auto: as each phase starts and after each configuration its search tried. */
  onAutoProgress?: (progress: AutoProgress) => void;
  /** Reads stored images for a job whose `image` has no pixels (the child asks per chunk). */
  pixels?: PixelReader;
}

/**
 * The environment variable naming a compiled training worker for code that runs from
 * source: the test suite sets it (test/setup/trainingWorker.ts) to the worker it compiled
 * once per run with the CLI's esbuild options, so that each training child does not compile
 * the worker's TypeScript through tsx and load tfjs as ES modules (≈ 2 s CPU more per child).
 * Ignored by compiled code (the CLI's out/cli, the studio's bundle), which uses its own.
 */
export const COMPILED_WORKER_ENV = 'MTL_STUDIO_COMPILED_WORKER';

/**
 * Where the worker script is: the TypeScript source next to this file when running from
 * source (CLI, tests, through tsx; or the compiled worker {@link COMPILED_WORKER_ENV}
 * names), or `training-worker.js` next to the bundled main process (electron-vite build)
 * or the compiled CLI (out/cli).
 */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, 'trainingWorker.ts');
  // Resolved from this file, not from the working directory the CLI was started in.
  if (existsSync(source)) {
    const compiled = process.env[COMPILED_WORKER_ENV];
    if (compiled) return { path: compiled, execArgv: [] };
    return { path: source, execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  return { path: join(here, 'training-worker.js'), execArgv: [] };
}

/** Reads the pixels a child asked for and sends them (or the error) back. */
async function answerPixelRead(
  child: ChildProcess,
  reader: PixelReader | undefined,
  requestId: number,
  rowIds: Int32Array,
): Promise<void> {
  let answer: ToWorker;
  try {
    if (!reader) throw new MtlError('BAD_REQUEST', 'This training job has no pixel reader.');
    answer = { type: 'pixels', requestId, pixels: await reader.read(Array.from(rowIds)) };
  } catch (err) {
    answer = { type: 'pixels', requestId, error: toErrorPayload(err) };
  }
  if (child.connected) child.send(answer);
}

/**
 * How long (ms) the death of a child not asked to stop waits before it is reported as a
 * failure (see `ended` in startTrainingProcess). Not a guess the exit signal could answer:
 * Node may emit 'exit' before the child's last IPC message ('done' or 'error') has been
 * read, and that reply must win; and a signal sent to the whole process group just as the
 * child was forked (before it left the group) can kill it before the parent's own handler
 * of that signal has cancelled. A SIGINT/SIGTERM nobody asked for (a `kill` of the child
 * alone) is a failure, not a user's stop.
 */
const SIGNAL_GRACE_MS = 200;

/** How long (ms) a running child's 'error' event (e.g. write EPIPE) waits for its 'exit'. */
const EXIT_WAIT_MS = 2000;

/**
 * Signals a process gets from someone else (a `kill`, a terminal, a supervisor): the studio
 * never sends them to a training child (its own stops are cancels, reported as such).
 * SIGKILL is one too; the system's out-of-memory killer sends it.
 */
const OUTSIDE_SIGNALS: ReadonlySet<string> = new Set([
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGKILL',
]);

/**
 * The sentence for a training child that died on its own, neither asked to stop nor
 * replying:
 * - a signal someone else sent (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGKILL): "The training
 *   worker was stopped by signal SIGTERM (sent from outside MTL Studio)." — for SIGKILL it
 *   adds that the system sends it when memory runs out;
 * - any other signal is the worker crashing itself (V8 aborts with SIGABRT when its heap
 *   runs out of memory; tfjs's native code can die of SIGSEGV, SIGBUS, SIGILL, SIGFPE):
 *   "The training worker crashed (SIGABRT), e.g. out of memory or a failure in
 *   TensorFlow's native code.";
 * - an exit code: "The training worker exited with code 3." (a code 0 without a result is
 *   said so).
 * A new user read "exited unexpectedly (code null, signal SIGTERM)" as an internal message;
 * the code and signal stay in the error's `details.worker` (`{ exitCode, signal }`) for
 * --json and scripts.
 * @param code the child's exit code, null when a signal ended it
 * @param signal the signal that ended it (e.g. 'SIGKILL'), null when it exited
 */
export function workerExitMessage(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null && OUTSIDE_SIGNALS.has(signal)) {
    const oom = signal === 'SIGKILL' ? ', e.g. by the system when memory ran out' : '';
    return `The training worker was stopped by signal ${signal} (sent from outside MTL Studio${oom}).`;
  }
  if (signal !== null)
    return `The training worker crashed (${signal}), e.g. out of memory or a failure in TensorFlow's native code.`;
  if (code === 0) return 'The training worker exited (code 0) without reporting a result.';
  return `The training worker exited with code ${code}.`;
}

/** The details of the errors a child's death produces (see {@link isProcessEnded}). */
const processEnded = { processEnded: true } as const;

/**
 * Whether `err` reports the death of a training process (it exited, was killed, or never
 * started) rather than an error its job reported.
 */
export function isProcessEnded(err: unknown): boolean {
  return err instanceof MtlError && err.details?.processEnded === true;
}

/**
 * Starts a training job in a new child process.
 * @param input the job (written once to a temporary file, typed arrays kept: worker/jobFile.ts).
 * @throws MtlError('INTERNAL') when `input` is not an object (nothing is written or started);
 *   the file system's error when the job file cannot be written (e.g. a full disk).
 */
export function startTrainingProcess(
  input: TrainingJobInput,
  hooks: TrainingProcessHooks = {},
): TrainingProcess {
  // Refused here, where the caller's stack shows who called: a call with no job started a
  // child that read "no job" seconds later, far from its cause. That was a test's beforeEach
  // returning the mocked starter (`() => vi.mocked(startTrainingProcess).mockClear()`), which
  // vitest runs as the hook's cleanup after every test, with no arguments.
  if (input === null || typeof input !== 'object')
    throw new MtlError(
      'INTERNAL',
      `startTrainingProcess needs a training job; it was called with ${input === null ? 'null' : typeof input}.`,
    );
  const entry = workerEntry();
  const job = writeJobFile(input);
  const env = { ...process.env };
  // Inside Electron, process.execPath is the Electron binary: make it behave as Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const child: ChildProcess = fork(entry.path, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A new session (setsid, POSIX): its own process group and no controlling terminal, so
    // Ctrl-C in a terminal, or `timeout`/`kill` sent to the CLI's group, reaches the parent
    // only, which cancels the run. In the group, a child still loading (before its SIGINT
    // handler exists) died of the signal: the fold read as failed ("write EPIPE") or died
    // unexplained. Orphaned, it stops on 'disconnect' (or at once, if its parent died while
    // it loaded: trainingWorker.ts).
    detached: process.platform !== 'win32',
  });
  let cancelled = false;
  let epochChain: Promise<void> = Promise.resolve();
  /** 'end-search' requests waiting for their answer, by requestId. */
  const endAnswers = new Map<number, (ended: boolean) => void>();
  let endRequests = 0;
  const answerEnd = (requestId: number, ended: boolean): void => {
    endAnswers.get(requestId)?.(ended);
    endAnswers.delete(requestId);
  };
  // Gone before answering: the search ended nothing.
  child.on('exit', () => [...endAnswers.keys()].forEach((id) => answerEnd(id, false)));
  const result = new Promise<TrainingJobResult>((resolve, reject) => {
    let settled = false;
    /** The grace timer of a death not (yet) explained by a stop (see `ended`). */
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    /** The fallback timer of an 'error' event whose 'exit' has not come (see below). */
    let exitTimer: ReturnType<typeof setTimeout> | undefined;
    /** The child's 'error' event while it runs (e.g. write EPIPE), reported with its exit. */
    let pipeError: Error | null = null;
    /** A reply ('done' or 'error') settles the result, even inside a death's grace period. */
    const replied = (): void => {
      settled = true;
      clearTimeout(graceTimer);
      clearTimeout(exitTimer);
    };
    child.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'backend':
          hooks.onBackend?.(message.description);
          break;
        case 'read-pixels':
          void answerPixelRead(child, hooks.pixels, message.requestId, message.rowIds);
          break;
        case 'epoch':
          // Keep epochs in order even when the hook is async (e.g. writes to SQLite).
          epochChain = epochChain.then(() => hooks.onEpoch?.(message.record));
          break;
        case 'checkpoint':
          epochChain = epochChain.then(() =>
            hooks.onCheckpoint?.(message.checkpoint, message.epoch),
          );
          break;
        case 'auto-progress':
          hooks.onAutoProgress?.(message.progress);
          break;
        case 'end-search-answer':
          answerEnd(message.requestId, message.ended);
          break;
        case 'done':
          replied();
          epochChain.then(() => resolve(message.result), reject);
          break;
        case 'error':
          replied();
          epochChain.then(
            () =>
              reject(
                new MtlError(message.error.code, message.error.message, message.error.details),
              ),
            reject,
          );
          break;
      }
    });
    // How a death is judged: after a requested stop (cancel) it is cancelled at once. Any
    // other death — a stop signal too (SIGINT/SIGTERM from outside: the child has its own
    // session, so a terminal's Ctrl-C reaches the parent only, which cancels) — is judged
    // SIGNAL_GRACE_MS later: a reply still unread in the pipe ('done', 'error') wins, and a
    // cancel within the grace (a group signal that reached the child just as it was forked,
    // before it left the group) makes it cancelled. A death by a signal nobody asked for
    // stays a failure that names the signal. The errors of a death carry
    // `details.processEnded: true` (superviseRun tells them from errors the job reported,
    // or writes that failed).
    const ended = (failure: () => MtlError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(exitTimer);
      const judge = (): void => {
        reject(cancelled ? trainingCancelledError(processEnded) : failure());
      };
      if (cancelled) judge();
      else graceTimer = setTimeout(judge, SIGNAL_GRACE_MS);
    };
    child.on('error', (err) => {
      // Never spawned (no pid): nothing else will come.
      if (child.pid === undefined) {
        ended(
          () =>
            new MtlError(
              'TRAINING_FAILED',
              `Training process failed to start: ${err.message}`,
              processEnded,
            ),
        );
        return;
      }
      // A running child's pipe broke (write EPIPE): it is dying; its 'exit' tells how (code,
      // signal: e.g. SIGKILL from the out-of-memory killer). Reported by itself only when no
      // 'exit' comes.
      pipeError ??= err;
      if (settled || exitTimer) return;
      exitTimer = setTimeout(
        () =>
          ended(
            () =>
              new MtlError(
                'TRAINING_FAILED',
                `Training process failed: ${err.message} (it did not exit).`,
                processEnded,
              ),
          ),
        EXIT_WAIT_MS,
      );
    });
    child.on('exit', (code, signal) =>
      ended(
        () =>
          new MtlError(
            'TRAINING_FAILED',
            workerExitMessage(code, signal) +
              (pipeError ? ` Its pipe to MTL Studio broke before: ${pipeError.message}.` : ''),
            { ...processEnded, worker: { exitCode: code, signal } },
          ),
      ),
    );
  });
  // A failed write is reported by the child's 'error' event above. The child reads and
  // deletes the job file; one it never read (it died loading) is deleted when it exits.
  child.once('exit', () => removeJobFile(job));
  child.once('error', () => child.pid === undefined && removeJobFile(job));
  if (child.connected) child.send({ type: 'start', job } satisfies ToWorker);
  return {
    result,
    pid: child.pid,
    cancel() {
      cancelled = true;
      if (child.connected) child.send({ type: 'cancel' } satisfies ToWorker);
      // A child stuck in a long kernel is killed after a grace period.
      setTimeout(() => child.exitCode === null && child.kill(), 5000).unref();
    },
    pause() {
      if (child.connected) child.send({ type: 'pause' } satisfies ToWorker);
    },
    resume() {
      if (child.connected) child.send({ type: 'resume' } satisfies ToWorker);
    },
    endSearch() {
      if (!child.connected) return Promise.resolve(false);
      const requestId = ++endRequests;
      return new Promise<boolean>((resolve) => {
        endAnswers.set(requestId, resolve);
        child.send({ type: 'end-search', requestId } satisfies ToWorker, (err) => {
          if (err) answerEnd(requestId, false);
        });
      });
    },
  };
}
