/**
 * Auto's search space and cost model (engine/autoSelect.ts runs the search): the studio's
 * default candidates, the seeded draw of configurations, a configuration as a normal run
 * trains it, and the time estimates by which the search keeps to its budget (a network's size,
 * measured epoch costs, and a budget's clock that stops while the job is paused).
 */
import type { TrainConfig } from '../../shared/domain';
import { getArchitecture } from './architectures';
import type { ImageShape } from './images';
import type { PauseControl } from './pause';
import type { TrainingTask } from './trainer';

/**
 * The fixed cost of an epoch (per-batch work, the loss, the validation pass) in parameters'
 * worth, for {@link estimateSeconds}: cost per epoch ≈ rate × (parameters + this). Measured on
 * diamonds fold 0 (bench/autoTrials.ts, 7 inputs, load about 7): hard sharing [64, 32] (3 252
 * parameters) took 32.2 ms an epoch, single-task [64, 32] (8 436) 59.0 ms, i.e. 5.2 µs per
 * parameter and 15.4 ms (about 3 000 parameters' worth) on top; that predicts 1.59 s an epoch
 * for single-task [256, 256, 128] (304 788), which took 1.48 s (176 s for 119 epochs).
 */
export const EPOCH_OVERHEAD_PARAMETERS = 3000;
/** How many recent runs' epoch costs {@link estimateSeconds} reads. */
const RECENT_COSTS = 5;

/**
 * A configuration as a normal run trains it: the base's epoch cap, early stopping (metric,
 * patience, patience steps) and learning-rate schedule.
 */
export function asNormalRun(config: TrainConfig, base: TrainConfig): TrainConfig {
  return {
    ...config,
    epochs: base.epochs,
    patience: base.patience,
    patienceSteps: base.patienceSteps,
    earlyStopping: base.earlyStopping,
    lrSchedule: base.lrSchedule,
  };
}

/**
 * The studio's default configurations Auto always tries first: hard sharing then
 * single-task with the base settings (single-task only for one task).
 */
export function defaultCandidates(base: TrainConfig, taskCount: number): TrainConfig[] {
  return taskCount > 1
    ? [
        { ...base, arch: 'hard-sharing' },
        { ...base, arch: 'single-task' },
      ]
    : [{ ...base, arch: 'single-task' }];
}

/**
 * Draws one configuration of the search space: architecture (single-task, hard sharing,
 * MMoE, PLE), loss weighting, widths of the dense layers (for the CNN trunk, its head
 * after the conv blocks; the conv blocks are the base's), experts, learning rate, dropout,
 * weight decay and class weights; everything else (trunk, batch size, augmentation, …)
 * is the base's.
 * @param random seeded uniform [0, 1)
 * @param taskCount with 1 task only single-task
 */
export function drawConfiguration(
  random: () => number,
  base: TrainConfig,
  taskCount: number,
): TrainConfig {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const arch =
    taskCount > 1 ? pick(['single-task', 'hard-sharing', 'mmoe', 'ple'] as const) : 'single-task';
  // Wider and deeper trunks too: on diamonds (bench), gradient boosting reads color from fine
  // price × carat interactions; scikit-learn's MLP on a seeded 10 000-row sample of it
  // scored color 3-fold macro-F1 0.237 with (128, 64) and 0.256 with (256, 256, 128), while
  // the widest trunk drawn here was [256, 128].
  // Images (trunk 'cnn'): the trunk's conv filters and kernel stay the base's; the widths
  // drawn are those of the dense layers after its flatten (the CNN's head), from a smaller
  // set: the conv features (28 px, default filters: 3·3·64 = 576) are already a learnt
  // representation, and a dense layer costs little next to the convolutions.
  const hidden = pick(
    base.trunk === 'cnn'
      ? [[32], [64], [128], [64, 32], [128, 64], [256, 128], [256]]
      : [[64], [128], [64, 32], [128, 64], [256, 128], [256, 256, 128], [512, 256]],
  );
  return {
    ...base,
    arch,
    weighting: arch === 'single-task' ? 'equal' : pick(['equal', 'uncertainty', 'dwa'] as const),
    hiddenUnits: hidden,
    expertUnits: hidden,
    numExperts: pick([2, 4, 6]),
    learningRate: Number((10 ** (-3.5 + 1.8 * random())).toPrecision(2)),
    dropout: pick([0, 0.1, 0.2, 0.3]),
    weightDecay: pick([0, 1e-5, 1e-4, 1e-3]),
    classWeights: pick(['none', 'balanced'] as const),
  };
}

