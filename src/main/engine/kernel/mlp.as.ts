/**
 * WebAssembly SIMD kernels of one multi-task MLP training step (AssemblyScript, compiled
 * with ./conv.as.ts by `npm run build:kernel` to resources/kernels/fused.wasm; driven by
 * ./fusedKernel.ts).
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

// ---------------------------------------------------------------------------------------
// Matrix products. Register block: 4 rows × 8 columns (8 f32x4 accumulators).

/**
 * The matrix products' bodies, inlined into {@link gemm} and {@link gemmTN} (the dense
 * layers) and into conv.as.ts's convolution products ({@link convGemm}, {@link convGemmTN}),
 * all with `fused` true: {@link madd}'s fused multiply-add in the module built with relaxed
 * SIMD (fused-fma.wasm), a multiply and an add in fused.wasm. A class only so that the bodies
 * can be `@inline` static methods with a constant `fused` (false is kept for a caller that
 * needs the same floats in both builds).
 */
class Products {
  /**
   * f32x4 acc + a · b: with `fused` (a compile-time constant) and relaxed SIMD enabled at
   * build time, one relaxed fused multiply-add (rounded once: a fused multiply-add on x64
   * with FMA3 and on arm64, a multiply and an add elsewhere); otherwise a multiply and an add.
   */
  @inline static madd(acc: v128, a: v128, b: v128, fused: bool): v128 {
    // A constant condition: the branch not taken is not compiled (relaxed_madd is an error
    // in a module built without relaxed SIMD).
    if (ASC_FEATURE_RELAXED_SIMD) {
      if (fused) return f32x4.relaxed_madd(a, b, acc);
    }
    return f32x4.add(acc, f32x4.mul(a, b));
  }

  /**
   * {@link gemm}'s epilogue on one f32x4 of C (`epilogue` a compile-time constant in each
   * inlined copy, so the branches not taken are folded away).
   */
  @inline static applyEpilogue(x: v128, epilogue: i32, hp: usize, zero: v128, scale: v128): v128 {
    // pmax(0, x) = 0 < x ? x : 0 maps NaN to 0, as tfjs's Relu does.
    if (epilogue == 1) return f32x4.pmax(zero, x);
    if (epilogue == 2) {
      const keep = f32x4.gt(v128.load(hp), zero);
      return v128.and(f32x4.mul(x, scale), keep);
    }
    return x;
  }

  /** Stores two f32x4 of C after the epilogue (H at hp). */
  @inline static store8(
    p: usize,
    x0: v128,
    x1: v128,
    epilogue: i32,
    hp: usize,
    zero: v128,
    scale: v128,
  ): void {
    v128.store(p, Products.applyEpilogue(x0, epilogue, hp, zero, scale));
    v128.store(p, Products.applyEpilogue(x1, epilogue, hp + 16, zero, scale), 16);
  }

  /** Stores one f32x4 of C after the epilogue (H at hp). */
  @inline static store4(
    p: usize,
    x0: v128,
    epilogue: i32,
    hp: usize,
    zero: v128,
    scale: v128,
  ): void {
    v128.store(p, Products.applyEpilogue(x0, epilogue, hp, zero, scale));
  }

