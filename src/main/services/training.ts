/**
 * Training runs: prepare the data of a dataset's tasks and split, train in a child process
 * (or in-process), and store epochs, test results, predictions and the model.
 */
import {
  DEFAULT_TRAIN_CONFIG,
  type AutoProgress,
  type DatasetInfo,
  type EpochRecord,
  type RunInfo,
  type SplitInfo,
  type SplitName,
  type TrainConfig,
} from '../../shared/domain';
import { MtlError, reasonDetails, trainingCancelledError } from '../../shared/errors';
import { describeIssues, trainConfigSchema } from '../../shared/schemas';
import { runAutoJob } from '../engine/autoSelect';
import { DEFAULT_CHECKPOINT_POLICY, type CheckpointPolicy } from '../engine/checkpoint';
import {
  runTrainingJob,
  type ImageJobInput,
  type TrainingJobHooks,
  type TrainingJobInput,
  type TrainingJobResult,
} from '../engine/job';
import type { PauseControl } from '../engine/pause';
import type { RawColumn } from '../engine/preprocessing';
import { withScaledSchedule } from '../engine/schedule';
import { DEFAULT_FRACTIONS, type SplitFractions } from '../engine/split';
import { isProcessEnded, startTrainingProcess } from '../engine/worker/trainingProcess';
import { defaultBusyRetry, retryWhileBusy, RunWrites, type BusyRetry } from './trainingWrites';
import type { ProjectStore } from '../store/projectStore';
import { checkpointPolicyColumns } from '../store/trainingCheckpoints';
import type { AutoTrainRequest } from './autoTraining';
import { imageInputOf, storePixelReader } from './assets';
import { assignNewlyLabelledRows, labelVersionsOf } from './labels';
import { createSplit } from './splits';

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

/**
 * Where the pixels of an image run live while it trains: 'memory' (read once, sent to the
 * training process), 'stream' (read from the project file in chunks, every epoch; bounded
 * memory whatever the data set's size), or 'auto' (default): memory up to
 * {@link IMAGE_MEMORY_BYTES} of pixels, else stream. Both give the same result.
 */
export type ImageFeed = 'auto' | 'memory' | 'stream';

/** Pixel bytes of a run's images up to which 'auto' holds them in memory (32 MiB). */
export const IMAGE_MEMORY_BYTES = 32 * 2 ** 20;

