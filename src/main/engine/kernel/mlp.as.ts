/**
 * WebAssembly SIMD kernels of one multi-task MLP training step (AssemblyScript, compiled
 * with ./products.as.ts (the matrix products), ./softmax.as.ts (the loss), ./conv.as.ts and
 * ./rows.as.ts by `npm run build:kernel` to resources/kernels/fused.wasm; driven by
 * ./fusedKernel.ts). This file: inverted dropout, Adam, ReLU backward, padding and the
 * mixtures of experts.
 *
 * Why: on tfjs's wasm backend a small MLP's step is dominated by per-kernel overhead
 * (≈ 130 tfjs kernels per step, bench/ speed section). These functions do the same
 * arithmetic in a handful of calls: blocked f32x4 matrix products with fused bias, ReLU
 * and ReLU-backward epilogues, inverted dropout, masked softmax cross-entropy with its
 * analytic gradient, row-wise softmax (inference), softmax-gated mixtures of experts (MMoE, Ma et al. KDD 2018; PLE,
 * Tang et al. RecSys 2020) forward and backward, column sums and Adam with L2.
 *
 * Conventions: every pointer is a byte offset into the (imported) linear memory; matrices
 * are row-major float32; every N (columns) is a multiple of 4 (callers pad widths with
 * zero columns, which stay zero).
 */

/**
 * Inverted dropout (Srivastava et al., JMLR 2014) in place on n floats: each is zeroed when
 * its uniform draw u ∈ [0, 1) is below `rate`, else multiplied by `scale` = 1 / (1 − rate).
 * Draws come from a xorshift32 stream (Marsaglia, JSS 2003) in state `seed` (≠ 0).
 * @returns the stream's next state.
 */
export function dropout(x: usize, n: i32, rate: f32, scale: f32, seed: u32): u32 {
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    const u = <f32>(s >> 8) * (1.0 / 16777216.0);
    const p = x + ((<usize>i) << 2);
    store<f32>(p, u < rate ? 0 : load<f32>(p) * scale);
  }
  return s;
}

// ---------------------------------------------------------------------------------------
// Optimiser

/**
 * Adam (Kingma & Ba, ICLR 2015) with L2 on n floats (n % 4 == 0):
 * g' = g + l2x2 · w; m ← β1 m + c1 g'; v ← β2 v + c2 g'²;
 * w ← w − stepSize · m / (√(v · vCorrection) + ε), with stepSize = α / (1 − β1^t) and
 * vCorrection = 1 / (1 − β2^t) (bias corrections of m and v).
 * c1 = 1 − β1 and c2 = 1 − β2 come from the caller, computed in double precision: 1 − β2
 * in float32 is 0.99998713e-3, not 1e-3, a bias that tfjs and PyTorch do not have.
 */
export function adam(
  w: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  stepSize: f32,
  vCorrection: f32,
  beta1: f32,
  beta2: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  epsilon: f32,
  l2x2: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const c1 = f32x4.splat(oneMinusBeta1);
  const c2 = f32x4.splat(oneMinusBeta2);
  const mh = f32x4.splat(stepSize);
  const vh = f32x4.splat(vCorrection);
  const eps = f32x4.splat(epsilon);
  const l2 = f32x4.splat(l2x2);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    const wi = v128.load(w + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(wi, l2));
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(mi, mh), f32x4.add(f32x4.sqrt(f32x4.mul(vi, vh)), eps));
    v128.store(w + o, f32x4.sub(wi, step));
  }
}

/** dst[i] += src[i] for n floats (n % 4 == 0): sums the input gradients of a layer's readers. */
export function addInto(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
}

/**
 * ReLU backward in place over n floats (n % 4 == 0): g[i] = h[i] > 0 ? g[i] · scale : 0,
 * h the post-ReLU (post-dropout) activations, scale the dropout keep scale (1 without).
 */
export function reluBackward(g: usize, h: usize, n: i32, scale: f32): void {
  const zero = f32x4.splat(0);
  const s = f32x4.splat(scale);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    const keep = f32x4.gt(v128.load(h + o), zero);
    v128.store(g + o, v128.and(f32x4.mul(v128.load(g + o), s), keep));
  }
}

/** dst[R, Cp] = src[R, C] with zero columns C … Cp − 1 (pads inputs to SIMD width). */
export function padRows(src: usize, dst: usize, R: i32, C: i32, Cp: i32): void {
  for (let r = 0; r < R; r++) {
    const s = src + ((<usize>r * <usize>C) << 2);
    const d = dst + ((<usize>r * <usize>Cp) << 2);
    for (let c = 0; c < C; c++) store<f32>(d + ((<usize>c) << 2), load<f32>(s + ((<usize>c) << 2)));
    for (let c = C; c < Cp; c++) store<f32>(d + ((<usize>c) << 2), 0);
  }
}