  /** {@link gemm}'s body. */
  @inline static gemm(
    a: usize,
    b: usize,
    bias: usize,
    c: usize,
    M: i32,
    K: i32,
    N: i32,
    epilogue: i32,
    h: usize,
    hScale: f32,
    fused: bool,
  ): void {
    const zero = f32x4.splat(0);
    const scaleV = f32x4.splat(hScale);
    const rowA = (<usize>K) << 2;
    const rowC = (<usize>N) << 2;
    let m = 0;
    for (; m + 4 <= M; m += 4) {
      const a0 = a + <usize>m * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      const c0 = c + <usize>m * rowC;
      let n = 0;
      for (; n + 8 <= N; n += 8) {
        const nb = (<usize>n) << 2;
        let x00 = zero,
          x01 = zero,
          x10 = zero,
          x11 = zero,
          x20 = zero,
          x21 = zero,
          x30 = zero,
          x31 = zero;
        if (bias != 0) {
          x00 = v128.load(bias + nb);
          x01 = v128.load(bias + nb, 16);
          x10 = x00;
          x11 = x01;
          x20 = x00;
          x21 = x01;
          x30 = x00;
          x31 = x01;
        }
        let bp = b + nb;
        // One pointer walks row m of A; rows m + 1 … m + 3 are at fixed offsets from it.
        for (let ap = a0; ap < a1; ap += 4) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const s0 = v128.load32_splat(ap);
          const s1 = v128.load32_splat(ap + rowA);
          const s2 = v128.load32_splat(ap + 2 * rowA);
          const s3 = v128.load32_splat(ap + 3 * rowA);
          x00 = Products.madd(x00, s0, b0, fused);
          x01 = Products.madd(x01, s0, b1, fused);
          x10 = Products.madd(x10, s1, b0, fused);
          x11 = Products.madd(x11, s1, b1, fused);
          x20 = Products.madd(x20, s2, b0, fused);
          x21 = Products.madd(x21, s2, b1, fused);
          x30 = Products.madd(x30, s3, b0, fused);
          x31 = Products.madd(x31, s3, b1, fused);
          bp += rowC;
        }
        const p = c0 + nb;
        Products.store8(p, x00, x01, epilogue, h == 0 ? 0 : h + (p - c), zero, scaleV);
        Products.store8(
          p + rowC,
          x10,
          x11,
          epilogue,
          h == 0 ? 0 : h + (p + rowC - c),
          zero,
          scaleV,
        );
        Products.store8(
          p + 2 * rowC,
          x20,
          x21,
          epilogue,
          h == 0 ? 0 : h + (p + 2 * rowC - c),
          zero,
          scaleV,
        );
        Products.store8(
          p + 3 * rowC,
          x30,
          x31,
          epilogue,
          h == 0 ? 0 : h + (p + 3 * rowC - c),
          zero,
          scaleV,
        );
      }
      for (; n < N; n += 4) {
        const nb = (<usize>n) << 2;
        let x0 = bias != 0 ? v128.load(bias + nb) : zero;
        let x1 = x0,
          x2 = x0,
          x3 = x0;
        let bp = b + nb;
        for (let k = 0; k < K; k++) {
          const b0 = v128.load(bp);
          const ko = (<usize>k) << 2;
          x0 = Products.madd(x0, v128.load32_splat(a0 + ko), b0, fused);
          x1 = Products.madd(x1, v128.load32_splat(a1 + ko), b0, fused);
          x2 = Products.madd(x2, v128.load32_splat(a2 + ko), b0, fused);
          x3 = Products.madd(x3, v128.load32_splat(a3 + ko), b0, fused);
          bp += rowC;
        }
        const p = c0 + nb;
        Products.store4(p, x0, epilogue, h == 0 ? 0 : h + (p - c), zero, scaleV);
        Products.store4(p + rowC, x1, epilogue, h == 0 ? 0 : h + (p + rowC - c), zero, scaleV);
        Products.store4(
          p + 2 * rowC,
          x2,
          epilogue,
          h == 0 ? 0 : h + (p + 2 * rowC - c),
          zero,
          scaleV,
        );
        Products.store4(
          p + 3 * rowC,
          x3,
          epilogue,
          h == 0 ? 0 : h + (p + 3 * rowC - c),
          zero,
          scaleV,
        );
      }
    }
    // Remaining rows (a last, smaller batch), one at a time.
    for (; m < M; m++) {
      const ar = a + <usize>m * rowA;
      const cr = c + <usize>m * rowC;
      for (let n = 0; n < N; n += 4) {
        const nb = (<usize>n) << 2;
        let x0 = bias != 0 ? v128.load(bias + nb) : zero;
        let bp = b + nb;
        for (let k = 0; k < K; k++) {
          x0 = Products.madd(x0, v128.load32_splat(ar + ((<usize>k) << 2)), v128.load(bp), fused);
          bp += rowC;
        }
        Products.store4(cr + nb, x0, epilogue, h == 0 ? 0 : h + (cr + nb - c), zero, scaleV);
      }
    }
  }

  /** {@link gemmTN}'s body. */
  @inline static gemmTN(
    a: usize,
    b: usize,
    c: usize,
    R: i32,
    P: i32,
    N: i32,
    accumulate: i32,
    fused: bool,
  ): void {
    const zero = f32x4.splat(0);
    const rowA = (<usize>P) << 2;
    const rowB = (<usize>N) << 2;
    for (let p = 0; p < P; p += 4) {
      const pb = (<usize>p) << 2;
      const c0 = c + <usize>p * rowB;
      let n = 0;
      for (; n + 8 <= N; n += 8) {
        const nb = (<usize>n) << 2;
        const q = c0 + nb;
        let x00 = zero,
          x01 = zero,
          x10 = zero,
          x11 = zero,
          x20 = zero,
          x21 = zero,
          x30 = zero,
          x31 = zero;
        if (accumulate != 0) {
          x00 = v128.load(q);
          x01 = v128.load(q, 16);
          x10 = v128.load(q + rowB);
          x11 = v128.load(q + rowB, 16);
          x20 = v128.load(q + 2 * rowB);
          x21 = v128.load(q + 2 * rowB, 16);
          x30 = v128.load(q + 3 * rowB);
          x31 = v128.load(q + 3 * rowB, 16);
        }
        let ap = a + pb;
        let bp = b + nb;
        for (let r = 0; r < R; r++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const s0 = v128.load32_splat(ap);
          const s1 = v128.load32_splat(ap, 4);
          const s2 = v128.load32_splat(ap, 8);
          const s3 = v128.load32_splat(ap, 12);
          x00 = Products.madd(x00, s0, b0, fused);
          x01 = Products.madd(x01, s0, b1, fused);
          x10 = Products.madd(x10, s1, b0, fused);
          x11 = Products.madd(x11, s1, b1, fused);
          x20 = Products.madd(x20, s2, b0, fused);
          x21 = Products.madd(x21, s2, b1, fused);
          x30 = Products.madd(x30, s3, b0, fused);
          x31 = Products.madd(x31, s3, b1, fused);
          ap += rowA;
          bp += rowB;
        }
        v128.store(q, x00);
        v128.store(q, x01, 16);
        v128.store(q + rowB, x10);
        v128.store(q + rowB, x11, 16);
        v128.store(q + 2 * rowB, x20);
        v128.store(q + 2 * rowB, x21, 16);
        v128.store(q + 3 * rowB, x30);
        v128.store(q + 3 * rowB, x31, 16);
      }
      for (; n < N; n += 4) {
        const nb = (<usize>n) << 2;
        const q = c0 + nb;
        let x0 = zero,
          x1 = zero,
          x2 = zero,
          x3 = zero;
        if (accumulate != 0) {
          x0 = v128.load(q);
          x1 = v128.load(q + rowB);
          x2 = v128.load(q + 2 * rowB);
          x3 = v128.load(q + 3 * rowB);
        }
        let ap = a + pb;
        let bp = b + nb;
        for (let r = 0; r < R; r++) {
          const b0 = v128.load(bp);
          x0 = Products.madd(x0, v128.load32_splat(ap), b0, fused);
          x1 = Products.madd(x1, v128.load32_splat(ap, 4), b0, fused);
          x2 = Products.madd(x2, v128.load32_splat(ap, 8), b0, fused);
          x3 = Products.madd(x3, v128.load32_splat(ap, 12), b0, fused);
          ap += rowA;
          bp += rowB;
        }
        v128.store(q, x0);
        v128.store(q + rowB, x1);
        v128.store(q + 2 * rowB, x2);
        v128.store(q + 3 * rowB, x3);
      }
    }
  }
}