/** Callbacks while a run trains. */
export interface TrainHooks {
  /**
   * The run as it starts (status 'running'); from a resume (trainingResume.ts), with the
   * checkpoint policy it trains with in `checkpointPolicy`.
   */
  onStarted?: (run: RunInfo) => void;
  onBackend?: (description: string) => void;
  onEpoch?: (runId: number, record: EpochRecord) => void;
  /** 'process' (default) trains in a child process; 'in-process' in this one. */
  mode?: 'process' | 'in-process';
  signal?: AbortSignal;
  /** Pauses and resumes the run between mini-batches. */
  pause?: PauseControl;
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
 * The shared trunk of a run on this dataset: the requested one, by default 'cnn' for an
 * image dataset and 'mlp' for a table.
 * @throws MtlError('BAD_REQUEST') for 'cnn' on a table or 'mlp' on images.
 */
export function trunkFor(
  dataset: DatasetInfo,
  requested?: TrainConfig['trunk'],
): TrainConfig['trunk'] {
  const image = imageInputOf(dataset);
  const trunk = requested ?? (image ? 'cnn' : 'mlp');
  if (image && trunk === 'mlp') {
    throw new MtlError(
      'BAD_REQUEST',
      `Dataset "${dataset.name}" holds images (column "${image.name}"); train it with trunk 'cnn' (an MLP trunk reads table columns, not pixels).`,
    );
  }
  if (!image && trunk === 'cnn') {
    throw new MtlError(
      'BAD_REQUEST',
      `Trunk 'cnn' needs images, and dataset "${dataset.name}" is a table (no image input column); use trunk 'mlp'.`,
    );
  }
  return trunk;
}

/**
 * Returns the dataset's latest split, or creates one: seeded, stratified on the first
 * task's target column (rows missing that label form their own stratum), over the rows
 * that carry at least one task label — rows labelled later join it without moving any row
 * (see assignNewlyLabelledRows in services/labels.ts). Made by services/splits.ts; with
 * `fresh`, a stored split with the same seed, fractions, stratification and rows is
 * returned instead of a copy.
 * @throws MtlError('SPLIT_INVALID') on bad fractions.
 */
export async function ensureSplit(
  store: ProjectStore,
  datasetId: number,
  options: { seed?: number; fractions?: SplitFractions; fresh?: boolean } = {},
): Promise<SplitInfo> {
  if (!options.fresh) {
    const latest = await store.splits.latest(datasetId);
    if (latest) return latest;
  }
  const [first] = await store.tasks.list(datasetId);
  return createSplit(
    store,
    datasetId,
    {
      seed: options.seed ?? 42,
      fractions: options.fractions ?? DEFAULT_FRACTIONS,
      stratifyTask: first?.name ?? null,
    },
    // Without `fresh`: another run may have made the dataset's first split meanwhile.
    options.fresh ? 'identical' : 'any',
  );
}

/** A task without a labelled row in the test split (a run could not score it). */
export interface UnlabelledTask {
  task: string;
  /** Its labelled rows in the split (none of them in the test split). */
  labelled: number;
  /** The split's rows in all. */
  rows: number;
}

/**
 * The details of {@link prepareJob}'s SPLIT_INVALID error for tasks without a labelled row
 * in the test split: `task`, `labelled`, `rows` of the first such task, and `unlabelled`,
 * every such task among those asked for, in their order.
 */
export interface UnscoredTasksDetails extends UnlabelledTask {
  unlabelled: UnlabelledTask[];
}

/**
 * The tasks that have no labelled row in the test split, in the order given.
 * @param tasks each task's labels over the split's rows ([n], null: unlabelled).
 * @param assignment [n] the split of each of those rows.
 */
function unscoredTasks(
  tasks: { task: string; labels: readonly unknown[] }[],
  assignment: readonly SplitName[],
): UnlabelledTask[] {
  return tasks.flatMap(({ task, labels }) =>
    assignment.some((s, i) => s === 'test' && labels[i] !== null)
      ? []
      : [{ task, labelled: labels.filter((v) => v !== null).length, rows: assignment.length }],
  );
}

/**
 * Reads what a training job needs from the store: input columns (role 'input'), the tasks'
 * target columns and the split, all aligned by row; for an image dataset, the shape of its
 * decoded pixels and, unless they are to be streamed (`images`, see {@link ImageFeed}), the
 * pixels themselves ([rows, height, width, channels] in row order).
 * @throws MtlError('TASK_INVALID') for an unknown task name, a static weight for a task not
 *   trained ({@link checkTaskWeights}) or a dataset without tasks;
 *   MtlError('SPLIT_INVALID') when a task has no labelled row in the test split (details:
 *   {@link UnscoredTasksDetails});
 *   MtlError('NOT_FOUND') for an image dataset without decoded pixels.
 */
export async function prepareJob(
  store: ProjectStore,
  datasetId: number,
  taskNames: string[] | undefined,
  splitId: number,
  config: TrainConfig,
  images: ImageFeed = 'auto',
): Promise<TrainingJobInput> {
  const [dataset, allTasks, split] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
    store.splits.assignment(splitId),
  ]);
  if (allTasks.length === 0) {
    throw new MtlError(
      'TASK_INVALID',
      `Dataset "${dataset.name}" has no task yet; define at least one.`,
    );
  }
  const tasks = taskNames
    ? taskNames.map((name) => {
        const t = allTasks.find((x) => x.name === name);
        if (!t) {
          throw new MtlError(
            'TASK_INVALID',
            `No task "${name}" on dataset "${dataset.name}"; tasks: ${allTasks.map((x) => x.name).join(', ')}.`,
          );
        }
        return t;
      })
    : allTasks;
  checkTaskWeights(
    config,
    tasks.map((t) => t.name),
  );
  // Every task's target is excluded from the inputs, even when not trained in this run.
  const targetColumns = new Set(allTasks.map((t) => t.targetColumn));
  const imageColumn = imageInputOf(dataset);
  // Images: other input columns are listed as skipped (the network reads the pixels).
  const inputColumns = dataset.columns.filter(
    (c) => c.role === 'input' && !targetColumns.has(c.name) && c !== imageColumn,
  );
  const names = [
    ...new Set([...inputColumns.map((c) => c.name), ...tasks.map((t) => t.targetColumn)]),
  ];
  const { rowIds, values } = await store.datasets.readColumns(datasetId, names);
  const splitOf = new Map(split.rowIds.map((id, i) => [id, split.assignment[i]]));
  // Rows outside the split carry no label (labelled rows join it before training): skip them.
  const kept: number[] = [];
  const assignment: SplitName[] = [];
  rowIds.forEach((id, i) => {
    const s = splitOf.get(id);
    if (s) {
      kept.push(i);
      assignment.push(s);
    } else if (tasks.some((t) => values[t.targetColumn][i] !== null)) {
      throw new MtlError('SPLIT_INVALID', `Row ${id} has no split; create a new split.`);
    }
  });
  const keep = <T>(column: T[]): T[] =>
    kept.length === column.length ? column : kept.map((i) => column[i]);
  const inputs: RawColumn[] = inputColumns.map((c) => ({
    name: c.name,
    type: c.type,
    values: keep(values[c.name]),
  }));
  // A run is scored on the test split: refuse one that could not be (tiny datasets).
  const unscored = unscoredTasks(
    tasks.map((t) => ({ task: t.name, labels: keep(values[t.targetColumn]) })),
    assignment,
  );
  if (unscored.length > 0) {
    const [first] = unscored;
    const details: UnscoredTasksDetails = { ...first, unlabelled: unscored };
    throw new MtlError(
      'SPLIT_INVALID',
      `Task "${first.task}" has no labelled row in the test split (${first.rows} rows in all), so the run could not be scored; add rows or label more of them.`,
      details as unknown as Record<string, unknown>,
    );
  }
  const keptRowIds = keep(rowIds);
  return {
    rowIds: keptRowIds,
    assignment,
    inputs,
    ...(imageColumn
      ? { image: await imageInput(store, dataset, imageColumn.name, keptRowIds, images) }
      : {}),
    targets: tasks.map((t) => ({
      task: { name: t.name, classes: t.classes },
      type: dataset.columns.find((c) => c.name === t.targetColumn)!.type,
      values: keep(values[t.targetColumn]),
    })),
    // Stored as run: the patience as scaled to this training split's size.
    config: withScaledSchedule(
      withTaskWeights(config, tasks),
      assignment.filter((s) => s === 'train').length,
    ),
  };
}

