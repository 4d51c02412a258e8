/**
 * The gradient kernels registered for the wasm backend (engine/ops/wasmConvGradients.ts:
 * Conv2DBackpropFilter, Conv2DBackpropInput, MaxPoolGrad) against the tfjs `cpu` backend's
 * kernels of the same name — plain JavaScript loops of tfjs, not our code — on random
 * shapes with stride, padding and window edge cases, called directly (runKernel) and
 * through autodiff (tf.grads of a conv → ReLU → max-pool stack). Equality is to float32
 * rounding: max |a − b| / (1 + |b|) < 1e-5 (the sums of up to 2 304 products run in
 * another order; float32 ε ≈ 6e-8).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import {
  registerWasmConvGradients,
  WASM_CONV_GRADIENT_CONFIGS,
  WASM_CONV_GRADIENT_KERNELS,
} from '../../src/main/engine/ops/wasmConvGradients';
import { mulberry32 } from '../../src/main/engine/random';

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmConvGradients();
});
afterAll(async () => {
  await selectBackend('wasm');
});

const random = mulberry32(2024);
function randomArray(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Max |a − b| relative to 1 + |b|. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/** Runs `f` on the given backend and reads its result. */
function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const out = f();
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
  });
}

type Pad =
  | 'same'
  | 'valid'
  | number
  | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CONV_CASES: ConvCase[] = [
  {
    label: '3×3 same, RGB in, 8 out',
    x: [2, 9, 9, 3],
    filter: [3, 3, 3, 8],
    strides: 1,
    pad: 'same',
  },
  {
    label: 'stride 2 valid, grey, 5 out (not a multiple of 4)',
    x: [3, 8, 7, 1],
    filter: [3, 3, 1, 5],
    strides: 2,
    pad: 'valid',
  },
  {
    label: 'unequal strides [2, 1] (plain loop)',
    x: [2, 10, 10, 4],
    filter: [5, 5, 4, 6],
    strides: [2, 1],
    pad: 'same',
  },
  { label: '1×1 with explicit pad 1', x: [2, 7, 7, 3], filter: [1, 1, 3, 4], strides: 1, pad: 1 },
  {
    label: 'even 4×4 kernel, stride 3 same (asymmetric padding)',
    x: [1, 6, 5, 2],
    filter: [4, 4, 2, 3],
    strides: 3,
    pad: 'same',
  },
  {
    label: 'stride 3 > kernel 2 (pixels skipped)',
    x: [2, 5, 5, 3],
    filter: [2, 2, 3, 4],
    strides: 3,
    pad: 'valid',
  },
  {
    label: '16 → 32 channels, several im2col chunks',
    x: [2, 12, 12, 16],
    filter: [3, 3, 16, 32],
    strides: 1,
    pad: 'same',
  },
  {
    label: 'explicit padding [[0,0],[1,2],[0,1],[0,0]]',
    x: [2, 6, 7, 3],
    filter: [3, 2, 3, 4],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
];

describe('wasm convolution gradients equal the cpu backend', () => {
  it('registers its kernels for wasm', () => {
    // Ours, not wasm's own (tfjs 4.22's wasm has a Conv2DBackpropInput and a MaxPoolGrad of
    // its own): the registered function is the one of our config.
    for (const config of WASM_CONV_GRADIENT_CONFIGS)
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    // Slice and Unpack are wrapped (contiguous blocks copied from the heap).
    expect(tf.getKernel('Slice', 'wasm')?.kernelFunc.name).toBe('contiguousSlice');
    expect(tf.getKernel('Unpack', 'wasm')?.kernelFunc.name).toBe('firstAxisUnpack');
    expect(WASM_CONV_GRADIENT_KERNELS).toEqual([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'MaxPoolGrad',
    ]);
  });

  for (const c of CONV_CASES) {
    it(`Conv2DBackpropFilter and Conv2DBackpropInput: ${c.label}`, () => {
      const strides: [number, number] =
        typeof c.strides === 'number' ? [c.strides, c.strides] : c.strides;
      const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, strides, 1, c.pad);
      const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
      const x = randomArray(size(c.x));
      const filter = randomArray(size(c.filter));
      const dy = randomArray(size(dyShape));
      const kernels = () => [
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor4d(x, c.x), dy: tf.tensor(dy, dyShape) },
            { strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
          ) as tf.Tensor,
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy: tf.tensor(dy, dyShape), filter: tf.tensor4d(filter, c.filter) },
            { strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
          ) as tf.Tensor,
      ];
      const [dwWasm, dxWasm] = on('wasm', kernels);
      const [dwCpu, dxCpu] = on('cpu', kernels);
      expect(maxRelDiff(dwWasm, dwCpu)).toBeLessThan(1e-5);
      expect(maxRelDiff(dxWasm, dxCpu)).toBeLessThan(1e-5);
      // Not vacuous: the gradients are not all zero.
      expect(Math.max(...dwCpu.map(Math.abs))).toBeGreaterThan(0.1);
      expect(Math.max(...dxCpu.map(Math.abs))).toBeGreaterThan(0.1);
    });
  }

  const POOL_CASES: {
    label: string;
    x: [number, number, number, number];
    window: number;
    stride: number;
    pad: 'same' | 'valid';
    ties?: boolean;
  }[] = [
    {
      label: '2×2 stride 2 valid, 4 channels (SIMD)',
      x: [2, 8, 8, 4],
      window: 2,
      stride: 2,
      pad: 'valid',
    },
    {
      label: 'odd 9×7 map (last row and column dropped, SIMD)',
      x: [2, 9, 7, 8],
      window: 2,
      stride: 2,
      pad: 'valid',
    },
    { label: '3 channels (plain loop)', x: [2, 8, 8, 3], window: 2, stride: 2, pad: 'valid' },
    // The shape where wasm's own MaxPoolGrad lost one of the 24 upstream values.
    { label: '2×5×5×3, odd sizes', x: [2, 5, 5, 3], window: 2, stride: 2, pad: 'valid' },
    {
      label: '3×3 windows, stride 2, same (overlapping, padded)',
      x: [1, 7, 6, 4],
      window: 3,
      stride: 2,
      pad: 'same',
    },
    {
      label: 'ties: ReLU zeros and repeated values go to the first maximum',
      x: [2, 6, 6, 4],
      window: 2,
      stride: 2,
      pad: 'valid',
      ties: true,
    },
  ];
  for (const c of POOL_CASES) {
    it(`MaxPoolGrad: ${c.label}`, () => {
      const info = tf.backend_util.computePool2DInfo(c.x, c.window, c.stride, 1, c.pad);
      const dyShape = [c.x[0], info.outHeight, info.outWidth, c.x[3]];
      // Ties: values in {−1, 0, 1, 2}, clamped at 0 like a ReLU's output.
      const x = c.ties
        ? Float32Array.from(randomArray(size(c.x)), (v) => Math.max(0, Math.round(v * 2)))
        : randomArray(size(c.x));
      const dy = randomArray(size(dyShape));
      const kernel = () => {
        const input = tf.tensor4d(x, c.x);
        const output = tf.maxPool(input, c.window, c.stride, c.pad);
        return tf
          .engine()
          .runKernel(
            'MaxPoolGrad',
            { dy: tf.tensor(dy, dyShape), input, output },
            { filterSize: c.window, strides: c.stride, pad: c.pad },
          ) as tf.Tensor;
      };
      const [wasm] = on('wasm', kernel);
      const [cpu] = on('cpu', kernel);
      // A max-pool gradient only moves dy entries: equal exactly where windows do not overlap.
      if (c.window === c.stride) expect(Array.from(wasm)).toEqual(Array.from(cpu));
      else expect(maxRelDiff(wasm, cpu)).toBeLessThan(1e-5);
      expect(Math.max(...cpu.map(Math.abs))).toBeGreaterThan(0.1);
    });
  }

  it('through autodiff: input and filter gradients of conv → ReLU → max-pool, two layers', () => {
    const xShape: [number, number, number, number] = [3, 11, 10, 3];
    const f1Shape: [number, number, number, number] = [3, 3, 3, 6];
    const f2Shape: [number, number, number, number] = [3, 3, 6, 4];
    const x = randomArray(size(xShape));
    const f1 = randomArray(size(f1Shape), 0.5);
    const f2 = randomArray(size(f2Shape), 0.5);
    const weights = randomArray(3 * 2 * 2 * 4);
    const grads = () =>
      tf.grads((...args: tf.Tensor[]) => {
        const [a, k1, k2] = args as tf.Tensor4D[];
        const h = tf.maxPool(tf.relu(tf.conv2d(a, k1, 1, 'same')), 2, 2, 'valid');
        const y = tf.maxPool(tf.relu(tf.conv2d(h, k2, 1, 'same')), 2, 2, 'valid');
        return tf.sum(tf.mul(y, tf.tensor(weights, y.shape)));
      })([tf.tensor4d(x, xShape), tf.tensor4d(f1, f1Shape), tf.tensor4d(f2, f2Shape)]);
    const wasm = on('wasm', grads);
    const cpu = on('cpu', grads);
    wasm.forEach((g, i) => {
      expect(maxRelDiff(g, cpu[i])).toBeLessThan(1e-5);
      expect(Math.max(...cpu[i].map(Math.abs))).toBeGreaterThan(0.01);
    });
  });

  it("through autodiff: the 2×5×5×3 max-pool whose gradient wasm's own kernel got wrong", () => {
    // With wasm's MaxPoolGrad this lost the 22nd upstream value (measured before replacing it).
    const x = tf.tidy(() => tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 1).dataSync());
    const grad = () =>
      tf.grad((a: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'),
            tf.reshape(tf.range(1, 25), [2, 2, 2, 3]),
          ),
        ),
      )(tf.tensor4d(x, [2, 5, 5, 3]));
    const [wasm] = on('wasm', grad);
    const [cpu] = on('cpu', grad);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
    // Each upstream value 1 … 24 lands on exactly one input (no ties in random normals).
    expect(
      Array.from(cpu)
        .filter((v) => v !== 0)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('Slice and Unpack (contiguous blocks from the heap, the rest by wasm) equal the cpu backend', () => {
    const x = randomArray(4 * 6 * 5);
    const ints = Int32Array.from(x, (v) => Math.round(v * 100));
    const ops = () => [
      tf.slice(tf.tensor3d(x, [4, 6, 5]), [1, 0, 0], [2, 6, 5]), // contiguous rows
      tf.slice(tf.tensor3d(x, [4, 6, 5]), [0, 2, 1], [3, 3, 2]), // strided block
      tf.slice(tf.tensor2d(x, [4, 30]), [2, 7], [1, 11]), // contiguous inside a row
      tf.slice(tf.tensor3d(ints, [4, 6, 5], 'int32'), [1, 0, 0], [1, 6, 5]),
      ...tf.unstack(tf.tensor3d(x, [4, 6, 5])), // axis 0: heap copies
      ...tf.unstack(tf.tensor3d(x, [4, 6, 5]), 1), // axis 1: wasm's kernel
      ...tf.unstack(tf.tensor2d(ints, [4, 30], 'int32')),
    ];
    const wasm = on('wasm', ops);
    const cpu = on('cpu', ops);
    expect(wasm.length).toBe(4 + 4 + 6 + 4);
    wasm.forEach((v, i) => expect(Array.from(v), `output ${i}`).toEqual(Array.from(cpu[i])));
    // By hand: row 2 of the [4, 30] matrix, columns 7 … 17.
    expect(Array.from(wasm[2])).toEqual(Array.from(x.subarray(2 * 30 + 7, 2 * 30 + 18)));
  });

  it('refuses NCHW with a clear message', () => {
    tf.setBackend('wasm');
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: tf.zeros([1, 3, 4, 4]), dy: tf.zeros([1, 2, 4, 4]) },
          { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 2] },
        ),
    ).toThrow(/NHWC only/);
  });
});