/**
 * C[M, N] = A[M, K] · B[K, N] (+ bias[N]) then an epilogue:
 * - 0: none;
 * - 1: ReLU (forward of a hidden layer);
 * - 2: ReLU backward: C[i] = H[i] > 0 ? C[i] · hScale : 0, with H [M, N] the layer's
 *   (post-ReLU, post-dropout) activations and hScale the inverted-dropout scale
 *   1 / (1 − rate) (1 without dropout).
 * `bias` = 0 means no bias. Requires N % 4 == 0. In fused-fma.wasm each multiply-add is one
 * relaxed fused multiply-add (#14: the MLP step's products take ≈ 70 % of it and issue half
 * the f32x4 operations so), in fused.wasm a multiply and an add.
 */
export function gemm(
  a: usize,
  b: usize,
  bias: usize,
  c: usize,
  M: i32,
  K: i32,
  N: i32,
  epilogue: i32,
  h: usize,
  hScale: f32,
): void {
  // One inlined copy per epilogue, each with its epilogue a constant (#14: the branches per
  // stored f32x4 cost ≈ 30 % of the products with small K, the input layer's).
  if (epilogue == 1) Products.gemm(a, b, bias, c, M, K, N, 1, h, hScale, true);
  else if (epilogue == 2) Products.gemm(a, b, bias, c, M, K, N, 2, h, hScale, true);
  else Products.gemm(a, b, bias, c, M, K, N, 0, h, hScale, true);
}

