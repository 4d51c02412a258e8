/**
 * Domain types shared by the main process, the CLI and the renderer.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import type { ColumnNoteReason } from './columnNotes';
import type { ErrorCode } from './errors';

/** Inferred or user-chosen type of a column. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text' | 'image';

/** What a column is used for when a model is trained. */
export type ColumnRole = 'input' | 'target' | 'ignore';

/**
 * Default role of a column by its type alone: free text cannot feed the tabular engine, so
 * it starts as 'ignore'; everything else as 'input' (targets are chosen as tasks). The
 * import refines it from a column's statistics (a row index starts ignored too:
 * src/main/data/inference.ts defaultColumnRole); the wizard uses this for a type the user
 * picks.
 */
export function defaultRole(type: ColumnType): ColumnRole {
  return type === 'text' ? 'ignore' : 'input';
}

/** A split of the rows of a dataset. */
export type SplitName = 'train' | 'validation' | 'test';

/** One bar of a histogram: values in [lo, hi) (the last bin is closed). */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
}

/** Summary statistics of one column, computed over all rows at import time. */
export interface ColumnProfile {
  /** Number of rows where the value is missing (empty cell or NA-like token). */
  missing: number;
  /** Number of distinct non-missing values. */
  distinct: number;
  /** For numeric columns; null otherwise. Standard deviation is the sample std (n − 1). */
  numeric: {
    min: number;
    max: number;
    mean: number;
    std: number;
    histogram: HistogramBin[];
  } | null;
  /** Most frequent values (at most 20) with their counts, for non-numeric columns; null otherwise. */
  topCategories: { value: string; count: number }[] | null;
  /**
   * Import remark for the user, e.g. why a column that looks numeric was not read as one:
   * `mostly numeric; line 30002 has "oops" (1 of 30011 values does not parse)`.
   */
  note?: string;
  /**
   * What `note` says, as data, so the studio can say it in the user's language (and name
   * its own controls rather than the CLI's options). Absent in projects imported before it
   * existed: `note` is then shown as it is.
   */
  noteReason?: ColumnNoteReason;
  /**
   * For a boolean column whose file spells its values otherwise than "false"/"true": the
   * names its values go by, `[false name, true name]` (["no", "yes"]), the most frequent
   * spelling of each (src/main/data/cellValues.ts booleanNamesOfTexts). A task on the column
   * takes them as its classes. Absent for "false"/"true" and in projects imported before
   * spellings were kept: the names are then "false" and "true".
   */
  booleanNames?: [string, string];
  /** For image columns: the original files' sizes, channels and formats; absent otherwise. */
  image?: ImageColumnStats;
}

/** Min, max, mean and histogram of one size of the original images, in pixels. */
export interface ImageSizeStats {
  min: number;
  max: number;
  mean: number;
  histogram: HistogramBin[];
}

/**
 * Statistics of the original image files of an image column (before any resizing):
 * what the import decoded, so a user sees at a glance whether sizes, formats and colour
 * depths are as expected.
 */
export interface ImageColumnStats {
  /** Images counted (the column's non-missing cells). */
  count: number;
  /** Width and height of the originals in pixels (after EXIF orientation). */
  width: ImageSizeStats;
  height: ImageSizeStats;
  /** Images per channel count of the original: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: { value: number; count: number }[];
  /** Images per decoded format ('png', 'jpeg', 'webp', 'gif', 'bmp'), most frequent first. */
  formats: { value: string; count: number }[];
  /** Size of the original files in bytes. */
  bytes: { min: number; max: number; mean: number; total: number };
  /** Images whose content (SHA-256) equals that of an earlier image in the column. */
  duplicates: number;
}

/**
 * A value of a column's profile (`topCategories`) as shown to the user: a boolean column's
 * "true"/"false" in the file's own spelling (`profile.booleanNames`, e.g. "yes"/"no"), any
 * other value as it is.
 */
export function profileValueText(
  column: { type: ColumnType; profile: Pick<ColumnProfile, 'booleanNames'> },
  value: string,
): string {
  const names = column.profile.booleanNames;
  if (column.type !== 'boolean' || !names) return value;
  return value === 'true' ? names[1] : value === 'false' ? names[0] : value;
}

