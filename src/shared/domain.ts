/**
 * Domain types shared by the main process, the CLI and the renderer.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */

/** Inferred or user-chosen type of a column. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'text' | 'image';

/** What a column is used for when a model is trained. */
export type ColumnRole = 'input' | 'target' | 'ignore';

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
  /** Epochs without validation-loss improvement before stopping; 0 disables early stopping. */
  patience: number;
  /** Units of the shared trunk's hidden layers (or of each single-task network's trunk). */
  hiddenUnits: number[];
  /** Units of each task head's hidden layer; 0 = a linear head on top of the trunk. */
  headUnits: number;
  /** Dropout rate after each trunk layer, in [0, 1). */
  dropout: number;
  /** L2 penalty on kernel weights. */
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
  /** CNN trunk: side of the square conv kernels (odd, e.g. 3). */
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

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A training run as stored in the project. */
export interface RunInfo {
  id: number;
  datasetId: number;
  splitId: number;
  /** Task names trained together in this run. */
  tasks: string[];
  config: TrainConfig;
  status: RunStatus;
  /** Backend that actually ran, e.g. 'wasm'; null until training starts. */
  backend: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** Epoch whose weights were kept (best validation loss), or null. */
  bestEpoch: number | null;
  /** Test-split metrics per task, once completed. */
  results: Record<string, TaskMetrics> | null;
}

/** Default training configuration for tabular data. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  arch: 'hard-sharing',
  epochs: 200,
  batchSize: 32,
  learningRate: 0.003,
  seed: 42,
  patience: 20,
  hiddenUnits: [64, 32],
  headUnits: 0,
  dropout: 0.1,
  weightDecay: 1e-4,
  backend: 'auto',
  weighting: 'equal',
  classWeights: 'none',
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
