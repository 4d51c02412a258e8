/**
 * What a training run is told: the architectures, loss weightings and backends to choose
 * from, the training configuration, and its defaults.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */

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
