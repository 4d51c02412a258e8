/**
 * A fused training step for dense multi-task networks (hard sharing, single-task, MMoE), run by
 * the WebAssembly SIMD kernels of ./mlp.as.ts instead of ≈ 130 tfjs kernels per step.
 *
 * The arithmetic is the tfjs path's (trainer.ts): forward through Glorot-initialised dense
 * layers with ReLU and inverted dropout, masked class-weighted softmax cross-entropy per
 * task weighted by the loss weighting, analytic backward pass, Adam with L2 on kernels per
 * early-stopping group. Weights live in the kernel's memory while training and are copied
 * to the network's tfjs variables whenever the trainer evaluates, snapshots or returns.
 * Results match the tfjs path to float32 rounding without dropout (test/engine/mlpKernel);
 * dropout masks come from the kernel's own xorshift32 stream, not tfjs's generator.
 *
 * Memory: one WebAssembly.Memory per trainer, grown once for all buffers: weights,
 * gradients and Adam moments (4 × params floats) plus activations for one batch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { DenseGraph } from '../architectures/types';

interface KernelExports {
  gemm(
    a: number,
    b: number,
    bias: number,
    c: number,
    M: number,
    K: number,
    N: number,
    mode: number,
    h: number,
    hScale: number,
  ): void;
  gemmTN(a: number, b: number, c: number, R: number, P: number, N: number): void;
  transpose(src: number, dst: number, R: number, C: number): void;
  colSum(x: number, out: number, R: number, N: number): void;
  dropout(x: number, n: number, rate: number, scale: number, seed: number): number;
  reluBackward(g: number, h: number, n: number, scale: number): void;
  padRows(src: number, dst: number, R: number, C: number, Cp: number): void;
  softmaxCrossEntropy(
    logits: number,
    dlogits: number,
    M: number,
    ld: number,
    col: number,
    k: number,
    labels: number,
    classWeights: number,
    taskWeight: number,
    out: number,
  ): void;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    mHat: number,
    vHat: number,
    beta1: number,
    beta2: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    epsilon: number,
    l2x2: number,
  ): void;
  addInto(dst: number, src: number, n: number): void;
  mixtureForward(
    z: number,
    ldz: number,
    experts: number,
    E: number,
    U: number,
    T: number,
    B: number,
    gates: number,
    mixed: number,
  ): void;
  mixtureBackward(
    dz: number,
    ldz: number,
    experts: number,
    dExperts: number,
    E: number,
    U: number,
    T: number,
    B: number,
    gates: number,
    dMixed: number,
  ): void;
  heapBase(): number;
}

/** The slice of the WebAssembly JS API used here (tsconfig's libs leave out DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
type WasmModule = { readonly kind?: 'wasm-module' };
type WasmMemory = { readonly buffer: ArrayBufferLike };
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_FILE = join('resources', 'kernels', 'mlp.wasm');
const PAGE = 65536;
let compiled: { module: WasmModule; heapBase: number } | null | undefined;

/**
 * Path of the compiled kernel (built by `npm run build:kernel`), searched upwards from
 * this module (source tree, electron-vite's out/) and in Electron's resources folder.
 * @returns null when it is not there (the trainer then uses the tfjs path).
 */
export function kernelPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, WASM_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(join(resources, 'kernels', 'mlp.wasm')))
    return join(resources, 'kernels', 'mlp.wasm');
  return null;
}

/**
 * The compiled kernel module (compiled once per process) and the first byte its static
 * data (math tables) leaves free; null when the file is missing or this runtime lacks
 * WebAssembly SIMD or shared memory.
 */
