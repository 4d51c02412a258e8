/**
 * The convolution gradient kernels that tfjs 4.22's wasm backend lacks or gets wrong,
 * registered for it from the fused kernel's SIMD AssemblyScript code (../kernel/conv.as.ts),
 * so a CNN trains on WebAssembly through ordinary tfjs autodiff (architectures the fused
 * kernel does not run, e.g. cross-stitch; or the kernel turned off):
 * - `Conv2DBackpropFilter` (the filter gradient of tf.conv2d): missing on wasm. Computed as
 *   im2col(x)ᵀ · dy (Chellapilla et al., IWFHR 2006) by conv.as.ts `convFilterGrad`.
 * - `Conv2DBackpropInput` (the input gradient): wasm's is a scalar loop; here col2im(dy · Wᵀ)
 *   by `convInputGrad` (same results to float32 rounding, faster).
 * - `MaxPoolGrad`: wasm's loses gradient in some shapes (measured here: on a 2×5×5×3 input
 *   with 2×2 windows, one of the 24 upstream values reached no input; other shapes were
 *   right). Here the gradient goes to the first maximum of each
 *   window in row-major order, as the cpu backend's `maxPoolBackprop`: 2×2 windows with
 *   stride 2, 'valid', channels a multiple of 4 run `maxPoolBackward` (SIMD); other pools a
 *   plain loop.
 * - `Slice` and `Unpack` of contiguous blocks (tf.unstack, a row of a matrix): wasm's copy
 *   their whole input out of the heap first, per output (for a cross-stitch unit's mix of
 *   feature maps, 19 MB per row); here one copy of the block. Other slices and unpacks go
 *   to wasm's own kernels.
 *
 * Layout: NHWC float32 only (tf.conv2d's default `dataFormat`); dilations 1 (tfjs's conv2d
 * gradient requires them). A convolution with unequal vertical and horizontal strides runs
 * a plain loop instead of the SIMD kernel (the kernel takes one stride).
 *
 * The kernels copy their operands into the AssemblyScript module's own memory (one instance,
 * grown when a call needs more) and the result back into a tensor of the wasm backend.
 * Checked against the cpu backend's kernels in test/engine/wasmConvGradients.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MtlError } from '../../../shared/errors';
import {
  CONV_DESCRIPTOR_FIELDS,
  convChunkRows,
  pad4,
  writeConvDescriptor,
  type ConvDescriptor,
} from '../kernel/convTrunk';
import { instantiate, kernelModule, PAGE, type KernelExports } from '../kernel/wasmModule';

/** The slice of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** One instance of the AssemblyScript module, its memory and first free byte. */
interface Instance {
  ops: KernelExports;
  memory: { readonly buffer: ArrayBufferLike };
  bytes: number;
  heapBase: number;
}
let instance: Instance | null = null;

/**
 * The module instance with at least `bytes` free above its static data (re-instantiated,
 * twice as large, when the current one is too small).
 * @throws MtlError('BACKEND_UNAVAILABLE') when the compiled kernel cannot be loaded.
 */
function instanceFor(bytes: number): Instance {
  if (instance && instance.bytes >= bytes) return instance;
  const loaded = kernelModule();
  if ('unavailable' in loaded) {
    throw new MtlError(
      'BACKEND_UNAVAILABLE',
      `Convolution gradients on the WebAssembly backend need the fused kernel: ${loaded.unavailable}.`,
    );
  }
  const heapBase = (loaded.heapBase + 15) & ~15;
  const size = Math.max(bytes, 2 * (instance?.bytes ?? 0), 4 * PAGE);
  const { ops, memory } = instantiate(loaded.module, heapBase + size);
  instance = { ops, memory, bytes: size, heapBase };
  return instance;
}

/** Bump allocation of 16-byte-aligned float buffers: @returns byte offsets, in order. */
function layout(heapBase: number, floats: number[]): { at: number[]; bytes: number } {
  const at: number[] = [];
  let top = heapBase;
  for (const n of floats) {
    at.push(top);
    top += (Math.max(4, n) * 4 + 15) & ~15;
  }
  return { at, bytes: top - heapBase };
}

/** The conv.as.ts descriptor of a convolution with equal strides (weights placed by the caller). */
function descriptorOf(
  info: Conv2DInfo,
  buffers: Pick<
    ConvDescriptor,
    'col' | 'weights' | 'bias' | 'gradWeights' | 'gradBias' | 'transposed'
  >,
): ConvDescriptor {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const kPad = pad4(k);
  return {
    height: info.inHeight,
    width: info.inWidth,
    channels: info.inChannels,
    kernelHeight: info.filterHeight,
    kernelWidth: info.filterWidth,
    stride: info.strideHeight,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    k,
    kPad,
    n: pad4(info.outChannels),
    inStride: info.inHeight * info.inWidth * info.inChannels,
    chunk: convChunkRows(kPad),
    relu: false,
    ...buffers,
  };
}