/**
 * The most of the budget {@link finalistReserve} keeps back for the finalist: 40 %. Past it
 * the reserve only starves the search — the finalist runs with what is left before the
 * budget's end plus the grace and is stopped there, best weights kept, like early stopping,
 * so a finalist that cannot finish in 45 % of the budget would not finish in its whole
 * estimate either (diamonds fold 0, 30 s: a 3-epoch single-task [256, 256, 128] trial at
 * 1.07 s an epoch × 173.5 epochs kept 185 s back, the search stopped after 3 trials at 13.7 s,
 * and the finalist was cut at 22 epochs anyway).
 */
export const AUTO_RESERVE_SHARE = 0.4;

/** A run like a normal run of the search so far, as {@link finalistReserve} reads it. */
export interface NormalRunLength {
  /** Its wall-clock seconds (all inner folds together). */
  seconds: number;
  /** Its best epoch (the latest of its groups'; mean over inner folds). */
  bestEpoch: number;
}

/**
 * Seconds Auto keeps back for its finalist (the search's best trial trained like a normal
 * run) while it runs search trials: the larger of
 * - the costliest run like a normal run so far (the defaults': a finalist of their size takes
 *   about as long), and
 * - the finalist-so-far's estimate: its trial's seconds per epoch × the epochs a normal run
 *   is expected to train here, the mean over those runs of min(`epochCap`,
 *   best epoch + `patience`) (early stopping ends a run `patience` epochs after its best; a
 *   run cut at the budget's end is so counted at the length it would have had; with
 *   `patience` 0, no early stopping, the epoch cap),
 * and never more than {@link AUTO_RESERVE_SHARE} × `budgetSeconds` (see there why).
 * @param runs the runs like a normal run so far (none: no reserve but the leader's, 0 if none)
 * @param leader the finalist so far: its trial's seconds and epochs (null: none yet)
 * @param patience early stopping's patience in epochs as the runs use it, scaled to the data
 *   (engine/schedule.ts scaledSchedule); 0 for none
 * @param epochCap the base's epoch cap (`epochs`)
 * @param budgetSeconds the search's whole budget in seconds; the reserve is at most
 *   {@link AUTO_RESERVE_SHARE} × this
 * @returns seconds, ≥ 0.
 */
export function finalistReserve(
  runs: readonly NormalRunLength[],
  leader: { seconds: number; epochs: number } | null,
  patience: number,
  epochCap: number,
  budgetSeconds: number,
): number {
  const defaults = runs.length ? Math.max(...runs.map((r) => r.seconds)) : 0;
  const expectedEpochs = runs.length
    ? runs.reduce(
        (a, r) => a + (patience > 0 ? Math.min(epochCap, r.bestEpoch + patience) : epochCap),
        0,
      ) / runs.length
    : 0;
  const lead = leader ? (leader.seconds / Math.max(1, leader.epochs)) * expectedEpochs : 0;
  return Math.min(Math.max(defaults, lead), AUTO_RESERVE_SHARE * budgetSeconds);
}

/**
 * What {@link firstDefaultEpochCap} reads, measured at the end of an epoch of the first
 * default's first inner fold.
 */
export interface FirstEpochTiming {
  /** The search's budget in seconds. */
  budgetSeconds: number;
  /** Seconds on the budget's clock at the end of that epoch (start-up included). */
  elapsedSeconds: number;
  /** That epoch's own seconds t. */
  epochSeconds: number;
  /** The epochs k trained so far on the first inner fold, that one included (default 1). */
  epochsDone?: number;
  /** The inner folds (1 with the validation selection): each trains the run anew. */
  folds: number;
  /** The base's epoch cap (`epochs`), every fold's length without a cap. */
  epochCap: number;
}

