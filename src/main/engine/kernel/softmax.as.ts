/**
 * The loss of the fused training kernel (AssemblyScript, compiled with ./mlp.as.ts into one
 * module by `npm run build:kernel`): masked softmax cross-entropy with its analytic gradient,
 * its exponentials four at a time (bit for bit Mathf.exp), and the row-wise softmax of
 * inference.
 *
 * Conventions as ./products.as.ts: byte offsets into the imported memory, row-major float32.
 */

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