/**
 * C[P, N] = A[R, P]ᵀ · B[R, N] (a weight gradient: A = layer input, B = output gradient);
 * with `accumulate` ≠ 0, C += instead (sums a convolution's gradient over row chunks).
 * Requires P % 4 == 0 and N % 4 == 0. Block: 4 rows of C × 8 columns. Multiply-adds as in
 * {@link gemm} (fused in fused-fma.wasm).
 */
export function gemmTN(
  a: usize,
  b: usize,
  c: usize,
  R: i32,
  P: i32,
  N: i32,
  accumulate: i32,
): void {
  Products.gemmTN(a, b, c, R, P, N, accumulate, true);
}

/**
 * The convolutions' products (conv.as.ts): {@link gemm} (bias, then ReLU when `relu` ≠ 0)
 * and {@link gemmTN}, the same blocks, order of additions and (in fused-fma.wasm) fused
 * multiply-adds: half the f32x4 arithmetic of the loops that take ≈ 90 % of a CNN step, which
 * are bound by that arithmetic (bench/ cnn). Here, not in conv.as.ts, because the bodies are
 * this file's.
 */
export function convGemm(
  a: usize,
  b: usize,
  bias: usize,
  c: usize,
  M: i32,
  K: i32,
  N: i32,
  relu: i32,
): void {
  Products.gemm(a, b, bias, c, M, K, N, relu != 0 ? 1 : 0, 0, 1, true);
}

/** See {@link convGemm}: C[P, N] = A[R, P]ᵀ · B[R, N], or += with `accumulate` ≠ 0. */
export function convGemmTN(
  a: usize,
  b: usize,
  c: usize,
  R: i32,
  P: i32,
  N: i32,
  accumulate: i32,
): void {
  Products.gemmTN(a, b, c, R, P, N, accumulate, true);
}

/**
 * dst[C, R] = src[R, C]ᵀ (the weights for the input gradient's product). Requires R % 4 == 0
 * and C % 4 == 0 (padded widths): 4 × 4 blocks, each four f32x4 loads, eight shuffles and
 * four stores (the scalar loop took ≈ 3 % of an MLP step).
 */
export function transpose(src: usize, dst: usize, R: i32, C: i32): void {
  const rowS = (<usize>C) << 2;
  const rowD = (<usize>R) << 2;
  for (let r = 0; r < R; r += 4) {
    const s = src + <usize>r * rowS;
    const d0 = dst + ((<usize>r) << 2);
    for (let c = 0; c < C; c += 4) {
      const cb = (<usize>c) << 2;
      const x0 = v128.load(s + cb);
      const x1 = v128.load(s + rowS + cb);
      const x2 = v128.load(s + 2 * rowS + cb);
      const x3 = v128.load(s + 3 * rowS + cb);
      // Lanes (row, col): t0 = (0,0) (1,0) (0,1) (1,1), t1 = (0,2) (1,2) (0,3) (1,3), same for rows 2, 3.
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d = d0 + <usize>c * rowD;
      v128.store(d, i64x2.shuffle(t0, t2, 0, 2));
      v128.store(d + rowD, i64x2.shuffle(t0, t2, 1, 3));
      v128.store(d + 2 * rowD, i64x2.shuffle(t1, t3, 0, 2));
      v128.store(d + 3 * rowD, i64x2.shuffle(t1, t3, 1, 3));
    }
  }
}

/**
 * out[N] = Σ_r x[r, N] (a bias gradient), each column summed in row order from 0. Requires
 * N % 4 == 0. Four column groups at a time: four independent chains of additions instead of
 * one (whose latency bound the single-chain loop).
 */
