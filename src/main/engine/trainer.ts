/**
 * The custom training loop: mini-batch Adam over masked per-task cross-entropy, with
 * validation each epoch, early stopping on validation macro-F1 or loss (engine/schedule.ts)
 * and best-weights restore.
 *
 * Not `model.fit`: in tfjs-layers 4.22 a multi-output fit reports wrong validation
 * metrics and supports neither loss weights nor sample weights (see DESIGN.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import './backend';
import type { EpochRecord, EpochTaskMetrics, TrainConfig } from '../../shared/domain';
import { trainingCancelledError } from '../../shared/errors';
import { getArchitecture } from './architectures';
import type { MultiTaskNetwork } from './architectures/types';
import {
  balancedFromCounts,
  inMemoryBatches,
  type Batch,
  type InputRows,
  type SourceData,
  type TrainingData,
  type TrainingTask,
} from './batches';
import {
  checkpointDue,
  decodeCheckpoint,
  encodeCheckpoint,
  type CheckpointPolicy,
  type EarlyStoppingState,
  type TrainingCheckpoint,
} from './checkpoint';
import { augmentationOf, encodeImages } from './images';
import { initialStates, restoreBest, stoppingGroups, updateEarlyStopping } from './earlyStopping';
import { parameterMasks } from './flatGradients';
import type { StepLoss } from './kernel/fusedKernel';
import {
  createStepKernel,
  hasLabelledRow,
  kernelProbabilities,
  kernelStep,
  type KernelStepContext,
} from './kernelSteps';
import { registerWasmConvGradients } from './ops/wasmConvGradients';
import { Adam, ADAM_DEFAULTS, FlatAdam } from './optimizer';
import type { PauseControl } from './pause';
import { evaluateSplit, forwardRows, scoreProbabilities } from './prediction';
import { deriveSeed, mulberry32 } from './random';
import { checkResume, restoreState } from './resume';
import { scaledSchedule } from './schedule';
import { tfjsStep, type TfjsStepContext } from './tfjsStep';
import { validateSource } from './validateSource';
import { getWeighting, type WeightingContext } from './weighting';

// The loop's data types and prediction live in batches.ts and prediction.ts; re-exported
// here, where callers have always found them.
export {
  balancedClassWeights,
  balancedFromCounts,
  inMemoryBatches,
  oneHotBatch,
  type Batch,
  type BatchSource,
  type EvaluationSet,
  type InputRows,
  type SourceData,
  type TrainingData,
  type TrainingTask,
} from './batches';
export { meanGates, predictProbabilities } from './prediction';
export { maskedCrossEntropy } from './tfjsStep';

/** Options of {@link trainNetwork}. */
export interface TrainOptions {
  tasks: TrainingTask[];
  config: TrainConfig;
  /** Called after each epoch with its record. */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** Aborting stops training between mini-batches with MtlError('TRAINING_CANCELLED'). */
  signal?: AbortSignal;
  /** While paused, training waits between mini-batches (see engine/pause.ts). */
  pause?: PauseControl;
  /** Called once before the first step with the implementation that runs the steps. */
  onStepEngine?: (engine: StepEngine) => void;
  /**
   * 'auto' (default): hard sharing, single-task, MMoE and PLE networks, MLP or CNN trunk
   * (with any loss weighting or gradient method) train in the fused kernel (engine/kernel)
   * on the wasm and cpu backends; 'off': always the tfjs path. The environment variable
   * MTL_KERNEL=off (or 0, false, no) also turns it off.
   */
  kernel?: 'auto' | 'off';
  /**
   * Keep the weights of the last epoch instead of restoring the best validation epoch's
   * (default false): for a final model trained for an epoch count chosen beforehand
   * (Auto, engine/autoSelect.ts), whose validation rows are its training rows.
   */
  keepLast?: boolean;
  /**
   * With `keepLast`: per task name, the epoch after which the task's network (its
   * early-stopping group) stops training, its last weights kept; a group stops once every
   * task of it reached its own, and the run ends when every group did (or at
   * `config.epochs`). Auto's refit gives each network of a single-task architecture its own
   * epoch count (engine/autoSelect.ts refitEpochs).
   */
  stopAfter?: Record<string, number>;
  /** Checkpoints: save them as training goes, and/or continue from one (engine/checkpoint.ts). */
  checkpoints?: CheckpointOptions;
  /**
   * A time, in milliseconds on {@link TrainOptions.now}'s clock, after which training stops
   * as early stopping stops it: checked at the end of each epoch (so at most one epoch past
   * it, and always at least one epoch), every group then keeps its best epoch's weights
   * (unless `keepLast`) and the outcome says `stoppedForTime`. Auto passes the end of its
   * budget (engine/autoSelect.ts).
   */
  deadline?: number;
  /** The deadline's clock in milliseconds (default `performance.now`); tests inject one. */
  now?: () => number;
  /**
   * An epoch cap that may be lowered while the run goes on (read after each epoch, once its
   * record went to `onEpoch`): past it every group still training stops as early stopping
   * stops it, keeping its best epoch's weights (unless `keepLast`), without `stoppedForTime`
   * — the run is as if started with `config.epochs` at that cap. Auto caps its first default on
   * images once its first epoch is timed (engine/autoSelect.ts, autoSpace.ts firstDefaultEpochCap).
   */
  epochCap?: () => number;
  /**
   * Once aborted, a pause ends the run instead of waiting for the resume: when `pause` is
   * paused (or becomes so) the run stops before its next mini-batch without training
   * another one. The epoch in progress is dropped, every group keeps its best finished
   * epoch's weights and the outcome says `stoppedForTime`, as past `deadline`. With no
   * finished epoch, a group without a best snapshot, or `keepLast` (whose last weights
   * would be a half-trained epoch's) there is nothing to keep: it throws
   * MtlError('TRAINING_CANCELLED'). Auto's "End search now" pressed while the run is paused
   * (engine/autoSelect.ts): the search ends without waiting for the resume.
   */
  stopWhilePaused?: AbortSignal;
}

