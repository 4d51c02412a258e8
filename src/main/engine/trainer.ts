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
}

/**
 * Masked softmax cross-entropy of one task, as a mean over the rows that have a label.
 * @param logits [batch, k]; @param targets one-hot [batch, k] with all-zero rows for
 *   missing labels; @param count number of labelled rows (> 0).
 * @returns scalar loss in nats per labelled row.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  count: number,
): tf.Scalar {
  return tf.tidy(
    () => tf.div(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)))), count) as tf.Scalar,
  );
}

/**
 * One-hot targets of a batch for one task, with all-zero rows where the label is missing.
 * @param labels [n] class index or −1; @param rows batch row indices; @param k classes.
 * @returns the row-major [rows.length, k] values and the number of labelled rows.
 */
export function oneHotBatch(
  labels: Int32Array,
  rows: ArrayLike<number>,
  k: number,
): { values: Float32Array; count: number } {
  const values = new Float32Array(rows.length * k);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (y >= 0) {
      values[i * k + y] = 1;
      count++;
    }
  }
  return { values, count };
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
 * Each epoch: shuffle the training rows (seeded), step Adam on each mini-batch of
 * Σ_t masked CE_t + weightDecay · Σ‖kernel‖², then compute per-task validation loss,
 * accuracy and macro-F1. Early stopping watches the sum of per-task validation losses
 * (per task for the single-task baseline, whose tasks share nothing) and restores the
 * best weights at the end.
 *
 * Tensor memory: everything per step is disposed; the only tensors that outlive the call
 * are the returned network's variables.
 *
 * @throws MtlError('TRAINING_CANCELLED') when `signal` aborts; MtlError('BAD_REQUEST') when
 *   a task has fewer than 2 classes, the training split is empty, or a task has no labelled
 *   training row.
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
  const epochs: EpochRecord[] = [];
  const order = Int32Array.from(data.train);
  let step = 0;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const activeTasks = groups.flatMap((g, i) => (best[i].done ? [] : g.tasks));
      const varList = groups.flatMap((g, i) =>
        best[i].done ? [] : g.weights.map((w) => w.variable),
      );
      const kernels = groups.flatMap((g, i) =>
        best[i].done ? [] : g.weights.filter((w) => w.isKernel),
      );
      const trainLossSum = new Float64Array(T);
      const trainLossRows = new Float64Array(T);
      shuffleInPlace(order, shuffleRandom);

      for (let start = 0; start < order.length; start += config.batchSize) {
        if (signal?.aborted) throw new MtlError('TRAINING_CANCELLED', 'Training was cancelled.');
        const rows = order.subarray(start, Math.min(start + config.batchSize, order.length));
        const targets = activeTasks.map((t) =>
          oneHotBatch(data.labels[t], rows, tasks[t].classes.length),
        );
        if (targets.every((y) => y.count === 0)) continue;
        step++;
        let perTask: tf.Tensor1D | null = null;
        const x = tf.tensor2d(gatherRows(data.features, data.numFeatures, rows), [
          rows.length,
          data.numFeatures,
        ]);
        const { value, grads } = tf.variableGrads(() => {
          const logits = network.forward(x, { dropoutSeed: dropoutBase + step * 7919 });
          const losses: tf.Scalar[] = [];
          activeTasks.forEach((t, i) => {
            if (targets[i].count === 0) return;
            const y = tf.tensor2d(targets[i].values, [rows.length, tasks[t].classes.length]);
            losses.push(maskedCrossEntropy(logits[t], y, targets[i].count));
          });
          perTask = tf.keep(tf.stack(losses) as tf.Tensor1D);
          let total = tf.addN(losses);
          if (config.weightDecay > 0 && kernels.length > 0) {
            const l2 = tf.addN(kernels.map((k) => tf.sum(tf.square(k.variable))));
            total = tf.add(total, tf.mul(l2, config.weightDecay));
          }
          return total as tf.Scalar;
        }, varList);
        optimizer.step(varList.filter((v) => grads[v.name]).map((v) => [v, grads[v.name]]));
        const lossValues = (perTask as tf.Tensor1D | null)!.dataSync();
        let j = 0;
        activeTasks.forEach((t, i) => {
          if (targets[i].count === 0) return;
          trainLossSum[t] += lossValues[j++] * targets[i].count;
          trainLossRows[t] += targets[i].count;
        });
        tf.dispose(
          [x, value, perTask as tf.Tensor1D | null, ...Object.values(grads)].filter(
            Boolean,
          ) as tf.Tensor[],
        );
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
      tasks.forEach((task, t) => {
        const m: EpochTaskMetrics = {
          trainLoss: trainLossRows[t] > 0 ? trainLossSum[t] / trainLossRows[t] : NaN,
          valLoss: val[t].loss,
          valAccuracy: val[t].accuracy,
          valMacroF1: val[t].macroF1,
        };
        record.tasks[task.name] = m;
        if (Number.isFinite(m.trainLoss)) record.trainLoss += m.trainLoss;
        if (Number.isFinite(m.valLoss)) record.valLoss += m.valLoss;
      });

      groups.forEach((g, i) => {
        const state = best[i];
        if (state.done) return;
        let loss = 0;
        for (const t of g.tasks) {
          if (val[t].labelled === 0) continue;
          if (!Number.isFinite(val[t].loss)) {
            throw new MtlError(
              'TRAINING_FAILED',
              `Task "${tasks[t].name}": validation loss became ${val[t].loss} at epoch ${epoch}; lower the learning rate.`,
            );
          }
          loss += val[t].loss;
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
  return { network, epochs, bestEpoch: Math.max(...best.map((s) => s.epoch)), bestEpochPerTask };
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
): SplitScores[] {
  const probs = predictProbabilities(network, data.features, data.numFeatures, rows);
  return tasks.map((task, t) => {
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
  const chunk = 4096;
  let out: Float32Array[] | null = null;
  for (let start = 0; start < rows.length; start += chunk) {
    const idx = Array.from(
      { length: Math.min(chunk, rows.length - start) },
      (_, i) => rows[start + i],
    );
    const parts = tf.tidy(() => {
      const x = tf.tensor2d(gatherRows(features, numFeatures, idx), [idx.length, numFeatures]);
      return network.forward(x, null).map((logits) => tf.softmax(logits));
    });
    const values = parts.map((p) => p.dataSync() as Float32Array);
    if (!out) out = parts.map((p) => new Float32Array(rows.length * p.shape[1]!));
    values.forEach((v, t) => out![t].set(v, start * parts[t].shape[1]!));
    tf.dispose(parts);
  }
  return out ?? [];
}
