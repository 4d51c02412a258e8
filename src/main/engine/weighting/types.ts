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
/** Per-task gradients, flattened (see WeightingState.combineFlat). */
export interface FlatGradients {
  /** Per task its gradient over every trained parameter; null for a task absent from the batch. */
  grads: (Float32Array | null)[];
  /** Per task its (unweighted) loss; NaN when absent. */
  losses: number[];
  /** 1 where the entry is a shared parameter (θ_sh), else 0. */
  shared: Uint8Array;
  /** 1 where the entry belongs to the last shared layer (GradNorm's W), else 0. */
  lastShared: Uint8Array;
}

/** A method's state during one training run. */
export interface WeightingState {
  /**
   * 'loss': the trainer differentiates {@link combineLosses} once per step (one
   * tf.variableGrads). 'gradient': the trainer computes one gradient per present task and
   * calls {@link combineFlat} (T backward passes; only PCGrad and GradNorm).
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
   * Gradient methods ('gradient' mode, required there): combines the per-task gradients of
   * every trained parameter, flattened in one order (the same for the tfjs path and the
   * fused kernel), into the gradient to descend; may update the method's state.
   * @returns the combined gradient (a new array of the same length).
   */
  combineFlat?(step: FlatGradients): Float32Array;
  /**
   * Current loss weight of each task, for the epoch record. For 'loss' methods also the
   * contract the fused kernel relies on (trainer.ts): combineLosses(L) must equal
   * Σ_t taskWeights()[t] · L_t plus a term in {@link parameters} only, so that the
   * network's gradient is Σ_t taskWeights()[t] · ∇L_t.
   */
  taskWeights(): number[];
  /**
   * The method's own state beyond {@link parameters} (whose values and Adam moments the
   * trainer saves), for a checkpoint: plain numbers (NaN allowed). Absent for methods whose
   * state follows from the loss history alone (equal, static, DWA, uncertainty).
   */
  saveState?(): number[][];
  /** Restores {@link saveState}'s result. @throws Error for a state of another shape. */
  restoreState?(state: number[][]): void;
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
