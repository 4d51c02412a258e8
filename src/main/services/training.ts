/**
 * Training runs: prepare the data of a dataset's tasks and split, train in a child process
 * (or in-process), and store epochs, test results, predictions and the model. Preparing a
 * job (trunk, split, the data read from the store) lives in services/trainingJobs.ts and
 * restarting a stopped run in services/trainingRestart.ts; both are re-exported here.
 */
import {
  DEFAULT_TRAIN_CONFIG,
  type AutoProgress,
  type EpochRecord,
  type RunInfo,
  type TrainConfig,
} from '../../shared/domain';
import { MtlError, trainingCancelledError } from '../../shared/errors';
import { describeIssues, trainConfigSchema } from '../../shared/schemas';
import { runAutoJob } from '../engine/autoJob';
import { DEFAULT_CHECKPOINT_POLICY, type CheckpointPolicy } from '../engine/checkpoint';
import {
  runTrainingJob,
  type TrainingJobHooks,
  type TrainingJobInput,
  type TrainingJobResult,
} from '../engine/job';
import type { PauseControl } from '../engine/pause';
import { startWithoutPause } from '../../shared/trainedTime';
import type { AutoEndControl } from '../engine/autoEnd';
import { isProcessEnded, startTrainingProcess } from '../engine/worker/trainingProcess';
import { defaultBusyRetry, retryWhileBusy, RunWrites, type BusyRetry } from './trainingWrites';
import type { ProjectStore } from '../store/projectStore';
import { checkpointPolicyColumns } from '../store/trainingCheckpoints';
import { imageInputOf, storePixelReader } from './assets';
import { assignNewlyLabelledRows, labelVersionsOf } from './labels';
import { ensureSplit, prepareJob, trunkFor, type ImageFeed } from './trainingJobs';

/** A request to train one run. */
export interface TrainRequest {
  datasetId: number;
  /** Task names to train together; default: all tasks of the dataset. */
  tasks?: string[];
  /** Overrides of the default configuration. */
  config?: Partial<TrainConfig>;
  /** Split to use; default: the dataset's latest split, created (seeded, stratified) if none. */
  splitId?: number;
  /** The run this one restarts with the same configuration (recorded on the new run). */
  restartOf?: number;
  /**
   * When the run saves checkpoints: set by {@link restartRequest} to the stopped run's stored
   * policy (the default for a run stored before schema v14), and then wins over
   * `TrainHooks.checkpoints` (a caller's default). Absent: the hooks', else
   * {@link DEFAULT_CHECKPOINT_POLICY}.
   */
  checkpoints?: CheckpointPolicy | false;
}

/**
 * Abort reason of a run stopped because its process is going away (server shutdown, app
 * quit, project closed): the run is stored as 'interrupted', not 'cancelled', and can be
 * restarted. `controller.abort(RUN_INTERRUPTED)`.
 */
export const RUN_INTERRUPTED = 'mtl-run-interrupted';

export {
  IMAGE_MEMORY_BYTES,
  checkTaskWeights,
  ensureSplit,
  prepareJob,
  trunkFor,
  type ImageFeed,
  type UnlabelledTask,
  type UnscoredTasksDetails,
} from './trainingJobs';
export { restartRequest, type RestartRequest } from './trainingRestart';

