/**
 * Cross-stitch networks. Misra et al., "Cross-stitch Networks for Multi-task Learning",
 * CVPR 2016.
 *
 * One MLP column per task (widths `hiddenUnits`). After each layer a cross-stitch unit
 * mixes the columns: h̃_t = Σ_s α_{t,s} · h_s, with one learnable [T, T] matrix α per layer
 * (a scalar per pair of tasks, as in the paper's layer-wise units). α starts near the
 * identity: α_{t,t} = 0.9 and the rest 0.1 / (T − 1) split evenly (α = [[1]] for one
 * task), so each column starts mostly as its own task's network. Each task's head reads
 * its column's last mixed output.
 *
 * Shared parameters (PCGrad): every column layer and every α (each reaches all tasks
 * through the units). Last shared layer (GradNorm): every column's last dense layer and
 * the last α. α is a model weight (saved and reloaded), not an L2-penalised kernel.
 *
 * MLP trunk only: a CNN would train through tfjs kernels, which cannot train convolutions on
 * the wasm backend (no Conv2DBackpropFilter in tfjs 4.22); the fused kernel has no
 * cross-stitch units.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MtlError } from '../../../shared/errors';
import {
  applyDropout,
  applyHeads,
  createHeads,
  createMlp,
  dense,
  initRandom,
  safe,
} from './layers';
import type { Architecture, NamedVariable } from './types';

/** Diagonal value of a cross-stitch unit at initialisation. */
export const ALPHA_SAME = 0.9;

/**
 * Initial cross-stitch matrix: ALPHA_SAME on the diagonal, (1 − ALPHA_SAME) / (T − 1)
 * elsewhere, so each row sums to 1. [[1]] for T = 1.
 * @returns row-major [T, T] values.
 */
export function initialAlpha(T: number): Float32Array {
  const values = new Float32Array(T * T);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < T; s++) {
      values[t * T + s] = T === 1 ? 1 : t === s ? ALPHA_SAME : (1 - ALPHA_SAME) / (T - 1);
    }
  }
  return values;
}

/**
 * Applies a cross-stitch unit: h̃_t = Σ_s α[t, s] · h_s.
 * @param alpha [T, T]; @param columns T tensors [batch, units] → T tensors [batch, units].
 */
export function crossStitch(alpha: tf.Tensor2D, columns: tf.Tensor2D[]): tf.Tensor2D[] {
  const T = columns.length;
  const [batch, units] = columns[0].shape;
  // [T, T] · [T, batch·units]: one matMul mixes every unit of every row.
  const stacked = tf.reshape(tf.stack(columns), [T, batch * units]);
  const mixed = tf.reshape(tf.matMul(alpha, stacked), [T, batch, units]);
  return T === 1
    ? [tf.reshape(mixed, [batch, units]) as tf.Tensor2D]
    : (tf.unstack(mixed) as tf.Tensor2D[]);
}

/** Cross-stitch networks (Misra et al., CVPR 2016); see the module comment. */
export const crossStitchArch: Architecture = {
  name: 'cross-stitch',
  description:
    'One network per task whose layers are linearly mixed by learned cross-stitch units.',
  reference: 'Misra et al., CVPR 2016 (cross-stitch networks)',
  build({ inputDim, tasks, config, seed }) {
    if (config.trunk === 'cnn') {
      throw new MtlError(
        'BAD_REQUEST',
        'Cross-stitch units mix dense layers only: with the CNN trunk choose hard sharing, MMoE or PLE (or the single-task baseline).',
      );
    }
    const random = initRandom(seed);
    const T = tasks.length;
    const weights: NamedVariable[] = [];
    const columns = tasks.map((task) =>
      createMlp(inputDim, config.hiddenUnits, `column_${safe(task.name)}`, random, weights),
    );
    const alphas = config.hiddenUnits.map((_, l) => {
      const variable = tf.tidy(() => tf.variable(tf.tensor2d(initialAlpha(T), [T, T]), true));
      weights.push({ name: `cross_stitch_${l}/alpha`, variable, isKernel: false });
      return variable;
    });
    const sharedWeights = weights.slice();
    const L = config.hiddenUnits.length;
    const lastSharedLayer =
      L === 0
        ? []
        : sharedWeights.filter(
            (w) =>
              w.variable === alphas[L - 1] ||
              columns.some(
                (c) => c.layers[L - 1].kernel === w.variable || c.layers[L - 1].bias === w.variable,
              ),
          );
    const heads = createHeads(
      L === 0 ? inputDim : config.hiddenUnits[L - 1],
      tasks,
      config.headUnits,
      random,
      weights,
    );
    return {
      weights,
      perTaskWeights: null,
      sharedWeights,
      lastSharedLayer,
      forward(x, mode) {
        let h = tasks.map(() => x);
        for (let l = 0; l < L; l++) {
          h = h.map((ht, t) => {
            const out = dense(ht, columns[t].layers[l], 'relu');
            return mode && config.dropout > 0
              ? applyDropout(out, config.dropout, mode.dropoutSeed + t * 1009 + l)
              : out;
          });
          h = crossStitch(alphas[l] as tf.Tensor2D, h);
        }
        return applyHeads(h, heads);
      },
      dispose() {
        weights.forEach((w) => w.variable.dispose());
      },
    };
  },
};