/** Checkpoints of a training loop (see engine/checkpoint.ts). */
export interface CheckpointOptions {
  /** Identifies the job (data and configuration); a checkpoint of another job is refused. */
  fingerprint: string;
  /** When to save; none are saved without it. */
  policy?: CheckpointPolicy;
  /**
   * Receives each checkpoint, encoded, after its epoch's record went to `onEpoch`; training
   * waits for it (a caller that stores it asynchronously returns at once).
   */
  onCheckpoint?: (checkpoint: Uint8Array, epoch: number) => void | Promise<void>;
  /** Continue from this checkpoint (encoded) instead of from epoch 1. */
  resumeFrom?: Uint8Array;
}

/** Which implementation ran the training steps. */
export type StepEngine = 'fused-kernel' | 'tfjs';

/** Result of a training run. The caller owns (and must dispose) the network. */
export interface TrainOutcome {
  network: MultiTaskNetwork;
  epochs: EpochRecord[];
  /** 1-based epoch whose weights were restored (per task for single-task: the latest of them). */
  bestEpoch: number;
  /** Best epoch per task (equal for all tasks when they share weights). */
  bestEpochPerTask: Record<string, number>;
  /**
   * MMoE / PLE: mean gate weight per task and expert on the validation split (the training
   * split when there is none) with the restored weights.
   */
  gates?: Record<string, number[]>;
  /** 'fused-kernel' when the fused WebAssembly kernel ran the steps, else 'tfjs'. */
  stepEngine: StepEngine;
  /**
   * True when training stopped at `options.deadline` with groups still training (their best
   * weights restored, as early stopping restores them); absent otherwise.
   */
  stoppedForTime?: true;
}

