/**
 * Adam (Kingma & Ba, ICLR 2015), in two forms that share the update rule:
 *
 * - {@link FlatAdam} for a network's weights: all gradients are concatenated into one
 *   vector and updated with a dozen kernels per step instead of a dozen per variable —
 *   on the wasm backend the per-kernel overhead, not arithmetic, dominates a small MLP's
 *   step (bench/ speed section). The L2 penalty is added to the gradient here too.
 * - {@link Adam} for a few loose parameters (uncertainty weighting's s_i): state per
 *   variable; a variable without a gradient in a step is skipped, state untouched, as in
 *   torch.optim.Adam.
 *
 * Why not tf.train.adam: tfjs-core 4.22 keys its moments by the variable's position in
 * each call's gradient list, so when the set of variables with a gradient changes between
 * steps, moments are applied to the wrong variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from './architectures/types';

/** Adam's hyper-parameters; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (PyTorch's). */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
  /** Updates so far (bias-correction counter). */
  t: number;
}

/** Adam's state as plain arrays (checkpoints): moments and bias-correction counter. */
export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  /** Updates so far. */
  t: number;
}

function saveMoments(s: Moments): AdamState {
  // Copies: a backend may hand out its own buffer.
  return { m: Float32Array.from(s.m.dataSync()), v: Float32Array.from(s.v.dataSync()), t: s.t };
}

/** Sets moments from a saved state of the same size. @throws Error for another size. */
function restoreMoments(s: Moments, saved: AdamState): void {
  if (saved.m.length !== s.m.size || saved.v.length !== s.v.size)
    throw new Error(`Adam state of ${saved.m.length} values for ${s.m.size} parameters.`);
  tf.tidy(() => {
    s.m.assign(tf.tensor(saved.m, s.m.shape));
    s.v.assign(tf.tensor(saved.v, s.v.shape));
  });
  s.t = saved.t;
}

/** Zero moments shaped like `shape`; the temporary zero tensors are freed. */
function newMoments(shape: number[]): Moments {
  const zeros = tf.zeros(shape);
  const moments = { m: tf.variable(zeros, false), v: tf.variable(zeros, false), t: 0 };
  zeros.dispose();
  return moments;
}

/**
 * Advances the moments with gradient g and returns the step to subtract from the weights:
 * m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², step = α m̂ / (√v̂ + ε) with the
 * bias-corrected m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). Call inside tf.tidy.
 */
function adamStep(s: Moments, g: tf.Tensor, o: Required<AdamOptions>): tf.Tensor {
  s.t += 1;
  const m = tf.add(tf.mul(s.m, o.beta1), tf.mul(g, 1 - o.beta1));
  const v = tf.add(tf.mul(s.v, o.beta2), tf.mul(tf.square(g), 1 - o.beta2));
  s.m.assign(m);
  s.v.assign(v);
  const mHat = o.learningRate / (1 - o.beta1 ** s.t);
  const vHat = 1 / (1 - o.beta2 ** s.t);
  return tf.div(tf.mul(m, mHat), tf.add(tf.sqrt(tf.mul(v, vHat)), o.epsilon));
}

/** Adam's defaults, PyTorch's: β1 = 0.9, β2 = 0.999, ε = 1e-8. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

function withDefaults(o: AdamOptions): Required<AdamOptions> {
  return { ...ADAM_DEFAULTS, ...o };
}

/** Adam with state per variable, for loose parameters. */
export class Adam {
  private readonly state = new Map<tf.Variable, Moments>();
  private readonly options: Required<AdamOptions>;

