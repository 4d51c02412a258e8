/**
 * Which tasks should share a network: inter-task affinity by look-ahead gradient steps
 * (TAG: Fifty, Amid, Zhao, Yu, Anil & Finn, "Efficiently Identifying Task Groupings in
 * Multi-Task Learning", NeurIPS 2021) and the grouping it recommends.
 *
 * While a hard-sharing network trains (equal weights, Adam), at sampled steps t the shared
 * trunk θ_s takes a look-ahead step on task i's loss alone, and every task j's loss on the
 * same batch is measured before and after:
 *
 *   Z_{i→j} = 1 − L_j(θ_s^{t+1|i}, θ_j) / L_j(θ_s^t, θ_j)
 *
 * positive when i's update helps j. Z is averaged over the sampled steps. Deviation from the
 * paper: the look-ahead is a normalised gradient step (its length 1 % of ‖θ_s‖) rather than
 * the optimiser's own update, so that affinities of tasks with very different gradient
 * norms compare on one scale.
 *
 * Grouping: every partition of the tasks into groups (T ≤ 8: at most 4 140 partitions) is
 * scored by Σ_j mean_{i ∈ group(j), i ≠ j} Z_{i→j} (a task alone scores 0), the paper's
 * objective of total affinity onto each task from its group; the best partition is
 * recommended. A task whose best group is itself alone is better trained alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../shared/domain';
import { MtlError, trainingCancelledError } from '../../shared/errors';
import { getArchitecture } from './architectures';
import { markAsData } from './ops/dense';
import { FlatAdam } from './optimizer';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import { maskedCrossEntropy, oneHotBatch, type TrainingTask } from './trainer';

/** Optimizer steps of an affinity pass when none are given. */
export const DEFAULT_AFFINITY_STEPS = 300;

/** Options of {@link taskAffinity}. */
export interface AffinityOptions {
  tasks: TrainingTask[];
  /** Width, learning rate, batch size, seed of the pass (architecture: hard sharing). */
  config: TrainConfig;
  /** Optimizer steps of the pass (default 300). */
  steps?: number;
  /** Look-ahead every this many steps (default 3). */
  every?: number;
  signal?: AbortSignal;
}

/** Affinities and the recommended grouping. */
export interface TaskAffinity {
  tasks: string[];
  /** affinity[i][j] = mean Z_{i→j} (diagonal 0), dimensionless. */
  affinity: number[][];
  /** The recommended partition, by task name (largest group first). */
  groups: string[][];
  /** Look-ahead steps averaged. */
  samples: number;
}

/**
 * Measures inter-task affinity on training rows.
 * @param features row-major [n, numFeatures]; @param labels per task [n] (−1 = missing);
 * @param rows the training rows (indices into n).
 * @throws MtlError('BAD_REQUEST') for fewer than 2 tasks or no rows;
 *   MtlError('TRAINING_CANCELLED') when `signal` aborts.
 */