/**
 * Trains a network of `config.arch` on `data`.
 *
 * Each epoch: shuffle the training rows (seeded), step Adam on each mini-batch of the
 * per-task masked CE (class-weighted with `classWeights: 'balanced'`) combined by
 * `config.weighting` (see engine/weighting), + weightDecay · Σ‖kernel‖², then compute
 * per-task validation loss, accuracy, macro-F1 and, for MMoE/PLE, mean gates. Loss methods
 * (equal, static, uncertainty, DWA) cost one tf.variableGrads per step; gradient methods
 * (GradNorm, PCGrad) one per task present in the batch. On the wasm and cpu backends,
 * networks with a `denseGraph` (hard sharing, single-task, MMoE, PLE; MLP or CNN trunk) run
 * each step in the fused WebAssembly kernel instead (gradient methods: one kernel pass per
 * present task) (engine/kernel/fusedKernel.ts: same arithmetic, 4–9× faster than tfjs
 * kernels on wasm for MLPs; bench/ speed section) unless `options.kernel` is 'off';
 * `stepEngine` in the outcome says which ran. There, an in-memory table is held resident in
 * the kernel, which gathers each batch from the epoch's order itself and scores the
 * validation rows (networks without gates) by its own forward pass. Image inputs (`data.image`) are scaled per
 * batch and, for training batches only, augmented as `config` asks (augmentFlip,
 * augmentShift, augmentBrightness; a seeded stream of its own). Single-task
 * networks ignore the weighting (their tasks share no parameter). Early stopping watches
 * `config.earlyStopping` (mean validation macro-F1, ties broken by loss; or the sum of
 * validation losses), per task for the single-task baseline, with the epoch cap and
 * patience scaled to the data and the learning rate halved on plateaus (engine/schedule.ts),
 * and restores the best weights at the end (unless `options.keepLast`); a task whose
 * network stopped (its patience ran out) is named in that epoch's `stoppedTasks` and left out
 * of later epochs' records. While `options.pause` is paused, training waits
 * between mini-batches. Past `options.deadline` (checked after each epoch, once its record
 * went to `onEpoch`) every group stops as if its patience had run out; those groups are not
 * named in `stoppedTasks` (no later epoch follows to leave them out of), the outcome's
 * `stoppedForTime` says so.
 *
 * Tensor memory: everything per step is disposed, and so are the weighting's parameters;
 * the only tensors that outlive the call are the returned network's variables.
 *
 * @throws MtlError('TRAINING_CANCELLED') when `signal` aborts; MtlError('BAD_REQUEST') when
 *   a task has fewer than 2 classes, the training split is empty, a task has no labelled
 *   training row, the weighting cannot be used (e.g. static weights of an unknown task,
 *   GradNorm without a shared layer), the input does not fit the trunk (a CNN on a table,
 *   pixels without image scaling, a wrong image shape); MtlError('BACKEND_UNAVAILABLE') when
 *   a CNN trains through tfjs kernels on wasm (cross-stitch, or the fused kernel off) and
 *   the compiled kernel its convolution gradients come from is missing
 *   (ops/wasmConvGradients.ts).
 */
export async function trainNetwork(
  data: TrainingData<InputRows>,
  options: TrainOptions,
): Promise<TrainOutcome> {
  return trainFromSource(
    {
      numFeatures: data.numFeatures,
      image: data.image,
      batches: inMemoryBatches(data),
      validation: {
        features: data.features,
        labels: data.labels,
        rows: data.validation.length > 0 ? data.validation : data.train,
      },
    },
    options,
  );
}

/**
 * Trains a network of `config.arch` on batches from any {@link BatchSource} (the loop
 * behind {@link trainNetwork}; streaming from the store uses it directly).
 * @throws as {@link trainNetwork}.
 */
export async function trainFromSource(
  data: SourceData,
  options: TrainOptions,
): Promise<TrainOutcome> {
  const { tasks, config } = options;
  validateSource(data, tasks);
  const network = getArchitecture(config.arch).build({
    inputDim: data.numFeatures,
    image: data.image,
    tasks: tasks.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config,
    seed: deriveSeed(config.seed, 'init'),
  });
  try {
    return await runLoop(network, data, options);
  } catch (err) {
    network.dispose();
    throw err;
  }
}

