/**
 * WebAssembly SIMD kernels of convolutional layers (AssemblyScript, compiled with ./mlp.as.ts
 * into one module by `npm run build:kernel`; driven by ./convTrunk.ts).
 *
 * Why: tfjs 4.22's wasm backend has no Conv2DBackpropFilter kernel, so a CNN cannot train
 * there through tfjs. These functions run a 2-D convolution's forward pass and both of its
 * backward passes as im2col (Chellapilla et al., "High Performance Convolutional Neural
 * Networks for Document Processing", IWFHR 2006) + the blocked f32x4 matrix products of
 * products.as.ts, and 2×2 max-pooling with its gradient.
 *
 * Layout: NHWC, row-major float32, as tfjs's tf.conv2d: an image is [height, width,
 * channels]; a filter is [kh, kw, inChannels, outChannels], stored here as the matrix
 * [Kpad, N] with K = kh·kw·C rows (zero rows K … Kpad − 1) and N = outChannels padded to a
 * multiple of 4 (zero columns, which stay zero). Output rows are the output positions
 * (b, oy, ox) in row-major order, so the product's [B·Ho·Wo, N] IS the NHWC output.
 *
 * A layer's static shape and its buffers live in a descriptor: i32 fields at `d` (see the
 * D_* constants), written once by the driver.
 */
import { colSum, convGemm, convGemmTN, transpose } from './products.as';

// Descriptor fields (i32 index).
const D_H: i32 = 0; // input height
const D_W: i32 = 1; // input width
const D_C: i32 = 2; // input channels as stored (per pixel)
const D_KH: i32 = 3;
const D_KW: i32 = 4;
const D_STRIDE: i32 = 5;
const D_PAD_TOP: i32 = 6;
const D_PAD_LEFT: i32 = 7;
const D_HO: i32 = 8; // output height
const D_WO: i32 = 9; // output width
const D_K: i32 = 10; // kh · kw · C
const D_KPAD: i32 = 11; // K rounded up to a multiple of 4
const D_N: i32 = 12; // output channels padded to a multiple of 4
const D_IN_STRIDE: i32 = 13; // floats from one input image to the next
const D_CHUNK: i32 = 14; // output rows per im2col chunk
const D_COL: i32 = 15; // im2col scratch [CHUNK, KPAD]
const D_WEIGHTS: i32 = 16; // [KPAD, N]
const D_BIAS: i32 = 17; // [N]
const D_GRAD_W: i32 = 18; // [KPAD, N]
const D_GRAD_B: i32 = 19; // [N]
const D_WT: i32 = 20; // scratch [N, KPAD] (transposed weights)
const D_RELU: i32 = 21; // 1: ReLU after the bias

/** Number of i32 fields of a descriptor. */
export function convDescriptorFields(): i32 {
  return 22;
}

function field(d: usize, f: i32): i32 {
  return load<i32>(d + ((<usize>f) << 2));
}

function ptr(d: usize, f: i32): usize {
  return <usize>load<u32>(d + ((<usize>f) << 2));
}

/** dst[0 … n) = src[0 … n) (floats), f32x4 where it can. */
function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dst + o, v128.load(src + o));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dst + o, load<f32>(src + o));
  }
}

/**
 * dst[0 … n) = 0 (floats), f32x4 where it can. Used instead of memory.fill for the few
 * floats of a patch's padding: V8 runs memory.fill as a call out of the compiled code,
 * which at one call per output row (the first layer's K → Kpad column) cost more than the
 * copying around it.
 */
function zeroFloats(dst: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + ((<usize>i) << 2), zero);
  for (; i < n; i++) store<f32>(dst + ((<usize>i) << 2), 0);
}

/** dst[0 … n) += src[0 … n) (floats), f32x4 where it can. */
function addFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/**
 * The walk that im2col and its adjoint share: for output rows r0 … r0 + R − 1 (row =
 * (b · Ho + oy) · Wo + ox), row r of col [R, Kpad] pairs with its output position's input
 * patch in `image` (same layout as the input), (i, j, c) at column (i · kw + j) · C + c.
 * Forward (`adjoint` false), the patch is copied into col, zeros where it leaves the image
 * (padding) and in columns K … Kpad − 1; adjoint, col is added back onto the patch's input
 * positions and the padding entries are dropped.
 *
 * A static method only so that it can be `@inline`: each caller passes `adjoint` as a
 * constant, so each gets its own copy with the other branch folded away — the inner loops
 * stay as they were when im2col and col2im were written out twice.
 */