/** A column of an imported dataset. */
export interface ColumnInfo {
  /** 0-based position in the source file. */
  index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: ColumnProfile;
}

/**
 * Numeric columns of a dataset that together form an image (e.g. Fashion-MNIST's
 * `px0 … px783` as 28 × 28 × 1), declared by the user: shown as thumbnails, and the shape
 * a convolutional trunk reads.
 */
export interface PixelImage {
  /**
   * Column names in pixel order, [height, width, channels] row-major (tf.browser's
   * convention): the value of pixel (r, c), channel k is column `(r * width + c) * channels + k`.
   */
  columns: string[];
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
}

/**
 * Most columns a dataset can have: SQLite's default SQLITE_MAX_COLUMN is 2000 and each
 * dataset's row table adds `row_id`. Imports check it as soon as a header is read.
 */
export const MAX_DATASET_COLUMNS = 1999;

/** An imported dataset (one table of rows) in a project. */
export interface DatasetInfo {
  id: number;
  name: string;
  /** File name the rows came from (base name only, no machine path). */
  sourceName: string;
  encoding: string;
  delimiter: string;
  rowCount: number;
  columns: ColumnInfo[];
  /** ISO-8601 timestamp. */
  importedAt: string;
  /** Columns declared to form an image, or null. */
  pixelImage: PixelImage | null;
  /**
   * Changes whenever anything a page shows of the dataset changes — its name, columns
   * (roles, profiles, a task's new column), image setting or any cell (every label write,
   * undo and redo, also a swap that leaves the counts equal) — by this process or another;
   * equal between two reads means nothing of it changed, so a page keeps what it shows.
   * Unchanged by writes elsewhere (runs, epochs, splits). An opaque text (a SHA-1 in hex, 40
   * characters, of what is stored of the dataset): compare for equality only
   * (store/datasetVersions.ts). A damaged file, never written, keeps its versions.
   */
  contentVersion: string;
}

/** A classification task: one categorical target column and its ordered classes. */
export interface TaskInfo {
  id: number;
  datasetId: number;
  name: string;
  targetColumn: string;
  /** Ordered class labels; the class index used by the engine is the position here. */
  classes: string[];
  kind: 'binary' | 'multiclass';
  /** Optional static loss weight (used by static loss weighting); null = 1. */
  weight: number | null;
}

/** A stored train/validation/test assignment of a dataset's rows. */
export interface SplitInfo {
  id: number;
  datasetId: number;
  seed: number;
  /** Fractions of rows, summing to 1. */
  fractions: { train: number; validation: number; test: number };
  /** Name of the task column the split was stratified on, or null. */
  stratifiedOn: string | null;
  counts: { train: number; validation: number; test: number };
  createdAt: string;
}

/** Who set a label: a person, an import (file or CLI), or an accepted model suggestion. */
export type LabelSource = 'user' | 'import' | 'suggestion';

/**
 * One change of one label (a task's target cell of one row), as recorded in the audit
 * trail. Undo and redo are events too (compensating writes), never deletions.
 */
export interface LabelEvent {
  id: number;
  /** Events of one action share a batch and are undone together. */
  batch: number;
  rowId: number;
  /** Task name when written (null for events from before schema v5). */
  task: string | null;
  /** Target column of the task. */
  column: string;
  /** Stored cells before and after (null = missing). */
  oldValue: number | string | null;
  newValue: number | string | null;
  /** ISO-8601 time. */
  at: string;
  source: LabelSource;
  /** 'edit', or the undo / redo of the edit batch `reverts`. */
  action: 'edit' | 'undo' | 'redo';
  reverts: number | null;
}

/** The labels of one task as a run saw them when it started. */
export interface RunLabelVersion {
  task: string;
  /** The task's ordered classes at training time. */
  classes: string[];
  /** Rows labelled for the task. */
  labelled: number;
  /** SHA-256 (hex) of "row_id<TAB>label<LF>" over the labelled rows in row-id order. */
  hash: string;
  /** Newest label event of the dataset at training time (0: none). */
  lastEvent: number;
}

/** Architectures available to a training run. */
export type ArchitectureName = 'single-task' | 'hard-sharing' | 'mmoe' | 'ple' | 'cross-stitch';

