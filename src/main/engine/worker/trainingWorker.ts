/**
 * Entry point of the training child process: receives one job (as a temporary file:
 * jobFile.ts), streams its progress, sends the result, exits. A 'cancel' message stops
 * training between mini-batches; 'pause' and 'resume' hold and release it there;
 * 'end-search' ends an Auto search early. Streamed images are asked from the parent chunk by
 * chunk ('read-pixels' → 'pixels'). An error that escapes everything is sent
 * to the parent as the job's error and the process ends quietly: Node's own report of an
 * uncaught error would print a stack and, from the bundled tfjs, a line of minified source.
 */
import { MtlError, toErrorPayload, type ErrorPayload } from '../../../shared/errors';
import { dropWritesAfterError } from '../../streams/closedStream';
import { runAutoJob } from '../autoJob';
import type { PixelReader } from '../imageStreaming';
import { runTrainingJob, type TrainingJobInput } from '../job';
import { PauseControl } from '../pause';
import { AutoEndControl } from '../autoEnd';
import { readJobFile } from './jobFile';
import type { FromWorker, ToWorker } from './protocol';

let fatalReported = false;

/** Reports an uncaught error as the job's error (once), then exits with code 1. */
function fatal(err: unknown): void {
  if (fatalReported) return;
  fatalReported = true;
  const payload = toErrorPayload(err);
  const error: ErrorPayload =
    payload.code === 'INTERNAL'
      ? { code: 'TRAINING_FAILED', message: `Training process failed: ${payload.message}` }
      : payload;
  if (process.connected) process.send!({ type: 'error', error }, () => process.exit(1));
  else process.exit(1);
}
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
// The CLI's stderr and stdout are inherited: a reader that closed them (`train … 2>&1 |
// head -1`) or a full disk is no reason to fail the job (an EPIPE there was uncaught, so
// `fatal` failed it). Its messages go to the parent over IPC; these writes are dropped.
dropWritesAfterError(process.stderr);
dropWritesAfterError(process.stdout);

const controller = new AbortController();
const pause = new PauseControl();
const endSearch = new AutoEndControl();
/** Pixel reads sent to the parent and not answered yet, by request id. */
const pendingReads = new Map<
  number,
  { resolve: (pixels: Uint8Array) => void; reject: (err: Error) => void }
>();
let lastRequestId = 0;

/** Streamed images: the parent reads them from the store (the child has no store). */
const pixelReader: PixelReader = {
  read(rowIds) {
    const requestId = ++lastRequestId;
    return new Promise<Uint8Array>((resolve, reject) => {
      pendingReads.set(requestId, { resolve, reject });
      send({ type: 'read-pixels', requestId, rowIds: Int32Array.from(rowIds) }).catch((err) => {
        pendingReads.delete(requestId);
        reject(err as Error);
      });
    });
  },
};

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send!(message, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  if (message.type === 'pixels') {
    const pending = pendingReads.get(message.requestId);
    pendingReads.delete(message.requestId);
    if (message.pixels) pending?.resolve(message.pixels);
    else
      pending?.reject(
        new MtlError(
          message.error?.code ?? 'TRAINING_FAILED',
          message.error?.message ?? 'Reading pixels failed.',
        ),
      );
    return;
  }
  if (message.type === 'end-search') {
    // Answered from the search's own control: false once its choice is made (autoEnd.ts).
    void send({ type: 'end-search-answer', requestId: message.requestId, ended: endSearch.end() });
    return;
  }
  if (message.type === 'pause' || message.type === 'resume') {
    if (message.type === 'pause') pause.pause();
    else pause.resume();
    return;
  }
  if (message.type !== 'start' || !message.job) {
    // Not of the protocol (engine/worker/protocol.ts): said with what it held, so a report
    // names it.
    const shape = message && typeof message === 'object' ? Object.keys(message).join(', ') : '';
    fatal(
      new MtlError(
        'TRAINING_FAILED',
        `Training process failed: an unexpected message from MTL Studio (type ${JSON.stringify((message as { type?: unknown } | null)?.type)}, keys: ${shape || 'none'}).`,
      ),
    );
    return;
  }
  let input: TrainingJobInput;
  try {
    input = readJobFile<TrainingJobInput>(message.job);
  } catch (err) {
    fatal(err);
    return;
  }
  if (input === null || typeof input !== 'object') {
    // A job the parent never had (its caller passed none: see jobFile.ts, now refused by
    // startTrainingProcess), once read here as "reading 'auto'" of undefined: named, with
    // what the file held.
    fatal(
      new MtlError(
        'TRAINING_FAILED',
        `Training process failed: its job file held no job (${input === null ? 'null' : typeof input}; ${message.job.bytes} bytes).`,
      ),
    );
    return;
  }
  // An Auto job searches its configuration first (engine/autoSelect.ts).
  (input.auto ? runAutoJob : runTrainingJob)(input, {
    signal: controller.signal,
    pause,
    endSearch,
    pixels: pixelReader,
    onBackend: (description) => void send({ type: 'backend', description }),
    onEpoch: (record) => send({ type: 'epoch', record }),
    onCheckpoint: (checkpoint, epoch) => send({ type: 'checkpoint', epoch, checkpoint }),
    onAutoProgress: (progress) => void send({ type: 'auto-progress', progress }),
  })
    .then((result) => send({ type: 'done', result }))
    .catch((err: unknown) => send({ type: 'error', error: toErrorPayload(err) }))
    .finally(() => process.disconnect());
});

// The parent died without saying cancel (e.g. SIGKILL): do not train on as an orphan.
process.on('disconnect', () => {
  controller.abort();
  setTimeout(() => process.exit(1), 1000).unref();
});

// Ctrl-C in a terminal signals the whole process group: the parent decides what happens
// to the run (cancelled by the CLI, interrupted by the server) and tells this process.
process.on('SIGINT', () => undefined);

if (!process.send) {
  console.error('trainingWorker must be started as a child process (child_process.fork).');
  process.exit(2);
}

// The parent died (or closed the channel) while this process was still loading: its
// 'disconnect' came before the listener above existed. Nothing will come: end now.
if (!process.connected) process.exit(1);
