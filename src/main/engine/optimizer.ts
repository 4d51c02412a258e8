/**
 * Adam (Kingma & Ba, ICLR 2015) with per-variable state keyed by the variable itself.
 *
 * Why not tf.train.adam: tfjs-core 4.22 keys its moment estimates by the variable's
 * position in each call's gradient list, so when the set of variables with a gradient
 * changes between steps (a task with no labelled row in a batch, a task that stopped
 * early) moments are applied to the wrong variables. Here a variable without a gradient
 * in a step is skipped, state untouched, as in PyTorch's torch.optim.Adam.
 */
import * as tf from '@tensorflow/tfjs-core';

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
  /** Steps this variable has been updated (its own bias-correction counter). */
  t: number;
}

/** Adam with the usual defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (PyTorch's). */
export class Adam {
  private readonly state = new Map<tf.Variable, Moments>();

  /**
   * @param learningRate step size α (> 0).
   */
  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {}

  /**
   * One update: for each (variable, gradient) pair, m ← β1 m + (1 − β1) g,
   * v ← β2 v + (1 − β2) g², w ← w − α m̂ / (√v̂ + ε) with bias-corrected m̂, v̂.
   * Gradients are not disposed (the caller owns them).
   * @param pairs variables with their gradients of the same shape.
   */
  step(pairs: [tf.Variable, tf.Tensor][]): void {
    tf.tidy(() => {
      for (const [variable, grad] of pairs) {
        let s = this.state.get(variable);
        if (!s) {
          s = {
            m: tf.variable(tf.zerosLike(variable), false),
            v: tf.variable(tf.zerosLike(variable), false),
            t: 0,
          };
          this.state.set(variable, s);
        }
        s.t += 1;
        const m = tf.add(tf.mul(s.m, this.beta1), tf.mul(grad, 1 - this.beta1));
        const v = tf.add(tf.mul(s.v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2));
        s.m.assign(m);
        s.v.assign(v);
        const mHat = 1 / (1 - this.beta1 ** s.t);
        const vHat = 1 / (1 - this.beta2 ** s.t);
        const update = tf.div(
          tf.mul(m, this.learningRate * mHat),
          tf.add(tf.sqrt(tf.mul(v, vHat)), this.epsilon),
        );
        variable.assign(tf.sub(variable, update));
      }
    });
  }

  /** Frees every moment estimate. */
  dispose(): void {
    for (const s of this.state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.state.clear();
  }
}
