/**
 * The fused kernel's convolution and max-pooling ops (engine/kernel/conv.as.ts), called
 * directly on a fresh module instance, against the tfjs `cpu` backend: forward outputs from
 * tf.conv2d / tf.maxPool, and input, filter and bias gradients from tfjs autodiff (tf.grads)
 * of Σ dy ⊙ y for a random upstream gradient dy. The cpu backend is the independent
 * reference (plain JavaScript loops, not our code). Equality is to float32 rounding. The
 * convolution cases run on both builds of the kernel: fused.wasm and fused-fma.wasm (relaxed
 * SIMD: the products' multiply-adds fused), the latter with Node 20's flag for it turned on
 * in this test process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import {
  CONV_DESCRIPTOR_FIELDS,
  convChunkRows,
  convGeometry,
  pad4,
  storedRow,
  writeConvDescriptor,
} from '../../src/main/engine/kernel/convTrunk';
import {
  forgetKernelModule,
  KERNEL_FMA_ENV,
  kernelModule,
  type KernelExports,
} from '../../src/main/engine/kernel/wasmModule';
import { mulberry32 } from '../../src/main/engine/random';

// Before any module is compiled: fused-fma.wasm needs relaxed SIMD (on by default from Node 22).
setFlagsFromString('--experimental-wasm-relaxed-simd');

beforeAll(async () => {
  await selectBackend('cpu');
});

interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
    buffer: ArrayBufferLike;
  };
  Instance: new (module: unknown, imports: object) => { exports: Record<string, unknown> };
  Module: new (bytes: Uint8Array) => unknown;
}

/** The builds of the kernel (bin/build-kernel.mjs), beside each other in resources/kernels/. */
const BUILDS = ['fused.wasm', 'fused-fma.wasm'] as const;

/**
 * A fresh kernel instance with `mib` MiB of memory and a bump allocator: of the module the
 * engine loads, or with `build` of that file (compiled here, after the engine's checks).
 */
function instance(mib = 16, build?: (typeof BUILDS)[number]) {
  const loaded = kernelModule();
  if ('unavailable' in loaded) throw new Error(loaded.unavailable);
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const module = build
    ? new wasm.Module(
        readFileSync(fileURLToPath(new URL(`../../resources/kernels/${build}`, import.meta.url))),
      )
    : loaded.module;
  const pages = mib * 16;
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: false });
  const ops = new wasm.Instance(module, { env: { memory, abort: () => {} } })
    .exports as unknown as KernelExports;
  let top = Math.max(1024, (ops.heapBase() + 15) & ~15);
  const alloc = (floats: number) => {
    const at = top;
    top += Math.max(16, floats * 4 + 15) & ~15;
    return at;
  };
  const f32 = (at: number, n: number) => new Float32Array(memory.buffer, at, n);
  return { ops, memory, alloc, f32, i32: new Int32Array(memory.buffer) };
}

function randomArray(n: number, random: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}

/** Max |a − b| relative to 1 + |b| over two arrays of equal length. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/** Copies [pixels, channels] into [pixels, stored] (zero channels after) and back. */
function padChannels(x: Float32Array, channels: number, stored: number): Float32Array {
  const pixels = x.length / channels;
  const out = new Float32Array(pixels * stored);
  for (let p = 0; p < pixels; p++)
    out.set(x.subarray(p * channels, (p + 1) * channels), p * stored);
  return out;
}
function unpadChannels(x: Float32Array, channels: number, stored: number): Float32Array {
  const pixels = x.length / stored;
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++)
    out.set(x.subarray(p * stored, p * stored + channels), p * channels);
  return out;
}

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  channels: number;
  /** Channels per pixel as the kernel stores the input (inner layers pad to 4). */
  stored: number;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  relu: boolean;
}

const CASES: ConvCase[] = [
  // Batch 1, odd sizes, one grey channel, 'same'.
  {
    batch: 1,
    height: 5,
    width: 7,
    channels: 1,
    stored: 1,
    filters: 3,
    kernel: 3,
    stride: 1,
    padding: 'same',
    relu: false,
  },
  // RGB, stride 2 with 'same' (uneven padding), ReLU.
  {
    batch: 2,
    height: 6,
    width: 5,
    channels: 3,
    stored: 3,
    filters: 5,
    kernel: 3,
    stride: 2,
    padding: 'same',
    relu: true,
  },
  // 'valid' with stride 2 on odd sizes.
  {
    batch: 3,
    height: 7,
    width: 9,
    channels: 3,
    stored: 3,
    filters: 4,
    kernel: 3,
    stride: 2,
    padding: 'valid',
    relu: true,
  },
  // An inner layer: 5 channels stored as 8, 5×5 'same', 6 filters (padded to 8).
  {
    batch: 2,
    height: 9,
    width: 6,
    channels: 5,
    stored: 8,
    filters: 6,
    kernel: 5,
    stride: 1,
    padding: 'same',
    relu: true,
  },
  // 1×1 'valid', wide.
  {
    batch: 2,
    height: 4,
    width: 4,
    channels: 4,
    stored: 4,
    filters: 12,
    kernel: 1,
    stride: 1,
    padding: 'valid',
    relu: false,
  },
  // Even kernel with 'same' (padding split 0 / 1), stride 2, batch large enough for several chunks.
  {
    batch: 9,
    height: 12,
    width: 11,
    channels: 3,
    stored: 3,
    filters: 8,
    kernel: 4,
    stride: 2,
    padding: 'same',
    relu: true,
  },
];

