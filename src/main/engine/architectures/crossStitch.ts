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
 * With the CNN trunk (image inputs) each task also has its own conv column (the blocks of
 * `convFilters`: conv, ReLU, 2×2 max-pool), and a cross-stitch unit mixes the columns'
 * feature maps after each block, as the paper's units after each pooling layer of its
 * AlexNet columns: h̃_t = Σ_s α_{t,s} · h_s over whole [height, width, channels] maps
 * (α_{t,s} one scalar per pair, the paper's "layer-wise" variant). Then each column is
 * flattened (NHWC order) into its dense layers. These networks train through tfjs kernels;
 * on the wasm backend the convolution gradients come from ops/wasmConvGradients.ts.
 *
 * Shared parameters (PCGrad): every column layer and every α (each reaches all tasks
 * through the units). Last shared layer (GradNorm): every column's last dense layer (the
 * last conv layer without dense layers) and the last α. α is a model weight (saved and
 * reloaded), not an L2-penalised kernel. Weight names: `column_<task>/conv_<i>/…`,
 * `column_<task>/dense_<l>/…`, `cross_stitch_conv_<i>/alpha`, `cross_stitch_<l>/alpha`.
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
import {
  applyConvLayer,
  createConvTrunk,
  describeConvTrunk,
  imageBatch,
  type ConvTrunk,
} from './convTrunk';
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
 * α · H with a backward pass free of transposed matMuls: dH = αᵀ · dY and dα = dY · Hᵀ with
 * the transposes done explicitly (cheap copies). Why: on the tfjs wasm backend (4.22) a
 * matMul with transposeA runs a slow path, and autodiff's dH = matMul(α, dY, transposeA)
 * took 25 s for a batch of feature maps (T = 4, 1.2 M values per column; measured here),
 * against 17 ms for the same product untransposed (see also ops/dense.ts).
 * @param alpha [T, T]; @param stacked [T, size] → [T, size].
 */
const mixColumns = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [alpha, stacked] = args as [tf.Tensor2D, tf.Tensor2D];
  const save = args[2] as tf.GradSaveFunc;
  save([alpha, stacked]);
  return {
    value: tf.matMul(alpha, stacked) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [a, h] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(h)), tf.matMul(tf.transpose(a), dy)];
    },
  };
}) as unknown as (alpha: tf.Tensor2D, stacked: tf.Tensor2D) => tf.Tensor2D;

/**
 * Applies a cross-stitch unit: h̃_t = Σ_s α[t, s] · h_s, elementwise over whole tensors.
 * @param alpha [T, T]; @param columns T tensors of one shape (e.g. [batch, units] or
 *   feature maps [batch, height, width, channels]) → T tensors of that shape.
 */
export function crossStitch<R extends tf.Tensor>(alpha: tf.Tensor2D, columns: R[]): R[] {
  const T = columns.length;
  const shape = columns[0].shape;
  const size = columns[0].size;
  // [T, T] · [T, size]: one matMul mixes every value of every row.
  const stacked = tf.reshape(tf.stack(columns), [T, size]) as tf.Tensor2D;
  const mixed = mixColumns(alpha, stacked);
  return T === 1
    ? [tf.reshape(mixed, shape) as R]
    : (tf.unstack(mixed).map((m) => tf.reshape(m, shape)) as R[]);
}

/** Cross-stitch networks (Misra et al., CVPR 2016); see the module comment. */
export const crossStitchArch: Architecture = {
  name: 'cross-stitch',
  description:
    'One network per task whose layers are linearly mixed by learned cross-stitch units.',
  reference: 'Misra et al., CVPR 2016 (cross-stitch networks)',
  build({ inputDim, image, tasks, config, seed }) {
    if (config.trunk === 'cnn' && !image) {
      throw new MtlError(
        'BAD_REQUEST',
        'The CNN trunk needs image inputs; this data set is a table (use trunk "mlp").',
      );
    }
    const random = initRandom(seed);
    const T = tasks.length;
    const weights: NamedVariable[] = [];
    const convColumns: ConvTrunk[] = [];
    const columns = tasks.map((task) => {
      const name = `column_${safe(task.name)}`;
      let width = inputDim;
      if (config.trunk === 'cnn') {
        const conv = createConvTrunk(image!, config, name, random, weights);
        convColumns.push(conv);
        width = conv.outputDim;
      }
      return createMlp(width, config.hiddenUnits, name, random, weights);
    });
    const newAlpha = (name: string) => {
      const variable = tf.tidy(() => tf.variable(tf.tensor2d(initialAlpha(T), [T, T]), true));
      weights.push({ name: `${name}/alpha`, variable, isKernel: false });
      return variable;
    };
    const convAlphas = (convColumns[0]?.layers ?? []).map((_, i) =>
      newAlpha(`cross_stitch_conv_${i}`),
    );
    const alphas = config.hiddenUnits.map((_, l) => newAlpha(`cross_stitch_${l}`));
    const sharedWeights = weights.slice();
    const L = config.hiddenUnits.length;
    const C = convAlphas.length;
    const lastColumnLayers =
      L > 0 ? columns.map((c) => c.layers[L - 1]) : convColumns.map((c) => c.layers[C - 1].params);
    const lastAlpha = L > 0 ? alphas[L - 1] : convAlphas[C - 1];
    const lastSharedLayer = sharedWeights.filter(
      (w) =>
        (lastAlpha !== undefined && w.variable === lastAlpha) ||
        lastColumnLayers.some((p) => p.kernel === w.variable || p.bias === w.variable),
    );
    const heads = createHeads(
      L > 0 ? config.hiddenUnits[L - 1] : (convColumns[0]?.outputDim ?? inputDim),
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
      convLayers: convColumns.flatMap((c) => describeConvTrunk(c)),
      forward(x, mode) {
        let h = tasks.map(() => x);
        if (convColumns.length > 0) {
          let maps = tasks.map(() => imageBatch(x, convColumns[0].input));
          for (let i = 0; i < C; i++) {
            maps = maps.map((m, t) => applyConvLayer(m, convColumns[t].layers[i]));
            maps = crossStitch(convAlphas[i] as tf.Tensor2D, maps);
          }
          h = maps.map((m, t) => tf.reshape(m, [x.shape[0], convColumns[t].outputDim]));
        }
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