/** How the per-task losses (or their gradients) are combined into one update. */
export type WeightingName = 'equal' | 'static' | 'uncertainty' | 'dwa' | 'gradnorm' | 'pcgrad';

/** Compute backends, in the order the engine tries them. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What a run's backend text says, part by part (worded by shared/backendText.ts). */
export interface BackendDetails {
  name: BackendName;
  /** wasm only: whether WebAssembly SIMD instructions are used. */
  simd?: boolean;
  /** wasm only: whether it runs on several threads (else one). */
  threads?: boolean;
  /** The tfjs-core version, e.g. "4.22.0"; null when the text does not say. */
  tfjsCore: string | null;
  /** Whether the fused WebAssembly kernel (engine/kernel) ran the training steps. */
  fusedKernel: boolean;
  /**
   * Whether that kernel was its relaxed-SIMD build (resources/kernels/fused-fma.wasm): the
   * multiply-adds of its matrix products (convolutions; dense layers too since #14; runs
   * stored before #14 say so of CNNs only) are then fused, so the floats differ from the plain
   * build's in the last bits (and between CPUs with and without FMA).
   */
  fusedMultiplyAdd?: boolean;
}

/** Everything that determines a training run (with the split and the tasks). */
export interface TrainConfig {
  arch: ArchitectureName;
  /** Maximum number of epochs (early stopping may end sooner). */
  epochs: number;
  /** Rows per mini-batch. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Seed for weight initialisation, shuffling and dropout. */
  seed: number;
  /**
   * Epochs without improvement of the early-stopping criterion before stopping; 0 disables
   * early stopping. Raised for small tables by `patienceSteps`.
   */
  patience: number;
  /**
   * What early stopping watches on the validation split: 'macroF1' (mean over the tasks
   * that stop together; ties broken by validation loss) or 'loss' (sum of the tasks'
   * validation losses). The weights of the best epoch are kept.
   */
  earlyStopping: 'macroF1' | 'loss';
  /**
   * Learning-rate schedule: 'plateau' halves it after every ⌊patience / 3⌋ epochs without
   * improvement (at most 3 times: down to lr / 8); 'none' keeps it constant.
   */
  lrSchedule: 'plateau' | 'none';
  /**
   * Early stopping waits at least this many optimizer steps: on a small table (few steps per
   * epoch) the patience becomes max(patience, ⌈patienceSteps / steps per epoch⌉) epochs
   * (engine/schedule.ts). 0 = patience exactly as given. The epoch cap is never raised.
   */
  patienceSteps: number;
  /**
   * Set on a run's stored configuration when `patienceSteps` raised its `patience`: the
   * patience as given (the Train form's or `--patience`) and the training rows it was scaled
   * to (engine/schedule.ts, withScaledSchedule). Absent when the patience is as given; never
   * read from a request.
   */
  patienceScaledFrom?: { patience: number; trainRows: number };
  /** Units of the shared trunk's hidden layers (or of each single-task network's trunk). */
  hiddenUnits: number[];
  /** Units of each task head's hidden layer; 0 = a linear head on top of the trunk. */
  headUnits: number;
  /** Dropout rate after each trunk layer, in [0, 1). */
  dropout: number;
  /** L2 penalty λ on kernel weights (λ·Σ‖W‖² added to the loss), in [0, 1). */
  weightDecay: number;
  /** Backend to force, or 'auto' for the first that loads. */
  backend: BackendName | 'auto';
  /** Loss weighting / gradient method; ignored by 'single-task' (its tasks share nothing). */
  weighting: WeightingName;
  /** Per-task loss weights of 'static' weighting (> 0; a task not listed weighs 1). */
  taskWeights?: Record<string, number>;
  /**
   * Per-task class weights of the cross-entropy: 'balanced' = n / (k · count_c) over the
   * training split's labelled rows (sklearn's compute_class_weight).
   */
  classWeights: 'none' | 'balanced';
  /** Experts of MMoE; shared experts per level of PLE. */
  numExperts: number;
  /** Units of each expert's MLP layers (MMoE, PLE). */
  expertUnits: number[];
  /** Stacked extraction layers of PLE (1 = CGC). */
  numLevels: number;
  /** Task-specific experts per task and level of PLE. */
  specificExperts: number;
  /**
   * The shared trunk's kind: 'mlp' (dense layers of `hiddenUnits` on the input features) or
   * 'cnn' (image inputs only: conv → ReLU → 2×2 max-pool blocks of `convFilters`, flattened,
   * then the dense layers; MMoE and PLE put their experts on its features). A configuration
   * saved before this field existed means 'mlp'.
   */
  trunk: 'mlp' | 'cnn';
  /** CNN trunk: filters of each conv block (a 'same' conv, ReLU, 2×2 max-pool with stride 2). */
  convFilters: number[];
  /** CNN trunk: side of the square conv kernels, 1–11 (e.g. 3; an even side pads 'same' as tfjs does, one more after). */
  convKernel: number;
  /** Image inputs: mirror training images left–right at random ('none' = never). */
  augmentFlip: 'none' | 'horizontal';
  /** Image inputs: largest random shift of training images, in pixels (0 = none). */
  augmentShift: number;
  /** Image inputs: largest random relative brightness change of training images (0 = none). */
  augmentBrightness: number;
}

