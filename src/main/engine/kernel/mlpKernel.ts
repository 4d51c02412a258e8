/**
 * A fused training step for dense multi-task networks (hard sharing, single-task, MMoE,
 * PLE), run by the WebAssembly SIMD kernels of ./mlp.as.ts instead of ≈ 130 tfjs kernels a
 * step.
 *
 * The arithmetic is the tfjs path's (trainer.ts): forward through the dense layers with
 * ReLU and inverted dropout (and, for MMoE and PLE, softmax-gated mixtures of experts),
 * masked class-weighted softmax cross-entropy per task times its loss weight, the analytic
 * backward pass (for gradient methods, one per task, combined by the method), Adam with L2
 * on kernels per early-stopping group. Weights live in the kernel's memory while training
 * and are copied to the network's tfjs variables whenever the trainer evaluates, snapshots
 * or returns. Without dropout, per-epoch losses and final
 * weights match the tfjs path to float32 rounding (test/engine/mlpKernel.test.ts); dropout
 * masks come from the kernel's own xorshift32 stream, not tfjs's generator.
 *
 * Memory: one WebAssembly.Memory per trainer, sized once for all buffers (weights,
 * gradients, Adam moments, transposed weights: 5 × params floats, plus activations and
 * gradients of one batch) and freed by garbage collection with the object.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { DenseGraph } from '../architectures/types';
import type { FlatGradients } from '../weighting/types';

/** The functions of mlp.as.ts (pointers are byte offsets into the kernel's memory). */
interface KernelExports {
  gemm(
    a: number,
    b: number,
    bias: number,
    c: number,
    M: number,
    K: number,
    N: number,
    epilogue: number,
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
    stepSize: number,
    vCorrection: number,
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

/**
 * Parameter count of every export: a kernel file built from other sources (an older
 * checkout) is refused rather than called with shifted arguments.
 */
const SIGNATURES: Record<keyof KernelExports, number> = {
  gemm: 10,
  gemmTN: 6,
  transpose: 4,
  colSum: 4,
  dropout: 5,
  reluBackward: 4,
  padRows: 5,
  softmaxCrossEntropy: 10,
  adam: 13,
  addInto: 3,
  mixtureForward: 9,
  mixtureBackward: 10,
  heapBase: 0,
};

/** gemm's epilogues (mlp.as.ts). */
const EPILOGUE = { none: 0, relu: 1, reluBackward: 2 } as const;

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
const WASM_INFO = join('resources', 'kernels', 'mlp.json');
const PAGE = 65536;
let compiled: { module: WasmModule; heapBase: number } | { unavailable: string } | undefined;

/** The checkout or unpacked app this module belongs to: the nearest folder above with a package.json. */
function projectRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/**
 * Path of the compiled kernel (built by `npm run build:kernel`): resources/kernels/mlp.wasm
 * of the project this module belongs to (source tree: four levels up; electron-vite's
 * out/main/…: two or three), or kernels/ in Electron's resources folder (packaged app).
 * @returns null when it is not there (the trainer then uses the tfjs path).
 */
export function kernelPath(): string | null {
  const root = projectRoot();
  if (root && existsSync(join(root, WASM_FILE))) return join(root, WASM_FILE);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const packaged = resources ? join(resources, 'kernels', 'mlp.wasm') : null;
  return packaged && existsSync(packaged) ? packaged : null;
}

/** SHA-256 of the source a kernel file was built from (resources/kernels/mlp.json), or null. */
function builtFrom(root: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(root, WASM_INFO), 'utf8')) as {
      sourceSha256?: unknown;
    };
    return typeof info.sourceSha256 === 'string' ? info.sourceSha256 : null;
  } catch {
    return null;
  }
}

/** The kernel's source beside this module and the project root, in a source checkout only. */
function checkout(): { source: string; root: string } | null {
  const source = join(dirname(fileURLToPath(import.meta.url)), 'mlp.as.ts');
  const root = projectRoot();
  return root && existsSync(source) ? { source, root } : null;
}

/**
 * Rebuilds the kernel with bin/build-kernel.mjs (≈ 2 s), saying so on stderr.
 * @returns why it failed, or null.
 */
