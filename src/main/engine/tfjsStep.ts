/**
 * One training step through tfjs kernels (the path of cross-stitch, of a turned-off or
 * missing fused kernel, and the reference the kernel is tested against): masked per-task
 * cross-entropy combined by the weighting, its gradients by tf.variableGrads (gradient
 * methods: one backward pass per present task, combined as flat arrays), then the flat Adam
 * optimisers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MultiTaskNetwork } from './architectures/types';
import { oneHotBatch, type Batch, type TrainingTask } from './batches';
import { flattenGradients, unflattenGradients } from './flatGradients';
import { crossEntropyOp } from './ops/crossEntropy';
import { markAsData } from './ops/dense';
import type { WeightingState } from './weighting';

/** What a tfjs step reads, fixed for one epoch. */
export interface TfjsStepContext {
  network: MultiTaskNetwork;
  tasks: TrainingTask[];
  numFeatures: number;
  /** Per task, [k] class weights, or null for none. */
  classWeights: Float64Array[] | null;
  weighting: WeightingState;
  /** Tasks of groups still training. */
  activeTasks: number[];
  /** Trained variables (active groups), and those plus the weighting's parameters. */
  varList: tf.Variable[];
  lossVars: tf.Variable[];
  /** θ_sh and last-shared-layer masks over `varList` flattened (gradient methods). */
  masks: { shared: Uint8Array; lastShared: Uint8Array };
  /** Applies combined gradients by variable name (each group's Adam, loose parameters). */
  applyGradients: (grads: tf.NamedTensorMap) => void;
  /** Per task, Σ loss · weight and Σ weight of the epoch's steps (added to). */
  trainLossSum: Float64Array;
  trainLossRows: Float64Array;
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
  return crossEntropyOp(logits, targets, weightSum);
}

let identity = new Int32Array(0);

/**
 * One step on `batch`, adding each present task's loss to the context's sums.
 * @param begin called once the batch has a labelled row for an active task (else there is
 *   no step): returns the network input [size, numFeatures] and the step's dropout seed.
 * @returns whether a step was taken.
 */
export function tfjsStep(
  ctx: TfjsStepContext,
  batch: Batch,
  begin: () => { input: Float32Array; dropoutSeed: number },
): boolean {
  const { network, tasks, classWeights, weighting, activeTasks } = ctx;
  const T = tasks.length;
  if (identity.length < batch.size) identity = Int32Array.from({ length: batch.size }, (_, i) => i);
  const rows = identity.subarray(0, batch.size);
  const targets = activeTasks.map((t) =>
    oneHotBatch(batch.labels[t], rows, tasks[t].classes.length, classWeights?.[t]),
  );
  if (targets.every((y) => y.count === 0)) return false;
  const { input, dropoutSeed } = begin();
  const mode = { dropoutSeed };
  const x = tf.tensor2d(input, [batch.size, ctx.numFeatures]);
  markAsData(x);
  /** Masked loss of active task i (index into activeTasks) on these logits. */
  const taskLoss = (logits: tf.Tensor2D[], i: number): tf.Scalar => {
    const t = activeTasks[i];
    const y = tf.tensor2d(targets[i].values, [batch.size, tasks[t].classes.length]);
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
      // The L2 penalty's gradient is added by FlatAdam, not differentiated here.
      return weighting.combineLosses(losses);
    }, ctx.lossVars);
    ctx.applyGradients(grads);
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
        ctx.varList,
      );
      lossValues[t] = value.dataSync()[0];
      value.dispose();
      perTaskGrads[t] = grads;
    });
    // The method combines flat arrays, as on the kernel path (one implementation).
    const flat = perTaskGrads.map((g) => (g ? flattenGradients(g, ctx.varList) : null));
    tf.dispose(perTaskGrads.flatMap((g) => (g ? Object.values(g) : [])));
    const combined = weighting.combineFlat!({ grads: flat, losses: lossValues, ...ctx.masks });
    const grads = unflattenGradients(combined, ctx.varList);
    ctx.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  activeTasks.forEach((t, i) => {
    if (targets[i].count === 0) return;
    ctx.trainLossSum[t] += lossValues[t] * targets[i].weight;
    ctx.trainLossRows[t] += targets[i].weight;
  });
  x.dispose();
  return true;
}
