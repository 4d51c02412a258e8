/**
 * One training job from raw columns to scored, serialised model: fit preprocessing on the
 * training split, train, predict the test split, score each task. Runs inside the training
 * child process (see worker/trainingWorker.ts) or in-process for tests and the CLI.
 */
import type {
  AutoProgress,
  AutoSearch,
  ColumnType,
  EpochRecord,
  SplitName,
  TaskMetrics,
  TrainConfig,
} from '../../shared/domain';
import { formatBackend } from '../../shared/backendText';
import { MtlError, trainingCancelledError } from '../../shared/errors';
import { selectBackend } from './backend';
import { FMA_KERNEL_FILE, kernelModule } from './kernel/wasmModule';
import type { PauseControl } from './pause';
import type { AutoEndControl } from './autoEnd';
import type { MultiTaskNetwork } from './architectures/types';
import {
  checkImageShape,
  fitImagePreprocessing,
  imageRows,
  imageSize,
  type ImagePreprocessing,
  type ImageShape,
} from './images';
import { jobFingerprint, type CheckpointPolicy } from './checkpoint';
import { addDecisionBiases, tuneDecisionBiases } from './decisionBias';
import { computeTaskMetrics } from './metrics';
import {
  networkTopology,
  serializeWeights,
  type NetworkTopology,
  type SerializedWeights,
} from './modelIO';
import {
  encodeLabels,
  fitPreprocessing,
  transform,
  type FittedPreprocessing,
  type RawCell,
  type RawColumn,
} from './preprocessing';
import {
  fitStreamedImages,
  predictStreamedImages,
  streamedEvaluationSet,
  streamedImageBatches,
  type PixelReader,
  type StreamedImages,
} from './imageStreaming';
import {
  inMemoryBatches,
  predictProbabilities,
  trainFromSource,
  type SourceData,
  type TrainingTask,
  type TrainOutcome,
} from './trainer';

/**
 * Image inputs of a job: one image per row, decoded and resized to one shape; held in
 * memory (`pixels`) or read in chunks through the job's {@link PixelReader}
 * (`TrainingJobHooks.pixels`) when `pixels` is absent — same batches, same result.
 */
export interface ImageJobInput {
  /** [n, height, width, channels] bytes, NHWC, 0…255, in row order (row i = rowIds[i]). */
  pixels?: Uint8Array;
  shape: ImageShape;
  /** Streamed images: pixel bytes per read (default 8 MiB). */
  chunkBytes?: number;
  /** Streamed images: most bytes of validation images held in memory (default 64 MiB). */
  maxValidationBytes?: number;
}

/** Input of a training job. All arrays are indexed by the same n rows. */
export interface TrainingJobInput {
  /** [n] row ids (as stored), used to label predictions. */
  rowIds: number[];
  /** [n] split of each row. */
  assignment: SplitName[];
  /** Input columns (not targets, not ignored); not used when `image` is given. */
  inputs: RawColumn[];
  /**
   * Image inputs: the network reads these pixels (scaled per channel on the training split,
   * engine/images.ts) instead of table columns; use with `config.trunk` 'cnn' (or 'mlp',
   * an MLP on the pixels).
   */
  image?: ImageJobInput;
  /** Tasks with their target column's raw values [n] and type. */
  targets: { task: TrainingTask; type: ColumnType; values: RawCell[] }[];
  config: TrainConfig;
  /**
   * Auto (engine/autoSelect.ts): search the configuration on validation data within this
   * budget first (with `brackets` Hyperband brackets per sweep, default 1); `config` is then
   * only the base the search starts from.
   */
  auto?: { budgetSeconds: number; seed: number; brackets?: number };
  /**
   * A refit on every row (a cross-validation's final model, services/finalModel.ts): each
   * task trains for its `stopAfter` epochs (the run for the most of them, `config.epochs`)
   * without early stopping, its last weights kept — Auto's refit (engine/autoSelect.ts
   * runAutoJob, `keepLast` and `stopAfter` of {@link trainAndScore}).
   */
  refit?: { stopAfter: Record<string, number> };
  /**
   * Save checkpoints this often, through `TrainingJobHooks.onCheckpoint` (not for Auto jobs,
   * whose search cannot be resumed). Absent: none.
   */
  checkpoints?: CheckpointPolicy;
  /**
   * Continue from this checkpoint (as `onCheckpoint` gave it) instead of from epoch 1: the
   * same input must be given (the same rows, split, labels and configuration; else
   * MtlError('CHECKPOINT_INVALID')).
   */
  resumeFrom?: Uint8Array;
}

