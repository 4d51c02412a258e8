/**
 * Masked, optionally class-weighted softmax cross-entropy as one op with a hand-written
 * gradient: ∂L/∂logits = (softmax(logits) · rowTotal − targets) / weightSum, where
 * rowTotal[r] = Σ_c targets[r, c]. Autodiff through logSoftmax, mul, sum and div costs about
 * twice the kernels on the wasm backend, where per-kernel overhead dominates (bench/).
 */
import * as tf from '@tensorflow/tfjs-core';

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
    const logProbs = tf.logSoftmax(z);
    // `targets` comes from the caller's scope, which the tape does not keep alive: save it.
    save([logProbs, targets]);
    return {
      value: tf.mul(tf.sum(tf.mul(targets, logProbs)), -1 / weightSum) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [logProbs, y] = saved;
        const rowTotal = tf.sum(y, 1, true);
        const diff = tf.sub(tf.mul(tf.exp(logProbs), rowTotal), y);
        return [tf.mul(diff, tf.div(dy, weightSum))];
      },
    };
  });
  return op(logits) as tf.Scalar;
}