export function colSum(x: usize, out: usize, R: i32, N: i32): void {
  const row = (<usize>N) << 2;
  let n = 0;
  for (; n + 16 <= N; n += 16) {
    const nb = (<usize>n) << 2;
    let a0 = f32x4.splat(0),
      a1 = a0,
      a2 = a0,
      a3 = a0;
    let p = x + nb;
    for (let r = 0; r < R; r++) {
      a0 = f32x4.add(a0, v128.load(p));
      a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32));
      a3 = f32x4.add(a3, v128.load(p, 48));
      p += row;
    }
    v128.store(out + nb, a0);
    v128.store(out + nb, a1, 16);
    v128.store(out + nb, a2, 32);
    v128.store(out + nb, a3, 48);
  }
  for (; n < N; n += 4) {
    const nb = (<usize>n) << 2;
    let acc = f32x4.splat(0);
    let p = x + nb;
    for (let r = 0; r < R; r++) {
      acc = f32x4.add(acc, v128.load(p));
      p += row;
    }
    v128.store(out + nb, acc);
  }
}

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
// Loss

/**
 * The table of AssemblyScript's expf (std/assembly/util/math.ts EXP2F_DATA_TAB, from musl's
 * exp2f_data.c): tab[i] = bits(2^(i/32)) − (i << 47).
 */
const EXP_TAB = memory.data<u64>([
  0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
  0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
  0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
  0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
  0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
  0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
  0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
  0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
]);

/**
 * A vectorised e^x for the softmax cross-entropy, bit for bit Mathf.exp (a class only so
 * that its functions can be `@inline` static methods).
 */
class Exp {
  /** Two lanes of {@link Exp.exp4}: expf_lut's arithmetic on float64 lanes, operation for operation. */
  @inline static lanes(xd: v128): v128 {
    const N: f64 = 32;
    const shift = f64x2.splat(reinterpret<f64>(0x4338000000000000));
    const z = f64x2.mul(f64x2.splat(reinterpret<f64>(0x3ff71547652b82fe) * N), xd);
    const kd = f64x2.add(z, shift);
    const r = f64x2.sub(z, f64x2.sub(kd, shift));
    const i0 = <usize>(i64x2.extract_lane(kd, 0) & 31);
    const i1 = <usize>(i64x2.extract_lane(kd, 1) & 31);
    let t = i64x2.replace_lane(
      i64x2.splat(load<u64>(EXP_TAB + (i0 << 3))),
      1,
      load<u64>(EXP_TAB + (i1 << 3)),
    );
    t = i64x2.add(t, i64x2.shl(kd, 47));
    const C0 = f64x2.splat(reinterpret<f64>(0x3fac6af84b912394) / N / N / N);
    const C1 = f64x2.splat(reinterpret<f64>(0x3fcebfce50fac4f3) / N / N);
    const C2 = f64x2.splat(reinterpret<f64>(0x3fe62e42ff0c52d6) / N);
    const zz = f64x2.add(f64x2.mul(C0, r), C1);
    let y = f64x2.add(f64x2.mul(C2, r), f64x2.splat(1));
    y = f64x2.add(y, f64x2.mul(zz, f64x2.mul(r, r)));
    return f64x2.mul(y, t);
  }

  /**
   * e^x of four floats x ≤ 0 (or NaN), bit for bit what Mathf.exp (AssemblyScript's expf_lut,
   * musl's algorithm: 2^(k/32) from a table times a cubic in the remainder, in float64) gives
   * for them: its general path on float64 lanes, 0 below log(2^−150) as there. Not for x > 0
   * (its overflow branch is left out): callers subtract the maximum first.
   */
  @inline static exp4(x: v128): v128 {
    const lo = Exp.lanes(f64x2.promote_low_f32x4(x));
    const hi = Exp.lanes(f64x2.promote_low_f32x4(i64x2.shuffle(x, x, 1, 1)));
    const y = i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
    const under = f32x4.lt(x, f32x4.splat(reinterpret<f32>(0xc2cff1b4)));
    return v128.andnot(y, under);
  }

  /**
   * e^(z[c] − max) for c in [0, k) into g (k floats, unaligned), four at a time with
   * {@link Exp.exp4} (it may read up to three floats past z's k: never stored).
   */
  @inline static shifted(z: usize, g: usize, k: i32, max: f32): void {
    const m = f32x4.splat(max);
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      const o = (<usize>c) << 2;
      v128.store(g + o, Exp.exp4(f32x4.sub(v128.load(z + o), m)));
    }
    if (c < k) {
      const o = (<usize>c) << 2;
      const e = Exp.exp4(f32x4.sub(v128.load(z + o), m));
      store<f32>(g + o, f32x4.extract_lane(e, 0));
      if (c + 1 < k) store<f32>(g + o, f32x4.extract_lane(e, 1), 4);
      if (c + 2 < k) store<f32>(g + o, f32x4.extract_lane(e, 2), 8);
    }
  }
}

