/**
 * Projecting Conflicting Gradients (PCGrad). Yu et al., "Gradient Surgery for Multi-Task
 * Learning", NeurIPS 2020.
 *
 * On the shared parameters θ_sh, each present task's gradient g_i is projected, for every
 * other present task j in a random order (seeded; drawn anew per task and step), onto the
 * normal plane of g_j when they conflict: if g_i^PC · g_j < 0 then
 * g_i^PC ← g_i^PC − (g_i^PC · g_j) / ‖g_j‖² · g_j (against the original g_j, as in the
 * paper's Algorithm 1). The update is Σ_i g_i^PC. Task-specific parameters get the plain sum
 * of the task gradients. Costs one backward pass per present task per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, shuffleInPlace } from '../random';
import type { LossWeighting } from './types';

/**
 * PCGrad's projection and sum on flattened shared gradients.
 * @param grads per present task, the gradient over θ_sh (all the same length); not modified.
 * @param random generator of [0, 1) floats for the order of the other tasks.
 * @returns Σ_i g_i^PC (a new array).
 */
export function projectConflicting(grads: Float32Array[], random: () => number): Float32Array {
  const n = grads[0]?.length ?? 0;
  const sum = new Float32Array(n);
  const norms = grads.map((g) => dot(g, g));
  grads.forEach((gi, i) => {
    const pc = Float64Array.from(gi);
    const others = shuffleInPlace(
      grads.map((_, j) => j).filter((j) => j !== i),
      random,
    ) as number[];
    for (const j of others) {
      const d = dot(pc, grads[j]);
      // A zero gradient conflicts with nothing (and would divide by 0).
      if (d < 0 && norms[j] > 0) {
        const f = d / norms[j];
        const gj = grads[j];
        for (let k = 0; k < n; k++) pc[k] -= f * gj[k];
      }
    }
    for (let k = 0; k < n; k++) sum[k] += pc[k];
  });
  return sum;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** PCGrad (Yu et al., NeurIPS 2020); see the module comment. */
export const pcgrad: LossWeighting = {
  name: 'pcgrad',
  description:
    'Projects each task gradient off the others it conflicts with (per-task backward passes).',
  reference: 'Yu et al., NeurIPS 2020 (PCGrad)',
  create({ tasks, seed }) {
    const random = mulberry32(seed);
    // Positions of θ_sh in the flat gradients, kept while the caller passes the same mask.
    let indexOf: { mask: Uint8Array; index: Int32Array } | null = null;
    return {
      mode: 'gradient',
      parameters: [],
      beginEpoch() {},
      combineLosses: (losses) =>
        tf.addN(losses.filter((l): l is tf.Scalar => l !== null)) as tf.Scalar,
      combineFlat({ grads, shared }) {
        const present = grads.filter((g): g is Float32Array => g !== null);
        const out = new Float32Array(shared.length);
        if (indexOf?.mask !== shared) {
          const index: number[] = [];
          for (let k = 0; k < shared.length; k++) if (shared[k]) index.push(k);
          indexOf = { mask: shared, index: Int32Array.from(index) };
        }
        const { index } = indexOf;
        for (const g of present) for (let k = 0; k < g.length; k++) if (!shared[k]) out[k] += g[k];
        // Plain loops: these arrays have as many entries as the shared parameters.
        const gathered = present.map((g) => {
          const part = new Float32Array(index.length);
          for (let j = 0; j < index.length; j++) part[j] = g[index[j]];
          return part;
        });
        const projected = projectConflicting(gathered, random);
        for (let j = 0; j < index.length; j++) out[index[j]] = projected[j];
        return out;
      },
      taskWeights: () => tasks.map(() => 1),
      // The task-order stream's position (a resumed run draws the same orders).
      saveState: () => [[random.state()]],
      restoreState(state) {
        if (state.length !== 1 || state[0].length !== 1)
          throw new Error('PCGrad state is not one random-stream state.');
        random.restore(state[0][0]);
      },
      dispose() {},
    };
  },
};
