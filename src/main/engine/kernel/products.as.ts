/**
 * The matrix products of the fused training kernel (AssemblyScript, compiled with ./mlp.as.ts,
 * ./softmax.as.ts, ./conv.as.ts and ./rows.as.ts into one module by `npm run build:kernel`):
 * blocked f32x4 products with fused bias / ReLU / ReLU-backward epilogues (dense layers,
 * ./mlp.as.ts's callers in fusedKernel.ts), their im2col forms for convolutions
 * (./conv.as.ts), transposes and column sums.
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