/** Copies dy [rows, outC] into dst [rows, n ≥ outC] with zero columns outC … n − 1. */
function padColumns(dst: Float32Array, dy: Float32Array, rows: number, outC: number, n: number) {
  if (outC === n) {
    dst.set(dy);
    return;
  }
  dst.fill(0);
  for (let r = 0; r < rows; r++) dst.set(dy.subarray(r * outC, (r + 1) * outC), r * n);
}

/**
 * The convolution a gradient kernel belongs to, from its attributes and the input and
 * filter shapes ([B, H, W, inC], [kh, kw, inC, outC]), dilation 1.
 * @throws MtlError('BAD_REQUEST') for a data format other than NHWC.
 */
function convInfoOf(
  kernel: string,
  a: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs,
  inShape: number[],
  filterShape: number[],
): Conv2DInfo {
  const format: unknown = a.dataFormat;
  if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') {
    throw new MtlError(
      'BAD_REQUEST',
      `${kernel} on the WebAssembly backend supports NHWC only (got dataFormat "${String(format)}").`,
    );
  }
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
}

/**
 * Filter gradient dW [kh, kw, inC, outC] = Σ over output positions of the input patch ⊗ dy,
 * by the SIMD kernel (equal strides) or a plain loop. @param x [B, H, W, inC] NHWC;
 * @param dy [B, Ho, Wo, outC]; @param out the result, written.
 */
function filterGradient(info: Conv2DInfo, x: Float32Array, dy: Float32Array, out: Float32Array) {
  if (info.strideHeight !== info.strideWidth) {
    filterGradientLoop(info, x, dy, out);
    return;
  }
  const B = info.batchSize;
  const outC = info.outChannels;
  const rows = B * info.outHeight * info.outWidth;
  const probe = descriptorOf(info, {
    col: 0,
    weights: 0,
    bias: 0,
    gradWeights: 0,
    gradBias: 0,
    transposed: 0,
  });
  const { kPad, n, k, chunk } = probe;
  const sizes = [CONV_DESCRIPTOR_FIELDS, x.length, rows * n, chunk * kPad, kPad * n, n];
  const inst = instanceFor(layout(0, sizes).bytes);
  const [descAt, xAt, dyAt, colAt, gwAt, gbAt] = layout(inst.heapBase, sizes).at;
  const buffer = inst.memory.buffer;
  writeConvDescriptor(new Int32Array(buffer), descAt, {
    ...probe,
    col: colAt,
    gradWeights: gwAt,
    gradBias: gbAt,
  });
  new Float32Array(buffer, xAt, x.length).set(x);
  padColumns(new Float32Array(buffer, dyAt, rows * n), dy, rows, outC, n);
  inst.ops.convFilterGrad(descAt, xAt, dyAt, B);
  const gw = new Float32Array(buffer, gwAt, kPad * n);
  for (let r = 0; r < k; r++) out.set(gw.subarray(r * n, r * n + outC), r * outC);
}

/** {@link filterGradient} as a plain loop (any strides). */
function filterGradientLoop(
  info: Conv2DInfo,
  x: Float32Array,
  dy: Float32Array,
  out: Float32Array,
) {
  const { inChannels: C, outChannels: F } = info;
  out.fill(0);
  forEachTap(info, (p, t, g) => {
    for (let c = 0; c < C; c++) {
      const v = x[p + c];
      const o = (t * C + c) * F;
      for (let f = 0; f < F; f++) out[o + f] += v * dy[g + f];
    }
  });
}

/**
 * Input gradient dx [B, H, W, inC] = col2im(dy · Wᵀ), by the SIMD kernel (equal strides)
 * or a plain loop. @param filter [kh, kw, inC, outC]; @param dy [B, Ho, Wo, outC].
 */
function inputGradient(
  info: Conv2DInfo,
  dy: Float32Array,
  filter: Float32Array,
  out: Float32Array,
) {
  if (info.strideHeight !== info.strideWidth) {
    inputGradientLoop(info, dy, filter, out);
    return;
  }
  const B = info.batchSize;
  const outC = info.outChannels;
  const rows = B * info.outHeight * info.outWidth;
  const probe = descriptorOf(info, {
    col: 0,
    weights: 0,
    bias: 0,
    gradWeights: 0,
    gradBias: 0,
    transposed: 0,
  });
  const { kPad, n, k, chunk, inStride } = probe;
  const sizes = [CONV_DESCRIPTOR_FIELDS, rows * n, chunk * kPad, kPad * n, n * kPad, B * inStride];
  const inst = instanceFor(layout(0, sizes).bytes);
  const [descAt, dyAt, colAt, wAt, wtAt, dxAt] = layout(inst.heapBase, sizes).at;
  const buffer = inst.memory.buffer;
  writeConvDescriptor(new Int32Array(buffer), descAt, {
    ...probe,
    col: colAt,
    weights: wAt,
    transposed: wtAt,
  });
  const w = new Float32Array(buffer, wAt, kPad * n);
  w.fill(0);
  for (let r = 0; r < k; r++) w.set(filter.subarray(r * outC, (r + 1) * outC), r * n);
  padColumns(new Float32Array(buffer, dyAt, rows * n), dy, rows, outC, n);
  inst.ops.convInputGrad(descAt, dyAt, dxAt, B);
  out.set(new Float32Array(buffer, dxAt, out.length));
}