/** First free byte of linear memory after the module's static data (math tables). */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------
// Mixture of experts (MMoE, Ma et al., KDD 2018)

/**
 * Softmax gates and per-task mixtures of expert outputs:
 * g[r, t, :] = softmax(z[r, t·E … t·E + E − 1]), mixed_t[r, :] = Σ_j g[r, t, j] · e_j[r, :].
 * @param z gate logits [B, ldz]; @param experts table of E pointers to expert outputs
 *   [B, U]; @param gates out [B, T, E]; @param mixed table of T pointers to outputs [B, U].
 *   U % 4 == 0.
 */
export function mixtureForward(
  z: usize,
  ldz: i32,
  experts: usize,
  E: i32,
  U: i32,
  T: i32,
  B: i32,
  gates: usize,
  mixed: usize,
): void {
  const row = (<usize>U) << 2;
  for (let r = 0; r < B; r++) {
    for (let t = 0; t < T; t++) {
      const zr = z + ((<usize>r * <usize>ldz + <usize>t * <usize>E) << 2);
      const gr = gates + ((<usize>(r * T + t) * <usize>E) << 2);
      let max = load<f32>(zr);
      for (let j = 1; j < E; j++) max = Mathf.max(max, load<f32>(zr + ((<usize>j) << 2)));
      let sum: f32 = 0;
      for (let j = 0; j < E; j++) {
        const e = Mathf.exp(load<f32>(zr + ((<usize>j) << 2)) - max);
        store<f32>(gr + ((<usize>j) << 2), e);
        sum += e;
      }
      const inv: f32 = 1 / sum;
      for (let j = 0; j < E; j++)
        store<f32>(gr + ((<usize>j) << 2), load<f32>(gr + ((<usize>j) << 2)) * inv);
      const out = load<usize>(mixed + ((<usize>t) << 2)) + <usize>r * row;
      for (let u = 0; u < U; u += 4) v128.store(out + ((<usize>u) << 2), f32x4.splat(0));
      for (let j = 0; j < E; j++) {
        const g = v128.load32_splat(gr + ((<usize>j) << 2));
        const ex = load<usize>(experts + ((<usize>j) << 2)) + <usize>r * row;
        for (let u = 0; u < U; u += 4) {
          const o = (<usize>u) << 2;
          v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(g, v128.load(ex + o))));
        }
      }
    }
  }
}

/**
 * Backward of {@link mixtureForward}: from dMixed_t [B, U] (table of T pointers) adds
 * Σ_t g[·, t, j] · dMixed_t to dE_j (table of E pointers: an expert read by several
 * mixtures sums their gradients; the caller zeroes dE first) and writes the gate-logit
 * gradient dz[r, t·E + j] = g_j · (dg_j − Σ_i g_i dg_i), dg_j = ⟨dMixed_t[r], e_j[r]⟩, into
 * columns 0 … T·E − 1 of dz [B, ldz] (other columns untouched).
 */
export function mixtureBackward(
  dz: usize,
  ldz: i32,
  experts: usize,
  dExperts: usize,
  E: i32,
  U: i32,
  T: i32,
  B: i32,
  gates: usize,
  dMixed: usize,
): void {
  const row = (<usize>U) << 2;
  for (let r = 0; r < B; r++) {
    const dzr = dz + ((<usize>r * <usize>ldz) << 2);
    for (let t = 0; t < T; t++) {
      const gr = gates + ((<usize>(r * T + t) * <usize>E) << 2);
      const dm = load<usize>(dMixed + ((<usize>t) << 2)) + <usize>r * row;
      let s: f32 = 0;
      for (let j = 0; j < E; j++) {
        const g = load<f32>(gr + ((<usize>j) << 2));
        const ex = load<usize>(experts + ((<usize>j) << 2)) + <usize>r * row;
        const de = load<usize>(dExperts + ((<usize>j) << 2)) + <usize>r * row;
        const gv = f32x4.splat(g);
        let acc = f32x4.splat(0);
        for (let u = 0; u < U; u += 4) {
          const o = (<usize>u) << 2;
          const d = v128.load(dm + o);
          acc = f32x4.add(acc, f32x4.mul(d, v128.load(ex + o)));
          v128.store(de + o, f32x4.add(v128.load(de + o), f32x4.mul(gv, d)));
        }
        const dg =
          f32x4.extract_lane(acc, 0) +
          f32x4.extract_lane(acc, 1) +
          f32x4.extract_lane(acc, 2) +
          f32x4.extract_lane(acc, 3);
        // Keep dg_j in dz for now; the softmax backward below needs Σ g·dg first.
        store<f32>(dzr + ((<usize>(t * E + j)) << 2), dg);
        s += g * dg;
      }
      for (let j = 0; j < E; j++) {
        const p = dzr + ((<usize>(t * E + j)) << 2);
        store<f32>(p, load<f32>(gr + ((<usize>j) << 2)) * (load<f32>(p) - s));
      }
    }
  }
}