describe.each(BUILDS)('conv2d ops of the fused kernel, %s (vs tfjs cpu autodiff)', (build) => {
  it.each(CASES)(
    'forward and input, filter, bias gradients: $batch×$height×$width×$channels, k$kernel s$stride $padding relu=$relu',
    (c) => {
      const random = mulberry32(c.height * 131 + c.width * 7 + c.kernel);
      const { ops, alloc, f32, i32 } = instance(16, build);
      const g = convGeometry(c.height, c.width, c.kernel, c.kernel, c.stride, c.padding);
      const n = pad4(c.filters);
      const k = c.kernel * c.kernel * c.stored;
      const kPad = pad4(k);
      const inStride = c.height * c.width * c.stored + 4; // a gap between images, as padded rows
      const outPixels = c.batch * g.outHeight * g.outWidth;

      const x = randomArray(c.batch * c.height * c.width * c.channels, random);
      const w = randomArray(c.kernel * c.kernel * c.channels * c.filters, random, 0.5);
      const b = randomArray(c.filters, random, 0.5);
      const dy = randomArray(outPixels * c.filters, random);

      // tfjs reference.
      const xt = tf.tensor4d(x, [c.batch, c.height, c.width, c.channels]);
      const wt = tf.tensor4d(w, [c.kernel, c.kernel, c.channels, c.filters]);
      const bt = tf.tensor1d(b);
      const dyt = tf.tensor4d(dy, [c.batch, g.outHeight, g.outWidth, c.filters]);
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
        const pre = tf.add(
          tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.padding),
          bb,
        );
        return c.relu ? tf.relu(pre) : pre;
      };
      const yRef = f(xt, wt, bt).dataSync();
      const [dxRef, dwRef, dbRef] = tf
        .grads((xx, ww, bb) => tf.sum(tf.mul(f(xx, ww, bb), dyt)))([xt, wt, bt])
        .map((t) => t.dataSync());

      // Kernel buffers.
      const xAt = alloc(c.batch * inStride);
      const xs = padChannels(x, c.channels, c.stored);
      for (let i = 0; i < c.batch; i++) {
        const size = c.height * c.width * c.stored;
        f32(xAt + i * inStride * 4, size).set(xs.subarray(i * size, (i + 1) * size));
      }
      const wAt = alloc(kPad * n + n);
      const gwAt = alloc(kPad * n + n);
      const rows = c.kernel * c.kernel * c.channels;
      for (let r = 0; r < rows; r++)
        f32(wAt, kPad * n).set(
          w.subarray(r * c.filters, (r + 1) * c.filters),
          storedRow(r, c.channels, c.stored) * n,
        );
      f32(wAt + kPad * n * 4, n).set(b);
      const chunk = Math.min(convChunkRows(kPad), 16); // several chunks even for small maps
      const desc = alloc(CONV_DESCRIPTOR_FIELDS);
      writeConvDescriptor(i32, desc, {
        height: c.height,
        width: c.width,
        channels: c.stored,
        kernelHeight: c.kernel,
        kernelWidth: c.kernel,
        stride: c.stride,
        padTop: g.padTop,
        padLeft: g.padLeft,
        outHeight: g.outHeight,
        outWidth: g.outWidth,
        k,
        kPad,
        n,
        inStride,
        chunk,
        col: alloc(chunk * kPad),
        weights: wAt,
        bias: wAt + kPad * n * 4,
        gradWeights: gwAt,
        gradBias: gwAt + kPad * n * 4,
        transposed: alloc(n * kPad),
        relu: c.relu,
      });
      expect(ops.convDescriptorFields()).toBe(CONV_DESCRIPTOR_FIELDS);
      const yAt = alloc(outPixels * n);
      ops.convForward(desc, xAt, yAt, c.batch);
      expect(maxRelDiff(unpadChannels(f32(yAt, outPixels * n), c.filters, n), yRef)).toBeLessThan(
        2e-6,
      );

      // Pre-activation gradient: dy ⊙ ReLU'(y) (the kernel's reluBackward), padded to n.
      const dAt = alloc(outPixels * n);
      f32(dAt, outPixels * n).set(padChannels(dy, c.filters, n));
      if (c.relu) ops.reluBackward(dAt, yAt, outPixels * n, 1);
      ops.convFilterGrad(desc, xAt, dAt, c.batch);
      const gw = f32(gwAt, kPad * n);
      const dw = new Float32Array(w.length);
      for (let r = 0; r < rows; r++) {
        const from = storedRow(r, c.channels, c.stored) * n;
        dw.set(gw.subarray(from, from + c.filters), r * c.filters);
      }
      expect(maxRelDiff(dw, dwRef)).toBeLessThan(2e-6);
      expect(maxRelDiff(f32(gwAt + kPad * n * 4, c.filters), dbRef)).toBeLessThan(2e-6);
      // Filters of padded output channels and rows of padded input channels get nothing.
      for (let r = 0; r < kPad; r++)
        for (let j = 0; j < n; j++)
          if (j >= c.filters || r >= k || r % c.stored >= c.channels) expect(gw[r * n + j]).toBe(0);

      const dxAt = alloc(c.batch * inStride);
      f32(dxAt, c.batch * inStride).fill(7); // overwritten, gaps included
      ops.convInputGrad(desc, dAt, dxAt, c.batch);
      const size = c.height * c.width * c.stored;
      const dx = new Float32Array(c.batch * size);
      for (let i = 0; i < c.batch; i++) dx.set(f32(dxAt + i * inStride * 4, size), i * size);
      expect(maxRelDiff(unpadChannels(dx, c.channels, c.stored), dxRef)).toBeLessThan(2e-6);
      expect(f32(dxAt + size * 4, inStride - size).every((v) => v === 0)).toBe(true);
      tf.dispose([xt, wt, bt, dyt]);
    },
  );
});