/** Callbacks while a run trains. */
export interface TrainHooks {
  /**
   * The run as it starts (status 'running'); from a resume (trainingResume.ts), with the
   * checkpoint policy it trains with in `checkpointPolicy`.
   */
  onStarted?: (run: RunInfo) => void;
  onBackend?: (description: string) => void;
  onEpoch?: (runId: number, record: EpochRecord) => void;
  /**
   * 'process' (default) trains in a child process; 'in-process' in this one, where training
   * waits at each epoch (and checkpoint) until the run's queued writes are stored.
   */
  mode?: 'process' | 'in-process';
  signal?: AbortSignal;
  /** Pauses and resumes the run between mini-batches. */
  pause?: PauseControl;
  /** Auto: "End search now" (engine/autoEnd.ts); ignored by a run that is not Auto. */
  endSearch?: AutoEndControl;
  /** Auto: as each phase starts and after each configuration its search tried. */
  onAutoProgress?: (runId: number, progress: AutoProgress) => void;
  /** Image datasets: pixels in memory or streamed from the store (default 'auto'). */
  images?: ImageFeed;
  /** How long writes wait for another program's lock (default {@link defaultBusyRetry}). */
  busyRetry?: BusyRetry;
  /**
   * When the run saves checkpoints to resume from (default
   * {@link DEFAULT_CHECKPOINT_POLICY}: every epoch, at most one per 10 s); false: none.
   * Auto runs save none (their search cannot be resumed). Stored with the run
   * (RunInfo.checkpointPolicy). To a resume (services/trainingResume.ts): given, it replaces
   * the policy stored with the run; absent, the stored one applies.
   */
  checkpoints?: CheckpointPolicy | false;
}

/**
 * Trains one run end to end and stores everything about it. The run row is created first
 * (status 'running'); on failure or cancellation it is marked so, with the error and its
 * code, and nothing else of the project changes (see {@link executeRun} for the writes).
 * @returns the completed run, with test results.
 * @throws MtlError('BAD_REQUEST') for a bad configuration or checkpoint policy
 *   (store/trainingCheckpoints.ts checkpointPolicyColumns), before anything is stored;
 *   MtlError from preparation or training (the run is stored as failed/cancelled).
 */
