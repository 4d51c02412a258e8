/**
 * The convolutional trunk of a network in the fused kernel's memory (conv → ReLU → 2×2
 * max-pool blocks, ./conv.as.ts): its buffers, descriptors, forward and backward pass,
 * Adam, and copies to and from the tfjs variables. Owned and driven by ./fusedKernel.ts,
 * which allocates everything in one memory before instantiating the module.
 *
 * Shapes are NHWC as tf.conv2d's. Channels are padded to a multiple of 4 inside the kernel
 * (zero filters, which stay zero: their gradient is zero and L2 keeps zero at zero) except
 * in the network's input image, whose 1 or 3 channels are read as they are.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ConvTrunkSpec } from '../architectures/types';
import type { KernelExports, WasmMemory } from './wasmModule';

/** Output size and leading padding of a 2-D convolution or pooling, as tfjs computes them. */
export interface ConvGeometry {
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * tfjs's (and TensorFlow's) geometry: 'same' gives ceil(in / stride) outputs with
 * max(0, (out − 1) · stride + k − in) padding split floor / ceil (top/left get the floor);
 * 'valid' gives ceil((in − k + 1) / stride) outputs and no padding.
 * @throws Error when a 'valid' window does not fit the input (no output).
 */
export function convGeometry(
  inHeight: number,
  inWidth: number,
  kernelHeight: number,
  kernelWidth: number,
  stride: number,
  padding: 'same' | 'valid',
): ConvGeometry {
  if (padding === 'same') {
    const outHeight = Math.ceil(inHeight / stride);
    const outWidth = Math.ceil(inWidth / stride);
    const padH = Math.max(0, (outHeight - 1) * stride + kernelHeight - inHeight);
    const padW = Math.max(0, (outWidth - 1) * stride + kernelWidth - inWidth);
    return { outHeight, outWidth, padTop: Math.floor(padH / 2), padLeft: Math.floor(padW / 2) };
  }
  const outHeight = Math.ceil((inHeight - kernelHeight + 1) / stride);
  const outWidth = Math.ceil((inWidth - kernelWidth + 1) / stride);
  if (outHeight < 1 || outWidth < 1)
    throw new Error(`A ${kernelHeight}×${kernelWidth} window does not fit ${inHeight}×${inWidth}.`);
  return { outHeight, outWidth, padTop: 0, padLeft: 0 };
}

/** Rounds up to a multiple of 4 (SIMD lanes). */
export const pad4 = (n: number): number => (n + 3) & ~3;

/** Bytes of the im2col block each conv call works on (cache-sized; see bench/ cnn profile). */
const COL_BYTES = 96 * 1024;

/** Fields of a conv descriptor (conv.as.ts's D_* order). */
export interface ConvDescriptor {
  height: number;
  width: number;
  /** Input channels as stored per pixel. */
  channels: number;
  kernelHeight: number;
  kernelWidth: number;
  stride: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
  /** kh · kw · channels. */
  k: number;
  kPad: number;
  /** Output channels padded to 4. */
  n: number;
  /** Floats from one input image to the next. */
  inStride: number;
  /** Output rows per im2col block. */
  chunk: number;
  /** Byte offsets: im2col scratch [chunk, kPad], weights [kPad, n], bias [n], their gradients, transposed-weights scratch [n, kPad]. */
  col: number;
  weights: number;
  bias: number;
  gradWeights: number;
  gradBias: number;
  transposed: number;
  relu: boolean;
}

/** Number of i32 fields conv.as.ts reads (convDescriptorFields()). */
export const CONV_DESCRIPTOR_FIELDS = 22;

/** Output rows per im2col block for a layer of kPad columns. */
export function convChunkRows(kPad: number): number {
  return Math.max(4, Math.floor(COL_BYTES / (4 * kPad)) & ~3);
}

/** Writes a descriptor at byte offset `at` of a kernel memory (its i32 view). */
export function writeConvDescriptor(i32: Int32Array, at: number, d: ConvDescriptor): void {
  i32.set(
    [
      d.height,
      d.width,
      d.channels,
      d.kernelHeight,
      d.kernelWidth,
      d.stride,
      d.padTop,
      d.padLeft,
      d.outHeight,
      d.outWidth,
      d.k,
      d.kPad,
      d.n,
      d.inStride,
      d.chunk,
      d.col,
      d.weights,
      d.bias,
      d.gradWeights,
      d.gradBias,
      d.transposed,
      d.relu ? 1 : 0,
    ],
    at >> 2,
  );
}