describe('2×2 max-pooling ops of the fused kernel (vs tfjs cpu)', () => {
  it.each([
    { batch: 1, height: 4, width: 6, channels: 4, relu: false },
    { batch: 3, height: 7, width: 5, channels: 8, relu: true },
    { batch: 2, height: 9, width: 9, channels: 12, relu: true },
  ])('forward and gradient: $batch×$height×$width×$channels relu=$relu', (c) => {
    const random = mulberry32(c.height * 17 + c.width);
    const { ops, alloc, f32 } = instance();
    const size = c.batch * c.height * c.width * c.channels;
    const z = randomArray(size, random);
    const hp = c.height >> 1;
    const wp = c.width >> 1;
    const dy = randomArray(c.batch * hp * wp * c.channels, random);
    const zt = tf.tensor4d(z, [c.batch, c.height, c.width, c.channels]);
    const dyt = tf.tensor4d(dy, [c.batch, hp, wp, c.channels]);
    // Reference: pool(relu(z)) (or pool(z)), gradient with respect to z.
    const f = (zz: tf.Tensor) =>
      tf.maxPool((c.relu ? tf.relu(zz) : zz) as tf.Tensor4D, 2, 2, 'valid');
    const yRef = f(zt).dataSync();
    const dzRef = tf
      .grad((zz) => tf.sum(tf.mul(f(zz), dyt)))(zt)
      .dataSync();

    const hAt = alloc(size);
    f32(hAt, size).set(c.relu ? z.map((v) => Math.max(0, v)) : z);
    const yAt = alloc(dy.length);
    ops.maxPoolForward(hAt, yAt, c.batch, c.height, c.width, c.channels);
    // Exactly equal (max and routing involve no rounding); −0 and 0 count as equal.
    expect(maxRelDiff(f32(yAt, dy.length), yRef)).toBe(0);
    const dAt = alloc(dy.length);
    f32(dAt, dy.length).set(dy);
    const dzAt = alloc(size);
    f32(dzAt, size).fill(5); // overwritten everywhere, odd last row/column included
    ops.maxPoolBackward(hAt, dAt, dzAt, c.batch, c.height, c.width, c.channels, c.relu ? 1 : 0);
    expect(maxRelDiff(f32(dzAt, size), dzRef)).toBe(0);
    tf.dispose([zt, dyt]);
  });
});

describe('kernel build the engine loads', () => {
  it('is fused-fma.wasm where the runtime validates relaxed SIMD (turned on above)', () => {
    const loaded = kernelModule();
    if ('unavailable' in loaded) throw new Error(loaded.unavailable);
    expect(loaded.file).toBe('fused-fma.wasm');
  });

  it('is fused.wasm with MTL_KERNEL_FMA=0, for the same floats as the CLI on Node 20', () => {
    process.env[KERNEL_FMA_ENV] = '0';
    try {
      forgetKernelModule();
      const loaded = kernelModule();
      if ('unavailable' in loaded) throw new Error(loaded.unavailable);
      expect(loaded.file).toBe('fused.wasm');
    } finally {
      delete process.env[KERNEL_FMA_ENV];
      forgetKernelModule();
    }
    const again = kernelModule();
    expect('file' in again && again.file).toBe('fused-fma.wasm');
  });
});