class Patches {
  @inline static walk(d: usize, image: usize, col: usize, r0: i32, R: i32, adjoint: bool): void {
    const H = field(d, D_H);
    const W = field(d, D_W);
    const C = field(d, D_C);
    const KH = field(d, D_KH);
    const KW = field(d, D_KW);
    const stride = field(d, D_STRIDE);
    const padTop = field(d, D_PAD_TOP);
    const padLeft = field(d, D_PAD_LEFT);
    const Ho = field(d, D_HO);
    const Wo = field(d, D_WO);
    const K = adjoint ? 0 : field(d, D_K); // only the forward walk pads columns K … Kpad − 1
    const Kpad = field(d, D_KPAD);
    const inStride = field(d, D_IN_STRIDE);
    const rowBytes = (<usize>Kpad) << 2;
    const pixel = (<usize>C) << 2;
    const run = KW * C;
    let ox = r0 % Wo;
    let t = r0 / Wo;
    let oy = t % Ho;
    let b = t / Ho;
    for (let r = 0; r < R; r++) {
      let patch = col + <usize>r * rowBytes;
      const img = image + ((<usize>b * <usize>inStride) << 2);
      const y0 = oy * stride - padTop;
      const x0 = ox * stride - padLeft;
      const inside = x0 >= 0 && x0 + KW <= W;
      for (let i = 0; i < KH; i++) {
        const iy = y0 + i;
        if (iy < 0 || iy >= H) {
          if (!adjoint) zeroFloats(patch, run);
          patch += (<usize>run) << 2;
          continue;
        }
        const rowStart = img + ((<usize>iy * <usize>W * <usize>C) << 2);
        if (inside) {
          // The kw pixels of this patch row are contiguous in NHWC.
          Patches.move(patch, rowStart + ((<usize>x0 * <usize>C) << 2), run, adjoint);
          patch += (<usize>run) << 2;
          continue;
        }
        for (let j = 0; j < KW; j++) {
          const ix = x0 + j;
          if (ix >= 0 && ix < W) Patches.move(patch, rowStart + <usize>ix * pixel, C, adjoint);
          else if (!adjoint) zeroFloats(patch, C);
          patch += pixel;
        }
      }
      if (!adjoint && Kpad > K) zeroFloats(patch, Kpad - K);
      if (++ox == Wo) {
        ox = 0;
        if (++oy == Ho) {
          oy = 0;
          b++;
        }
      }
    }
  }

  /** n floats between a patch in col and the image: copied into the patch, or added back. */
  @inline static move(patch: usize, pixels: usize, n: i32, adjoint: bool): void {
    if (adjoint) addFloats(pixels, patch, n);
    else copyFloats(patch, pixels, n);
  }
}

/** im2col of output rows r0 … r0 + R − 1 of input x into col [R, Kpad] ({@link Patches.walk}). */
function im2col(d: usize, x: usize, col: usize, r0: i32, R: i32): void {
  Patches.walk(d, x, col, r0, R, false);
}

/**
 * Adjoint of {@link im2col}: adds col [R, Kpad] (rows r0 … r0 + R − 1) back onto the input
 * positions each entry was copied from, in dx (same layout as the input); padding entries
 * are dropped.
 */
function col2im(d: usize, col: usize, dx: usize, r0: i32, R: i32): void {
  Patches.walk(d, dx, col, r0, R, true);
}

/**
 * Convolution forward: out[B·Ho·Wo, N] = act(im2col(x) · W + bias), act = ReLU when the
 * descriptor says so. Processes CHUNK output rows at a time so the im2col block stays in
 * cache. @param x input [B, inStride floats per image] (NHWC); @param out [B, Ho, Wo, N].
 */
export function convForward(d: usize, x: usize, out: usize, B: i32): void {
  const N = field(d, D_N);
  const Kpad = field(d, D_KPAD);
  const chunk = field(d, D_CHUNK);
  const col = ptr(d, D_COL);
  const w = ptr(d, D_WEIGHTS);
  const bias = ptr(d, D_BIAS);
  const relu = field(d, D_RELU);
  const M = B * field(d, D_HO) * field(d, D_WO);
  for (let r0 = 0; r0 < M; r0 += chunk) {
    const R = min(chunk, M - r0);
    im2col(d, x, col, r0, R);
    convGemm(col, w, bias, out + ((<usize>r0 * <usize>N) << 2), R, Kpad, N, relu);
  }
}

/**
 * Filter and bias gradients of a convolution: gradW[Kpad, N] = im2col(x)ᵀ · dPre and
 * gradB[N] = Σ_rows dPre, with dPre [B, Ho, Wo, N] the gradient at the pre-activation
 * (ReLU' already applied). Overwrites both.
 */
export function convFilterGrad(d: usize, x: usize, dPre: usize, B: i32): void {
  const N = field(d, D_N);
  const Kpad = field(d, D_KPAD);
  const chunk = field(d, D_CHUNK);
  const col = ptr(d, D_COL);
  const gw = ptr(d, D_GRAD_W);
  const M = B * field(d, D_HO) * field(d, D_WO);
  for (let r0 = 0; r0 < M; r0 += chunk) {
    const R = min(chunk, M - r0);
    im2col(d, x, col, r0, R);
    convGemmTN(col, dPre + ((<usize>r0 * <usize>N) << 2), gw, R, Kpad, N, r0 > 0 ? 1 : 0);
  }
  colSum(dPre, ptr(d, D_GRAD_B), M, N);
}