/** {@link inputGradient} as a plain loop (any strides). */
function inputGradientLoop(
  info: Conv2DInfo,
  dy: Float32Array,
  filter: Float32Array,
  out: Float32Array,
) {
  const { inChannels: C, outChannels: F } = info;
  out.fill(0);
  forEachTap(info, (p, t, g) => {
    for (let c = 0; c < C; c++) {
      const o = (t * C + c) * F;
      let sum = 0;
      for (let f = 0; f < F; f++) sum += filter[o + f] * dy[g + f];
      out[p + c] += sum;
    }
  });
}

/**
 * The walk the plain-loop gradients share: for every output position (b, oy, ox) and filter
 * tap (i, j) that lands inside the image (any strides and padding), calls
 * `visit(p, t, g)` with p the input pixel's first float ([B, H, W, C]), t = i · kw + j the
 * tap, and g the output position's first float in dy ([B, Ho, Wo, F]).
 */
function forEachTap(info: Conv2DInfo, visit: (p: number, t: number, g: number) => void): void {
  const { inHeight: H, inWidth: W, inChannels: C, outChannels: F } = info;
  const { outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW } = info;
  for (let b = 0; b < info.batchSize; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const g = ((b * Ho + oy) * Wo + ox) * F;
        for (let i = 0; i < KH; i++) {
          const iy = oy * info.strideHeight - info.padInfo.top + i;
          if (iy < 0 || iy >= H) continue;
          for (let j = 0; j < KW; j++) {
            const ix = ox * info.strideWidth - info.padInfo.left + j;
            if (ix >= 0 && ix < W) visit(((b * H + iy) * W + ix) * C, i * KW + j, g);
          }
        }
      }
    }
  }
}

/**
 * Max-pool gradient: dx [B, H, W, C] gets each dy [B, Ho, Wo, C] entry at the first maximum
 * of its window in row-major order (padding never wins), zero elsewhere.
 */
function maxPoolGradient(info: Conv2DInfo, x: Float32Array, dy: Float32Array, out: Float32Array) {
  const { inHeight: H, inWidth: W, inChannels: C, batchSize: B } = info;
  const simd =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight === H >> 1 &&
    info.outWidth === W >> 1 &&
    C % 4 === 0;
  if (simd) {
    const sizes = [x.length, dy.length, x.length];
    const inst = instanceFor(layout(0, sizes).bytes);
    const [xAt, dyAt, dxAt] = layout(inst.heapBase, sizes).at;
    const buffer = inst.memory.buffer;
    new Float32Array(buffer, xAt, x.length).set(x);
    new Float32Array(buffer, dyAt, dy.length).set(dy);
    inst.ops.maxPoolBackward(xAt, dyAt, dxAt, B, H, W, C, 0);
    out.set(new Float32Array(buffer, dxAt, out.length));
    return;
  }
  const { outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW } = info;
  out.fill(0);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < KH; i++) {
            const iy = oy * info.strideHeight - info.padInfo.top + i;
            if (iy < 0 || iy >= H) continue;
            for (let j = 0; j < KW; j++) {
              const ix = ox * info.strideWidth - info.padInfo.left + j;
              if (ix < 0 || ix >= W) continue;
              const p = ((b * H + iy) * W + ix) * C + c;
              if (x[p] > best || at < 0) {
                best = x[p];
                at = p;
              }
            }
          }
          if (at >= 0) out[at] += dy[((b * Ho + oy) * Wo + ox) * C + c];
        }
      }
    }
  }
}

/** Reads float32 inputs and writes one float32 output of the wasm backend. */
function run(
  backend: WasmBackend,
  shape: number[],
  inputs: tf.TensorInfo[],
  compute: (views: Float32Array[], out: Float32Array) => void,
): tf.TensorInfo {
  for (const t of inputs) {
    if (t.dtype !== 'float32')
      throw new MtlError('BAD_REQUEST', `Expected float32 tensors, got ${t.dtype}.`);
  }
  // makeOutput may grow the wasm heap (detaching older views): take the views after it.
  const out = backend.makeOutput(shape, 'float32');
  const views = inputs.map((t) => backend.typedArrayFromHeap(t));
  compute(views, backend.typedArrayFromHeap(out));
  return out;
}