export async function taskAffinity(
  features: Float32Array,
  numFeatures: number,
  labels: Int32Array[],
  rows: Int32Array,
  options: AffinityOptions,
): Promise<TaskAffinity> {
  const { tasks, config } = options;
  const T = tasks.length;
  if (T < 2) throw new MtlError('BAD_REQUEST', 'Task affinity needs at least 2 tasks.');
  if (rows.length === 0) throw new MtlError('BAD_REQUEST', 'Task affinity needs training rows.');
  const network = getArchitecture('hard-sharing').build({
    inputDim: numFeatures,
    tasks: tasks.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config: { ...config, arch: 'hard-sharing', dropout: 0 },
    seed: deriveSeed(config.seed, 'affinity init'),
  });
  const optimizer = new FlatAdam(
    network.weights,
    { learningRate: config.learningRate },
    config.weightDecay,
  );
  const shared = network.sharedWeights.map((w) => w.variable);
  const sums = Array.from({ length: T }, () => new Float64Array(T));
  const counts = Array.from({ length: T }, () => new Float64Array(T));
  const totalSteps = options.steps ?? DEFAULT_AFFINITY_STEPS;
  const every = options.every ?? 3;
  const random = mulberry32(deriveSeed(config.seed, 'affinity shuffle'));
  const order = Int32Array.from(rows);
  const batchSize = Math.min(config.batchSize, rows.length);
  let samples = 0;
  try {
    for (let step = 0, start = rows.length; step < totalSteps; step++, start += batchSize) {
      if (options.signal?.aborted) throw trainingCancelledError();
      if (start + batchSize > order.length) {
        shuffleInPlace(order, random);
        start = 0;
      }
      const batch = order.subarray(start, start + batchSize);
      const x = tf.tidy(() => {
        const values = new Float32Array(batch.length * numFeatures);
        batch.forEach((r, i) =>
          values.set(features.subarray(r * numFeatures, (r + 1) * numFeatures), i * numFeatures),
        );
        return tf.tensor2d(values, [batch.length, numFeatures]);
      });
      markAsData(x);
      const identity = Int32Array.from(batch, (_, i) => i);
      const targets = tasks.map((task, t) =>
        oneHotBatch(
          Int32Array.from(batch, (r) => labels[t][r]),
          identity,
          task.classes.length,
        ),
      );
      const present = targets.map((y) => y.count > 0);
      const lossesAt = (): number[] =>
        tf.tidy(() => {
          const logits = network.forward(x, null);
          return tasks.map((task, t) =>
            present[t]
              ? maskedCrossEntropy(
                  logits[t],
                  tf.tensor2d(targets[t].values, [batch.length, task.classes.length]),
                  targets[t].weight,
                ).dataSync()[0]
              : NaN,
          );
        });
      if (step % every === 0 && present.filter(Boolean).length >= 2) {
        const before = lossesAt();
        const saved = shared.map((v) => tf.clone(v));
        const norm = Math.sqrt(
          tf.tidy(() => tf.addN(shared.map((v) => tf.sum(tf.square(v)))).dataSync()[0]),
        );
        for (let i = 0; i < T; i++) {
          if (!present[i]) continue;
          const { value, grads } = tf.variableGrads(() => {
            const logits = network.forward(x, null);
            return maskedCrossEntropy(
              logits[i],
              tf.tensor2d(targets[i].values, [batch.length, tasks[i].classes.length]),
              targets[i].weight,
            );
          }, shared);
          const gradNorm = Math.sqrt(
            tf.tidy(
              () => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0],
            ),
          );
          if (gradNorm > 0) {
            const eta = (0.01 * norm) / gradNorm;
            shared.forEach((v) => tf.tidy(() => v.assign(tf.sub(v, tf.mul(grads[v.name], eta)))));
            const after = lossesAt();
            for (let j = 0; j < T; j++) {
              if (j === i || !present[j] || !(before[j] > 0)) continue;
              sums[i][j] += 1 - after[j] / before[j];
              counts[i][j]++;
            }
            shared.forEach((v, k) => v.assign(saved[k]));
          }
          tf.dispose([value, ...Object.values(grads)]);
        }
        tf.dispose(saved);
        samples++;
      }
      // The training step itself: equal weights over the tasks present.
      const { value, grads } = tf.variableGrads(() => {
        const logits = network.forward(x, null);
        const losses = tasks.flatMap((task, t) =>
          present[t]
            ? [
                maskedCrossEntropy(
                  logits[t],
                  tf.tensor2d(targets[t].values, [batch.length, task.classes.length]),
                  targets[t].weight,
                ),
              ]
            : [],
        );
        return tf.addN(losses) as tf.Scalar;
      });
      optimizer.step(grads);
      tf.dispose([value, x, ...Object.values(grads)]);
      if (step % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
    network.dispose();
  }
  const affinity = sums.map((row, i) =>
    Array.from(row, (s, j) => (i === j || counts[i][j] === 0 ? 0 : s / counts[i][j])),
  );
  const names = tasks.map((t) => t.name);
  return {
    tasks: names,
    affinity,
    groups: bestGrouping(affinity).map((g) => g.map((t) => names[t])),
    samples,
  };
}

/** The most tasks one affinity pass relates and groups (4 140 partitions at 8). */
export const MAX_AFFINITY_TASKS = 8;

/**
 * The partition of tasks 0…T−1 that maximises Σ_j mean_{i ∈ group(j), i ≠ j} Z_{i→j}
 * (exhaustive over all set partitions; ties go to fewer groups, then to the first found).
 * @param affinity [T][T], affinity[i][j] = Z_{i→j}.
 * @returns groups of task indices, largest first (ascending indices within a group).
 * @throws MtlError('BAD_REQUEST') for more than {@link MAX_AFFINITY_TASKS} tasks.
 */
export function bestGrouping(affinity: number[][]): number[][] {
  const T = affinity.length;
  if (T > MAX_AFFINITY_TASKS)
    throw new MtlError(
      'BAD_REQUEST',
      `Grouping searches up to ${MAX_AFFINITY_TASKS} tasks, got ${T}.`,
    );
  let best: number[][] = [];
  let bestScore = -Infinity;
  const score = (groups: number[][]): number =>
    groups.reduce((sum, g) => {
      if (g.length < 2) return sum;
      return (
        sum +
        g.reduce(
          (s, j) => s + g.reduce((a, i) => a + (i === j ? 0 : affinity[i][j]), 0) / (g.length - 1),
          0,
        )
      );
    }, 0);
  const visit = (t: number, groups: number[][]): void => {
    if (t === T) {
      const s = score(groups);
      if (
        s > bestScore + 1e-12 ||
        (Math.abs(s - bestScore) <= 1e-12 && groups.length < best.length)
      ) {
        bestScore = s;
        best = groups.map((g) => [...g]);
      }
      return;
    }
    for (const g of groups) {
      g.push(t);
      visit(t + 1, groups);
      g.pop();
    }
    groups.push([t]);
    visit(t + 1, groups);
    groups.pop();
  };
  visit(0, []);
  return best.sort((a, b) => b.length - a.length || a[0] - b[0]);
}
