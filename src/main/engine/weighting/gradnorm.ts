/**
 * GradNorm. Chen et al., "GradNorm: Gradient Normalization for Adaptive Loss Balancing in
 * Deep Multitask Networks", ICML 2018.
 *
 * Learnable weights w_i (start at 1) scale the task losses. Each step, with G_i = w_i ·
 * ‖∇_W L_i‖ on the last shared layer W, L̃_i = L_i(t) / L_i(0), r_i = L̃_i / mean_j L̃_j and
 * Ḡ = mean_j G_j, the weights descend L_grad = Σ_i |G_i − Ḡ · r_i^α| (α = 1.5) with the target
 * Ḡ · r_i^α held constant, i.e. ∂L_grad/∂w_i = sign(G_i − Ḡ r_i^α) · ‖∇_W L_i‖, by Adam with
 * the run's learning rate. The network descends Σ_i w_i L_i (weights before this update).
 *
 * Positivity and normalisation: after the update each w_i is clamped to ≥ GRADNORM_MIN_WEIGHT
 * and the present tasks' weights are rescaled to their sum before the update, so Σ_i w_i
 * stays T (the number of tasks). Masking: a task absent from the batch takes no part (not in
 * the means, no update, its Adam state and L_i(0) untouched); L_i(0) is the loss at the
 * first step where task i is present. Costs one backward pass per present task per step.
 */
import { MtlError } from '../../../shared/errors';
import { weightedSum } from './equal';
import type { LossWeighting } from './types';

/** GradNorm's asymmetry α (Chen et al. use 1.5 for most experiments). */
export const GRADNORM_ALPHA = 1.5;
/** Lower bound of a weight, keeping it positive. */
export const GRADNORM_MIN_WEIGHT = 1e-3;

/** GradNorm's weights and their optimiser state, in plain numbers. */
export class GradNormWeights {
  readonly weights: number[];
  private readonly initialLoss: number[];
  private readonly m: number[];
  private readonly v: number[];
  private readonly steps: number[];

  /** @param numTasks T; @param learningRate Adam step size for the weights (> 0). */
  constructor(
    numTasks: number,
    readonly learningRate: number,
    readonly alpha = GRADNORM_ALPHA,
  ) {
    this.weights = Array.from({ length: numTasks }, () => 1);
    this.initialLoss = Array.from({ length: numTasks }, () => NaN);
    this.m = Array.from({ length: numTasks }, () => 0);
    this.v = Array.from({ length: numTasks }, () => 0);
    this.steps = Array.from({ length: numTasks }, () => 0);
  }

  /** weights, L_i(0), Adam's m, v and step counts per task (checkpoints; copies). */
  saveState(): number[][] {
    return [this.weights, this.initialLoss, this.m, this.v, this.steps].map((a) => a.slice());
  }

  /**
   * Restores {@link saveState}'s result.
   * @throws Error unless it holds 5 arrays of one entry per task.
   */
  restoreState(state: number[][]): void {
    const T = this.weights.length;
    if (state.length !== 5 || state.some((a) => a.length !== T))
      throw new Error(`GradNorm state does not have 5 arrays of ${T} tasks.`);
    [this.weights, this.initialLoss, this.m, this.v, this.steps].forEach((a, i) =>
      a.splice(0, T, ...state[i]),
    );
  }

  /**
   * One update of the weights.
   * @param losses L_i(t) per task, NaN for an absent task.
   * @param gradNorms ‖∇_W L_i‖ per task (unweighted loss), NaN for an absent task.
   */
  update(losses: number[], gradNorms: number[]): void {
    const present = losses
      .map((l, i) => i)
      .filter((i) => Number.isFinite(losses[i]) && Number.isFinite(gradNorms[i]));
    if (present.length === 0) return;
    for (const i of present) if (Number.isNaN(this.initialLoss[i])) this.initialLoss[i] = losses[i];
    const ratio = present.map((i) =>
      this.initialLoss[i] > 0 ? losses[i] / this.initialLoss[i] : 1,
    );
    const meanRatio = ratio.reduce((s, x) => s + x, 0) / present.length;
    const G = present.map((i) => this.weights[i] * gradNorms[i]);
    const meanG = G.reduce((s, x) => s + x, 0) / present.length;
    const before = present.reduce((s, i) => s + this.weights[i], 0);
    present.forEach((i, j) => {
      const r = meanRatio > 0 ? ratio[j] / meanRatio : 1;
      const target = meanG * r ** this.alpha;
      const grad = Math.sign(G[j] - target) * gradNorms[i];
      // Adam (β1 0.9, β2 0.999, ε 1e-8), per weight.
      this.steps[i]++;
      this.m[i] = 0.9 * this.m[i] + 0.1 * grad;
      this.v[i] = 0.999 * this.v[i] + 0.001 * grad * grad;
      const mHat = this.m[i] / (1 - 0.9 ** this.steps[i]);
      const vHat = this.v[i] / (1 - 0.999 ** this.steps[i]);
      this.weights[i] -= (this.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
      this.weights[i] = Math.max(this.weights[i], GRADNORM_MIN_WEIGHT);
    });
    const after = present.reduce((s, i) => s + this.weights[i], 0);
    for (const i of present) this.weights[i] *= before / after;
  }
}

/**
 * GradNorm (Chen et al., ICML 2018); see the module comment.
 * @throws MtlError('BAD_REQUEST') from create() when the network has no shared layer.
 */
export const gradnorm: LossWeighting = {
  name: 'gradnorm',
  description:
    'Learned weights that equalise task gradient norms on the last shared layer (α = 1.5).',
  reference: 'Chen et al., ICML 2018 (GradNorm)',
  create({ tasks, config, lastShared }) {
    if (lastShared.size === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `GradNorm needs a shared layer; architecture "${config.arch}" with these sizes has none.`,
      );
    }
    const state = new GradNormWeights(tasks.length, config.learningRate);
    return {
      mode: 'gradient',
      parameters: [],
      beginEpoch() {},
      combineLosses: (losses) => weightedSum(losses, state.weights),
      combineFlat({ grads, losses, lastShared }) {
        const out = new Float32Array(lastShared.length);
        const norms = grads.map((g, t) => {
          if (!g) return NaN;
          let sq = 0;
          for (let k = 0; k < g.length; k++) if (lastShared[k]) sq += g[k] * g[k];
          const w = state.weights[t];
          for (let k = 0; k < g.length; k++) out[k] += w * g[k];
          return Math.sqrt(sq);
        });
        state.update(
          losses.map((l, t) => (grads[t] ? l : NaN)),
          norms,
        );
        return out;
      },
      taskWeights: () => state.weights.slice(),
      saveState: () => state.saveState(),
      restoreState: (saved) => state.restoreState(saved),
      dispose() {},
    };
  },
};