/**
 * Maps a row of a tfjs weight matrix whose rows run over (position, channel) with
 * `channels` channels to the kernel's row where each position holds `stored` ≥ channels.
 */
export function storedRow(row: number, channels: number, stored: number): number {
  return channels === stored ? row : Math.floor(row / channels) * stored + (row % channels);
}

/** One conv layer's shapes and buffers (byte offsets). */
interface ConvLayerBuffers {
  /** Descriptor of conv.as.ts. */
  desc: ConvDescriptor;
  descAt: number;
  kernel: tf.Variable;
  bias: tf.Variable;
  inChannels: number;
  outChannels: number;
  relu: boolean;
  pool: boolean;
  /** Weights [kPad, n] then bias [n]; the same layout for gradients and Adam's moments. */
  w: number;
  gw: number;
  m: number;
  v: number;
  /** Post-activation output [batch, outHeight, outWidth, n]. */
  h: number;
  /** Pooled output [batch, outHeight/2, outWidth/2, n] (= h without pooling): the next layer's input. */
  out: number;
  /** Gradient of `out`. */
  dOut: number;
  /** Byte offset of the input [batch, inStride floats]. */
  input: number;
  /** Height and width of `out`. */
  outHeight: number;
  outWidth: number;
  /** Early-stopping group (the trunk's). */
  group: number;
}

/** Where the trunk's layers sit in the kernel memory; scratch shared by all trunks. */
export interface ConvScratch {
  /** im2col block (also the input-gradient block), [chunk, kPad] floats of the widest layer. */
  col: number;
  /** Pre-activation gradient of a pooled layer, [batch, outHeight, outWidth, n] of the largest. */
  dPre: number;
}

/**
 * A conv trunk's buffers in the kernel memory. Built in two phases: the constructor
 * allocates (before the memory exists), {@link bind} writes descriptors once it does.
 */
export class ConvTrunkBuffers {
  readonly layers: ConvLayerBuffers[] = [];
  /** Byte offset of the trunk's output [batch, outFloats] and of its gradient. */
  readonly out: number;
  readonly dOut: number;
  /** Floats per row of the output (height · width · padded channels). */
  readonly outFloats: number;
  /** Output channels of the last layer, and as stored (padded to 4). */
  readonly outChannels: number;
  readonly outChannelsStored: number;
  /** Floats the shared scratch needs: im2col block and pre-activation gradient. */
  readonly colFloats: number;
  readonly dPreFloats: number;
  private ops!: KernelExports;
  private memory!: WasmMemory;
  private scratch!: ConvScratch;