/**
 * The image input of a job: the decoded pixels' shape and, held in memory, their bytes.
 * @throws MtlError('NOT_FOUND') when the dataset has no decoded pixels.
 */
async function imageInput(
  store: ProjectStore,
  dataset: DatasetInfo,
  column: string,
  rowIds: number[],
  feed: ImageFeed,
): Promise<ImageJobInput> {
  const settings = await store.assets.pixelSettings(dataset.id, column);
  if (!settings) {
    throw new MtlError(
      'NOT_FOUND',
      `Dataset "${dataset.name}" has no decoded pixels for its image column "${column}"; import the images again.`,
    );
  }
  const shape = { height: settings.height, width: settings.width, channels: settings.channels };
  const bytes = rowIds.length * shape.height * shape.width * shape.channels;
  if (feed === 'stream' || (feed === 'auto' && bytes > IMAGE_MEMORY_BYTES)) return { shape };
  const pixels = await storePixelReader(store, dataset.id, column).read(rowIds);
  return { shape, pixels };
}

/**
 * Refuses a static weight (`config.taskWeights`, `--task-weight TASK=W`) for a task that is
 * not trained, before any run is stored: the weighting's own check (engine/weighting/
 * static.ts) runs only once the run trains, so a new user's `--task-weight nosuch=1` left a
 * failed run behind. Only with 'static' weighting, the one that reads the weights.
 * @param tasks the names of the tasks trained.
 * @throws MtlError('TASK_INVALID') naming the task and the tasks trained.
 */
export function checkTaskWeights(
  config: Pick<Partial<TrainConfig>, 'weighting' | 'taskWeights'>,
  tasks: readonly string[],
): void {
  if (config.weighting !== 'static' || !config.taskWeights) return;
  const unknown = Object.keys(config.taskWeights).find((name) => !tasks.includes(name));
  if (unknown !== undefined)
    throw new MtlError(
      'TASK_INVALID',
      `Static weight for unknown task "${unknown}"; tasks: ${tasks.join(', ')}.`,
    );
}

/**
 * For 'static' weighting, fills `taskWeights` from each task's stored weight (TaskInfo.weight)
 * where the request gave none; the request's weights win. Other weightings: unchanged.
 */