/**
 * Auto's first default on images, capped so that it ends within the budget (before, it always
 * trained to its end: a 15 s budget on a small image set took 150 s for that one run, 30
 * epochs × 3 inner folds, before any budget check, then the final model's training). At the
 * end of epoch k of the first fold, every epoch still to train is assumed to take that epoch's
 * seconds t, after the s = elapsed − k · t spent otherwise (start-up, and earlier epochs' excess
 * over t: the first one's includes the backend's warm-up, which is why the cap is re-read at
 * every epoch of the first fold and may rise); uncapped the run needs s + folds · epochCap · t.
 * When that exceeds the budget the cap E is the most epochs with s + folds · E · t ≤ budget, at
 * least 1 (one epoch per fold is the floor; E ≤ k ends the first fold now), e.g. after the first
 * epoch (k = 1), budget 60 s, elapsed 2.5 s, t = 2 s, 3 folds, cap 30: needs 0.5 + 180 =
 * 180.5 s, E = ⌊59.5 / 6⌋ = 9. Early stopping may still end a fold sooner.
 * @returns null when the uncapped run fits in the budget (no cap), else the cap E (1 ≤ E <
 *   epochCap) and the uncapped run's estimated seconds.
 */
export function firstDefaultEpochCap(timing: FirstEpochTiming): {
  epochs: number;
  uncappedSeconds: number;
} | null {
  const { budgetSeconds, elapsedSeconds, epochSeconds, folds, epochCap } = timing;
  const k = timing.epochsDone ?? 1;
  const startUp = Math.max(0, elapsedSeconds - k * epochSeconds);
  const perEpoch = Math.max(epochSeconds, 1e-9) * Math.max(1, folds);
  const uncappedSeconds = startUp + perEpoch * epochCap;
  if (uncappedSeconds <= budgetSeconds) return null;
  const epochs = Math.max(1, Math.floor((budgetSeconds - startUp) / perEpoch + 1e-9));
  return epochs >= epochCap ? null : { epochs, uncappedSeconds };
}

/**
 * A budget's clock that stops while `pause` is paused.
 * @param now milliseconds (any origin).
 * @returns `ms()`, milliseconds since the call less the time paused, and `stop()`, which
 *   stops listening to `pause`.
 */
export function budgetClock(
  now: () => number,
  pause?: PauseControl,
): { ms: () => number; stop: () => void } {
  const started = now();
  let pausedMs = 0;
  let pausedSince: number | null = pause?.isPaused ? started : null;
  const stop = pause?.onChange((paused) => {
    if (paused) pausedSince ??= now();
    else if (pausedSince !== null) {
      pausedMs += now() - pausedSince;
      pausedSince = null;
    }
  });
  return {
    ms: () => {
      const t = now();
      return t - started - pausedMs - (pausedSince === null ? 0 : t - pausedSince);
    },
    stop: () => stop?.(),
  };
}

/** One measured run's cost, for {@link estimateSeconds}. */
export interface EpochCost {
  /** Seconds per epoch (all inner folds together). */
  secondsPerEpoch: number;
  /**
   * Its network's work per sample ({@link configurationWork}): multiply-adds, i.e. the
   * parameters for an MLP, the conv layers' multiply-adds plus the dense parameters for a CNN.
   */
  work: number;
  /** Its architecture. */
  arch: TrainConfig['arch'];
}

/**
 * Seconds a configuration of architecture `arch` with `work` multiply-adds per sample
 * ({@link configurationWork}; for an MLP, its parameters) should take for `epochs` epochs,
 * scaled from measured runs by their work: rate × (work + {@link EPOCH_OVERHEAD_PARAMETERS})
 * × epochs, where the rate is the largest secondsPerEpoch / (their work + the same overhead)
 * — a measured time per multiply-add and sample, the rows per epoch being the search's own —
 * among the last
 * {@link RECENT_COSTS} runs measured of the same architecture, or of any when none is (the
 * most cautious recent rate: the machine's load changes while Auto runs; per architecture
 * because MMoE and PLE cost more per parameter — their gates are scored through tfjs — on
 * diamonds fold 0 a 3-epoch MMoE [64, 32] trial took 2.9 s, a 208-epoch hard-sharing
 * [64, 32] run 3.8 s). Before, a trial's fit was judged by the cost per epoch of recent
 * trials whatever their size, and a 3-epoch PLE [256, 256, 128] trial took 8.3 s.
 * @returns 0 when nothing was measured yet.
 */