  /**
   * @param spec the trunk (architectures/convTrunk.ts).
   * @param input byte offset of the input images [maxBatch, inputStride floats], NHWC.
   * @param alloc allocates floats in the kernel memory (16-byte aligned), returns the offset.
   */
  constructor(
    readonly spec: ConvTrunkSpec,
    input: number,
    inputStride: number,
    private readonly maxBatch: number,
    alloc: (floats: number) => number,
  ) {
    let { height, width } = spec.input;
    let stored = spec.input.channels;
    let channels = spec.input.channels;
    let at = input;
    let stride = inputStride;
    let colFloats = 0;
    let dPreFloats = 0;
    for (const layer of spec.layers) {
      const [kh, kw, inC, outC] = layer.params.kernel.shape as [number, number, number, number];
      if (inC !== channels)
        throw new Error(`Conv layer reads ${inC} channels; its input has ${channels}.`);
      const g = convGeometry(height, width, kh, kw, layer.stride, layer.padding);
      const n = pad4(outC);
      const k = kh * kw * stored;
      const kPad = pad4(k);
      const chunk = convChunkRows(kPad);
      const params = kPad * n + n;
      const h = alloc(maxBatch * g.outHeight * g.outWidth * n);
      const outHeight = layer.pool ? g.outHeight >> 1 : g.outHeight;
      const outWidth = layer.pool ? g.outWidth >> 1 : g.outWidth;
      if (outHeight < 1 || outWidth < 1)
        throw new Error(`Pooling a ${g.outHeight}×${g.outWidth} map leaves nothing.`);
      const w = alloc(params);
      const gw = alloc(params);
      const buffers: ConvLayerBuffers = {
        desc: {
          height,
          width,
          channels: stored,
          kernelHeight: kh,
          kernelWidth: kw,
          stride: layer.stride,
          padTop: g.padTop,
          padLeft: g.padLeft,
          outHeight: g.outHeight,
          outWidth: g.outWidth,
          k,
          kPad,
          n,
          inStride: stride,
          chunk,
          col: 0,
          weights: w,
          bias: w + kPad * n * 4,
          gradWeights: gw,
          gradBias: gw + kPad * n * 4,
          transposed: alloc(n * kPad),
          relu: layer.relu,
        },
        descAt: alloc(CONV_DESCRIPTOR_FIELDS),
        kernel: layer.params.kernel,
        bias: layer.params.bias,
        inChannels: inC,
        outChannels: outC,
        relu: layer.relu,
        pool: layer.pool,
        w,
        gw,
        m: alloc(params),
        v: alloc(params),
        h,
        out: layer.pool ? alloc(maxBatch * outHeight * outWidth * n) : h,
        dOut: alloc(maxBatch * outHeight * outWidth * n),
        input: at,
        outHeight,
        outWidth,
        group: spec.group,
      };
      this.layers.push(buffers);
      colFloats = Math.max(colFloats, chunk * kPad);
      if (layer.pool) dPreFloats = Math.max(dPreFloats, maxBatch * g.outHeight * g.outWidth * n);
      height = outHeight;
      width = outWidth;
      channels = outC;
      stored = n;
      at = buffers.out;
      stride = outHeight * outWidth * n;
    }
    const last = this.layers[this.layers.length - 1];
    this.out = last.out;
    this.dOut = last.dOut;
    this.outFloats = stride;
    this.outChannels = channels;
    this.outChannelsStored = stored;
    this.colFloats = colFloats;
    this.dPreFloats = dPreFloats;
  }

  /** Binds the instantiated module and the shared scratch; writes the descriptors. */
  bind(ops: KernelExports, memory: WasmMemory, scratch: ConvScratch): void {
    this.ops = ops;
    this.memory = memory;
    this.scratch = scratch;
    const i32 = new Int32Array(memory.buffer);
    for (const l of this.layers) {
      l.desc.col = scratch.col;
      writeConvDescriptor(i32, l.descAt, l.desc);
    }
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** Forward pass of `size` images: each layer's conv (+ bias, ReLU) then its pooling. */
  forward(size: number): void {
    const { ops } = this;
    for (const l of this.layers) {
      ops.convForward(l.descAt, l.input, l.h, size);
      if (l.pool) ops.maxPoolForward(l.h, l.out, size, l.desc.outHeight, l.desc.outWidth, l.desc.n);
    }
  }

  /**
   * Backward pass from the gradient of the trunk's output (in {@link dOut}, complete):
   * weight and bias gradients of every layer, and the gradients of the inner activations.
   * The input images get no gradient.
   */
  backward(size: number): void {
    const { ops } = this;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      const { outHeight, outWidth, n } = l.desc;
      let dPre = l.dOut;
      if (l.pool) {
        dPre = this.scratch.dPre;
        ops.maxPoolBackward(l.h, l.dOut, dPre, size, outHeight, outWidth, n, l.relu ? 1 : 0);
      } else if (l.relu) ops.reluBackward(l.dOut, l.h, size * outHeight * outWidth * n, 1);
      ops.convFilterGrad(l.descAt, l.input, dPre, size);
      if (i > 0) ops.convInputGrad(l.descAt, dPre, this.layers[i - 1].dOut, size);
    }
  }

  /**
   * Adam on every layer (see mlp.as.ts adam), L2 on filters only.
   * @param adam calls the kernel's adam with this step's corrections on (w, g, m, v, n, l2x2).
   */
  adam(step: (w: number, g: number, m: number, v: number, n: number, l2: boolean) => void): void {
    for (const l of this.layers) {
      const nw = l.desc.kPad * l.desc.n;
      step(l.w, l.gw, l.m, l.v, nw, true);
      step(l.w + nw * 4, l.gw + nw * 4, l.m + nw * 4, l.v + nw * 4, l.desc.n, false);
    }
  }