function rebuild(root: string, why: string): string | null {
  console.warn(`MTL Studio: rebuilding the fused MLP kernel (${why}).`);
  const build = spawnSync(process.execPath, [join(root, 'bin', 'build-kernel.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (build.status === 0) return null;
  const last = (build.stderr || build.stdout || '').trim().split('\n').at(-1);
  return `rebuilding it failed (${last || `exit ${build.status}`}); run npm run build:kernel`;
}

/**
 * In a source checkout, makes sure the compiled kernel was built from the current source:
 * when it is missing or was built from another version (after a `git pull` without
 * `npm install`), rebuilds it. Bundled builds carry no source and are trusted as built.
 * @returns why the kernel cannot be used, or null.
 */
function ensureFresh(): string | null {
  const at = checkout();
  if (!at) return null;
  const want = createHash('sha256').update(readFileSync(at.source)).digest('hex');
  if (builtFrom(at.root) === want && existsSync(join(at.root, WASM_FILE))) return null;
  const failed = rebuild(at.root, `${WASM_FILE} is missing or was built from another source`);
  if (!failed && builtFrom(at.root) === want) return null;
  return `${WASM_FILE} is missing or stale and ${failed ?? 'the rebuild did not record its source'}`;
}

/** Compiles and probes a kernel file. */
function load(path: string): { module: WasmModule; heapBase: number } | { unavailable: string } {
  try {
    const module = new wasm.Module(readFileSync(path));
    const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: false });
    const probe = new wasm.Instance(module, { env: { memory, abort } }).exports as Record<
      string,
      unknown
    >;
    const stale = Object.entries(SIGNATURES).filter(
      ([name, arity]) =>
        typeof probe[name] !== 'function' || (probe[name] as () => void).length !== arity,
    );
    return stale.length > 0
      ? {
          unavailable: `${path} does not match this version (${stale.map(([n]) => n).join(', ')}); run npm run build:kernel`,
        }
      : { module, heapBase: (probe as unknown as KernelExports).heapBase() };
  } catch (err) {
    return {
      unavailable: `${path} cannot be loaded: ${(err as Error).message}; run npm run build:kernel`,
    };
  }
}

/**
 * The compiled kernel module (compiled once per process) and the first byte its static
 * data (math tables) leaves free, or why it cannot be used. In a source checkout a
 * missing, stale ({@link ensureFresh}) or unloadable file is rebuilt first, once; otherwise
 * (a bundled app, no compiler) the reason is logged and training uses tfjs kernels.
 */
export function kernelModule(): { module: WasmModule; heapBase: number } | { unavailable: string } {
  if (compiled === undefined) {
    const staleReason = ensureFresh();
    const path = kernelPath();
    if (staleReason) compiled = { unavailable: staleReason };
    else if (!path) compiled = { unavailable: `${WASM_FILE} is missing (npm run build:kernel)` };
    else {
      compiled = load(path);
      const at = checkout();
      if ('unavailable' in compiled && at) {
        const failed = rebuild(at.root, compiled.unavailable.replace(/; run npm.*$/, ''));
        compiled = failed ? { unavailable: `${compiled.unavailable}; ${failed}` } : load(path);
      }
    }
    if ('unavailable' in compiled)
      console.warn(
        `MTL Studio: fused MLP kernel off, training uses tfjs kernels: ${compiled.unavailable}.`,
      );
  }
  return compiled;
}

/** Forgets the compiled module, so the next {@link kernelModule} checks and loads the file again (tests). */
export function forgetKernelModule(): void {
  compiled = undefined;
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
    if (!sink.has(name)) sink.set(name, { calls: 0, ms: 0 });
    const entry = sink.get(name)!;
    wrapped[name] = (...args: number[]) => {
      const t0 = performance.now();
      const r = (fn as (...a: number[]) => number)(...args);
      entry.ms += performance.now() - t0;
      entry.calls++;
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
  /** Byte offsets: weights [inPad, outPad] then bias [outPad]; same layout for gradients and moments. */
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
  /** Byte offset of the input activations [batch, inPad]: features, a layer's h or a mixture. */
  input: number;
  /** As DenseGraph's `input`: −1 features, ≥ 0 a layer, ≤ −2 the mixture of task −2 − input. */
  inputLayer: number;
  /** Layers that read this one's activations, in forward order. */
  readers: number[];
  /** Inverted-dropout scale 1 / (1 − rate) of its activations (1 without dropout). */
  dropoutScale: number;
}

/** A softmax-gated mixture of experts and its buffers (byte offsets). */
interface MixtureBuffers {
  /** Layers whose activations are mixed (experts' last layers), in gate-column order. */
  experts: number[];
  /** The layer holding the gate logits, and the first of its columns this mixture uses. */
  gate: number;
  gateColumn: number;
  /** Expert width padded to 4. */
  width: number;
  /** Gates [batch, E]; output and its gradient [batch, width]. */
  gates: number;
  out: number;
  dOut: number;
  /** Pointer tables the kernel reads: experts' h, experts' g, out, dOut. */
  expertTable: number;
  dExpertTable: number;
  outTable: number;
  dOutTable: number;
  /** Index of the last layer it reads (the gate or an expert). */
  lastInput: number;
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

/** Per task after a step: mean (class-weighted) loss over its labelled rows and their weight sum. */
export interface StepLoss {
  /** Nats; NaN when the task had no labelled row in the batch or its group has stopped. */
  loss: number;
  /** Σ class weights of its labelled rows (their count without class weights); 0 when absent. */
  weight: number;
}

/** Rounds up to a multiple of 4 (SIMD lanes). */
const pad4 = (n: number) => (n + 3) & ~3;

/**
 * A dense multi-task network's training state in the kernel's memory.
 * Construct with {@link MlpKernel.create}; garbage-collected (no dispose).
 */
export class MlpKernel {
  private readonly ops: KernelExports;
  private readonly memory: WasmMemory;
  private readonly layers: LayerBuffers[] = [];
  private readonly inputPad: number;
  private readonly xStage: number;
  private readonly x: number;
  private readonly labels: number[];
  private readonly classWeights: number[];
  private readonly scratch: number;
  private readonly out: number;
  private readonly steps: number[];
  /** Learning rate per early-stopping group once reduced on a plateau (else Adam's own). */
  private readonly groupRates = new Map<number, number>();
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** The graph's mixtures of experts (MMoE, PLE) with their buffers. */
  private readonly mixtures: MixtureBuffers[] = [];
  /** Layers whose activations only mixtures read (experts' last layers). */
  private readonly mixtureInputs = new Set<number>();
  /** Per layer, the mixtures whose last input it is (computed right after it). */
  private readonly mixturesAfter: MixtureBuffers[][] = [];
  private layoutCache: { key: string; layout: ReturnType<MlpKernel['flatLayout']> } | null = null;
  /** State of the dropout stream (xorshift32, never 0). */
  dropoutSeed: number;

  private constructor(
    { module, heapBase }: { module: WasmModule; heapBase: number },
    private readonly graph: DenseGraph,
    private readonly inputDim: number,
    private readonly maxBatch: number,
    private readonly adamOptions: KernelAdam,
    classWeights: (ArrayLike<number> | null)[],
    seed: number,
  ) {
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
    const specs = graph.mixtures ?? [];
    const width = (layer: number) => graph.layers[layer].params.kernel.shape[1]!;
    for (const spec of graph.layers) {
      const inDim =
        spec.input === -1
          ? inputDim
          : spec.input < -1
            ? width(specs[-2 - spec.input].experts[0])
            : width(spec.input);
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
        readers: [],
        dropoutScale: spec.dropout > 0 ? 1 / (1 - spec.dropout) : 1,
      });
    }
    for (const m of specs) {
      const u = pad4(width(m.experts[0]));
      const E = m.experts.length;
      this.mixtures.push({
        ...m,
        width: u,
        gates: alloc(maxBatch * E),
        out: alloc(maxBatch * u),
        dOut: alloc(maxBatch * u),
        expertTable: alloc(E),
        dExpertTable: alloc(E),
        outTable: alloc(1),
        dOutTable: alloc(1),
        lastInput: Math.max(m.gate, ...m.experts),
      });
      m.experts.forEach((e) => this.mixtureInputs.add(e));
      const last = this.mixtures[this.mixtures.length - 1];
      (this.mixturesAfter[last.lastInput] ??= []).push(last);
    }
    this.layers.forEach((l, i) => {
      l.input =
        l.inputLayer === -1
          ? this.x
          : l.inputLayer < -1
            ? this.mixtures[-2 - l.inputLayer].out
            : this.layers[l.inputLayer].h;
      if (l.inputLayer >= 0) this.layers[l.inputLayer].readers.push(i);
    });
    this.checkGraph();
    this.scratch = alloc(maxBatch * maxWidth);
    const pages = Math.ceil(top / PAGE) + 1;
    this.memory = new wasm.Memory({ initial: pages, maximum: pages, shared: false });
    const exports = new wasm.Instance(module, { env: { memory: this.memory, abort } })
      .exports as unknown as KernelExports;
    this.ops = profileSink ? timed(exports, profileSink) : exports;
    this.i32 = new Int32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
    const table = (at: number, pointers: number[]) => this.i32.set(pointers, at >> 2);
    for (const m of this.mixtures) {
      table(
        m.expertTable,
        m.experts.map((e) => this.layers[e].h),
      );
      table(
        m.dExpertTable,
        m.experts.map((e) => this.layers[e].g),
      );
      table(m.outTable, [m.out]);
      table(m.dOutTable, [m.dOut]);
    }
    this.steps = Array.from({ length: graph.groups }, () => 0);
    this.dropoutSeed = seed >>> 0 || 1;
    graph.outputs.forEach((o, t) => {
      const cw = classWeights[t];
      if (cw) this.f32(this.classWeights[t], o.classes).set(Array.from(cw));
    });
    this.loadWeights();
  }

  /**
   * @param graph the network's layers (from the architecture's `denseGraph`).
   * @param inputDim features per row; @param maxBatch the largest batch (rows).
   * @param classWeights per task, [k] class weights or null (all 1).
   * @param seed seeds the dropout stream.
   * @returns the kernel, or null when it is unavailable (see {@link kernelModule}) or its
   *   buffers do not fit its memory (at most 1 GiB): the caller then uses the tfjs path.
   * @throws Error for a graph the kernel cannot run (a programming error in an architecture).
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
    if ('unavailable' in module) return null;
    try {
      return new MlpKernel(module, graph, inputDim, maxBatch, adam, classWeights, seed);
    } catch (err) {
      // Memory larger than the module's declared maximum, or than this machine can give.
      if (err instanceof RangeError || (err as Error).name === 'LinkError') return null;
      throw err;
    }
  }

  /** The backward pass relies on these; architectures must describe graphs that keep them. */
  private checkGraph(): void {
    const { layers, graph, mixtures } = this;
    layers.forEach((l, i) => {
      if (l.inputLayer < -1 && i <= mixtures[-2 - l.inputLayer].lastInput)
        throw new Error(`Layer ${i} reads a mixture before the mixture's inputs are computed.`);
      if (l.readers.some((r) => graph.layers[r].group !== graph.layers[i].group))
        throw new Error(`Layer ${i} is read by layers of another early-stopping group.`);
      if (this.mixtureInputs.has(i) && (l.readers.length > 0 || !graph.layers[i].relu))
        throw new Error(`Expert layer ${i} must be a ReLU layer read by mixtures only.`);
    });
    for (const m of mixtures) {
      if (m.experts.some((e) => layers[e].outPad !== m.width))
        throw new Error('The experts of a mixture must have equal widths.');
      if (m.experts.some((e) => graph.layers[e].group !== graph.layers[m.gate].group))
        throw new Error('A mixture must lie within one early-stopping group.');
    }
  }

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** Copies the tfjs variables' values into the kernel (padding with zeros). */
  private loadWeights(): void {
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
      const { kernel, bias } = this.read(i, 'weights');
      const l = this.layers[i];
      tf.tidy(() => {
        spec.params.kernel.assign(tf.tensor2d(kernel, [l.inDim, l.outDim]));
        spec.params.bias.assign(tf.tensor1d(bias));
      });
    });
  }

  /**
   * A copy of one layer's weights or of their gradients from the last
   * {@link forwardBackward}, without padding.
   * @returns kernel [inDim, outDim] row-major and bias [outDim].
   */
  read(layer: number, what: 'weights' | 'gradients'): { kernel: Float32Array; bias: Float32Array } {
    const l = this.layers[layer];
    const w = this.f32(what === 'weights' ? l.w : l.gw, l.inPad * l.outPad);
    const kernel = new Float32Array(l.inDim * l.outDim);
    for (let r = 0; r < l.inDim; r++)
      kernel.set(w.subarray(r * l.outPad, r * l.outPad + l.outDim), r * l.outDim);
    return { kernel, bias: this.f32(what === 'weights' ? l.b : l.gb, l.outDim).slice() };
  }

  /** Sets one kernel entry [row, col] of a layer (finite-difference checks). */
  setKernelEntry(layer: number, row: number, col: number, value: number): void {
    const l = this.layers[layer];
    this.f32(l.w, l.inPad * l.outPad)[row * l.outPad + col] = value;
  }

  /**
   * One training step: {@link forwardBackward} then Adam on the active groups.
   * @returns as {@link forwardBackward}.
   */
  step(
    x: Float32Array,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[] {
    const losses = this.forwardBackward(x, size, labels, taskWeights, activeGroups);
    this.applyAdam(activeGroups);
    return losses;
  }

  /**
   * One step of a gradient method (PCGrad, GradNorm): a forward and backward pass per task
   * with a labelled row in the batch (the same dropout masks for all), the tasks' gradients
   * over every trained layer flattened and combined by `combine`, then Adam.
   * @param membership per graph layer, whether its weights are shared (θ_sh) and whether
   *   they form the last shared layer.
   * @param combine the method's combination (WeightingState.combineFlat).
   * @returns per task its loss and label weight, as {@link forwardBackward}.
   */
  stepPerTask(
    x: Float32Array,
    size: number,
    labels: Int32Array[],
    activeGroups: boolean[],
    membership: { shared: boolean; lastShared: boolean }[],
    combine: (step: FlatGradients) => Float32Array,
  ): StepLoss[] {
    const T = this.graph.outputs.length;
    const seed = this.dropoutSeed;
    const losses: StepLoss[] = Array.from({ length: T }, () => ({ loss: NaN, weight: 0 }));
    const { views, length, shared, lastShared } = this.flatLayout(activeGroups, membership);
    const grads: (Float32Array | null)[] = Array.from({ length: T }, () => null);
    for (let t = 0; t < T; t++) {
      const group = this.graph.layers[this.graph.outputs[t].layer].group;
      if (!activeGroups[group] || !labels[t].subarray(0, size).some((y) => y >= 0)) continue;
      this.dropoutSeed = seed;
      const oneHot = Array.from({ length: T }, (_, j) => (j === t ? 1 : 0));
      losses[t] = this.forwardBackward(x, size, labels, oneHot, activeGroups)[t];
      const flat = new Float32Array(length);
      let offset = 0;
      for (const view of views) {
        flat.set(view, offset);
        offset += view.length;
      }
      grads[t] = flat;
    }
    if (grads.some((g) => g !== null)) {
      const combined = combine({ grads, losses: losses.map((l) => l.loss), shared, lastShared });
      let offset = 0;
      for (const view of views) {
        view.set(combined.subarray(offset, offset + view.length));
        offset += view.length;
      }
      this.applyAdam(activeGroups);
    }
    return losses;
  }

  /**
   * The trained layers' gradients (weights then bias, as views into the kernel's memory) in
   * flat order, with θ_sh and last-shared-layer masks; computed once per set of active groups.
   */
  private flatLayout(
    activeGroups: boolean[],
    membership: { shared: boolean; lastShared: boolean }[],
  ): { views: Float32Array[]; length: number; shared: Uint8Array; lastShared: Uint8Array } {
    const key = activeGroups.map(Number).join('');
    if (this.layoutCache?.key === key) return this.layoutCache.layout;
    const trained = this.layers.flatMap((l, i) =>
      activeGroups[this.graph.layers[i].group] ? [i] : [],
    );
    const views = trained.map((i) => {
      const l = this.layers[i];
      return this.f32(l.gw, l.inPad * l.outPad + l.outPad);
    });
    const length = views.reduce((n, v) => n + v.length, 0);
    const shared = new Uint8Array(length);
    const lastShared = new Uint8Array(length);
    let at = 0;
    trained.forEach((i, j) => {
      const n = views[j].length;
      if (membership[i].shared) shared.fill(1, at, at + n);
      if (membership[i].lastShared) lastShared.fill(1, at, at + n);
      at += n;
    });
    const layout = { views, length, shared, lastShared };
    this.layoutCache = { key, layout };
    return layout;
  }

  /**
   * Forward pass with dropout, Σ_t taskWeights[t] · CE_t, and its gradient with respect to
   * every weight of the active groups (kept until the next call).
   * @param x row-major [size, inputDim]; @param size rows in the batch (≤ maxBatch).
   * @param labels per task [≥ size] class index, −1 = missing.
   * @param taskWeights per task, the loss weight multiplying its gradient.
   * @param activeGroups per early-stopping group, whether its weights train (tasks of a
   *   stopped group are skipped).
   * @returns per task its loss and label weight (see {@link StepLoss}).
   * @throws Error when size exceeds maxBatch.
   */
  forwardBackward(
    x: Float32Array,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[] {
    const { ops, layers, graph } = this;
    if (size > this.maxBatch) throw new Error(`Batch of ${size} rows > ${this.maxBatch}.`);
    if (this.inputPad === this.inputDim) this.f32(this.x, size * this.inputDim).set(x);
    else {
      this.f32(this.xStage, size * this.inputDim).set(x);
      ops.padRows(this.xStage, this.x, size, this.inputDim, this.inputPad);
    }
    labels.forEach((y, t) => this.i32.set(y.subarray(0, size), this.labels[t] >> 2));

    graph.layers.forEach((spec, i) => {
      const l = layers[i];
      const epilogue = spec.relu ? EPILOGUE.relu : EPILOGUE.none;
      ops.gemm(l.input, l.w, l.b, l.h, size, l.inPad, l.outPad, epilogue, 0, 1);
      if (spec.dropout > 0)
        this.dropoutSeed = ops.dropout(
          l.h,
          size * l.outPad,
          spec.dropout,
          l.dropoutScale,
          this.dropoutSeed,
        );
      // Mixtures whose gate and experts are all computed now.
      for (const m of this.mixturesAfter[i] ?? []) {
        const z = layers[m.gate];
        const zCol = z.h + m.gateColumn * 4;
        ops.mixtureForward(
          zCol,
          z.outPad,
          m.expertTable,
          m.experts.length,
          m.width,
          1,
          size,
          m.gates,
          m.outTable,
        );
      }
    });

    // Logits gradients: zero first (padding, tasks of stopped groups), then per task.
    graph.layers.forEach((spec, i) => {
      if (!spec.relu) this.f32(layers[i].g, size * layers[i].outPad).fill(0);
    });
    const losses = graph.outputs.map((o, t): StepLoss => {
      if (!activeGroups[graph.layers[o.layer].group]) return { loss: NaN, weight: 0 };
      const l = layers[o.layer];
      ops.softmaxCrossEntropy(
        l.h,
        l.g,
        size,
        l.outPad,
        o.offset,
        o.classes,
        this.labels[t],
        this.classWeights[t],
        taskWeights[t],
        this.out,
      );
      const weight = this.f64[(this.out >> 3) + 1];
      return { loss: weight > 0 ? this.f64[this.out >> 3] : NaN, weight };
    });

    // Gradients that several readers add to: experts' outputs and mixtures.
    for (const e of this.mixtureInputs) this.f32(layers[e].g, size * layers[e].outPad).fill(0);
    for (const m of this.mixtures) this.f32(m.dOut, size * m.width).fill(0);
    // Backward, last layer first: weight and bias gradients, then the input's gradient.
    for (let i = layers.length - 1; i >= 0; i--) {
      const l = layers[i];
      if (!activeGroups[graph.layers[i].group]) continue;
      this.mixtureBackward(i, size);
      ops.gemmTN(l.input, l.g, l.gw, size, l.inPad, l.outPad);
      ops.colSum(l.g, l.gb, size, l.outPad);
      if (l.inputLayer === -1) continue;
      ops.transpose(l.w, l.wt, l.inPad, l.outPad);
      if (l.inputLayer < -1) {
        // A layer on a mixture: its input gradient adds to the mixture's (linear there).
        const m = this.mixtures[-2 - l.inputLayer];
        ops.gemm(l.g, l.wt, 0, this.scratch, size, l.outPad, l.inPad, EPILOGUE.none, 0, 1);
        ops.addInto(m.dOut, this.scratch, size * m.width);
        continue;
      }
      const src = layers[l.inputLayer];
      const relu = graph.layers[l.inputLayer].relu;
      if (src.readers.length === 1) {
        const epilogue = relu ? EPILOGUE.reluBackward : EPILOGUE.none;
        ops.gemm(l.g, l.wt, 0, src.g, size, l.outPad, l.inPad, epilogue, src.h, src.dropoutScale);
        continue;
      }
      // Several readers: the last (visited first) writes, the others add; the first
      // applies ReLU' once the sum is complete.
      const writes = src.readers[src.readers.length - 1] === i;
      ops.gemm(
        l.g,
        l.wt,
        0,
        writes ? src.g : this.scratch,
        size,
        l.outPad,
        l.inPad,
        EPILOGUE.none,
        0,
        1,
      );
      if (!writes) ops.addInto(src.g, this.scratch, size * src.outPad);
      if (src.readers[0] === i && relu)
        ops.reluBackward(src.g, src.h, size * src.outPad, src.dropoutScale);
    }
    return losses;
  }

  /**
   * Before layer i's own gradients: backward of the mixtures whose last input is layer i
   * (gate-logit gradients, expert-output gradients added), then, when layer i is an
   * expert, its ReLU backward (its gradient is complete: every mixture reading it has a
   * last input at i or later).
   */
  private mixtureBackward(i: number, size: number): void {
    for (const m of this.mixturesAfter[i] ?? []) {
      const z = this.layers[m.gate];
      const zCol = z.g + m.gateColumn * 4;
      const E = m.experts.length;
      this.ops.mixtureBackward(
        zCol,
        z.outPad,
        m.expertTable,
        m.dExpertTable,
        E,
        m.width,
        1,
        size,
        m.gates,
        m.dOutTable,
      );
    }
    if (this.mixtureInputs.has(i)) {
      const l = this.layers[i];
      this.ops.reluBackward(l.g, l.h, size * l.outPad, l.dropoutScale);
    }
  }

  /**
   * Sets Adam's step size α (> 0) of one early-stopping group's layers for the next steps
   * (reduce on plateau; the tfjs path's FlatAdam.setLearningRate does the same).
   */
  setLearningRate(group: number, learningRate: number): void {
    this.groupRates.set(group, learningRate);
  }

  /** Adam on each active group with its own bias-correction counter; L2 on kernels only. */
  private applyAdam(activeGroups: boolean[]): void {
    const o = this.adamOptions;
    activeGroups.forEach((active, group) => {
      if (active) this.steps[group]++;
    });
    // 1 − β in double precision, rounded once to float32 as tfjs does (see mlp.as.ts adam).
    const [b1, b2, c1, c2] = [o.beta1, o.beta2, 1 - o.beta1, 1 - o.beta2];
    this.graph.layers.forEach((spec, i) => {
      if (!activeGroups[spec.group]) return;
      const l = this.layers[i];
      const t = this.steps[spec.group];
      const rate = this.groupRates.get(spec.group) ?? o.learningRate;
      const stepSize = rate / (1 - o.beta1 ** t);
      const vCorrection = 1 / (1 - o.beta2 ** t);
      const nw = l.inPad * l.outPad;
      const adam = (w: number, g: number, m: number, v: number, n: number, l2x2: number) =>
        this.ops.adam(w, g, m, v, n, stepSize, vCorrection, b1, b2, c1, c2, o.epsilon, l2x2);
      adam(l.w, l.gw, l.m, l.v, nw, 2 * o.l2);
      adam(l.b, l.gb, l.m + nw * 4, l.v + nw * 4, l.outPad, 0);
    });
  }
}

function abort(): never {
  throw new Error('MLP kernel aborted');
}