export async function trainRun(
  store: ProjectStore,
  request: TrainRequest,
  hooks: TrainHooks = {},
): Promise<RunInfo> {
  const dataset = await store.datasets.get(request.datasetId);
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    ...request.config,
    trunk: trunkFor(dataset, request.config?.trunk),
  };
  validateConfig(config);
  // A bad policy is refused before anything is prepared or stored (no run, no split).
  const checkpoints = request.checkpoints ?? hooks.checkpoints ?? DEFAULT_CHECKPOINT_POLICY;
  checkpointPolicyColumns(checkpoints);
  const retry = hooks.busyRetry ?? defaultBusyRetry();
  const split = request.splitId
    ? await store.splits.get(request.splitId)
    : await retryWhileBusy(() => ensureSplit(store, request.datasetId), retry);
  if (split.datasetId !== request.datasetId) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split ${split.id} belongs to dataset ${split.datasetId}, not ${request.datasetId}.`,
    );
  }
  await retryWhileBusy(() => assignNewlyLabelledRows(store, split.id), retry);
  const lastEvent = await store.labels.lastEventId(request.datasetId);
  const input = await prepareJob(
    store,
    request.datasetId,
    request.tasks,
    split.id,
    config,
    hooks.images,
  );
  if (checkpoints !== false) input.checkpoints = checkpoints;
  return executeRun(store, request.datasetId, split.id, input, hooks, lastEvent, request.restartOf);
}

/**
 * Stores a new run for a prepared job, trains it (child process or in-process; an Auto job
 * searches first) and stores everything it produced: epochs, test results, predictions,
 * model, and for Auto its search and the chosen configuration. On failure or cancellation
 * the run is marked so, with the error and its code.
 *
 * Every write goes through one queue ({@link RunWrites}): epochs and the backend are
 * written in order without holding a child process's training up (in-process training
 * waits for them at each epoch, or a kill -9 would lose most of them); a write that finds the project locked by
 * another program is retried for up to `hooks.busyRetry.totalMs` (default one minute);
 * the first write that fails for good (DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT, naming the
 * file) stops training and becomes the run's status and message — and so does a failure of
 * the final save of results and model. Only when even that status cannot be written (a full
 * disk, a lock still held) does the run stay 'running' in the file, to be marked when the
 * project is next opened; the caller gets the real cause either way.
 * @returns the completed run.
 * @throws MtlError from training or from a write (the run is stored as failed/cancelled);
 *   TRAINING_CANCELLED (TRAINING_INTERRUPTED when the studio stopped, see {@link stoppedBy})
 *   with no run stored when `hooks.signal` was already aborted.
 */
export async function executeRun(
  store: ProjectStore,
  datasetId: number,
  splitId: number,
  input: TrainingJobInput,
  hooks: TrainHooks,
  /** The dataset's last label event when the job's labels were read (label versions). */
  lastEvent: number,
  /** The run this one restarts with the same configuration, if any. */
  restartOf?: number,
): Promise<RunInfo> {
  // Stopped while the job was prepared: no run row is created.
  if (hooks.signal?.aborted) throw stoppedBy(hooks.signal);
  const writer = runWriter(hooks);
  const { writes } = writer;
  const run = await writes.write(() =>
    store.training.createRun({
      datasetId,
      splitId,
      tasks: input.targets.map((t) => t.task.name),
      config: input.config,
      restartOf,
      // What the job saves (none when absent: an Auto job, a fold), kept for a resume or a
      // restart of the run.
      checkpointPolicy: input.checkpoints ?? false,
      // Listed as Auto from the start (with its search's settings): a search cancelled
      // before it chose reads as Auto, and restarts as Auto.
      ...(input.auto ? { auto: input.auto } : {}),
    }),
  );
  return superviseRun(store, run, input, hooks, writer, async () => {
    await writes.write(() =>
      store.labels.recordRunVersions(
        run.id,
        labelVersionsOf(input.rowIds, input.targets, lastEvent),
      ),
    );
    const startedAt = new Date().toISOString();
    await writes.write(() => store.training.updateRun(run.id, { status: 'running', startedAt }));
    return startedAt;
  });
}

/** The write queue of one run and the controller that stops its training. */
export interface RunWriter {
  writes: RunWrites;
  /** Aborted when the caller cancels, or when a progress write fails for good. */
  stop: AbortController;
}

/** A new {@link RunWriter} for a run trained with `hooks`. */
export function runWriter(hooks: TrainHooks): RunWriter {
  const stop = new AbortController();
  return { stop, writes: new RunWrites(hooks.busyRetry ?? defaultBusyRetry(), () => stop.abort()) };
}

/**
 * Trains a stored run and stores what it produces, as {@link executeRun} describes (the
 * part after the run row exists; resuming a run, services/trainingResume.ts, uses it too).
 * Checkpoints the job sends are stored through the same queue, after the epochs they
 * follow; one queued behind a newer one is skipped. A completed run's checkpoint is dropped.
 * @param begin the writes that mark the run as training, inside the run's error handling;
 *   it answers the run's `startedAt` as now stored (ISO 8601; a resumed run's is shifted by
 *   the time it spent stopped), which the run `hooks.onStarted` hears of carries.
 * @returns the completed run.
 * @throws as {@link executeRun}.
 */
export async function superviseRun(
  store: ProjectStore,
  run: RunInfo,
  input: TrainingJobInput,
  hooks: TrainHooks,
  { writes, stop }: RunWriter,
  begin: () => Promise<string | null>,
): Promise<RunInfo> {
  const { datasetId } = run;
  // Streamed images: the engine (here or in the child) reads them through this reader.
  const pixels =
    input.image && !input.image.pixels
      ? storePixelReader(store, datasetId, imageInputOf(await store.datasets.get(datasetId))!.name)
      : undefined;
  const onBackend = (description: string): void => {
    hooks.onBackend?.(description);
    writes.progress(() => store.training.updateRun(run.id, { backend: description }));
  };
  // In this process the engine waits for the queued writes at each epoch and checkpoint:
  // its loop yields one macrotask turn per epoch, too few for the sqlite3 round trips of an
  // epoch's write, and a kill -9 found 110 of 670 epochs stored and no checkpoint. A child
  // process trains on while this one writes.
  const caughtUp = hooks.mode === 'in-process' ? () => writes.idle() : () => undefined;
  const onEpoch = (record: EpochRecord): Promise<void> | undefined => {
    writes.progress(() => store.training.addEpoch(run.id, record));
    hooks.onEpoch?.(run.id, record);
    return caughtUp();
  };
  let checkpoints = 0;
  const onCheckpoint = (checkpoint: Uint8Array, epoch: number): Promise<void> | undefined => {
    const generation = ++checkpoints;
    writes.progress(async () => {
      // A newer checkpoint is queued behind this one (after its epochs): keep only that.
      if (generation === checkpoints)
        await store.training.checkpoints.save(run.id, epoch, checkpoint);
    });
    return caughtUp();
  };
  const onAutoProgress: TrainingJobHooks['onAutoProgress'] = (progress) =>
    hooks.onAutoProgress?.(run.id, progress);
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  // Pauses are left out of the run's time (shared/trainedTime.ts): each moves its stored
  // start later as it ends; a run that ends paused ends when it paused (as one whose process
  // died ends at its last stored work, store/trainingOwners.ts).
  let pausedSince: number | null = null;
  let startedAt: string | null = null;
  const stopFollowingPause = hooks.pause?.onChange((paused) => {
    if (paused) {
      pausedSince ??= Date.now();
      return;
    }
    if (pausedSince === null || startedAt === null) return;
    const moved = startWithoutPause(startedAt, Date.now() - pausedSince);
    startedAt = moved;
    pausedSince = null;
    void writes
      .write(() => store.training.updateRun(run.id, { startedAt: moved }))
      .catch(() => undefined);
  });
  /** The run's end (ISO 8601): now, or when it paused while it is paused. */
  const endedAt = (): string =>
    new Date(startedAt !== null && pausedSince !== null ? pausedSince : Date.now()).toISOString();
  try {
    startedAt = await begin();
    // Paused before it began: the pause counts from the begin.
    pausedSince = hooks.pause?.isPaused ? Date.now() : null;
    // A resumed run was stored interrupted, failed or cancelled: `begin` cleared its error,
    // end and best epoch (trainingCheckpoints.reopenRun), and so must the run the views hear
    // of, or they keep showing "Training was interrupted" over the running run. Its start
    // is the stored one: a new run's was null until `begin`, a resumed run's moved later by
    // its downtime (the Train view's Time and the cancel question count from it).
    hooks.onStarted?.({
      ...run,
      status: 'running',
      startedAt,
      error: null,
      errorCode: null,
      finishedAt: null,
      bestEpoch: null,
    });
    // Stopped before its training started (e.g. Ctrl-C as a fold began): no process is
    // started, nothing is written to one; the run is stored cancelled below.
    if (stop.signal.aborted) throw writes.failure ?? trainingCancelledError();
    let result: TrainingJobResult;
    if (hooks.mode === 'in-process') {
      result = await (input.auto ? runAutoJob : runTrainingJob)(input, {
        onBackend,
        onEpoch,
        onCheckpoint,
        onAutoProgress,
        signal: stop.signal,
        pause: hooks.pause,
        endSearch: hooks.endSearch,
        pixels,
      });
    } else {
      const child = startTrainingProcess(input, {
        onBackend,
        onEpoch,
        onCheckpoint,
        onAutoProgress,
        pixels,
      });
      if (stop.signal.aborted) child.cancel();
      stop.signal.addEventListener('abort', () => child.cancel(), { once: true });
      hooks.pause?.onChange((paused) => (paused ? child.pause() : child.resume()));
      if (hooks.pause?.isPaused) child.pause();
      const endSearch = input.auto ? hooks.endSearch : undefined;
      if (endSearch) {
        // Asked while the process started: told at once (the search has not begun). From now
        // on the child's own control answers (engine/autoEnd.ts relayTo).
        if (endSearch.requested) void child.endSearch?.();
        endSearch.relayTo(() => child.endSearch?.() ?? Promise.resolve(false));
      }
      result = await child.result;
    }
    await writes.idle();
    if (writes.failure) throw writes.failure;
    await writes.write(() =>
      store.training.saveResults(
        run.id,
        result.results,
        result.predictions.map((p) => ({
          task: p.task,
          rowIds: p.rowIds,
          probs: p.probs,
          numClasses: p.numClasses,
        })),
        {
          runId: run.id,
          topology: result.topology,
          preprocessing: result.preprocessing,
          weightSpecs: result.weights.weightSpecs,
          weights: result.weights.weights,
        },
      ),
    );
    const search = result.search;
    if (search) {
      await writes.write(() => store.training.saveAutoSearch(run.id, search));
      await writes.write(() => store.training.updateRun(run.id, { config: search.chosen }));
    }
    await writes.write(() =>
      store.training.updateRun(run.id, {
        status: 'completed',
        backend: result.backend,
        bestEpoch: result.bestEpoch,
        finishedAt: endedAt(),
      }),
    );
    // Completed: nothing to resume from any more.
    await writes.write(() => store.training.checkpoints.remove(run.id)).catch(() => undefined);
  } catch (err) {
    // A failed write is the real cause, not the cancellation it triggered.
    await writes.idle();
    // The stop itself ended training: the trainer's own cancellation, or the death of its
    // process. Anything else (an error the job reported, a final write that failed: DISK_FULL
    // …) is the run's real outcome, even when a stop came meanwhile.
    const endedByStop =
      (err instanceof MtlError && err.code === 'TRAINING_CANCELLED') || isProcessEnded(err);
    // Stopped because the studio is going away, not by the user: restartable.
    const interrupted =
      !writes.failure &&
      endedByStop &&
      hooks.signal?.aborted === true &&
      hooks.signal.reason === RUN_INTERRUPTED;
    // Stopped by the caller, whose training process then died (killed by the same signal
    // before it heard 'cancel'): the stop asked for, not a failure. Only such a death: a
    // write that failed (saveResults: DISK_FULL …) or an error the job reported stays so.
    const stoppedByCaller =
      !writes.failure && !interrupted && hooks.signal?.aborted === true && isProcessEnded(err);
    const cause = interrupted
      ? new MtlError(
          'TRAINING_INTERRUPTED',
          'Training was interrupted: the studio stopped before the run finished.',
          { runId: run.id },
        )
      : stoppedByCaller
        ? trainingCancelledError()
        : (writes.failure ?? asMtlError(err));
    const cancelled = !writes.failure && cause.code === 'TRAINING_CANCELLED';
    await writes
      .write(() =>
        store.training.updateRun(run.id, {
          status: interrupted ? 'interrupted' : cancelled ? 'cancelled' : 'failed',
          finishedAt: endedAt(),
          error: cause.message,
          errorCode: cause.code,
        }),
      )
      .catch(() => undefined);
    throw cause;
  } finally {
    stopFollowingPause?.();
  }
  return writes.write(() => store.training.getRun(run.id));
}

/**
 * The error of work stopped by `signal` before a run was stored (or between the folds of a
 * cross-validation): TRAINING_INTERRUPTED when the studio stopped (reason
 * {@link RUN_INTERRUPTED}), TRAINING_CANCELLED otherwise (the user's stop).
 */
export function stoppedBy(signal: AbortSignal): MtlError {
  return signal.reason === RUN_INTERRUPTED
    ? new MtlError(
        'TRAINING_INTERRUPTED',
        'Training was interrupted: the studio stopped before the run finished.',
      )
    : trainingCancelledError();
}

/** Anything thrown by training, as an MtlError (unknown errors: TRAINING_FAILED). */
function asMtlError(err: unknown): MtlError {
  if (err instanceof MtlError) return err;
  return new MtlError('TRAINING_FAILED', err instanceof Error ? err.message : String(err));
}

/**
 * Checks a training configuration's ranges (zod schema in src/shared/schemas.ts).
 * @throws MtlError('BAD_REQUEST') naming each bad field and its value.
 */
export function validateConfig(config: TrainConfig): void {
  const parsed = trainConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new MtlError(
      'BAD_REQUEST',
      `Invalid training options: ${describeIssues(parsed.error, config)}.`,
    );
  }
}