/** Test-split probabilities of one task. */
export interface TaskPredictions {
  task: string;
  /** Row ids of the labelled test rows, ascending. */
  rowIds: number[];
  /** Row-major [rowIds.length, numClasses] probabilities. */
  probs: Float32Array;
  numClasses: number;
}

/** Output of a training job. */
export interface TrainingJobResult {
  backend: string;
  epochs: EpochRecord[];
  bestEpoch: number;
  /** Each task's kept epoch (all equal when the tasks share weights). */
  bestEpochPerTask?: Record<string, number>;
  results: Record<string, TaskMetrics>;
  predictions: TaskPredictions[];
  topology: NetworkTopology;
  preprocessing: FittedPreprocessing;
  weights: SerializedWeights;
  /** MMoE / PLE: mean gate weight per task and expert on the validation split, final model. */
  gates?: Record<string, number[]>;
  /** Auto: what the search tried and chose (`config` of the topology is the chosen one). */
  search?: AutoSearch;
}

/** Callbacks of a job. */
export interface TrainingJobHooks {
  /** Called once training starts with the backend's description (naming the fused kernel when it runs the steps). */
  onBackend?: (description: string) => void;
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  signal?: AbortSignal;
  /** Pauses and resumes training between mini-batches. */
  pause?: PauseControl;
  /**
   * Auto: "End search now" (engine/autoEnd.ts; engine/autoSelect.ts SearchOptions.end);
   * ignored by a job that is not Auto.
   */
  endSearch?: AutoEndControl;
  /** Auto: as each phase starts and after each configuration tried (the search's progress). */
  onAutoProgress?: (progress: AutoProgress) => void;
  /** Reads stored images by row id: required when `input.image` has no `pixels`. */
  pixels?: PixelReader;
  /**
   * Receives each checkpoint (engine/checkpoint.ts, encoded) after its epoch's record, when
   * `input.checkpoints` asks for them; training waits for the returned promise.
   */
  onCheckpoint?: (checkpoint: Uint8Array, epoch: number) => void | Promise<void>;
}

/** Row indices of each split. */
export function splitIndices(assignment: SplitName[]): Record<SplitName, Int32Array> {
  const lists: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  assignment.forEach((s, i) => lists[s].push(i));
  return {
    train: Int32Array.from(lists.train),
    validation: Int32Array.from(lists.validation),
    test: Int32Array.from(lists.test),
  };
}

/** What a job trains on: the fitted preprocessing, the data, and how to predict rows. */
interface JobData {
  preprocessing: FittedPreprocessing;
  numFeatures: number;
  source: SourceData;
  /** Per task, row-major [rows.length, k] probabilities of the network for some rows. */
  predict(network: MultiTaskNetwork, rows: Int32Array): Promise<Float32Array[]>;
}

/**
 * The preprocessing of an image job: the image scaling (fitted on its training images);
 * table columns are skipped. Auto's search builds its own with it (engine/autoJob.ts), so
 * that its chosen run's preprocessing compares equal to the final model's.
 */
export function imagePreprocessing(
  input: TrainingJobInput,
  image: ImagePreprocessing,
): FittedPreprocessing {
  return {
    version: 1,
    encoders: [],
    featureNames: [],
    skipped: input.inputs.map((c) => ({ column: c.name, reason: 'the network reads the images' })),
    image,
  };
}

/**
 * The data of a job held in memory: for tables, the preprocessing fitted on the training
 * rows and the features [n, numFeatures]; for images, the per-channel scaling fitted on the
 * training images (in `preprocessing.image`) and the pixels themselves.
 * @throws MtlError('BAD_REQUEST') for no usable column, or pixels of another size.
 */