/** Per-task numbers of one epoch. Losses are mean masked cross-entropy (nats per labelled row). */
export interface EpochTaskMetrics {
  trainLoss: number;
  valLoss: number;
  valAccuracy: number;
  valMacroF1: number;
}

/** One epoch of a run. */
export interface EpochRecord {
  epoch: number;
  /** Sum of the per-task training losses. */
  trainLoss: number;
  /** Sum of the per-task validation losses (the early-stopping criterion). */
  valLoss: number;
  tasks: Record<string, EpochTaskMetrics>;
  /** Wall-clock seconds the epoch took (training and validation). */
  seconds: number;
  /**
   * Loss weight of each task at the end of the epoch (weighting methods of shared
   * architectures; absent for single-task).
   */
  taskWeights?: Record<string, number>;
  /**
   * MMoE / PLE: per task, the mean gate weight of each expert over the validation split
   * (each row sums to 1), in the architecture's expert order.
   */
  gates?: Record<string, number[]>;
  /**
   * Single-task baseline: the tasks whose own network stopped early at this epoch (each
   * stops on its own), with the epoch whose weights it keeps and that epoch's validation
   * macro-F1. From the next epoch on, the task is left out of the records, so the summed
   * losses drop. Tasks stopped by Auto's budget deadline (the run's last epoch) are not named
   * here; the trainer's outcome says `stoppedForTime`.
   */
  stoppedTasks?: Record<string, { bestEpoch: number; valMacroF1: number }>;
}

/** Precision, recall and F1 of one class (one-vs-rest). */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Scores of one task on one split, computed from predictions. */
export interface TaskMetrics {
  /** Number of labelled rows scored. */
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  /** Binary ROC-AUC, or macro one-vs-rest ROC-AUC; null when undefined (a class absent). */
  rocAuc: number | null;
  /** Mean negative log-likelihood, natural log, probabilities clipped to [1e-15, 1 − 1e-15]. */
  logLoss: number;
  perClass: ClassMetrics[];
  /** confusion[i][j] = rows of true class i predicted as class j. */
  confusion: number[][];
}

/**
 * Where a run stands. 'cancelled': the user stopped it. 'interrupted': the process that
 * trained it stopped (the studio was shut down, or crashed) — it can be restarted with the
 * same configuration.
 */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/**
 * When a run saves checkpoints to resume from (engine/checkpoint.ts checkpointDue): after an
 * epoch that is both {@link everyEpochs} epochs and {@link minSeconds} seconds after the last
 * checkpoint (or the start of training, or of the resume).
 */
export interface CheckpointPolicy {
  /** After every this many epochs (≥ 1)… */
  everyEpochs: number;
  /** …but at most one per this many seconds since the last one (or the start; ≥ 0). */
  minSeconds: number;
}

