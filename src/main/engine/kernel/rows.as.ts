/**
 * Training rows resident in the kernel's memory (AssemblyScript, compiled with ./mlp.as.ts
 * and ./conv.as.ts into one module by `npm run build:kernel`; driven by ./fusedKernel.ts).
 *
 * Why: with the whole in-memory feature matrix and label columns copied into the kernel
 * once per run, a mini-batch is gathered here, straight into the kernel's input and label
 * blocks, instead of being assembled in JavaScript (new typed arrays per batch) and copied
 * in; the epoch's shuffled order is written once per epoch.
 *
 * Conventions: every pointer is a byte offset into the (imported) linear memory; matrices
 * are row-major float32; labels are int32 class indices, −1 for a missing label.
 */

/**
 * Gathers rows order[start], …, order[start + size − 1] of the resident matrix into a batch:
 * X[i, 0..C) = features[order[start + i], 0..C), X[i, C..Cp) = 0, and per task t
 * batchLabels_t[i] = labels_t[order[start + i]].
 * @param features resident [n, C] float32; @param C values per row; @param Cp the input
 *   block's row stride in floats (C rounded up to a multiple of 4).
 * @param order int32 row indices (the epoch's permutation); @param start first position in
 *   it; @param size rows to gather (≤ the input block's rows).
 * @param x the input block [size, Cp].
 * @param labelTable int32 pointers [T] to each task's resident labels [n];
 * @param batchTable int32 pointers [T] to each task's batch labels [≥ size]; @param T tasks.
 */
export function gatherBatch(
  features: usize,
  C: i32,
  Cp: i32,
  order: usize,
  start: i32,
  size: i32,
  x: usize,
  labelTable: usize,
  batchTable: usize,
  T: i32,
): void {
  const rowBytes = (<usize>C) << 2;
  const strideBytes = (<usize>Cp) << 2;
  const orderAt = order + ((<usize>start) << 2);
  for (let i = 0; i < size; i++) {
    const row = <usize>load<i32>(orderAt + ((<usize>i) << 2));
    const src = features + row * rowBytes;
    const dst = x + <usize>i * strideBytes;
    let j = 0;
    for (; j + 4 <= C; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(dst + o, v128.load(src + o));
    }
    for (; j < C; j++) store<f32>(dst + ((<usize>j) << 2), load<f32>(src + ((<usize>j) << 2)));
    for (; j < Cp; j++) store<f32>(dst + ((<usize>j) << 2), 0);
  }
  for (let t = 0; t < T; t++) {
    const src = <usize>load<i32>(labelTable + ((<usize>t) << 2));
    const dst = <usize>load<i32>(batchTable + ((<usize>t) << 2));
    for (let i = 0; i < size; i++) {
      const row = <usize>load<i32>(orderAt + ((<usize>i) << 2));
      store<i32>(dst + ((<usize>i) << 2), load<i32>(src + (row << 2)));
    }
  }
}