/** The gradient kernels registered for wasm (each replaces wasm's own of that name, if any). */
export const WASM_CONV_GRADIENT_CONFIGS: readonly tf.KernelConfig[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const info = convInfoOf('Conv2DBackpropFilter', a, x.shape, a.filterShape);
      return run(backend as WasmBackend, a.filterShape, [x, dy], ([xv, dyv], out) =>
        filterGradient(info, xv, dyv, out),
      );
    },
  },
  {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const info = convInfoOf('Conv2DBackpropInput', a, a.inputShape, filter.shape);
      return run(backend as WasmBackend, a.inputShape, [dy, filter], ([dyv, fv], out) =>
        inputGradient(info, dyv, fv, out),
      );
    },
  },
  {
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
      const a = attrs as unknown as tf.MaxPoolGradAttrs;
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        a.filterSize,
        a.strides,
        1,
        a.pad,
        a.dimRoundingMode,
      );
      return run(backend as WasmBackend, input.shape, [input, dy], ([xv, dyv], out) =>
        maxPoolGradient(info, xv, dyv, out),
      );
    },
  },
];

/**
 * wasm's own Slice, kept for the slices {@link contiguousSlice} leaves to it (set when the
 * replacement is registered).
 */
let wasmSlice: tf.KernelFunc | null = null;

/**
 * Slice of a contiguous block (e.g. one row of a [T, size] tensor: tf.unstack and tf.split
 * along the first axis) as one copy from the wasm heap. Why: wasm's Slice first copies its
 * whole input out of the heap (readSync), then the block: unstacking a cross-stitch unit's
 * [4, 1.2 M] mix cost 4 copies of 19 MB. Other slices go to wasm's kernel.
 */
function contiguousSlice(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  if (x.dtype !== 'float32' || !tf.slice_util.isSliceContinous(x.shape, begin_, size_))
    return wasmSlice!(args);
  const backend = args.backend as WasmBackend;
  const offset = tf.slice_util.computeFlatOffset(begin_, tf.util.computeStrides(x.shape));
  const n = tf.util.sizeFromShape(size_);
  const out = backend.makeOutput(size_, 'float32');
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + n));
  return out;
}

/** wasm's own Unpack, for what {@link firstAxisUnpack} leaves to it. */
let wasmUnpack: tf.KernelFunc | null = null;

/**
 * tf.unstack along the first axis as one heap copy per output (wasm's Unpack runs its own
 * Slice per output, each copying the whole input first; see {@link contiguousSlice}).
 */
function firstAxisUnpack(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const { value } = args.inputs as { value: tf.TensorInfo };
  const { axis } = args.attrs as unknown as tf.UnpackAttrs;
  if (value.dtype !== 'float32' || (axis !== 0 && axis !== -value.shape.length))
    return wasmUnpack!(args);
  const backend = args.backend as WasmBackend;
  const [count, ...shape] = value.shape;
  const n = tf.util.sizeFromShape(shape);
  const outs = Array.from({ length: count }, () => backend.makeOutput(shape, 'float32'));
  // Views after every makeOutput (which may grow the heap).
  const all = backend.typedArrayFromHeap(value);
  outs.forEach((out, i) => backend.typedArrayFromHeap(out).set(all.subarray(i * n, (i + 1) * n)));
  return outs;
}

let registered = false;

/** Names of the kernels {@link registerWasmConvGradients} registers for the wasm backend. */
export const WASM_CONV_GRADIENT_KERNELS = WASM_CONV_GRADIENT_CONFIGS.map((k) => k.kernelName);

/**
 * Registers the kernels above for the 'wasm' backend (replacing wasm's own
 * Conv2DBackpropInput and MaxPoolGrad, and wrapping its Slice and Unpack), once per
 * process; later calls do nothing. Call
 * before a CNN trains through tfjs on wasm (the trainer does).
 * @throws MtlError('BACKEND_UNAVAILABLE') when the compiled fused kernel is missing (the
 *   kernels are built from it): `npm run build:kernel`.
 */
export function registerWasmConvGradients(): void {
  if (registered) return;
  instanceFor(4 * PAGE);
  const slice = tf.getKernel('Slice', 'wasm');
  const unpack = tf.getKernel('Unpack', 'wasm');
  if (slice && unpack) {
    wasmSlice = slice.kernelFunc;
    wasmUnpack = unpack.kernelFunc;
    tf.unregisterKernel('Slice', 'wasm');
    tf.unregisterKernel('Unpack', 'wasm');
    tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: contiguousSlice });
    tf.registerKernel({ kernelName: 'Unpack', backendName: 'wasm', kernelFunc: firstAxisUnpack });
  }
  for (const config of WASM_CONV_GRADIENT_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName))
      tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
  registered = true;
}