/** A training run as stored in the project. */
export interface RunInfo {
  id: number;
  datasetId: number;
  splitId: number;
  /** Task names trained together in this run. */
  tasks: string[];
  config: TrainConfig;
  status: RunStatus;
  /**
   * Backend that actually ran, as the engine words it in English (e.g. "wasm (WebAssembly
   * SIMD, 1 thread) · tfjs-core 4.22.0"); null until training starts.
   */
  backend: string | null;
  /**
   * The parts of `backend`, for the UI to word it in its language (shared/backendText.ts);
   * absent or null when there is none or its text has another form (then shown as it is).
   */
  backendDetails?: BackendDetails | null;
  /**
   * ISO time training started, or null before. A resumed run's moves later by the time it
   * spent stopped, so `finishedAt − startedAt` is the time it trained (paused time counts).
   */
  startedAt: string | null;
  /** ISO time the run ended (completed, failed, cancelled), or null. */
  finishedAt: string | null;
  error: string | null;
  /**
   * Code of `error` for a failed or cancelled run: TRAINING_FAILED, TRAINING_CANCELLED,
   * DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT, BACKEND_UNAVAILABLE …; null otherwise.
   */
  errorCode: ErrorCode | null;
  /** Epoch whose weights were kept (best validation loss), or null. */
  bestEpoch: number | null;
  /** Test-split metrics per task, once completed. */
  results: Record<string, TaskMetrics> | null;
  /** Set when the run trained one fold of a cross-validated evaluation. */
  fold?: { evaluationId: number; repeat: number; fold: number };
  /** True when Auto chose the run's configuration (its search: `training.autoSearch`). */
  auto?: boolean;
  /**
   * True for an Auto run stored by an earlier build without its search's settings (its
   * `auto_searches` placeholder is JSON null): it cannot be restarted as Auto (restart
   * refuses it with reason AUTO_RESTART_NO_SETTINGS).
   */
  autoSettingsMissing?: boolean;
  /** A name the user gave the run, or null (the UI then shows "Run {id}"). */
  name: string | null;
  /** The user's notes about the run ('' when none). */
  notes: string;
  /** The run this one restarts with the same configuration (an interrupted run), or null. */
  restartOf: number | null;
  /**
   * Set when the run has a checkpoint (saved while it trained, dropped once it completes):
   * the epochs it holds. An interrupted, failed or cancelled run with one can be resumed.
   */
  checkpointEpoch?: number;
  /**
   * When the run saves checkpoints, stored with it as it is created (`train
   * --checkpoint-every/--checkpoint-seconds`, else the default) so a resume or a restart keeps
   * it; a resume given other checkpoint options stores those. false: none (`--checkpoint-every
   * 0`, an Auto run, a fold of a cross-validation). Absent for a run stored before schema v14,
   * which resumes and restarts with the default (engine/checkpoint.ts DEFAULT_CHECKPOINT_POLICY).
   * The run a resume answers with as it runs again (`training.resume`) carries the policy it
   * resumes with, the default included.
   */
  checkpointPolicy?: CheckpointPolicy | false;
}

/** A stored repeated, stratified k-fold scheme of a dataset (engine/crossValidation.ts). */
export interface FoldSchemeInfo {
  id: number;
  datasetId: number;
  k: number;
  repeats: number;
  seed: number;
  /** Fraction of the training folds held out for early stopping. */
  validationFraction: number;
  /** Tasks whose joint labels the folds are stratified on (the first one exactly). */
  stratifiedOn: string[];
  /** One stored split per fold: the fold's rows are its test split. */
  folds: { repeat: number; fold: number; splitId: number }[];
  createdAt: string;
}

/** What a cross-validated evaluation trains on every fold. */
export type CrossValidationMethod =
  | { kind: 'fixed'; config: Partial<TrainConfig> }
  | {
      kind: 'auto';
      budgetSeconds: number;
      seed: number;
      brackets?: number;
      /**
       * Fields every configuration keeps (the epoch cap of every trial and the final model,
       * batch size, backend, …); absent: the studio's defaults.
       */
      base?: Partial<TrainConfig>;
    };

/**
 * How a task affinity was measured: 'lookahead' = look-ahead gradient steps on a shared
 * trunk (Fifty et al., NeurIPS 2021; src/main/engine/taskAffinity.ts).
 */
export type TaskAffinityMethod = 'lookahead';

