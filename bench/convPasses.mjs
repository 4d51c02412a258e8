#!/usr/bin/env node
/**
 * A/B of the fused kernel's three convolution passes (convForward, convFilterGrad,
 * convInputGrad) between kernel builds, in one process, interleaved, so that a shared
 * machine's load falls on every build alike: the bench's CNN trunk (conv 3×3 'same' of 16,
 * 32, 64 filters, each input half the size of the one before, as after 2×2 pooling), batch
 * 64, random inputs; CPU milliseconds per pass (process.cpuUsage, best of REPS), and sums of
 * the outputs (equal sums: the same floats, almost surely).
 *
 * Usage: node --experimental-wasm-relaxed-simd bench/convPasses.mjs old.wasm new.wasm
 * (copies of resources/kernels/fused.wasm or fused-fma.wasm from two checkouts); env HW
 * (input size, default 64), C (input channels, default 3), REPS (default 10).
 */
import { readFileSync } from 'node:fs';

const { WebAssembly } = globalThis;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const files = process.argv.slice(2);
const reps = Number(process.env.REPS ?? 10);
const B = 64;
const FILTERS = [16, 32, 64];
/** Bytes of an im2col block, as convTrunk.ts's COL_BYTES. */
const COL_BYTES = 96 * 1024;

/** One kernel instance with the trunk's descriptors and buffers. */
function setup(file) {
  const module = new WebAssembly.Module(readFileSync(file));
  const memory = new WebAssembly.Memory({ initial: 4096, maximum: 16384 });
  const ops = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort() {
        throw new Error('kernel aborted');
      },
    },
  }).exports;
  let top = 1 << 16;
  const alloc = (floats) => {
    const at = top;
    top += (floats * 4 + 63) & ~63;
    return at;
  };
  const i32 = new Int32Array(memory.buffer);
  const f32 = new Float32Array(memory.buffer);
  let seed = 1;
  const fill = (at, n) => {
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      f32[at / 4 + i] = seed / 2 ** 32 - 0.5;
    }
  };
  const layers = [];
  let H = Number(process.env.HW ?? 64);
  let C = Number(process.env.C ?? 3);
  for (const N of FILTERS) {
    const K = 9 * C;
    const kPad = (K + 3) & ~3;
    const chunk = Math.max(4, Math.floor(COL_BYTES / (4 * kPad)) & ~3);
    const d = alloc(32);
    const x = alloc(B * H * H * C);
    fill(x, B * H * H * C);
    const col = alloc(chunk * kPad);
    const w = alloc(kPad * N);
    fill(w, kPad * N);
    const bias = alloc(N);
    fill(bias, N);
    const gw = alloc(kPad * N);
    const gb = alloc(N);
    const wt = alloc(kPad * N);
    const out = alloc(B * H * H * N);
    const dPre = alloc(B * H * H * N);
    fill(dPre, B * H * H * N);
    const dx = alloc(B * H * H * C);
    // conv.as.ts's descriptor fields, in order.
    const fields = [H, H, C, 3, 3, 1, 1, 1, H, H, K, kPad, N, H * H * C, chunk, col, w, bias];
    i32.set([...fields, gw, gb, wt, 1], d / 4);
    layers.push({ d, x, out, dPre, dx, gw, kPad, N });
    H >>= 1;
    C = N;
  }
  return { ops, f32, layers, best: {} };
}

const kernels = files.map(setup);
for (let r = 0; r < reps; r++) {
  for (const k of kernels) {
    k.layers.forEach((l, i) => {
      const times = [];
      let t = cpuMs();
      k.ops.convForward(l.d, l.x, l.out, B);
      times.push(cpuMs() - t);
      t = cpuMs();
      k.ops.convFilterGrad(l.d, l.x, l.dPre, B);
      times.push(cpuMs() - t);
      t = cpuMs();
      // The first layer's input gradient is never computed (convTrunk.ts).
      if (i > 0) k.ops.convInputGrad(l.d, l.dPre, l.dx, B);
      times.push(cpuMs() - t);
      ['forward', 'filterGrad', 'inputGrad'].forEach((pass, j) => {
        const key = `L${i} ${pass}`;
        if (i > 0 || j < 2) k.best[key] = Math.min(k.best[key] ?? Infinity, times[j]);
      });
    });
  }
}
const sum = (f32, at, n) => f32.subarray(at / 4, at / 4 + n).reduce((s, v) => s + v, 0);
kernels.forEach((k, j) => {
  const total = Object.values(k.best).reduce((s, v) => s + v, 0);
  const passes = Object.entries(k.best).map(([key, ms]) => `${key} ${ms.toFixed(1)}`);
  const sums = k.layers.map((l) =>
    [sum(k.f32, l.out, 5000), sum(k.f32, l.gw, l.kPad * l.N), sum(k.f32, l.dx, 5000)]
      .map((v) => v.toFixed(3))
      .join('/'),
  );
  console.log(
    `${files[j]}: ${passes.join(', ')}; total ${total.toFixed(1)} ms; sums ${sums.join(' ')}`,
  );
});