  /** @param learningRate step size α (> 0). */
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8) {
    this.options = { learningRate, beta1, beta2, epsilon };
  }

  /**
   * One update of each (variable, gradient) pair (same shapes). Gradients stay the
   * caller's to dispose.
   */
  step(pairs: [tf.Variable, tf.Tensor][]): void {
    tf.tidy(() => {
      for (const [variable, grad] of pairs) {
        let s = this.state.get(variable);
        if (!s) this.state.set(variable, (s = newMoments(variable.shape)));
        variable.assign(tf.sub(variable, adamStep(s, grad, this.options)));
      }
    });
  }

  /**
   * The moments of each variable (null for one never stepped), for a checkpoint.
   * @param variables the loose parameters, in a fixed order.
   */
  saveState(variables: tf.Variable[]): (AdamState | null)[] {
    return variables.map((v) => {
      const s = this.state.get(v);
      return s ? saveMoments(s) : null;
    });
  }

  /**
   * Restores {@link saveState}'s result for the same variables (same order and shapes).
   * @throws Error when the lists or sizes differ.
   */
  restoreState(variables: tf.Variable[], saved: (AdamState | null)[]): void {
    if (saved.length !== variables.length)
      throw new Error(`Adam state of ${saved.length} parameters for ${variables.length}.`);
    variables.forEach((v, i) => {
      const state = saved[i];
      if (!state) return;
      let s = this.state.get(v);
      if (!s) this.state.set(v, (s = newMoments(v.shape)));
      restoreMoments(s, state);
    });
  }

  /** Frees every moment estimate. */
  dispose(): void {
    for (const s of this.state.values()) tf.dispose([s.m, s.v]);
    this.state.clear();
  }
}

/**
 * Adam over a fixed list of weights as one flat vector [Σ sizes], with an optional L2
 * penalty λ‖kernel‖² on kernels (its gradient 2λ·kernel is added to the gradient; biases
 * are not penalised). A weight that received no gradient in a step (e.g. the head of a task
 * with no labelled row in the batch) takes a zero gradient: its moments decay and its
 * momentum still moves it, as with a masked loss in PyTorch.
 */
export class FlatAdam {
  private readonly moments: Moments;
  private readonly sizes: number[];
  private readonly decay: tf.Tensor1D | null;
  private readonly options: Required<AdamOptions>;

  /**
   * @param weights the weights updated together (their order is fixed for the run).
   * @param l2 the penalty λ (≥ 0) on kernels.
   */
  constructor(
    private readonly weights: NamedVariable[],
    options: AdamOptions,
    l2 = 0,
  ) {
    this.options = withDefaults(options);
    this.sizes = weights.map((w) => w.variable.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.moments = newMoments([total]);
    if (l2 > 0) {
      const mask = new Float32Array(total);
      let offset = 0;
      weights.forEach((w, i) => {
        if (w.isKernel) mask.fill(2 * l2, offset, offset + this.sizes[i]);
        offset += this.sizes[i];
      });
      this.decay = tf.tensor1d(mask);
    } else this.decay = null;
  }

  /**
   * One update from gradients by variable name (missing ones count as zero). The
   * gradients stay the caller's to dispose.
   */
  step(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
      let g: tf.Tensor = tf.concat(
        this.weights.map((w, i) => {
          const grad = grads[w.variable.name];
          return grad ? flat(grad) : tf.zeros([this.sizes[i]]);
        }),
      );
      if (this.decay) {
        g = tf.add(g, tf.mul(tf.concat(this.weights.map((w) => flat(w.variable))), this.decay));
      }
      const steps = tf.split(adamStep(this.moments, g, this.options), this.sizes);
      this.weights.forEach((w, i) =>
        w.variable.assign(tf.sub(w.variable, tf.reshape(steps[i], w.variable.shape))),
      );
    });
  }

  /** Sets Adam's step size α (> 0) for the next steps (reduce on plateau). */
  setLearningRate(learningRate: number): void {
    this.options.learningRate = learningRate;
  }

  /** The moments [Σ sizes] and step count, for a checkpoint (copies). */
  saveState(): AdamState {
    return saveMoments(this.moments);
  }

  /**
   * Restores {@link saveState}'s result (same weights).
   * @throws Error when its size differs.
   */
  restoreState(saved: AdamState): void {
    restoreMoments(this.moments, saved);
  }

  /** Frees the moments and the penalty mask (not the weights). */
  dispose(): void {
    tf.dispose([this.moments.m, this.moments.v, ...(this.decay ? [this.decay] : [])]);
  }
}
