/**
 * Masked, optionally class-weighted softmax cross-entropy as one op with a hand-written
 * gradient: ∂L/∂logits = (softmax(logits) · rowTotal − targets) / weightSum, where
 * rowTotal[r] = Σ_c targets[r, c]. Autodiff through logSoftmax, mul, sum and div costs about
 * twice the kernels on the wasm backend, where per-kernel overhead dominates (bench/).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Smallest probability whose log enters the loss: caps one row's loss at ≈ 69 nats (the
 * gradient uses the unclipped softmax). Validation and test losses are computed elsewhere,
 * clipped at 1e-15 like scikit-learn's log_loss.
 */
export const MIN_PROBABILITY = 1e-30;

/**
 * L = −Σ_r Σ_c targets[r, c] · log softmax(logits)[r, c] / weightSum.
 * @param logits [batch, k]; @param targets [batch, k], zero rows for missing labels (not
 *   differentiated); @param weightSum Σ of the targets (> 0).
 * @returns a scalar, differentiable w.r.t. `logits` only.
 */
export function crossEntropyOp(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  weightSum: number,
): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const z = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    // One Softmax kernel instead of logSoftmax's six; the log is clipped (see MIN_PROBABILITY).
    const probs = tf.softmax(z);
    // `targets` comes from the caller's scope, which the tape does not keep alive: save it.
    save([probs, targets]);
    const logProbs = tf.log(tf.maximum(probs, MIN_PROBABILITY));
    return {
      value: tf.mul(tf.sum(tf.mul(targets, logProbs)), -1 / weightSum) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, y] = saved;
        const rowTotal = tf.sum(y, 1, true);
        return [tf.mul(tf.sub(tf.mul(p, rowTotal), y), tf.div(dy, weightSum))];
      },
    };
  });
  return op(logits) as tf.Scalar;
}