/**
 * Input gradient of a convolution: dx = col2im(dPre · Wᵀ), dx [B, inStride floats per
 * image] (overwritten; entries outside H·W·C per image are zeroed).
 */
export function convInputGrad(d: usize, dPre: usize, dx: usize, B: i32): void {
  const N = field(d, D_N);
  const Kpad = field(d, D_KPAD);
  const chunk = field(d, D_CHUNK);
  const col = ptr(d, D_COL);
  const wt = ptr(d, D_WT);
  transpose(ptr(d, D_WEIGHTS), wt, Kpad, N);
  memory.fill(dx, 0, (<usize>B * <usize>field(d, D_IN_STRIDE)) << 2);
  const M = B * field(d, D_HO) * field(d, D_WO);
  for (let r0 = 0; r0 < M; r0 += chunk) {
    const R = min(chunk, M - r0);
    convGemm(dPre + ((<usize>r0 * <usize>N) << 2), wt, 0, col, R, N, Kpad, 0);
    col2im(d, col, dx, r0, R);
  }
}

// ---------------------------------------------------------------------------------------
// Max-pooling, 2×2 windows, stride 2, 'valid' (an odd last row or column is dropped, as
// tf.maxPool(x, 2, 2, 'valid') and torch.nn.MaxPool2d(2) do). C % 4 == 0.

/** out[B, H/2, W/2, C] = max over each 2×2 window of h[B, H, W, C]. */
export function maxPoolForward(h: usize, out: usize, B: i32, H: i32, W: i32, C: i32): void {
  const Hp = H >> 1;
  const Wp = W >> 1;
  const pixel = (<usize>C) << 2;
  const row = <usize>W * pixel;
  let o = out;
  for (let b = 0; b < B; b++) {
    const img = h + <usize>b * <usize>H * row;
    for (let py = 0; py < Hp; py++) {
      let p = img + <usize>(2 * py) * row;
      for (let px = 0; px < Wp; px++) {
        for (let c: usize = 0; c < pixel; c += 16) {
          const v0 = f32x4.pmax(v128.load(p + c), v128.load(p + pixel + c));
          const v1 = f32x4.pmax(v128.load(p + row + c), v128.load(p + row + pixel + c));
          v128.store(o + c, f32x4.pmax(v0, v1));
        }
        p += 2 * pixel;
        o += pixel;
      }
    }
  }
}

/**
 * Gradient of {@link maxPoolForward}: dh[B, H, W, C] (all of it overwritten) gets
 * dOut[B, H/2, W/2, C] at the first maximum of each window in row-major order (tfjs's
 * maxPoolBackprop), zero elsewhere. With `relu` (the pooled h is a ReLU's output), windows whose maximum is not
 * > 0 pass nothing (ReLU'(0) = 0), so this also applies the ReLU's gradient.
 */
export function maxPoolBackward(
  h: usize,
  dOut: usize,
  dh: usize,
  B: i32,
  H: i32,
  W: i32,
  C: i32,
  relu: i32,
): void {
  const Hp = H >> 1;
  const Wp = W >> 1;
  const pixel = (<usize>C) << 2;
  const row = <usize>W * pixel;
  // Every position of a window is stored below: only an odd last row or column (dropped by
  // the pooling) needs zeroing, here with the rest (a 16 MB fill per step in the first layer
  // of a 64 × 64 × 16 trunk otherwise).
  if (((H | W) & 1) != 0) memory.fill(dh, 0, <usize>B * <usize>H * row);
  const zero = f32x4.splat(0);
  let g = dOut;
  for (let b = 0; b < B; b++) {
    const offset = <usize>b * <usize>H * row;
    for (let py = 0; py < Hp; py++) {
      let p = h + offset + <usize>(2 * py) * row;
      let q = dh + offset + <usize>(2 * py) * row;
      for (let px = 0; px < Wp; px++) {
        for (let c: usize = 0; c < pixel; c += 16) {
          const v00 = v128.load(p + c);
          const v01 = v128.load(p + pixel + c);
          const v10 = v128.load(p + row + c);
          const v11 = v128.load(p + row + pixel + c);
          const m = f32x4.pmax(f32x4.pmax(v00, v01), f32x4.pmax(v10, v11));
          let d = v128.load(g + c);
          if (relu != 0) d = v128.and(d, f32x4.gt(m, zero));
          const k00 = f32x4.eq(v00, m);
          const k01 = v128.andnot(f32x4.eq(v01, m), k00);
          let taken = v128.or(k00, k01);
          const k10 = v128.andnot(f32x4.eq(v10, m), taken);
          taken = v128.or(taken, k10);
          const k11 = v128.andnot(f32x4.eq(v11, m), taken);
          v128.store(q + c, v128.and(d, k00));
          v128.store(q + pixel + c, v128.and(d, k01));
          v128.store(q + row + c, v128.and(d, k10));
          v128.store(q + row + pixel + c, v128.and(d, k11));
        }
        p += 2 * pixel;
        q += 2 * pixel;
        g += pixel;
      }
    }
  }
}
