/**
 * Homoscedastic uncertainty weighting. Kendall, Gal & Cipolla, "Multi-Task Learning Using
 * Uncertainty to Weigh Losses for Scene Geometry and Semantics", CVPR 2018.
 *
 * Learns s_t = log σ_t² per task (initialised to 0) with the network's optimiser and
 * descends L = Σ_t L_t / (2 e^{s_t}) + s_t / 2 (as LibMTL's UW). L may become negative
 * when s_t < 0; that is expected. A task absent from a batch adds no term, so its s_t gets
 * no gradient and Adam leaves it and its moments untouched. The recorded weight of task t
 * is its loss factor 1 / (2 e^{s_t}).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossWeighting } from './types';

/**
 * Uncertainty-weighted loss Σ_t L_t / (2 e^{s_t}) + s_t / 2 over present tasks.
 * @param losses per task scalar or null (absent); @param logVariances s [T].
 * @returns scalar (caller's tidy/tape).
 */
export function uncertaintyLoss(
  losses: (tf.Scalar | null)[],
  logVariances: tf.Variable[],
): tf.Scalar {
  const terms: tf.Tensor[] = [];
  losses.forEach((loss, t) => {
    if (!loss) return;
    const s = logVariances[t];
    terms.push(tf.add(tf.mul(tf.mul(loss, tf.exp(tf.neg(s))), 0.5), tf.mul(s, 0.5)));
  });
  return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
}

/** Uncertainty weighting (Kendall et al., CVPR 2018); see the module comment. */
export const uncertainty: LossWeighting = {
  name: 'uncertainty',
  description: 'Learned per-task uncertainty: Σ L_i / (2e^{s_i}) + s_i / 2 (loss may go negative).',
  reference: 'Kendall et al., CVPR 2018',
  create({ tasks }) {
    const logVariances = tasks.map(() => tf.tidy(() => tf.variable(tf.scalar(0), true)));
    return {
      mode: 'loss',
      parameters: logVariances,
      beginEpoch() {},
      combineLosses: (losses) => uncertaintyLoss(losses, logVariances),
      taskWeights: () => logVariances.map((s) => 0.5 * Math.exp(-s.dataSync()[0])),
      dispose: () => logVariances.forEach((s) => s.dispose()),
    };
  },
};
