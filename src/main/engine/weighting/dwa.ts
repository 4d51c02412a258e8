/**
 * Dynamic Weight Average. Liu, Johns & Davison, "End-to-End Multi-Task Learning with
 * Attention", CVPR 2019.
 *
 * λ_k(t) = K · exp(r_k / T) / Σ_i exp(r_i / T), r_k = L_k(t−1) / L_k(t−2), temperature T = 2,
 * K tasks, where L_k is task k's mean training loss over an epoch (over its labelled rows
 * only, so missing labels do not bias it). λ = 1 for the first two epochs. A task whose
 * last two epoch means are not both finite and positive (no labelled row, or a zero loss)
 * gets r_k = 1 (no change), which keeps every λ finite.
 */
import { weightedSum } from './equal';
import type { LossWeighting } from './types';

/** DWA's temperature T (Liu et al. use 2). */
export const DWA_TEMPERATURE = 2;

/**
 * DWA weights for the next epoch from the per-epoch mean training losses.
 * @param history history[e][k] = mean loss of task k in epoch e (oldest first).
 * @param numTasks K.
 * @returns K weights summing to K (all 1 with fewer than two epochs of history).
 */
export function dwaWeights(
  history: ArrayLike<number>[],
  numTasks: number,
  temperature = DWA_TEMPERATURE,
): number[] {
  if (history.length < 2) return Array.from({ length: numTasks }, () => 1);
  const prev = history[history.length - 1];
  const prev2 = history[history.length - 2];
  const r = Array.from({ length: numTasks }, (_, k) => {
    const a = prev[k];
    const b = prev2[k];
    return Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? a / b : 1;
  });
  // Subtracting the max keeps exp finite; softmax is unchanged by it.
  const max = Math.max(...r.map((x) => x / temperature));
  const e = r.map((x) => Math.exp(x / temperature - max));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => (numTasks * x) / sum);
}

/** Dynamic Weight Average (Liu et al., CVPR 2019); see the module comment. */
export const dwa: LossWeighting = {
  name: 'dwa',
  description: 'Dynamic Weight Average: tasks whose loss falls slower weigh more (T = 2).',
  reference: 'Liu et al., CVPR 2019',
  create({ tasks }) {
    let weights = tasks.map(() => 1);
    return {
      mode: 'loss',
      parameters: [],
      beginEpoch(history) {
        weights = dwaWeights(history, tasks.length);
      },
      combineLosses: (losses) => weightedSum(losses, weights),
      taskWeights: () => weights.slice(),
      dispose() {},
    };
  },
};