function inMemoryData(
  input: TrainingJobInput,
  splits: Record<SplitName, Int32Array>,
  labels: Int32Array[],
): JobData {
  let preprocessing: FittedPreprocessing;
  let features: Float32Array | Uint8Array;
  let numFeatures: number;
  if (!input.image?.pixels) {
    preprocessing = fitPreprocessing(input.inputs, splits.train);
    const columns = Object.fromEntries(input.inputs.map((c) => [c.name, c.values]));
    features = transform(preprocessing, columns);
    numFeatures = preprocessing.featureNames.length;
  } else {
    const { pixels, shape } = input.image;
    const n = imageRows(pixels, shape);
    if (n !== input.rowIds.length)
      throw new MtlError('BAD_REQUEST', `Got ${n} images for ${input.rowIds.length} rows.`);
    preprocessing = imagePreprocessing(input, fitImagePreprocessing(pixels, shape, splits.train));
    features = pixels;
    numFeatures = imageSize(shape);
  }
  const image = preprocessing.image;
  const data = { features, numFeatures, image, labels, ...splits };
  return {
    preprocessing,
    numFeatures,
    source: {
      numFeatures,
      image,
      batches: inMemoryBatches(data),
      validation: {
        features,
        labels,
        rows: splits.validation.length > 0 ? splits.validation : splits.train,
      },
    },
    predict: async (network, rows) =>
      predictProbabilities(network, features, numFeatures, rows, image),
  };
}

/**
 * The data of an image job whose pixels stay in the store: scaling fitted over the
 * training images read in chunks, validation images in memory (capped), training batches
 * and test predictions read in chunks (engine/imageStreaming.ts).
 * @throws MtlError('BAD_REQUEST') without a pixel reader, and what the reader throws.
 */
async function streamedData(
  input: TrainingJobInput,
  splits: Record<SplitName, Int32Array>,
  labels: Int32Array[],
  reader: PixelReader | undefined,
): Promise<JobData> {
  const { shape, chunkBytes, maxValidationBytes } = input.image!;
  if (!reader) {
    throw new MtlError(
      'BAD_REQUEST',
      'Image inputs without pixels need a pixel reader to stream them from the store.',
    );
  }
  checkImageShape(shape);
  const images: StreamedImages = { reader, shape, rowIds: input.rowIds, chunkBytes };
  const image = await fitStreamedImages(images, splits.train);
  const scored = splits.validation.length > 0 ? splits.validation : splits.train;
  const numFeatures = imageSize(shape);
  return {
    preprocessing: imagePreprocessing(input, image),
    numFeatures,
    source: {
      numFeatures,
      image,
      batches: streamedImageBatches(images, splits.train, labels),
      validation: await streamedEvaluationSet(images, scored, labels, maxValidationBytes),
    },
    predict: (network, rows) => predictStreamedImages(network, images, rows, image),
  };
}

/**
 * Runs a whole training job.
 * @throws MtlError('BAD_REQUEST' | 'TASK_INVALID' | 'TRAINING_CANCELLED' | 'TRAINING_FAILED'
 *   | 'BACKEND_UNAVAILABLE') with a message saying what was wrong.
 */
export async function runTrainingJob(
  input: TrainingJobInput,
  hooks: TrainingJobHooks = {},
): Promise<TrainingJobResult> {
  const n = input.rowIds.length;
  if (input.assignment.length !== n) {
    throw new MtlError('BAD_REQUEST', `Split has ${input.assignment.length} rows, the data ${n}.`);
  }
  if (input.targets.length === 0)
    throw new MtlError('BAD_REQUEST', 'A training run needs at least one task.');
  const splits = splitIndices(input.assignment);
  return trainAndScore(
    input,
    input.config,
    splits.train,
    splits.validation,
    hooks,
    input.refit ? { keepLast: true, stopAfter: input.refit.stopAfter } : {},
  );
}