  /** Copies the tfjs variables' values into the kernel (padding with zeros). */
  loadWeights(): void {
    for (const l of this.layers) {
      const { kPad, n, channels } = l.desc;
      const kernel = l.kernel.dataSync();
      const w = this.f32(l.w, kPad * n);
      w.fill(0);
      const rows = kernel.length / l.outChannels;
      for (let r = 0; r < rows; r++) {
        const to = storedRow(r, l.inChannels, channels) * n;
        w.set(kernel.subarray(r * l.outChannels, (r + 1) * l.outChannels), to);
      }
      const b = this.f32(l.w + kPad * n * 4, n);
      b.fill(0);
      b.set(l.bias.dataSync());
    }
  }

  /** Copies the kernel's weights into the tfjs variables (dropping the padding). */
  storeWeights(): void {
    this.layers.forEach((l, i) => {
      const { kernel, bias } = this.read(i, 'weights');
      tf.tidy(() => {
        l.kernel.assign(tf.tensor(kernel, l.kernel.shape));
        l.bias.assign(tf.tensor1d(bias));
      });
    });
  }

  /**
   * A copy of one layer's filters and bias, or of their gradients from the last backward
   * pass, without padding. @returns kernel [kh, kw, inChannels, outChannels] (flat, tfjs
   * order) and bias [outChannels].
   */
  read(layer: number, what: 'weights' | 'gradients'): { kernel: Float32Array; bias: Float32Array } {
    const l = this.layers[layer];
    const { kPad, n, channels } = l.desc;
    const base = what === 'weights' ? l.w : l.gw;
    const w = this.f32(base, kPad * n);
    const kernel = new Float32Array(l.kernel.size);
    const rows = l.kernel.size / l.outChannels;
    for (let r = 0; r < rows; r++) {
      const from = storedRow(r, l.inChannels, channels) * n;
      kernel.set(w.subarray(from, from + l.outChannels), r * l.outChannels);
    }
    return { kernel, bias: this.f32(base + kPad * n * 4, l.outChannels).slice() };
  }

  /** Sets one filter entry (index into the tfjs [kh, kw, in, out] order; finite differences). */
  setKernelEntry(layer: number, index: number, value: number): void {
    const l = this.layers[layer];
    const row = Math.floor(index / l.outChannels);
    const col = index % l.outChannels;
    const at = storedRow(row, l.inChannels, l.desc.channels) * l.desc.n + col;
    this.f32(l.w, l.desc.kPad * l.desc.n)[at] = value;
  }

  /**
   * One layer's activations from the last forward pass, without channel padding.
   * @param which 'conv': after the conv, bias and ReLU [size, outHeight, outWidth, out];
   *   'out': after the pooling (= 'conv' without). @returns NHWC, flat.
   */
  activations(layer: number, which: 'conv' | 'out', size: number): Float32Array {
    const l = this.layers[layer];
    const [height, width, at] =
      which === 'conv'
        ? [l.desc.outHeight, l.desc.outWidth, l.h]
        : [l.outHeight, l.outWidth, l.out];
    const pixels = size * height * width;
    const stored = this.f32(at, pixels * l.desc.n);
    const out = new Float32Array(pixels * l.outChannels);
    for (let p = 0; p < pixels; p++)
      out.set(stored.subarray(p * l.desc.n, p * l.desc.n + l.outChannels), p * l.outChannels);
    return out;
  }

  /** Views of each layer's gradient (weights then bias, contiguous) for gradient methods. */
  gradientViews(): { view: Float32Array; kernelName: string }[] {
    return this.layers.map((l) => ({
      view: this.f32(l.gw, l.desc.kPad * l.desc.n + l.desc.n),
      kernelName: l.kernel.name,
    }));
  }

  /**
   * Each layer's parameters (filters then bias, padded) with Adam's moments: byte offsets
   * of weights, m and v, and their float count (checkpoints).
   */
  parameterRegions(): { w: number; m: number; v: number; floats: number }[] {
    return this.layers.map((l) => ({
      w: l.w,
      m: l.m,
      v: l.v,
      floats: l.desc.kPad * l.desc.n + l.desc.n,
    }));
  }

  /** Largest batch the buffers hold. */
  get capacity(): number {
    return this.maxBatch;
  }
}