/** A computed task affinity as stored in the project (`task_affinities`). */
export interface StoredTaskAffinity {
  id: number;
  datasetId: number;
  /** Tasks in matrix order. */
  tasks: string[];
  /** The tasks as defined when it was computed (to tell whether they changed since). */
  taskDefinitions: { name: string; targetColumn: string; classes: string[] }[];
  method: TaskAffinityMethod;
  /** Split whose training rows were used, optimizer steps, the pass's training config. */
  parameters: { splitId: number; steps: number; config: Partial<TrainConfig> };
  /** affinity[i][j] = mean Z_{i→j} (diagonal 0), dimensionless, T × T. */
  affinity: number[][];
  /** Recommended partition, by task name (largest group first). */
  groups: string[][];
  /** Look-ahead steps averaged. */
  samples: number;
  /** The dataset's newest label event id when it was computed (0: none). */
  lastLabelEvent: number;
  /** ISO 8601 time it was stored. */
  computedAt: string;
}

/** A method evaluated on every fold of a scheme: one ordinary run per fold. */
export interface CrossValidationInfo {
  id: number;
  schemeId: number;
  datasetId: number;
  tasks: string[];
  method: CrossValidationMethod;
  /**
   * 'cancelled': the user stopped it; 'interrupted': the studio stopped (server stop,
   * SIGTERM, crash) while a fold trained — its fold run is interrupted too.
   */
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The run of each fold trained so far. */
  runs: { repeat: number; fold: number; runId: number }[];
}

/** One configuration Auto tried, scored on validation data only. */
export interface AutoTrial {
  /** 1-based, in the order tried. */
  id: number;
  /** The configuration (fields that differ from the defaults are what was searched). */
  config: TrainConfig;
  /**
   * Epochs this trial trained for: its successive-halving rung, or for a trial trained like a
   * normal run (`full`) the epochs it ran before early stopping (mean over inner folds).
   */
  epochs: number;
  /**
   * Trained like a normal run: the epoch cap with early stopping and the learning-rate
   * schedule (the studio's defaults and the search's finalist); only these are chosen from.
   * Absent for the search's fixed-length trials and in searches stored before.
   */
  full?: boolean;
  /** 1-based Hyperband bracket of its sweep (absent in searches stored before brackets). */
  bracket?: number;
  /** Mean validation macro-F1 over the tasks at its best epoch (inner folds averaged). */
  score: number;
  /** The epoch of that best score. */
  bestEpoch: number;
  /** Per task validation macro-F1 at that epoch. */
  perTask: Record<string, number>;
  /**
   * A run like a normal run selected on inner folds: its score on each inner fold (the mean
   * over tasks of validation macro-F1 at each task's restored epoch), in fold order; `score`
   * is their mean. Absent for fixed-length trials, the validation selection, and searches
   * stored before.
   */
  foldScores?: number[];
  /**
   * A run like a normal run: per task, the epoch its weights were restored from, averaged over
   * the inner folds and rounded (equal for tasks that share a network). Absent for
   * fixed-length trials and in searches stored before.
   */
  bestEpochPerTask?: Record<string, number>;
  seconds: number;
  /**
   * A run like a normal run stopped at the end of Auto's budget (plus its grace) before early
   * stopping or the epoch cap ended it, each task's best weights kept (engine/autoSelect.ts).
   * Absent otherwise.
   */
  stoppedForTime?: boolean;
}

/** What an Auto search did: its trials, the choice, and how it validated. */
export interface AutoSearch {
  /** 'inner-folds': k folds over the non-test rows; 'validation': the split's validation rows. */
  selection: 'inner-folds' | 'validation';
  innerFolds: number;
  budgetSeconds: number;
  seed: number;
  /** Hyperband brackets per sweep (absent in searches stored before brackets: 1). */
  brackets?: number;
  trials: AutoTrial[];
  /** Id of the chosen trial. */
  chosenTrial: number;
  /**
   * The chosen configuration as the final model trains it: like a normal run (epoch cap,
   * early stopping and learning-rate schedule on the split's validation rows). Searches
   * stored before trained it on every non-test row for `epochs` epochs.
   */
  chosen: TrainConfig;
  seconds: number;
  /**
   * The final model's own numbers — the chosen configuration trained on the split's training
   * rows, early stopping on its validation rows — which a trial's (scored on the search's
   * inner folds) need not equal. Absent in searches stored before.
   */
  final?: AutoFinal;
}