export function kernelModule(): { module: WasmModule; heapBase: number } | null {
  if (compiled === undefined) {
    const path = kernelPath();
    try {
      if (!path) compiled = null;
      else {
        const module = new wasm.Module(readFileSync(path));
        const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: true });
        const probe = new wasm.Instance(module, { env: { memory, abort } });
        compiled = { module, heapBase: (probe.exports as KernelExports).heapBase() };
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Time spent in each kernel function: calls and milliseconds, by export name. */
export type KernelProfile = Map<string, { calls: number; ms: number }>;
let profileSink: KernelProfile | null = null;

/**
 * Makes kernels created from now on time every call into `sink` (for the benchmark's
 * profile; adds ≈ 0.1 µs per call); null stops it.
 */
export function profileKernels(sink: KernelProfile | null): void {
  profileSink = sink;
}

function timed(exports: KernelExports, sink: KernelProfile): KernelExports {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(exports)) {
    if (typeof fn !== 'function') continue;
    const entry = { calls: 0, ms: 0 };
    sink.set(name, sink.get(name) ?? entry);
    const e = sink.get(name)!;
    wrapped[name] = (...args: number[]) => {
      const t0 = performance.now();
      const r = (fn as (...a: number[]) => number)(...args);
      e.ms += performance.now() - t0;
      e.calls++;
      return r;
    };
  }
  return wrapped as unknown as KernelExports;
}

interface LayerBuffers {
  inDim: number;
  outDim: number;
  inPad: number;
  outPad: number;
  /** Byte offsets: weights [inPad, outPad] then bias [outPad] (contiguous: one Adam call). */
  w: number;
  b: number;
  gw: number;
  gb: number;
  m: number;
  v: number;
  /** Transposed weights [outPad, inPad] (scratch for the input gradient). */
  wt: number;
  /** Activations [batch, outPad] and their gradient. */
  h: number;
  g: number;
  /** Input: byte offset of activations [batch, inPad] (features or another layer's h). */
  input: number;
  inputLayer: number;
  consumers: number[];
}

/** Adam's hyper-parameters as the tfjs path's FlatAdam uses them. */
export interface KernelAdam {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** λ of the L2 penalty λ‖kernel‖² (biases are not penalised). */
  l2: number;
}

/** What one step returns per task: mean loss over its labelled rows and their weight sum. */
export interface StepLoss {
  loss: number;
  weight: number;
}

/** Rounds up to a multiple of 4 (SIMD lanes). */
const pad4 = (n: number) => (n + 3) & ~3;

/**
 * A dense multi-task network's training state in the kernel's memory.
 * Construct with {@link MlpKernel.create}; free with {@link dispose}.
 */
export class MlpKernel {
  private readonly k: KernelExports;
  private readonly memory: WasmMemory;
  private readonly layers: LayerBuffers[] = [];
  private readonly inputDim: number;
  private readonly inputPad: number;
  private readonly xStage: number;
  private readonly x: number;
  private readonly labels: number[];
  private readonly classWeights: number[];
  private readonly scratch: number;
  private readonly out: number;
  private readonly steps: number[];
  private seed: number;
  private readonly i32: Int32Array;
  /** MMoE buffers: gates [batch, T, E], mixtures and their gradients [batch, width] per task. */
  private readonly mixture: {
    experts: number[];
    gate: number;
    tasks: number;
    width: number;
    gates: number;
    mixed: number[];
    dMixed: number[];
    expertTable: number;
    dExpertTable: number;
    mixedTable: number;
    dMixedTable: number;
    after: number;
  } | null = null;
  private readonly f64: Float64Array;

  private constructor(
    { module, heapBase }: { module: WasmModule; heapBase: number },
    private readonly graph: DenseGraph,
    inputDim: number,
    private readonly maxBatch: number,
    private readonly adamOptions: KernelAdam,
    classWeights: (ArrayLike<number> | null)[],
    seed: number,
  ) {
    this.inputDim = inputDim;
    this.inputPad = pad4(inputDim);
    // After the module's static data; offset 0 is never a buffer (0 means "none").
    let top = Math.max(1024, (heapBase + 15) & ~15);
    const alloc = (floats: number) => {
      const at = top;
      top += Math.max(16, floats * 4 + 15) & ~15;
      return at;
    };
    this.xStage = alloc(maxBatch * inputDim);
    this.x = alloc(maxBatch * this.inputPad);
    this.out = alloc(4);
    this.labels = graph.outputs.map(() => alloc(maxBatch));
    this.classWeights = graph.outputs.map((o, t) => (classWeights[t] ? alloc(o.classes) : 0));
    let maxWidth = this.inputPad;
    const mixtureWidth = graph.mixture
      ? graph.layers[graph.mixture.experts[0]].params.kernel.shape[1]!
      : 0;
    graph.layers.forEach((spec) => {
      const inDim =
        spec.input === -1
          ? inputDim
          : spec.input < -1
            ? mixtureWidth
            : graph.layers[spec.input].params.kernel.shape[1]!;
      const outDim = spec.params.kernel.shape[1]!;
      const inPad = pad4(inDim);
      const outPad = pad4(outDim);
      maxWidth = Math.max(maxWidth, outPad);
      const n = inPad * outPad + outPad;
      const w = alloc(n);
      const gw = alloc(n);
      this.layers.push({
        inDim,
        outDim,
        inPad,
        outPad,
        w,
        b: w + inPad * outPad * 4,
        gw,
        gb: gw + inPad * outPad * 4,
        m: alloc(n),
        v: alloc(n),
        wt: alloc(inPad * outPad),
        h: alloc(maxBatch * outPad),
        g: alloc(maxBatch * outPad),
        input: 0,
        inputLayer: spec.input,
        consumers: [],
      });
    });
    if (graph.mixture) {
      const { experts, tasks } = graph.mixture;
      const u = pad4(mixtureWidth);
      this.mixture = {
        ...graph.mixture,
        width: u,
        gates: alloc(maxBatch * tasks * experts.length),
        mixed: Array.from({ length: tasks }, () => alloc(maxBatch * u)),
        dMixed: Array.from({ length: tasks }, () => alloc(maxBatch * u)),
        expertTable: alloc(experts.length),
        dExpertTable: alloc(experts.length),
        mixedTable: alloc(tasks),
        dMixedTable: alloc(tasks),
        // Backward reaches the mixture once it is past every layer that reads it.
        after: Math.max(graph.mixture.gate, ...experts),
      };
    }
    this.layers.forEach((l, i) => {
      l.input =
        l.inputLayer === -1
          ? this.x
          : l.inputLayer < -1
            ? this.mixture!.mixed[-2 - l.inputLayer]
            : this.layers[l.inputLayer].h;
      if (l.inputLayer >= 0) this.layers[l.inputLayer].consumers.push(i);
    });
    this.scratch = alloc(maxBatch * maxWidth);
    this.memory = new wasm.Memory({
      initial: Math.ceil(top / PAGE) + 1,
      maximum: Math.ceil(top / PAGE) + 1,
      shared: true,
    });
    const instance = new wasm.Instance(module, { env: { memory: this.memory, abort } });
    const exports = instance.exports as unknown as KernelExports;
    this.k = profileSink ? timed(exports, profileSink) : exports;
    this.i32 = new Int32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
    if (this.mixture) {
      const m = this.mixture;
      const table = (at: number, pointers: number[]) => this.i32.set(pointers, at >> 2);
      table(
        m.expertTable,
        m.experts.map((e) => this.layers[e].h),
      );
      table(
        m.dExpertTable,
        m.experts.map((e) => this.layers[e].g),
      );
      table(m.mixedTable, m.mixed);
      table(m.dMixedTable, m.dMixed);
    }
    this.steps = Array.from({ length: graph.groups }, () => 0);
    this.seed = seed >>> 0 || 1;
    graph.outputs.forEach((o, t) => {
      const cw = classWeights[t];
      if (cw) this.f32(this.classWeights[t], o.classes).set(Array.from(cw));
    });
    this.loadWeights();
  }

  /** Gradients of the gate logits and of the experts' outputs (through their ReLU). */
  private mixtureBackward(size: number): void {
    const mix = this.mixture!;
    const z = this.layers[mix.gate];
    const E = mix.experts.length;
    this.k.mixtureBackward(
      z.g,
      z.outPad,
      mix.expertTable,
      mix.dExpertTable,
      E,
      mix.width,
      mix.tasks,
      size,
      mix.gates,
      mix.dMixedTable,
    );
    for (const e of mix.experts) {
      const spec = this.graph.layers[e];
      const keep = spec.dropout > 0 ? 1 / (1 - spec.dropout) : 1;
      this.k.reluBackward(this.layers[e].g, this.layers[e].h, size * this.layers[e].outPad, keep);
    }
  }

  /**
   * @param graph the network's dense layers (from the architecture).
   * @param inputDim features per row; @param maxBatch the largest batch.
   * @param classWeights per task, [k] class weights or null (all 1).
   * @param seed seeds the dropout stream.
   * @returns null when the kernel is unavailable (see {@link kernelModule}) or its buffers
   *   do not fit its memory (at most 1 GiB): the caller then uses the tfjs path.
   */
  static create(
    graph: DenseGraph,
    inputDim: number,
    maxBatch: number,
    adam: KernelAdam,
    classWeights: (ArrayLike<number> | null)[],
    seed: number,
  ): MlpKernel | null {
    const module = kernelModule();
    if (!module) return null;
    try {
      return new MlpKernel(module, graph, inputDim, maxBatch, adam, classWeights, seed);
    } catch {
      // E.g. a network and batch too large for the kernel's 1 GiB memory.
      return null;
    }
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** Copies the tfjs variables' values into the kernel (padding with zeros). */
  loadWeights(): void {
    this.graph.layers.forEach((spec, i) => {
      const l = this.layers[i];
      const kernel = spec.params.kernel.dataSync();
      const w = this.f32(l.w, l.inPad * l.outPad);
      w.fill(0);
      for (let r = 0; r < l.inDim; r++)
        w.set(kernel.subarray(r * l.outDim, (r + 1) * l.outDim), r * l.outPad);
      const b = this.f32(l.b, l.outPad);
      b.fill(0);
      b.set(spec.params.bias.dataSync());
    });
  }

  /** Copies the kernel's weights into the tfjs variables (dropping the padding). */
  storeWeights(): void {
    this.graph.layers.forEach((spec, i) => {
      const l = this.layers[i];
      const w = this.f32(l.w, l.inPad * l.outPad);
      const kernel = new Float32Array(l.inDim * l.outDim);
      for (let r = 0; r < l.inDim; r++)
        kernel.set(w.subarray(r * l.outPad, r * l.outPad + l.outDim), r * l.outDim);
      tf.tidy(() => {
        spec.params.kernel.assign(tf.tensor2d(kernel, [l.inDim, l.outDim]));
        spec.params.bias.assign(tf.tensor1d(this.f32(l.b, l.outDim).slice()));
      });
    });
  }

  /**
   * One training step on a batch.
   * @param x row-major [size, inputDim]; @param labels per task [size], −1 = missing.
   * @param taskWeights per task, the loss weight multiplying its gradient.
   * @param activeGroups per early-stopping group, whether its weights are updated.
   * @param dropout whether the graph's dropout rates apply (training).
   * @returns per task the mean (class-weighted) loss and the weight of its labelled rows.
   */
  step(
    x: Float32Array,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[] {
    const { k, layers, graph } = this;
    if (size > this.maxBatch) throw new Error(`batch ${size} > ${this.maxBatch}`);
    // Inputs.
    if (this.inputPad === this.inputDim) this.f32(this.x, size * this.inputDim).set(x);
    else {
      this.f32(this.xStage, size * this.inputDim).set(x);
      k.padRows(this.xStage, this.x, size, this.inputDim, this.inputPad);
    }
    labels.forEach((y, t) => this.i32.set(y.subarray(0, size), this.labels[t] >> 2));
    // Forward.
    const mix = this.mixture;
    graph.layers.forEach((spec, i) => {
      const l = layers[i];
      if (mix && i === mix.after + 1) {
        const z = layers[mix.gate];
        const E = mix.experts.length;
        k.mixtureForward(
          z.h,
          z.outPad,
          mix.expertTable,
          E,
          mix.width,
          mix.tasks,
          size,
          mix.gates,
          mix.mixedTable,
        );
      }
      k.gemm(l.input, l.w, l.b, l.h, size, l.inPad, l.outPad, spec.relu ? 1 : 0, 0, 1);
      if (spec.dropout > 0)
        this.seed = k.dropout(
          l.h,
          size * l.outPad,
          spec.dropout,
          1 / (1 - spec.dropout),
          this.seed,
        );
    });
    // Loss and logits gradients (layers that are logits: no ReLU, gradient zeroed first).
    graph.layers.forEach((spec, i) => {
      if (!spec.relu) this.f32(layers[i].g, size * layers[i].outPad).fill(0);
    });
    const losses = graph.outputs.map((o, t) => {
      const l = layers[o.layer];
      const weight = taskWeights[t];
      // Tasks of stopped groups are skipped; a weight of 0 still reports the task's loss.
      if (!activeGroups[graph.layers[o.layer].group]) return { loss: NaN, weight: 0 };
      k.softmaxCrossEntropy(
        l.h,
        l.g,
        size,
        l.outPad,
        o.offset,
        o.classes,
        this.labels[t],
        this.classWeights[t],
        weight,
        this.out,
      );
      const loss = this.f64[this.out >> 3];
      const w = this.f64[(this.out >> 3) + 1];
      return { loss: w > 0 ? loss : NaN, weight: w };
    });
    // Backward, last layer first: weight and bias gradients, then the input's gradient.
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      if (!activeGroups[graph.layers[i].group]) continue;
      if (mix && i === mix.after) this.mixtureBackward(size);
      k.gemmTN(l.input, l.g, l.gw, size, l.inPad, l.outPad);
      k.colSum(l.g, l.gb, size, l.outPad);
      if (l.inputLayer < -1) {
        // A head on task t's mixture: its input gradient is the mixture's (no ReLU there).
        k.transpose(l.w, l.wt, l.inPad, l.outPad);
        k.gemm(l.g, l.wt, 0, mix!.dMixed[-2 - l.inputLayer], size, l.outPad, l.inPad, 0, 0, 1);
        continue;
      }
      if (l.inputLayer < 0) continue;
      const src = layers[l.inputLayer];
      const srcSpec = graph.layers[l.inputLayer];
      const keep = srcSpec.dropout > 0 ? 1 / (1 - srcSpec.dropout) : 1;
      k.transpose(l.w, l.wt, l.inPad, l.outPad);
      if (src.consumers.length === 1) {
        k.gemm(l.g, l.wt, 0, src.g, size, l.outPad, l.inPad, srcSpec.relu ? 2 : 0, src.h, keep);
      } else {
        // Several consumers: sum their contributions, then apply ReLU' once (first consumer
        // in reverse order writes, the others add).
        const first = src.consumers[src.consumers.length - 1] === i;
        k.gemm(l.g, l.wt, 0, first ? src.g : this.scratch, size, l.outPad, l.inPad, 0, 0, 1);
        if (!first) k.addInto(src.g, this.scratch, size * src.outPad);
        if (src.consumers[0] === i && srcSpec.relu)
          k.reluBackward(src.g, src.h, size * src.outPad, keep);
      }
    }
    // Adam per group (its own bias-correction counter), L2 on kernels only.
    const o = this.adamOptions;
    activeGroups.forEach((active, group) => {
      if (active) this.steps[group]++;
    });
    graph.layers.forEach((spec, i) => {
      if (!activeGroups[spec.group]) return;
      const l = layers[i];
      const t = this.steps[spec.group];
      const mHat = o.learningRate / (1 - o.beta1 ** t);
      const vHat = 1 / (1 - o.beta2 ** t);
      const nw = l.inPad * l.outPad;
      // 1 − β in double precision, rounded once to float32 as tfjs does (see mlp.as.ts adam).
      const [b1, b2, c1, c2] = [o.beta1, o.beta2, 1 - o.beta1, 1 - o.beta2];
      k.adam(l.w, l.gw, l.m, l.v, nw, mHat, vHat, b1, b2, c1, c2, o.epsilon, 2 * o.l2);
      k.adam(
        l.b,
        l.gb,
        l.m + nw * 4,
        l.v + nw * 4,
        l.outPad,
        mHat,
        vHat,
        b1,
        b2,
        c1,
        c2,
        o.epsilon,
        0,
      );
    });
    return losses;
  }
}

function abort(): never {
  throw new Error('MLP kernel aborted');
}
