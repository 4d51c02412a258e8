/**
 * The small interface every loss-weighting / gradient method fulfils (after LibMTL's
 * AbsWeighting): the trainer hands it the per-task losses of a step (or, for gradient
 * methods, the per-task gradients) and it returns what to descend.
 *
 * Masking: a task with no labelled row in a batch is passed as null (no loss, no gradient);
 * it must contribute nothing and its method state must not change.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig, WeightingName } from '../../../shared/domain';

/** What a method needs to start a run. */
export interface WeightingContext {
  /** Task names, in the order of every per-task array below. */
  tasks: string[];
  config: TrainConfig;
  /** Seed of the method's own randomness (PCGrad's task order). */
  seed: number;
  /** Names of the network's shared variables (θ_sh); empty when tasks share nothing. */
  shared: ReadonlySet<string>;
  /** Names of the last shared layer's variables (GradNorm's W). */
  lastShared: ReadonlySet<string>;
}

/** One step's per-task gradients, for gradient methods. */
export interface GradientStep {
  /**
   * Per task: the gradient of its unweighted loss w.r.t. every trained variable, by variable
   * name (variables the loss does not reach are absent); null for a task absent from the
   * batch. Owned by the caller: do not dispose.
   */
  grads: (tf.NamedTensorMap | null)[];
  /** Per task: the loss value (NaN when absent). */
  losses: number[];
}

/** A method's state during one training run. */
export interface WeightingState {
  /**
   * 'loss': the trainer differentiates {@link combineLosses} once per step (one
   * tf.variableGrads). 'gradient': the trainer computes one gradient per present task and
   * calls {@link combineGradients} (T backward passes; only PCGrad and GradNorm).
   */
  readonly mode: 'loss' | 'gradient';
  /**
   * Learnable loss parameters the trainer optimises with the network (uncertainty's s_i).
   * Not model weights: never saved with the model. Disposed by {@link dispose}.
   */
  readonly parameters: tf.Variable[];
  /**
   * Called before each epoch with the mean training loss of each task in every finished
   * epoch (history[e][t], NaN where the task had no labelled row that epoch).
   */
  beginEpoch(history: Float64Array[]): void;
  /**
   * Combines the per-task scalar losses into the loss to descend. Called inside
   * tf.variableGrads (tensors are tracked there); null entries are absent tasks.
   * @returns a scalar; at least one entry is non-null.
   */
  combineLosses(losses: (tf.Scalar | null)[]): tf.Scalar;
  /**
   * Gradient methods: combines per-task gradients into one gradient per variable.
   * @returns new tensors, by variable name, owned by the caller.
   */
  combineGradients(step: GradientStep): tf.NamedTensorMap;
  /**
   * Gradient methods that only transform the shared parameters' gradients and sum the rest
   * (PCGrad) offer this too, so the fused kernel can run them without tensors: the same
   * combination as {@link combineGradients} (same random stream) on flat arrays.
   * @param grads per present task, its gradient over θ_sh flattened (equal lengths).
   * @returns the combined shared gradient (a new array).
   */
  combineSharedFlat?(grads: Float32Array[]): Float32Array;
  /**
   * Current loss weight of each task, for the epoch record. For 'loss' methods also the
   * contract the fused kernel relies on (trainer.ts): combineLosses(L) must equal
   * Σ_t taskWeights()[t] · L_t plus a term in {@link parameters} only, so that the
   * network's gradient is Σ_t taskWeights()[t] · ∇L_t.
   */
  taskWeights(): number[];
  /** Frees the method's tensors. */
  dispose(): void;
}

/** One method, selectable by name from the registry. */
export interface LossWeighting {
  name: WeightingName;
  /** One line for the UI and CLI help. */
  description: string;
  /** Paper or source of the method. */
  reference: string;
  /** @throws MtlError('BAD_REQUEST') for a configuration the method cannot use. */
  create(ctx: WeightingContext): WeightingState;
}