function withTaskWeights(
  config: TrainConfig,
  tasks: { name: string; weight: number | null }[],
): TrainConfig {
  if (config.weighting !== 'static') return config;
  const stored = Object.fromEntries(
    tasks.flatMap((t) => (t.weight === null ? [] : [[t.name, t.weight] as const])),
  );
  return { ...config, taskWeights: { ...stored, ...config.taskWeights } };
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
 * written in order without holding training up; a write that finds the project locked by
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
    await writes.write(() =>
      store.training.updateRun(run.id, { status: 'running', startedAt: new Date().toISOString() }),
    );
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
 * @param begin the writes that mark the run as training, inside the run's error handling.
 * @returns the completed run.
 * @throws as {@link executeRun}.
 */
export async function superviseRun(
  store: ProjectStore,
  run: RunInfo,
  input: TrainingJobInput,
  hooks: TrainHooks,
  { writes, stop }: RunWriter,
  begin: () => Promise<void>,
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
  const onEpoch = (record: EpochRecord): void => {
    writes.progress(() => store.training.addEpoch(run.id, record));
    hooks.onEpoch?.(run.id, record);
  };
  let checkpoints = 0;
  const onCheckpoint = (checkpoint: Uint8Array, epoch: number): void => {
    const generation = ++checkpoints;
    writes.progress(async () => {
      // A newer checkpoint is queued behind this one (after its epochs): keep only that.
      if (generation === checkpoints)
        await store.training.checkpoints.save(run.id, epoch, checkpoint);
    });
  };
  const onAutoProgress: TrainingJobHooks['onAutoProgress'] = (progress) =>
    hooks.onAutoProgress?.(run.id, progress);
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    await begin();
    // A resumed run was stored interrupted, failed or cancelled: `begin` cleared its error,
    // end and best epoch (trainingCheckpoints.reopenRun), and so must the run the views hear
    // of, or they keep showing "Training was interrupted" over the running run.
    hooks.onStarted?.({
      ...run,
      status: 'running',
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
        finishedAt: new Date().toISOString(),
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
          finishedAt: new Date().toISOString(),
          error: cause.message,
          errorCode: cause.code,
        }),
      )
      .catch(() => undefined);
    throw cause;
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

/** What restarting a stopped run trains: a plain run, or an Auto search (see {@link restartRequest}). */
export type RestartRequest =
  { kind: 'train'; request: TrainRequest } | { kind: 'auto'; request: AutoTrainRequest };

/**
 * The request that trains a stopped run again with the same dataset, tasks, split and
 * configuration (recording which run it restarts). An Auto run restarts as Auto: a new
 * search with its budget, seed and brackets, from its stored configuration (the search's
 * base while it had not chosen; the chosen one, whose fields the search does not draw are
 * the base's, once it had).
 *
 * A plain run keeps the stopped one's checkpoint policy (`request.checkpoints`; a run stored
 * before schema v14 has none recorded and gets {@link DEFAULT_CHECKPOINT_POLICY}, as its
 * resume would; never the caller's); an Auto run saves none, as every Auto run. To continue a
 * run from its checkpoint instead: services/trainingResume.ts.
 * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run that
 *   is still queued or running, or completed (duplicate its configuration instead), for a
 *   fold run of a cross-validation, and for an Auto run stored without its search's
 *   settings (created by an earlier build; reason AUTO_RESTART_NO_SETTINGS, its RunInfo has
 *   `autoSettingsMissing`).
 */
export async function restartRequest(store: ProjectStore, runId: number): Promise<RestartRequest> {
  const run = await store.training.getRun(runId);
  if (run.status === 'queued' || run.status === 'running' || run.status === 'completed') {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is ${run.status}; only an interrupted, cancelled or failed run can be restarted`,
    );
  }
  if (run.fold) {
    // Restarted on its own it would train a plain run on the fold's split, outside its
    // cross-validation (which would stay short of that fold).
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is a fold of cross-validation CV${run.fold.evaluationId}; a fold is not restarted on its own: start the cross-validation again (train --evaluation cv, or Cross-validation in the Train view), on the same stored folds.`,
    );
  }
  if (run.auto) {
    const settings = await store.training.autoSettings(run.id);
    if (settings === null) {
      // Its stored config is only Auto's base: restarting it plainly would train one run.
      throw new MtlError(
        'BAD_REQUEST',
        `Run ${runId} is an Auto run stored without its search's budget; restarting it would train only its base configuration, not a search. Start Auto again instead (train --arch auto, or Auto in the Train view).`,
        reasonDetails('AUTO_RESTART_NO_SETTINGS', { id: runId }),
      );
    }
    return {
      kind: 'auto',
      request: {
        datasetId: run.datasetId,
        tasks: run.tasks,
        splitId: run.splitId,
        budgetSeconds: settings.budgetSeconds,
        seed: settings.seed,
        brackets: settings.brackets ?? 1,
        base: run.config,
        restartOf: run.id,
      },
    };
  }
  return {
    kind: 'train',
    request: {
      datasetId: run.datasetId,
      tasks: run.tasks,
      config: run.config,
      splitId: run.splitId,
      restartOf: run.id,
      // As a resume of it would (trainingResume.ts resumeCheckpointPolicy, nothing given).
      checkpoints: run.checkpointPolicy ?? DEFAULT_CHECKPOINT_POLICY,
    },
  };
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
