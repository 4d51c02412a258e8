/**
 * The custom training loop: mini-batch Adam over masked per-task cross-entropy, with
 * validation each epoch, early stopping on validation loss and best-weights restore.
 *
 * Not `model.fit`: in tfjs-layers 4.22 a multi-output fit reports wrong validation
 * metrics and supports neither loss weights nor sample weights (see DESIGN.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import './backend';
import type { EpochRecord, EpochTaskMetrics, TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { getArchitecture } from './architectures';
import type { MultiTaskNetwork, NamedVariable } from './architectures/types';
import { accuracyAndMacroF1 } from './metrics';
import { Adam } from './optimizer';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import { getWeighting, type WeightingContext } from './weighting';

/** A task to train: its name and ordered classes. */
export interface TrainingTask {
  name: string;
  classes: string[];
}

/** Everything the loop trains on, already preprocessed. */
export interface TrainingData {
  /** Row-major features [n, numFeatures], float32. */
  features: Float32Array;
  numFeatures: number;
  /** Per task, [n] class index per row, −1 where the label is missing (masked out). */
  labels: Int32Array[];
  /** Row indices (into the n rows) of each split. */
  train: Int32Array;
  validation: Int32Array;
}

/** Options of {@link trainNetwork}. */
export interface TrainOptions {
  tasks: TrainingTask[];
  config: TrainConfig;
  /** Called after each epoch with its record. */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** Aborting stops training between mini-batches with MtlError('TRAINING_CANCELLED'). */
  signal?: AbortSignal;
}

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
}

/**
 * Masked (optionally class-weighted) softmax cross-entropy of one task:
 * −Σ_r Σ_c targets[r, c] · log softmax(logits)[r, c] / weightSum.
 *
 * With one-hot targets and weightSum = number of labelled rows this is the mean over the
 * labelled rows. With class weights the one-hot entry of row r is w_{y_r} and weightSum =
 * Σ_r w_{y_r} over the labelled rows, the normalisation of PyTorch's
 * CrossEntropyLoss(weight=w, reduction='mean').
 * @param logits [batch, k]; @param targets [batch, k] (see {@link oneHotBatch}), all-zero
 *   rows for missing labels; @param weightSum the sum of the targets (> 0).
 * @returns scalar loss in nats per (weighted) labelled row.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  weightSum: number,
): tf.Scalar {
  return tf.tidy(
    () => tf.div(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)))), weightSum) as tf.Scalar,
  );
}

/**
 * One-hot targets of a batch for one task, with all-zero rows where the label is missing;
 * with class weights, row r's entry is classWeights[y_r] instead of 1.
 * @param labels [n] class index or −1; @param rows batch row indices; @param k classes.
 * @param classWeights optional [k] weight per class.
 * @returns the row-major [rows.length, k] values, the number of labelled rows, and the sum
 *   of their weights (= count without class weights).
 */
export function oneHotBatch(
  labels: Int32Array,
  rows: ArrayLike<number>,
  k: number,
  classWeights?: ArrayLike<number>,
): { values: Float32Array; count: number; weight: number } {
  const values = new Float32Array(rows.length * k);
  let count = 0;
  let weight = 0;
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (y >= 0) {
      const w = classWeights ? classWeights[y] : 1;
      values[i * k + y] = w;
      count++;
      weight += w;
    }
  }
  return { values, count, weight };
}

/**
 * 'balanced' class weights of one task, as sklearn's
 * compute_class_weight('balanced'): w_c = n / (k · count_c) over the labelled rows among
 * `rows` (n of them). A class with no labelled row gets 1 (it never occurs in a batch).
 * @param labels [n_all] class index or −1; @param rows the rows to count (training split).
 * @returns [k] weights (float64).
 */
export function balancedClassWeights(
  labels: Int32Array,
  rows: ArrayLike<number>,
  k: number,
): Float64Array {
  const counts = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (y >= 0) {
      counts[y]++;
      n++;
    }
  }
  return counts.map((c) => (c > 0 ? n / (k * c) : 1));
}