/**
 * Masked, class-weighted softmax cross-entropy of one task over columns
 * [col, col + k) of logits [M, ld], and its gradient into the same columns of dlogits:
 * L = −Σ_r w_{y_r} log p_r[y_r] / W with W = Σ_r w_{y_r} over labelled rows (y_r ≥ 0);
 * ∂(taskWeight · L)/∂z_r = taskWeight / W · w_{y_r} · (p_r − onehot(y_r)); rows with
 * y_r < 0 get zeros. `classWeights` = 0 means all 1. log p is clipped at 1e-30.
 * Writes [L, W] as two f64 at `out` (L = 0, W = 0 when no row is labelled).
 */
export function softmaxCrossEntropy(
  logits: usize,
  dlogits: usize,
  M: i32,
  ld: i32,
  col: i32,
  k: i32,
  labels: usize,
  classWeights: usize,
  taskWeight: f64,
  out: usize,
): void {
  let W: f64 = 0;
  for (let r = 0; r < M; r++) {
    const y = load<i32>(labels + ((<usize>r) << 2));
    if (y >= 0) W += classWeights != 0 ? <f64>load<f32>(classWeights + ((<usize>y) << 2)) : 1.0;
  }
  let nll: f64 = 0;
  const scale = W > 0 ? taskWeight / W : 0;
  for (let r = 0; r < M; r++) {
    const z = logits + ((<usize>r * <usize>ld + <usize>col) << 2);
    const g = dlogits + ((<usize>r * <usize>ld + <usize>col) << 2);
    const y = load<i32>(labels + ((<usize>r) << 2));
    if (y < 0) {
      for (let c = 0; c < k; c++) store<f32>(g + ((<usize>c) << 2), 0);
      continue;
    }
    const w: f64 = classWeights != 0 ? <f64>load<f32>(classWeights + ((<usize>y) << 2)) : 1.0;
    let max = load<f32>(z);
    for (let c = 1; c < k; c++) max = Mathf.max(max, load<f32>(z + ((<usize>c) << 2)));
    Exp.shifted(z, g, k, max);
    let sum: f32 = 0;
    for (let c = 0; c < k; c++) sum += load<f32>(g + ((<usize>c) << 2));
    const inv: f32 = 1 / sum;
    const py = load<f32>(g + ((<usize>y) << 2)) * inv;
    nll -= w * Math.log(<f64>Mathf.max(py, 1e-30));
    const ws = <f32>(w * scale);
    for (let c = 0; c < k; c++) {
      const gp = g + ((<usize>c) << 2);
      store<f32>(gp, (load<f32>(gp) * inv - (c == y ? 1 : 0)) * ws);
    }
  }
  store<f64>(out, W > 0 ? nll / W : 0);
  store<f64>(out, W, 8);
}

/**
 * Row-wise softmax of columns [col, col + k) of logits [M, ld] into probs [M, k]
 * (contiguous): p = exp(z − max z) / Σ exp(z − max z), as tf.softmax computes it (float32).
 * Used at inference, where no loss is computed.
 */
export function softmaxRows(logits: usize, ld: i32, col: i32, k: i32, M: i32, probs: usize): void {
  for (let r = 0; r < M; r++) {
    const z = logits + ((<usize>r * <usize>ld + <usize>col) << 2);
    const p = probs + ((<usize>r * <usize>k) << 2);
    let max = load<f32>(z);
    for (let c = 1; c < k; c++) max = Mathf.max(max, load<f32>(z + ((<usize>c) << 2)));
    let sum: f32 = 0;
    for (let c = 0; c < k; c++) {
      const e = Mathf.exp(load<f32>(z + ((<usize>c) << 2)) - max);
      store<f32>(p + ((<usize>c) << 2), e);
      sum += e;
    }
    const inv: f32 = 1 / sum;
    for (let c = 0; c < k; c++)
      store<f32>(p + ((<usize>c) << 2), load<f32>(p + ((<usize>c) << 2)) * inv);
  }
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