/** Options of {@link trainAndScore}. */
export interface ScoreOptions {
  /** Keep the last epoch's weights instead of the best validation epoch's. */
  keepLast?: boolean;
  /** With `keepLast`: each task's epoch to stop after (engine/trainer.ts TrainOptions). */
  stopAfter?: Record<string, number>;
  /**
   * Auto: the search that chose `config`, returned with the result (its `search`) as is.
   * No caller passes it at present: runAutoJob adds its search, with the final model's
   * scores, to the result itself.
   */
  search?: AutoSearch;
  /** Add per-class decision offsets tuned on the validation rows (engine/decisionBias.ts). */
  decisionBiases?: boolean;
  /**
   * A network already trained on these rows with this configuration, and the preprocessing
   * its features came from: scored instead of training again (owned by the call).
   */
  trained?: { outcome: TrainOutcome; preprocessing: FittedPreprocessing };
}

/**
 * Trains `config` on the `train` rows (early stopping on `validation`; with `keepLast`, the
 * last epoch's weights are kept), then predicts and scores the test rows of
 * `input.assignment`. Preprocessing is fitted on the `train` rows only.
 * With `options.decisionBiases`, per-class offsets that maximise validation macro-F1 are
 * added to the trained model's logits before the test rows are scored (engine/decisionBias.ts).
 * With `options.trained` — a network already trained with `config` on these `train` rows,
 * early stopping on these `validation` rows, from features of this same preprocessing (Auto's
 * chosen normal run, engine/autoSelect.ts) — that network is the model: it is not trained
 * again, its epoch records go to `hooks.onEpoch` as a run's would, and this call owns (and
 * disposes) it. Should the preprocessing fitted here differ from the one it was trained with
 * (it cannot by construction), it is disposed and `config` trained as usual.
 * @param train, validation row indices into the n rows of `input`.
 * @throws as {@link runTrainingJob}.
 */
export async function trainAndScore(
  input: TrainingJobInput,
  config: TrainConfig,
  train: Int32Array,
  validation: Int32Array,
  hooks: TrainingJobHooks = {},
  options: ScoreOptions = {},
): Promise<TrainingJobResult> {
  let trained = options.trained?.outcome;
  try {
    return await scoreJob(input, config, train, validation, hooks, options, () => {
      const reuse = trained;
      trained = undefined;
      return reuse;
    });
  } finally {
    trained?.network.dispose();
  }
}