function gatherRows(features: Float32Array, width: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.set(features.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}

/**
 * Trains a network of `config.arch` on `data`.
 *
 * Each epoch: shuffle the training rows (seeded), step Adam on each mini-batch of the
 * per-task masked CE (class-weighted with `classWeights: 'balanced'`) combined by
 * `config.weighting` (see engine/weighting), + weightDecay · Σ‖kernel‖², then compute
 * per-task validation loss, accuracy, macro-F1 and, for MMoE/PLE, mean gates. Loss methods
 * (equal, static, uncertainty, DWA) cost one tf.variableGrads per step; gradient methods
 * (GradNorm, PCGrad) one per task present in the batch. Single-task networks ignore the
 * weighting (their tasks share no parameter). Early stopping watches the sum of per-task
 * validation losses (per task for the single-task baseline) and restores the best weights
 * at the end.
 *
 * Tensor memory: everything per step is disposed, and so are the weighting's parameters;
 * the only tensors that outlive the call are the returned network's variables.
 *
 * @throws MtlError('TRAINING_CANCELLED') when `signal` aborts; MtlError('BAD_REQUEST') when
 *   a task has fewer than 2 classes, the training split is empty, a task has no labelled
 *   training row, or the weighting cannot be used (e.g. static weights of an unknown task,
 *   GradNorm without a shared layer).
 */
export async function trainNetwork(
  data: TrainingData,
  options: TrainOptions,
): Promise<TrainOutcome> {
  const { tasks, config } = options;
  validate(data, tasks);
  const network = getArchitecture(config.arch).build({
    inputDim: data.numFeatures,
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

function validate(data: TrainingData, tasks: TrainingTask[]): void {
  if (data.train.length === 0) throw new MtlError('BAD_REQUEST', 'The training split has no rows.');
  tasks.forEach((task, t) => {
    if (task.classes.length < 2) {
      throw new MtlError(
        'BAD_REQUEST',
        `Task "${task.name}" has ${task.classes.length} class; it needs at least 2.`,
      );
    }
    let labelled = 0;
    for (const r of data.train) if (data.labels[t][r] >= 0) labelled++;
    if (labelled === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `Task "${task.name}" has no labelled row in the training split.`,
      );
    }
  });
}

async function runLoop(
  network: MultiTaskNetwork,
  data: TrainingData,
  { tasks, config, onEpoch, signal }: TrainOptions,
): Promise<TrainOutcome> {
  const T = tasks.length;
  const optimizer = new Adam(config.learningRate);
  const shuffleRandom = mulberry32(deriveSeed(config.seed, 'shuffle'));
  const dropoutBase = deriveSeed(config.seed, 'dropout') % 1_000_000;
  const independent = network.perTaskWeights !== null;
  // Groups that early-stop together: one per task when tasks share nothing, else one.
  const groups: { tasks: number[]; weights: NamedVariable[] }[] = independent
    ? network.perTaskWeights!.map((weights, t) => ({ tasks: [t], weights }))
    : [{ tasks: tasks.map((_, t) => t), weights: network.weights }];
  const best = groups.map(() => ({
    loss: Infinity,
    epoch: 0,
    wait: 0,
    snapshot: null as tf.Tensor[] | null,
    done: false,
  }));
  const classWeights =
    config.classWeights === 'balanced'
      ? data.labels.map((labels, t) =>
          balancedClassWeights(labels, data.train, tasks[t].classes.length),
        )
      : null;
  // Tasks that share nothing ignore the weighting: each loss reaches only its own network.
  const weighting = independent
    ? getWeighting('equal').create(weightingContext(tasks, config, network))
    : getWeighting(config.weighting).create(weightingContext(tasks, config, network));
  const epochs: EpochRecord[] = [];
  const lossHistory: Float64Array[] = [];
  const order = Int32Array.from(data.train);
  let step = 0;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      weighting.beginEpoch(lossHistory);
      const activeTasks = groups.flatMap((g, i) => (best[i].done ? [] : g.tasks));
      const varList = groups.flatMap((g, i) =>
        best[i].done ? [] : g.weights.map((w) => w.variable),
      );
      const kernels = groups.flatMap((g, i) =>
        best[i].done ? [] : g.weights.filter((w) => w.isKernel),
      );
      const lossVars = [...varList, ...weighting.parameters];
      const trainLossSum = new Float64Array(T);
      const trainLossRows = new Float64Array(T);
      shuffleInPlace(order, shuffleRandom);

      for (let start = 0; start < order.length; start += config.batchSize) {
        if (signal?.aborted) throw new MtlError('TRAINING_CANCELLED', 'Training was cancelled.');
        const rows = order.subarray(start, Math.min(start + config.batchSize, order.length));
        const targets = activeTasks.map((t) =>
          oneHotBatch(data.labels[t], rows, tasks[t].classes.length, classWeights?.[t]),
        );
        if (targets.every((y) => y.count === 0)) continue;
        step++;
        const mode = { dropoutSeed: dropoutBase + step * 7919 };
        const x = tf.tensor2d(gatherRows(data.features, data.numFeatures, rows), [
          rows.length,
          data.numFeatures,
        ]);
        /** Masked loss of active task i (index into activeTasks) on these logits. */
        const taskLoss = (logits: tf.Tensor2D[], i: number): tf.Scalar => {
          const t = activeTasks[i];
          const y = tf.tensor2d(targets[i].values, [rows.length, tasks[t].classes.length]);
          return maskedCrossEntropy(logits[t], y, targets[i].weight);
        };
        const lossValues = new Array<number>(T).fill(NaN);
        if (weighting.mode === 'loss') {
          let perTask: tf.Tensor1D | null = null;
          const { value, grads } = tf.variableGrads(() => {
            const logits = network.forward(x, mode);
            const losses = new Array<tf.Scalar | null>(T).fill(null);
            const present: tf.Scalar[] = [];
            activeTasks.forEach((t, i) => {
              if (targets[i].count === 0) return;
              losses[t] = taskLoss(logits, i);
              present.push(losses[t]!);
            });
            perTask = tf.keep(tf.stack(present) as tf.Tensor1D);
            let total = weighting.combineLosses(losses);
            if (config.weightDecay > 0 && kernels.length > 0) {
              const l2 = tf.addN(kernels.map((k) => tf.sum(tf.square(k.variable))));
              total = tf.add(total, tf.mul(l2, config.weightDecay));
            }
            return total as tf.Scalar;
          }, lossVars);
          optimizer.step(lossVars.filter((v) => grads[v.name]).map((v) => [v, grads[v.name]]));
          const values = (perTask as tf.Tensor1D | null)!.dataSync();
          let j = 0;
          activeTasks.forEach((t, i) => {
            if (targets[i].count > 0) lossValues[t] = values[j++];
          });
          tf.dispose(
            [value, perTask as tf.Tensor1D | null, ...Object.values(grads)].filter(
              Boolean,
            ) as tf.Tensor[],
          );
        } else {
          // Gradient methods: one backward pass per present task (same dropout masks).
          const perTaskGrads = new Array<tf.NamedTensorMap | null>(T).fill(null);
          activeTasks.forEach((t, i) => {
            if (targets[i].count === 0) return;
            const { value, grads } = tf.variableGrads(
              () => taskLoss(network.forward(x, mode), i),
              varList,
            );
            lossValues[t] = value.dataSync()[0];
            value.dispose();
            perTaskGrads[t] = grads;
          });
          const combined = weighting.combineGradients({ grads: perTaskGrads, losses: lossValues });
          if (config.weightDecay > 0) {
            // d/dk of weightDecay · ‖k‖², as the loss-mode penalty.
            for (const k of kernels) {
              const decay = tf.tidy(() =>
                combined[k.variable.name]
                  ? tf.add(combined[k.variable.name], tf.mul(k.variable, 2 * config.weightDecay))
                  : tf.mul(k.variable, 2 * config.weightDecay),
              );
              combined[k.variable.name]?.dispose();
              combined[k.variable.name] = decay;
            }
          }
          optimizer.step(varList.filter((v) => combined[v.name]).map((v) => [v, combined[v.name]]));
          tf.dispose([
            ...Object.values(combined),
            ...perTaskGrads.flatMap((g) => (g ? Object.values(g) : [])),
          ]);
        }
        activeTasks.forEach((t, i) => {
          if (targets[i].count === 0) return;
          trainLossSum[t] += lossValues[t] * targets[i].weight;
          trainLossRows[t] += targets[i].weight;
        });
        x.dispose();
      }

      const val = evaluateSplit(
        network,
        data,
        tasks,
        data.validation.length > 0 ? data.validation : data.train,
      );
      const record: EpochRecord = {
        epoch,
        trainLoss: 0,
        valLoss: 0,
        tasks: {},
        seconds: 0,
      };
      const epochLoss = new Float64Array(T);
      tasks.forEach((task, t) => {
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

      groups.forEach((g, i) => {
        const state = best[i];
        if (state.done) return;
        let loss = 0;
        for (const t of g.tasks) {
          if (val.scores[t].labelled === 0) continue;
          if (!Number.isFinite(val.scores[t].loss)) {
            throw new MtlError(
              'TRAINING_FAILED',
              `Task "${tasks[t].name}": validation loss became ${val.scores[t].loss} at epoch ${epoch}; lower the learning rate.`,
            );
          }
          loss += val.scores[t].loss;
        }
        if (loss < state.loss - 1e-7) {
          state.loss = loss;
          state.epoch = epoch;
          state.wait = 0;
          if (state.snapshot) tf.dispose(state.snapshot);
          state.snapshot = g.weights.map((w) => tf.clone(w.variable));
        } else if (config.patience > 0 && ++state.wait >= config.patience) {
          state.done = true;
        }
      });
      record.seconds = (performance.now() - started) / 1000;
      epochs.push(record);
      await onEpoch?.(record);
      // Let messages (cancel, pause) reach this process between epochs.
      await new Promise((resolve) => setImmediate(resolve));
      if (best.every((s) => s.done)) break;
    }
  } finally {
    optimizer.dispose();
    weighting.dispose();
  }

  const bestEpochPerTask: Record<string, number> = {};
  groups.forEach((g, i) => {
    const state = best[i];
    if (state.snapshot) {
      g.weights.forEach((w, j) => w.variable.assign(state.snapshot![j]));
      tf.dispose(state.snapshot);
    }
    g.tasks.forEach((t) => (bestEpochPerTask[tasks[t].name] = state.epoch));
  });
  const outcome: TrainOutcome = {
    network,
    epochs,
    bestEpoch: Math.max(...best.map((s) => s.epoch)),
    bestEpochPerTask,
  };
  if (network.forwardWithGates) {
    const rows = data.validation.length > 0 ? data.validation : data.train;
    outcome.gates = forwardRows(network, data.features, data.numFeatures, rows, tasks).gates;
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

/** Per-task loss and scores of the network on some rows (labelled rows only). */
interface SplitScores {
  labelled: number;
  loss: number;
  accuracy: number;
  macroF1: number;
}

function evaluateSplit(
  network: MultiTaskNetwork,
  data: TrainingData,
  tasks: TrainingTask[],
  rows: Int32Array,
): { scores: SplitScores[]; gates?: Record<string, number[]> } {
  const { probs, gates } = forwardRows(network, data.features, data.numFeatures, rows, tasks);
  const scores = tasks.map((task, t) => {
    const k = task.classes.length;
    const yTrue: number[] = [];
    const yPred: number[] = [];
    let nll = 0;
    for (let i = 0; i < rows.length; i++) {
      const y = data.labels[t][rows[i]];
      if (y < 0) continue;
      const p = probs[t].subarray(i * k, (i + 1) * k);
      nll -= Math.log(Math.min(Math.max(p[y], 1e-15), 1));
      let arg = 0;
      for (let c = 1; c < k; c++) if (p[c] > p[arg]) arg = c;
      yTrue.push(y);
      yPred.push(arg);
    }
    if (yTrue.length === 0) return { labelled: 0, loss: NaN, accuracy: NaN, macroF1: NaN };
    const { accuracy, macroF1 } = accuracyAndMacroF1(yTrue, yPred, k);
    return { labelled: yTrue.length, loss: nll / yTrue.length, accuracy, macroF1 };
  });
  return { scores, gates };
}

/**
 * Class probabilities of every task for some rows, computed in chunks of 4096 rows.
 * @param features row-major [n, numFeatures]; @param rows indices of the rows to predict.
 * @returns per task, row-major probabilities [rows.length, numClasses_t] (float32).
 */
export function predictProbabilities(
  network: MultiTaskNetwork,
  features: Float32Array,
  numFeatures: number,
  rows: ArrayLike<number>,
): Float32Array[] {
  return forwardRows(network, features, numFeatures, rows).probs;
}

/**
 * Mean gate weight of each task and expert over some rows (MMoE, PLE).
 * @param features row-major [n, numFeatures]; @param rows the rows to average over.
 * @returns per task name, [numExperts_t] means (each sums to 1); undefined when the network
 *   has no gates or `rows` is empty.
 */
export function meanGates(
  network: MultiTaskNetwork,
  features: Float32Array,
  numFeatures: number,
  rows: ArrayLike<number>,
  tasks: TrainingTask[],
): Record<string, number[]> | undefined {
  return forwardRows(network, features, numFeatures, rows, tasks).gates;
}

/** Probabilities, and mean gates when `tasks` is given and the network has gates. */
function forwardRows(
  network: MultiTaskNetwork,
  features: Float32Array,
  numFeatures: number,
  rows: ArrayLike<number>,
  tasks?: TrainingTask[],
): { probs: Float32Array[]; gates?: Record<string, number[]> } {
  const chunk = 4096;
  const withGates = Boolean(tasks && network.forwardWithGates);
  let out: Float32Array[] | null = null;
  let gateSums: Float64Array[] | null = null;
  for (let start = 0; start < rows.length; start += chunk) {
    const idx = Array.from(
      { length: Math.min(chunk, rows.length - start) },
      (_, i) => rows[start + i],
    );
    const { parts, gates } = tf.tidy(() => {
      const x = tf.tensor2d(gatherRows(features, numFeatures, idx), [idx.length, numFeatures]);
      if (withGates) {
        const o = network.forwardWithGates!(x, null);
        return {
          parts: o.logits.map((logits) => tf.softmax(logits)),
          gates: o.gates.map((g) => tf.sum(g, 0)),
        };
      }
      return { parts: network.forward(x, null).map((logits) => tf.softmax(logits)), gates: [] };
    });
    const values = parts.map((p) => p.dataSync() as Float32Array);
    if (!out) out = parts.map((p) => new Float32Array(rows.length * p.shape[1]!));
    values.forEach((v, t) => out![t].set(v, start * parts[t].shape[1]!));
    if (withGates) {
      const sums = gates.map((g) => g.dataSync());
      gateSums ??= sums.map((g) => new Float64Array(g.length));
      sums.forEach((g, t) => g.forEach((v, e) => (gateSums![t][e] += v)));
    }
    tf.dispose([...parts, ...gates]);
  }
  const result: { probs: Float32Array[]; gates?: Record<string, number[]> } = { probs: out ?? [] };
  if (gateSums && tasks) {
    result.gates = Object.fromEntries(
      tasks.map((task, t) => [task.name, Array.from(gateSums![t], (v) => v / rows.length)]),
    );
  }
  return result;
}