/** The final model of an Auto run, on the split's validation rows (see {@link AutoSearch.final}). */
export interface AutoFinal {
  /** Epochs trained before early stopping (or the cap). */
  epochs: number;
  /** The run's best epoch (the latest of the tasks' when each task keeps its own). */
  bestEpoch: number;
  /** Mean over tasks of validation macro-F1 at each task's kept epoch. */
  score: number;
  /** Per task validation macro-F1 at its kept epoch. */
  perTask: Record<string, number>;
  /**
   * The final model is the chosen trial's own network (the search's normal run on the same
   * rows, selecting on the validation split), kept instead of trained a second time — identical
   * to a normal run of its configuration unless it stopped at the budget
   * ({@link AutoFinal.stoppedForTime}); absent: trained again after the search (inner folds,
   * and searches stored before).
   */
  kept?: boolean;
  /**
   * The kept run stopped at the end of Auto's budget (plus {@link AUTO_DEADLINE_GRACE}) before
   * early stopping ended it, each task keeping its best epoch's weights: its `epochs` are fewer
   * than a normal run of the chosen configuration (whose stored epoch cap it keeps) would
   * train. Absent otherwise.
   */
  stoppedForTime?: true;
  /**
   * Inner folds (small tables): the final model was trained on every non-test row — the
   * split's training and validation rows — for this many epochs at most, each task for the
   * chosen run's restored epoch for it averaged over the inner folds
   * ({@link AutoFinal.refitEpochsPerTask}), with no early stopping, no learning-rate schedule
   * and its last weights kept ("retrain on all the data for the number of steps early
   * stopping found", Goodfellow, Bengio & Courville, Deep Learning, 2016, Algorithm 7.2).
   * Its validation scores (`score`, `perTask`, the run's curves, MMoE/PLE gates) are then of
   * rows it trained on, not held out. Absent: trained on the training rows with early
   * stopping (validation selection, a chosen run cut by the budget, searches stored before).
   */
  refitEpochs?: number;
  /** With {@link AutoFinal.refitEpochs}: each task's own epoch count. */
  refitEpochsPerTask?: Record<string, number>;
}

/**
 * A phase of an Auto run (engine/autoSelect.ts): 'defaults', the studio's defaults trained
 * like a normal run (step 1); 'search', Hyperband's short fixed-length trials (step 2);
 * 'finalist', the search's best trained like a normal run (step 3); 'final', the chosen
 * configuration trained as the run's own model, or its run kept as that model
 * (AutoProgress.kept) (its epochs follow as for a normal run).
 */
export type AutoPhase = 'defaults' | 'search' | 'finalist' | 'final';

/**
 * Where an Auto run stands, sent as each phase starts and after each trial (the Train view's
 * and the CLI's search progress). Scores are validation macro-F1, mean over tasks.
 */
export interface AutoProgress {
  phase: AutoPhase;
  /** Trials finished so far (the trial table's rows so far). */
  trialsDone: number;
  /** The trial just finished; absent when a phase starts. */
  trial?: AutoTrial;
  /** 1-based sweep of Hyperband and rung of the trial's bracket; search trials only. */
  sweep?: number;
  rung?: number;
  /** Best trial score so far (any trial, short or like a normal run); null before the first. */
  bestScore: number | null;
  /** Seconds since the search started, and its budget (the final model comes on top). */
  elapsedSeconds: number;
  budgetSeconds: number;
  /** Phase 'final': id of the chosen trial. */
  chosenTrial?: number;
  /**
   * Phase 'final': the chosen trial's own run is kept as the run's model (validation
   * selection, engine/autoSelect.ts), so nothing trains after the search; absent: the chosen
   * configuration trains now.
   */
  kept?: true;
  /**
   * Phase 'final' with inner folds: the chosen configuration now trains on every non-test
   * row for this many epochs, without early stopping (see {@link AutoFinal.refitEpochs}).
   */
  refitEpochs?: number;
  /** With {@link AutoProgress.refitEpochs}: each task's own epoch count (AutoFinal.refitEpochsPerTask). */
  refitEpochsPerTask?: Record<string, number>;
}