/** {@link trainAndScore}; `takeTrained` hands over the already trained network, once. */
async function scoreJob(
  input: TrainingJobInput,
  config: TrainConfig,
  train: Int32Array,
  validation: Int32Array,
  hooks: TrainingJobHooks,
  options: ScoreOptions,
  takeTrained: () => TrainOutcome | undefined,
): Promise<TrainingJobResult> {
  const backend = await selectBackend(config.backend);
  // The backend's text when the fused kernel runs the training steps; on its relaxed-SIMD
  // build it says so (fused multiply-adds in every matrix product, dense layers included
  // since #14: other floats than the plain build's).
  const loaded = kernelModule();
  const withKernel = formatBackend({
    ...backend.details,
    fusedKernel: true,
    ...(loaded && 'file' in loaded && loaded.file === FMA_KERNEL_FILE
      ? { fusedMultiplyAdd: true }
      : {}),
  });
  const splits = { ...splitIndices(input.assignment), train, validation };
  const labels = input.targets.map((t) => encodeLabels(t.values, t.task.classes, t.type));
  const tasks = input.targets.map((t) => t.task);
  const data =
    input.image && !input.image.pixels
      ? await streamedData(input, splits, labels, hooks.pixels)
      : inMemoryData(input, splits, labels);
  const { preprocessing, numFeatures } = data;
  const image = preprocessing.image;

  // A cancel is honoured as the trainer honours it, also where nothing trains (the kept
  // network's epochs replayed, its offsets tuned, the test rows scored).
  const cancelled = () => {
    if (hooks.signal?.aborted) throw trainingCancelledError();
  };
  const given = options.trained;
  const same =
    given !== undefined && JSON.stringify(given.preprocessing) === JSON.stringify(preprocessing);
  if (same) {
    // Reported as a run reports them while it trains.
    const engine = given.outcome.stepEngine;
    hooks.onBackend?.(engine === 'fused-kernel' ? withKernel : backend.description);
    for (const record of given.outcome.epochs) {
      cancelled();
      await hooks.onEpoch?.(record);
    }
  }
  const taken = given ? takeTrained() : undefined;
  const reused = same ? taken : undefined;
  if (taken && !reused) taken.network.dispose();
  // The kept network is the outcome; otherwise the configuration trains here.
  const trainOrKeep: typeof trainFromSource = reused ? async () => reused : trainFromSource;
  const outcome = await trainOrKeep(data.source, {
    tasks,
    config,
    keepLast: options.keepLast,
    stopAfter: options.stopAfter,
    checkpoints:
      input.checkpoints || input.resumeFrom
        ? {
            // What the run trains on; a checkpoint of other data or options is refused.
            fingerprint: jobFingerprint([
              config,
              tasks,
              Float64Array.from(input.rowIds),
              splits.train,
              splits.validation,
              splits.test,
              ...labels,
              preprocessing,
              numFeatures,
              // A refit's per-task epoch counts: a checkpoint of other counts is refused too.
              // Only a refit adds them, so a normal run's checkpoint from an earlier version
              // keeps its fingerprint and still resumes.
              ...(options.keepLast || options.stopAfter
                ? [
                    options.keepLast ?? false,
                    options.stopAfter
                      ? Object.entries(options.stopAfter).sort(([a], [b]) =>
                          a < b ? -1 : a > b ? 1 : 0,
                        )
                      : null,
                  ]
                : []),
            ]),
            policy: input.checkpoints,
            onCheckpoint: hooks.onCheckpoint,
            resumeFrom: input.resumeFrom,
          }
        : undefined,
    onEpoch: hooks.onEpoch,
    signal: hooks.signal,
    pause: hooks.pause,
    // Reported once the step engine is known: the backend and whether the kernel runs.
    onStepEngine: (engine) =>
      hooks.onBackend?.(engine === 'fused-kernel' ? withKernel : backend.description),
  });
  try {
    cancelled();
    // Per-class offsets for macro-F1 chosen on the validation rows (engine/decisionBias.ts).
    if (options.decisionBiases && splits.validation.length > 0) {
      const valProbs = await data.predict(outcome.network, splits.validation);
      addDecisionBiases(
        outcome.network,
        tasks,
        tasks.map((task, t) =>
          tuneDecisionBiases(
            valProbs[t],
            Int32Array.from(splits.validation, (row) => labels[t][row]),
            task.classes.length,
          ),
        ),
      );
    }
    cancelled();
    const probs = await data.predict(outcome.network, splits.test);
    cancelled();
    const results: Record<string, TaskMetrics> = {};
    const predictions: TaskPredictions[] = tasks.map((task, t) => {
      const k = task.classes.length;
      const keep: number[] = [];
      splits.test.forEach((row, i) => {
        if (labels[t][row] >= 0) keep.push(i);
      });
      const taskProbs = new Float32Array(keep.length * k);
      keep.forEach((i, j) => taskProbs.set(probs[t].subarray(i * k, (i + 1) * k), j * k));
      const yTrue = keep.map((i) => labels[t][splits.test[i]]);
      if (keep.length > 0) results[task.name] = computeTaskMetrics(yTrue, taskProbs, task.classes);
      return {
        task: task.name,
        rowIds: keep.map((i) => input.rowIds[splits.test[i]]),
        probs: taskProbs,
        numClasses: k,
      };
    });
    return {
      backend: outcome.stepEngine === 'fused-kernel' ? withKernel : backend.description,
      epochs: outcome.epochs,
      bestEpoch: outcome.bestEpoch,
      bestEpochPerTask: outcome.bestEpochPerTask,
      results,
      predictions,
      topology: networkTopology(outcome.network, config, numFeatures, tasks, image),
      preprocessing,
      weights: serializeWeights(outcome.network),
      ...(outcome.gates ? { gates: outcome.gates } : {}),
      ...(options.search ? { search: options.search } : {}),
    };
  } finally {
    outcome.network.dispose();
  }
}