export function estimateSeconds(
  costs: readonly EpochCost[],
  arch: TrainConfig['arch'],
  work: number,
  epochs: number,
): number {
  if (costs.length === 0) return 0;
  const same = costs.filter((c) => c.arch === arch);
  const rate = Math.max(
    ...(same.length > 0 ? same : costs)
      .slice(-RECENT_COSTS)
      .map((c) => c.secondsPerEpoch / (c.work + EPOCH_OVERHEAD_PARAMETERS)),
  );
  return rate * (work + EPOCH_OVERHEAD_PARAMETERS) * epochs;
}

/** A CNN trunk's conv kernel variable: `<trunk>/conv_<block>/kernel` (architectures/convTrunk.ts). */
const CONV_KERNEL = /\/conv_(\d+)\/kernel$/;

/**
 * The work of one sample's forward pass through `config`'s network, in multiply-adds, by
 * which Auto scales its time estimates ({@link estimateSeconds}): a dense layer's weights are
 * each used once per sample, so for an MLP this is its parameter count
 * ({@link configurationSize}, biases included, as the estimates were calibrated); a conv
 * kernel [k, k, in, filters] of block b is used at every one of the block's h_b · w_b output
 * positions ('same' padding, stride 1; h_b = ⌊height / 2^b⌋ after b 2×2 poolings), so it
 * counts k·k·in·filters · h_b·w_b. Before, a CNN's estimate scaled with its parameters, which
 * its dense head dominates while its convolutions take the time: a search with 28 px images
 * and a [32] head measured, then a [256, 128] head's trial estimated at several times its
 * cost and skipped — or the other way round, a small head's trial estimated at a fraction.
 * E.g. 8×8×1 images, convFilters [2], convKernel 3: the kernel (18 weights) counts 18 · 64
 * = 1 152 instead of 18.
 * @param image the images' shape (absent for a table: then this equals configurationSize).
 * @throws as the architecture's build for a configuration it cannot build.
 */
export function configurationWork(
  config: TrainConfig,
  numFeatures: number,
  tasks: TrainingTask[],
  image?: ImageShape,
): number {
  return withNetwork(config, numFeatures, tasks, image, (weights) =>
    weights.reduce((n, w) => {
      const block = image ? CONV_KERNEL.exec(w.name) : null;
      if (!block || !image) return n + w.variable.size;
      const b = Number(block[1]);
      return n + w.variable.size * (image.height >> b) * (image.width >> b);
    }, 0),
  );
}

/** Builds `config`'s network, hands its weights to `read`, and disposes it. */
function withNetwork<T>(
  config: TrainConfig,
  numFeatures: number,
  tasks: TrainingTask[],
  image: ImageShape | undefined,
  read: (weights: { name: string; variable: { size: number } }[]) => T,
): T {
  const network = getArchitecture(config.arch).build({
    inputDim: numFeatures,
    ...(image ? { image } : {}),
    tasks: tasks.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config,
    seed: 0,
  });
  try {
    return read(network.weights);
  } finally {
    network.dispose();
  }
}

/**
 * The number of trainable parameters of `config`'s network on `numFeatures` inputs (for
 * images, `image`'s shape: the CNN trunk's filters count, numFeatures = its pixels) (built,
 * counted and disposed). Auto's time estimates scale with {@link configurationWork}, which
 * equals this for a table.
 * @throws as the architecture's build for a configuration it cannot build.
 */
export function configurationSize(
  config: TrainConfig,
  numFeatures: number,
  tasks: TrainingTask[],
  image?: ImageShape,
): number {
  return withNetwork(config, numFeatures, tasks, image, (weights) =>
    weights.reduce((n, w) => n + w.variable.size, 0),
  );
}