/** Default training configuration for tabular data. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  arch: 'hard-sharing',
  epochs: 500,
  batchSize: 32,
  learningRate: 0.003,
  seed: 42,
  patience: 20,
  earlyStopping: 'macroF1',
  lrSchedule: 'plateau',
  patienceSteps: 400,
  hiddenUnits: [64, 32],
  headUnits: 0,
  dropout: 0.1,
  weightDecay: 1e-4,
  backend: 'auto',
  weighting: 'equal',
  // Macro-F1 counts every class alike: without weights a 4 % class was rarely predicted.
  classWeights: 'balanced',
  numExperts: 4,
  expertUnits: [64, 32],
  numLevels: 1,
  specificExperts: 1,
  trunk: 'mlp',
  // Three blocks: 28 px → 3×3×64 and 96 px → 12×12×64 features before the dense layers.
  convFilters: [16, 32, 64],
  convKernel: 3,
  augmentFlip: 'none',
  augmentShift: 0,
  augmentBrightness: 0,
};

/** Mean and sample standard deviation (n − 1; 0 for one value) of n values. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/** Result of a two-sided paired test over folds (engine/pairedTests.ts). */
export interface PairedTest {
  /** The test's name, e.g. 'Wilcoxon signed-rank' or 'corrected resampled t-test'. */
  name: string;
  /** W⁺ (Wilcoxon: sum of the ranks of positive differences) or t. */
  statistic: number;
  /** Two-sided p-value; null when undefined (too few pairs, no spread). */
  p: number | null;
  /** Pairs used. */
  n: number;
}

/** A cross-validated evaluation summarised over its folds. */
export interface CrossValidationSummary {
  evaluation: CrossValidationInfo;
  scheme: { k: number; repeats: number; seed: number };
  /**
   * How many fold runs completed: those the means are over. `evaluation.runs` also lists
   * the fold runs that started and did not finish (running, cancelled, interrupted, failed).
   */
  folds: number;
  /** Per task over the folds: macro-F1, accuracy and balanced accuracy (test fold each). */
  tasks: Record<
    string,
    { macroF1: MeanStd; accuracy: MeanStd; balancedAccuracy: MeanStd; perFold: number[] }
  >;
  /**
   * Δm (%) per fold against the single-task evaluation of the same scheme, fold by fold,
   * with its mean, std and paired tests (H0: Δm = 0); null without such a baseline (see
   * `baselineMissing`) or for a single-task evaluation.
   */
  deltaM: {
    baselineEvaluationId: number;
    perFold: (number | null)[];
    summary: MeanStd;
    tests: PairedTest[];
  } | null;
  /** Why Δm is null, in English (the UI translates `deltaM === null` itself). */
  baselineMissing: string | null;
  /**
   * Per task, the relative change (%) of macro-F1 against the baseline's same fold: mean,
   * and in how many folds it was worse.
   */
  taskChange: Record<string, { mean: number; worseFolds: number; folds: number }>;
  /**
   * Tasks consistently worse than alone (negative transfer): worse in at least 80 % of the
   * folds and by more than 1 % on average.
   */
  negativeTransfer: string[];
}

/** Default search budget of Auto, in seconds. */
export const DEFAULT_AUTO_BUDGET_SECONDS = 60;

/** The longest Auto budget, in seconds (a day); a budget must also be more than 0. */
export const MAX_AUTO_BUDGET_SECONDS = 86_400;

/**
 * The most folds a cross-validation may ask for (`training.crossValidate`'s `folds`, `train
 * --folds`); it needs at least 2, and no more than the rows it deals (engine/crossValidation.ts).
 */
export const MAX_FOLDS = 20;

/** The most Hyperband brackets an Auto sweep runs (η = 3, s_max = 2: s = 2, 1, 0). */
export const MAX_AUTO_BRACKETS = 3;

/**
 * Share of the budget a run like a normal run in Auto's search (other than the first default)
 * may go past the budget's end: its trainer deadline is budget × (1 + this), and it stops at
 * the first epoch end past it, each task keeping its best epoch's weights
 * (engine/autoSelect.ts). 5 %, so that a finalist started with just its kept-back time left
 * is not cut an epoch or two short.
 */
export const AUTO_DEADLINE_GRACE = 0.05;
