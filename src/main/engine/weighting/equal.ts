/**
 * Equal weighting: L = Σ_t L_t over the tasks present in the batch (the default).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossWeighting, WeightingState } from './types';

/**
 * Sum of the present tasks' losses, each times its weight (all 1 by default).
 * @param losses per task scalar or null (absent); at least one non-null.
 * @param weights per task, same order.
 * @returns a new scalar (inside the caller's tape/tidy).
 */
export function weightedSum(losses: (tf.Scalar | null)[], weights?: number[]): tf.Scalar {
  const terms: tf.Scalar[] = [];
  losses.forEach((loss, t) => {
    if (!loss) return;
    terms.push(!weights || weights[t] === 1 ? loss : (tf.mul(loss, weights[t]) as tf.Scalar));
  });
  return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
}

/** A loss-mode state with fixed weights (equal, static). */
export function fixedWeights(weights: number[]): WeightingState {
  const allOne = weights.every((w) => w === 1);
  return {
    mode: 'loss',
    parameters: [],
    beginEpoch() {},
    combineLosses: (losses) => weightedSum(losses, allOne ? undefined : weights),
    taskWeights: () => weights.slice(),
    dispose() {},
  };
}

/** Equal weighting: every present task's loss with weight 1. */
export const equal: LossWeighting = {
  name: 'equal',
  description: 'Sum of the task losses, each with weight 1.',
  reference: 'Uniform loss weighting (LibMTL EW)',
  create: ({ tasks }) => fixedWeights(tasks.map(() => 1)),
};
