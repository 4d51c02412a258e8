/**
 * Gradients as one flat array over a list of variables (how gradient methods such as
 * PCGrad and GradNorm combine them on the tfjs path, as the kernel path does), and the
 * masks of shared and last-shared parameters over that flat order.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Gradients by variable name → one flat array over `variables` (zeros where absent). */
export function flattenGradients(grads: tf.NamedTensorMap, variables: tf.Variable[]): Float32Array {
  const out = new Float32Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    const g = grads[v.name];
    if (g) out.set(g.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return out;
}

/** Inverse of {@link flattenGradients}: new tensors by variable name, owned by the caller. */
export function unflattenGradients(
  flat: Float32Array,
  variables: tf.Variable[],
): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of variables) {
    out[v.name] = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
  }
  return out;
}

/** θ_sh and last-shared-layer masks over `variables` flattened (see FlatGradients). */
export function parameterMasks(
  variables: tf.Variable[],
  membership: (name: string) => { shared: boolean; lastShared: boolean },
): { shared: Uint8Array; lastShared: Uint8Array } {
  const length = variables.reduce((n, v) => n + v.size, 0);
  const shared = new Uint8Array(length);
  const lastShared = new Uint8Array(length);
  let offset = 0;
  for (const v of variables) {
    const m = membership(v.name);
    if (m.shared) shared.fill(1, offset, offset + v.size);
    if (m.lastShared) lastShared.fill(1, offset, offset + v.size);
    offset += v.size;
  }
  return { shared, lastShared };
}