async function runLoop(
  network: MultiTaskNetwork,
  data: SourceData,
  {
    tasks,
    config,
    onEpoch,
    signal,
    pause,
    onStepEngine,
    kernel: kernelOption,
    keepLast,
    stopAfter,
    checkpoints,
    deadline,
    now = () => performance.now(),
    epochCap,
    stopWhilePaused,
  }: TrainOptions,
): Promise<TrainOutcome> {
  // A pause wait ends on a cancel and, with `stopWhilePaused`, on that signal too.
  const pauseSignal = stopWhilePaused ? eitherSignal(signal, stopWhilePaused) : signal;
  const resume = checkpoints?.resumeFrom ? decodeCheckpoint(checkpoints.resumeFrom) : null;
  if (resume) {
    checkResume(resume, checkpoints!.fingerprint, network);
    // Before the optimisers and the kernel, which read the weights when they start.
    tf.tidy(() =>
      network.weights.forEach((w, i) =>
        w.variable.assign(tf.tensor(resume.weights[i], w.variable.shape)),
      ),
    );
  }
  const T = tasks.length;
  const schedule = scaledSchedule(config, data.batches.rows);
  const shuffleRandom = mulberry32(deriveSeed(config.seed, 'shuffle'));
  const dropoutBase = deriveSeed(config.seed, 'dropout') % 1_000_000;
  const independent = network.perTaskWeights !== null;
  // Groups that early-stop together: one per task when tasks share nothing, else one.
  const groups = stoppingGroups(network, tasks);
  const best = initialStates(groups, resume);
  const classWeights =
    config.classWeights === 'balanced'
      ? data.batches.classCounts.map((counts, t) =>
          balancedFromCounts(counts, tasks[t].classes.length),
        )
      : null;
  // One flat Adam per early-stopping group (its weights stop together), one for loose
  // weighting parameters.
  const optimizers = groups.map(
    (g) => new FlatAdam(g.weights, { learningRate: config.learningRate }, config.weightDecay),
  );
  const looseOptimizer = new Adam(config.learningRate);
  // Tasks that share nothing ignore the weighting: each loss reaches only its own network.
  const context = weightingContext(tasks, config, network);
  const weighting = getWeighting(independent ? 'equal' : config.weighting).create(context);
  const kernel =
    kernelOption !== 'off' &&
    !/^(off|0|false|no)$/i.test(process.env.MTL_KERNEL ?? '') &&
    network.denseGraph &&
    (weighting.mode === 'loss' || weighting.combineFlat) &&
    (tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu')
      ? createStepKernel(
          network.denseGraph,
          data,
          Math.min(config.batchSize, data.batches.rows),
          { ...ADAM_DEFAULTS, learningRate: config.learningRate, l2: config.weightDecay },
          tasks.map((_, t) => classWeights?.[t] ?? null),
          dropoutBase + 1,
        )
      : null;
  // Gradient methods: whether a variable is shared (θ_sh) and in the last shared layer
  // (GradNorm's W), by name.
  const membership = (name: string) => ({
    shared: context.shared.has(name),
    lastShared: context.lastShared.has(name),
  });
  // Image inputs: each batch's pixels → scaled (and, in training, augmented) float32 rows,
  // into one reused buffer.
  const image = data.image ?? null;
  const augmentation = image ? augmentationOf(config) : null;
  const augmentRandom = mulberry32(deriveSeed(config.seed, 'augment'));
  let encoded = new Float32Array(0);
  const networkInput = (batch: Batch): Float32Array => {
    if (!image) return batch.x as Float32Array;
    const n = batch.size * data.numFeatures;
    if (encoded.length < n) encoded = new Float32Array(n);
    const augment = augmentation ? { settings: augmentation, random: augmentRandom } : null;
    return encodeImages(batch.x as Uint8Array, image, null, encoded.subarray(0, n), augment);
  };
  /** Kernel path: steps the weighting's own parameters (uncertainty's s_i) from the task losses. */
  const stepLooseParameters = (losses: StepLoss[]): void => {
    const { value, grads } = tf.variableGrads(
      () => weighting.combineLosses(losses.map((l) => (l.weight > 0 ? tf.scalar(l.loss) : null))),
      weighting.parameters,
    );
    const pairs = weighting.parameters.flatMap((v) =>
      grads[v.name] ? [[v, grads[v.name]] as [tf.Variable, tf.Tensor]] : [],
    );
    looseOptimizer.step(pairs);
    tf.dispose([value, ...Object.values(grads)]);
  };
  const epochs: EpochRecord[] = [];
  const lossHistory: Float64Array[] = [];
  let step = 0;
  let finished = false;
  let stoppedForTime = false;
  const stepEngine: StepEngine = kernel ? 'fused-kernel' : 'tfjs';
  let firstEpoch = 1;
  if (resume) {
    restoreState(resume, {
      stepEngine,
      optimizers,
      looseOptimizer,
      weighting,
      kernel,
      shuffleRandom,
      augmentRandom,
      order: data.batches.order,
    });
    epochs.push(...resume.epochs);
    lossHistory.push(...resume.lossHistory.map((l) => Float64Array.from(l)));
    step = resume.step;
    firstEpoch = resume.epoch + 1;
    // The tfjs path's learning rates as reduced on plateaus (the kernel's are in its state).
    best.forEach((b, i) => {
      if (b.halvings > 0) optimizers[i].setLearningRate(config.learningRate / 2 ** b.halvings);
    });
  }
  /** The state after `epoch`, for a checkpoint (see engine/checkpoint.ts). */
  const capture = (epoch: number): TrainingCheckpoint => ({
    format: 1,
    epoch,
    fingerprint: checkpoints!.fingerprint,
    stepEngine,
    epochs: epochs.slice(),
    lossHistory: lossHistory.map((l) => Array.from(l)),
    step,
    random: { shuffle: shuffleRandom.state(), augment: augmentRandom.state() },
    order: data.batches.order ? data.batches.order.slice() : null,
    weights: network.weights.map((w) => Float32Array.from(w.variable.dataSync())),
    optimizers: kernel ? null : optimizers.map((o) => o.saveState()),
    weightingParameters: weighting.parameters.map((p) => Float32Array.from(p.dataSync())),
    looseAdam: looseOptimizer.saveState(weighting.parameters),
    weighting: weighting.saveState?.() ?? null,
    best: best.map((b): EarlyStoppingState => ({
      score: [b.score[0], b.score[1]],
      epoch: b.epoch,
      wait: b.wait,
      halvings: b.halvings,
      done: b.done,
      snapshot: b.snapshot ? b.snapshot.map((t) => Float32Array.from(t.dataSync())) : null,
    })),
    kernel: kernel ? kernel.saveState() : null,
  });
  let lastCheckpoint = { epoch: firstEpoch - 1, at: performance.now() };

  try {
    // tfjs 4.22's wasm backend lacks Conv2DBackpropFilter (and its MaxPoolGrad is wrong).
    if (!kernel && (network.convLayers?.length ?? 0) > 0 && tf.getBackend() === 'wasm')
      registerWasmConvGradients();
    onStepEngine?.(stepEngine);
    // A run resumed after its last epoch (all groups stopped) has nothing left to train.
    const remaining = best.some((s) => !s.done) ? schedule.epochs : 0;
    try {
      for (let epoch = firstEpoch; epoch <= remaining; epoch++) {
        let started = performance.now();
        weighting.beginEpoch(lossHistory);
        const activeTasks = groups.flatMap((g, i) => (best[i].done ? [] : g.tasks));
        const activeGroups = groups.flatMap((_, i) => (best[i].done ? [] : [i]));
        const varList = activeGroups.flatMap((i) => groups[i].weights.map((w) => w.variable));
        const lossVars = [...varList, ...weighting.parameters];
        const trainLossSum = new Float64Array(T);
        const trainLossRows = new Float64Array(T);
        /** Applies combined gradients (by variable name): each group's flat Adam, then loose parameters. */
        const applyGradients = (grads: tf.NamedTensorMap): void => {
          for (const i of activeGroups) optimizers[i].step(grads);
          const loose = weighting.parameters.filter((v) => grads[v.name]);
          if (loose.length > 0) looseOptimizer.step(loose.map((v) => [v, grads[v.name]]));
        };

        const activeFlags = groups.map((_, i) => !best[i].done);
        // Gradient methods on the tfjs path: θ_sh and last-shared-layer masks over varList.
        const tfjsContext: TfjsStepContext = {
          network,
          tasks,
          numFeatures: data.numFeatures,
          classWeights,
          weighting,
          activeTasks,
          varList,
          lossVars,
          masks: parameterMasks(varList, membership),
          applyGradients,
          trainLossSum,
          trainLossRows,
        };
        // Loss weights of methods without parameters change per epoch at most (DWA).
        const epochWeights = weighting.parameters.length === 0 ? weighting.taskWeights() : null;
        const kernelContext: KernelStepContext | null = kernel && {
          kernel,
          weighting,
          epochWeights,
          activeFlags,
          membership,
          stepLooseParameters,
          trainLossSum,
          trainLossRows,
        };
        let yielded = performance.now();
        /** Whether {@link between} has anything to do (checked before every step, no await). */
        const interrupted = () =>
          performance.now() - yielded > 100 || pause?.isPaused || signal?.aborted;
        /**
         * Every 100 ms, lets messages (pause, cancel) reach this process; waits while paused
         * (the pause does not count in the epoch's seconds).
         */
        const between = async () => {
          if (performance.now() - yielded > 100) {
            await new Promise((resolve) => setImmediate(resolve));
            yielded = performance.now();
          }
          if (pause?.isPaused) started += await pause.whilePaused(pauseSignal);
          if (signal?.aborted) throw trainingCancelledError();
          if (pause?.isPaused && stopWhilePaused?.aborted) throw new StoppedWhilePaused();
        };
        const resident = kernel?.resident;
        if (kernelContext && resident) {
          // Rows resident in the kernel: the epoch's order goes in once, the kernel gathers
          // each batch itself; the same batches, in the same order, as the source's epoch().
          const order = data.batches.resident!.shuffle(shuffleRandom);
          resident.setOrder(order);
          for (let start = 0; start < order.length; start += config.batchSize) {
            if (interrupted()) await between();
            const size = Math.min(config.batchSize, order.length - start);
            resident.gather(start, size);
            if (!hasLabelledRow(kernel!.batchLabels, activeTasks, size)) continue;
            step++;
            kernelStep(kernelContext, null, size, kernel!.batchLabels);
          }
        } else {
          for await (const batch of data.batches.epoch(config.batchSize, shuffleRandom)) {
            if (interrupted()) await between();
            if (kernelContext) {
              // Same step as the tfjs one, in the fused kernel (engine/kernel/fusedKernel.ts).
              if (!hasLabelledRow(batch.labels, activeTasks, batch.size)) continue;
              step++;
              kernelStep(kernelContext, networkInput(batch), batch.size, batch.labels);
              continue;
            }
            tfjsStep(tfjsContext, batch, () => {
              step++;
              return { input: networkInput(batch), dropoutSeed: dropoutBase + step * 7919 };
            });
          }
        }

        kernel?.storeWeights();
        // Tables without gates are scored by the kernel's own forward pass (resident rows are
        // gathered there); MMoE/PLE gates and images go through tfjs.
        const val =
          kernel && !network.forwardWithGates && !image
            ? {
                scores: scoreProbabilities(
                  kernelProbabilities(
                    kernel,
                    data.validation,
                    data.numFeatures,
                    Math.min(config.batchSize, data.batches.rows),
                    tasks.map((t) => t.classes.length),
                  ),
                  data.validation,
                  tasks,
                ),
                gates: undefined,
              }
            : evaluateSplit(network, data.validation, data.numFeatures, tasks, image);
        const record: EpochRecord = {
          epoch,
          trainLoss: 0,
          valLoss: 0,
          tasks: {},
          seconds: 0,
        };
        const epochLoss = new Float64Array(T);
        const stopped = new Set(groups.flatMap((g, i) => (best[i].done ? g.tasks : [])));
        tasks.forEach((task, t) => {
          // A task whose network stopped earlier trains no more: nothing to record for it.
          if (stopped.has(t)) {
            epochLoss[t] = NaN;
            return;
          }
          const m: EpochTaskMetrics = {
            trainLoss: trainLossRows[t] > 0 ? trainLossSum[t] / trainLossRows[t] : NaN,
            valLoss: val.scores[t].loss,
            valAccuracy: val.scores[t].accuracy,
            valMacroF1: val.scores[t].macroF1,
          };
          epochLoss[t] = m.trainLoss;
          record.tasks[task.name] = m;
          if (Number.isFinite(m.trainLoss)) record.trainLoss += m.trainLoss;
          if (Number.isFinite(m.valLoss)) record.valLoss += m.valLoss;
        });
        lossHistory.push(epochLoss);
        if (!independent) {
          const w = weighting.taskWeights();
          record.taskWeights = Object.fromEntries(tasks.map((task, t) => [task.name, w[t]]));
        }
        if (val.gates) record.gates = val.gates;

        updateEarlyStopping({
          groups,
          best,
          tasks,
          config,
          schedule,
          keepLast,
          stopAfter,
          epoch,
          scores: val.scores,
          record,
          epochs,
          optimizers,
          kernel,
        });
        record.seconds = (performance.now() - started) / 1000;
        epochs.push(record);
        await onEpoch?.(record);
        // Out of time (Auto's budget): every group still training stops here, as when its
        // patience runs out, and keeps its best epoch's weights.
        if (
          deadline !== undefined &&
          epoch < remaining &&
          best.some((s) => !s.done) &&
          now() >= deadline
        ) {
          best.forEach((s) => (s.done = true));
          stoppedForTime = true;
        }
        // Capped while running (Auto's first default on images): as the epoch cap ending it.
        if (epochCap !== undefined && epoch >= epochCap()) best.forEach((s) => (s.done = true));
        const policy = checkpoints?.policy;
        const over = best.every((s) => s.done) || epoch === schedule.epochs;
        if (
          policy &&
          checkpoints.onCheckpoint &&
          !over &&
          checkpointDue(
            policy,
            epoch,
            lastCheckpoint.epoch,
            (performance.now() - lastCheckpoint.at) / 1000,
          )
        ) {
          await checkpoints.onCheckpoint(encodeCheckpoint(capture(epoch)), epoch);
          lastCheckpoint = { epoch, at: performance.now() };
        }
        // Let messages (cancel, pause) reach this process between epochs.
        await new Promise((resolve) => setImmediate(resolve));
        if (best.every((s) => s.done)) break;
      }
    } catch (error) {
      // "Stop while paused" (TrainOptions.stopWhilePaused): the half-trained epoch is dropped
      // and every group keeps its best finished epoch, when there is one for each.
      if (!(error instanceof StoppedWhilePaused)) throw error;
      if (keepLast || epochs.length === 0 || best.some((s) => !s.snapshot))
        throw trainingCancelledError();
      best.forEach((s) => (s.done = true));
      stoppedForTime = true;
    }
    finished = true;
  } finally {
    optimizers.forEach((o) => o.dispose());
    looseOptimizer.dispose();
    weighting.dispose();
    // Cancelled or failed: the best-epoch snapshots will never be restored.
    if (!finished) best.forEach((s) => s.snapshot && tf.dispose(s.snapshot));
  }

  const bestEpochPerTask = restoreBest(groups, best, tasks);
  const outcome: TrainOutcome = {
    network,
    epochs,
    bestEpoch: Math.max(...best.map((s) => s.epoch)),
    bestEpochPerTask,
    stepEngine,
    ...(stoppedForTime ? { stoppedForTime: true as const } : {}),
  };
  if (network.forwardWithGates) {
    const { features, rows } = data.validation;
    outcome.gates = forwardRows(network, features, data.numFeatures, rows, tasks, image).gates;
  }
  return outcome;
}

function weightingContext(
  tasks: TrainingTask[],
  config: TrainConfig,
  network: MultiTaskNetwork,
): WeightingContext {
  return {
    tasks: tasks.map((t) => t.name),
    config,
    seed: deriveSeed(config.seed, 'weighting'),
    shared: new Set(network.sharedWeights.map((w) => w.variable.name)),
    lastShared: new Set(network.lastSharedLayer.map((w) => w.variable.name)),
  };
}

/** Thrown inside the loop when `stopWhilePaused` ends a pause; never leaves {@link trainNetwork}. */
class StoppedWhilePaused extends Error {}

/** A signal that aborts when `a` or `b` does (AbortSignal.any, written out as autoSelect.ts does). */
function eitherSignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  if (!a) return b;
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return controller.signal;
}
