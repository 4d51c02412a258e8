/**
 * A fused training step for multi-task networks of dense layers, optionally after CNN
 * trunks (hard sharing, single-task, MMoE, PLE; MLP or CNN trunk), run by the WebAssembly
 * SIMD kernels of ./mlp.as.ts and ./conv.as.ts instead of ≈ 130 tfjs kernels a step (and,
 * for a CNN on the wasm backend, instead of tfjs, which cannot train convolutions there).
 *
 * The arithmetic is the tfjs path's (trainer.ts): the CNN trunks (conv + bias, ReLU, 2×2
 * max-pool; ./convTrunk.ts), forward through the dense layers with ReLU and inverted dropout
 * (and, for MMoE and PLE, softmax-gated mixtures of experts), masked class-weighted softmax
 * cross-entropy per task times its loss weight, the analytic backward pass (for gradient
 * methods, one per task, combined by the method), Adam with L2 on kernels and filters per
 * early-stopping group. Weights live in the kernel's memory while training and are copied
 * to the network's tfjs variables whenever the trainer evaluates, snapshots or returns.
 * Without dropout, per-epoch losses and final weights match the tfjs path to float32
 * rounding (test/engine/fusedKernel.test.ts, cnnKernel.test.ts); dropout masks come from
 * the kernel's own xorshift32 stream, not tfjs's generator.
 *
 * Memory: one WebAssembly.Memory per trainer, sized once for all buffers (weights,
 * gradients, Adam moments, transposed weights: 5 × params floats, plus activations and
 * gradients of one batch, plus an im2col block) and freed by garbage collection with the
 * object. Nothing is allocated per step except the per-task gradient copies of gradient
 * methods.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseGraph } from '../architectures/types';
import type { FlatGradients } from '../weighting/types';
import { ConvTrunkBuffers, pad4, storedRow } from './convTrunk';
import {
  instantiate,
  kernelModule,
  type KernelExports,
  type WasmMemory,
  type WasmModule,
} from './wasmModule';

export {
  forgetKernelModule,
  kernelModule,
  kernelPath,
  profileKernels,
  type KernelProfile,
} from './wasmModule';

/** gemm's epilogues (mlp.as.ts). */
const EPILOGUE = { none: 0, relu: 1, reluBackward: 2 } as const;

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
  /** The CNN trunk it reads (input −1), or −1. */
  convTrunk: number;
  /**
   * Reading a CNN trunk whose last layer has `channels` filters, stored padded to `stored`:
   * tfjs kernel row r is kernel row storedRow(r, channels, stored); null otherwise.
   */
  rowMap: { channels: number; stored: number } | null;
  /** Early-stopping group. */
  group: number;
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

/**
 * The kernel's training state (checkpoints): every trained layer's padded weights and
 * Adam moments as they lie in its memory, the per-group step counts and plateau-reduced
 * learning rates, and the dropout stream's state. Restoring it continues bit for bit.
 */
export interface KernelState {
  dropoutSeed: number;
  steps: number[];
  /** [group, learning rate] of groups whose rate was reduced. */
  rates: [number, number][];
  /** Per region (CNN trunk layers, then dense layers): weights, then m, then v. */
  parameters: Float32Array;
}

/** Whether a parameter is shared (θ_sh) and part of the last shared layer, by its kernel's variable name. */
export type ParameterMembership = (kernelName: string) => { shared: boolean; lastShared: boolean };

/**
 * A multi-task network's training state in the kernel's memory.
 * Construct with {@link FusedKernel.create}; garbage-collected (no dispose).
 */
export class FusedKernel {
  private readonly ops: KernelExports;
  private readonly memory: WasmMemory;
  private readonly layers: LayerBuffers[] = [];
  /** The CNN trunks (graph.convTrunks) and, per trunk, the dense layers reading it in forward order. */
  private readonly trunks: ConvTrunkBuffers[];
  private readonly trunkReaders: number[][];
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
  private layoutCache: { key: string; layout: ReturnType<FusedKernel['flatLayout']> } | null = null;
  /** Every early-stopping group active (inference runs them all). */
  private readonly allGroups: boolean[];
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
    // CNN trunks read the input rows as images (one row = one NHWC image, inputPad floats apart).
    this.trunks = (graph.convTrunks ?? []).map(
      (spec) => new ConvTrunkBuffers(spec, this.x, this.inputPad, maxBatch, alloc),
    );
    this.trunkReaders = this.trunks.map(() => []);
    let maxWidth = Math.max(this.inputPad, ...this.trunks.map((t) => t.outFloats));
    const specs = graph.mixtures ?? [];
    const width = (layer: number) => graph.layers[layer].params.kernel.shape[1]!;
    for (const spec of graph.layers) {
      const trunk = spec.input === -1 && spec.convTrunk !== undefined ? spec.convTrunk : -1;
      const conv = trunk >= 0 ? this.trunks[trunk] : null;
      const inDim = conv
        ? (conv.outFloats / conv.outChannelsStored) * conv.outChannels
        : spec.input === -1
          ? inputDim
          : spec.input < -1
            ? width(specs[-2 - spec.input].experts[0])
            : width(spec.input);
      const outDim = spec.params.kernel.shape[1]!;
      const inPad = conv ? conv.outFloats : pad4(inDim);
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
        convTrunk: trunk,
        rowMap: conv ? { channels: conv.outChannels, stored: conv.outChannelsStored } : null,
        group: spec.group,
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
        l.convTrunk >= 0
          ? this.trunks[l.convTrunk].out
          : l.inputLayer === -1
            ? this.x
            : l.inputLayer < -1
              ? this.mixtures[-2 - l.inputLayer].out
              : this.layers[l.inputLayer].h;
      if (l.inputLayer >= 0) this.layers[l.inputLayer].readers.push(i);
      if (l.convTrunk >= 0) this.trunkReaders[l.convTrunk].push(i);
    });
    this.checkGraph();
    this.scratch = alloc(maxBatch * maxWidth);
    const convScratch = {
      col: alloc(Math.max(0, ...this.trunks.map((t) => t.colFloats))),
      dPre: alloc(Math.max(0, ...this.trunks.map((t) => t.dPreFloats))),
    };
    ({ ops: this.ops, memory: this.memory } = instantiate(module, top));
    for (const trunk of this.trunks) trunk.bind(this.ops, this.memory, convScratch);
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
    this.allGroups = this.steps.map(() => true);
    this.dropoutSeed = seed >>> 0 || 1;
    graph.outputs.forEach((o, t) => {
      const cw = classWeights[t];
      if (cw) this.f32(this.classWeights[t], o.classes).set(Array.from(cw));
    });
    this.loadWeights();
  }

  /**
   * @param graph the network's layers (from the architecture's `denseGraph`).
   * @param inputDim features per row (images: height · width · channels);
   * @param maxBatch the largest batch (rows).
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
  ): FusedKernel | null {
    const module = kernelModule();
    if ('unavailable' in module) return null;
    try {
      return new FusedKernel(module, graph, inputDim, maxBatch, adam, classWeights, seed);
    } catch (err) {
      // Memory larger than the module's declared maximum, or than this machine can give.
      if (err instanceof RangeError || (err as Error).name === 'LinkError') return null;
      throw err;
    }
  }

  /**
   * A kernel for {@link predict} only (its optimiser state stays unused). It copies the
   * weights: the graph's variables may be disposed once it returns.
   * @param graph the network's layers; @param inputDim values per input row;
   * @param maxBatch the largest batch predicted at once.
   * @returns the kernel, or null when it is unavailable or does not fit (see {@link create}).
   * @throws Error for a graph the kernel cannot run.
   */
  static forInference(graph: DenseGraph, inputDim: number, maxBatch: number): FusedKernel | null {
    const unused: KernelAdam = { learningRate: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2: 0 };
    return FusedKernel.create(
      graph,
      inputDim,
      maxBatch,
      unused,
      graph.outputs.map(() => null),
      1,
    );
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
    this.trunks.forEach((trunk, t) => {
      if (this.trunkReaders[t].some((r) => graph.layers[r].group !== trunk.spec.group))
        throw new Error(`CNN trunk ${t} is read by layers of another early-stopping group.`);
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

  /** Kernel row of tfjs kernel row r of layer l (differs for a layer reading a CNN trunk). */
  private row(l: LayerBuffers, r: number): number {
    return l.rowMap ? storedRow(r, l.rowMap.channels, l.rowMap.stored) : r;
  }

  /** Copies the tfjs variables' values into the kernel (padding with zeros). */
  private loadWeights(): void {
    this.graph.layers.forEach((spec, i) => {
      const l = this.layers[i];
      const kernel = spec.params.kernel.dataSync();
      const w = this.f32(l.w, l.inPad * l.outPad);
      w.fill(0);
      for (let r = 0; r < l.inDim; r++)
        w.set(kernel.subarray(r * l.outDim, (r + 1) * l.outDim), this.row(l, r) * l.outPad);
      const b = this.f32(l.b, l.outPad);
      b.fill(0);
      b.set(spec.params.bias.dataSync());
    });
    for (const trunk of this.trunks) trunk.loadWeights();
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
    for (const trunk of this.trunks) trunk.storeWeights();
  }

  /**
   * CNN trunk `trunk` (graph.convTrunks order) in the kernel: its layers' filters,
   * gradients and activations (tests, finite differences).
   */
  convTrunk(trunk: number): ConvTrunkBuffers {
    return this.trunks[trunk];
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
    for (let r = 0; r < l.inDim; r++) {
      const from = this.row(l, r) * l.outPad;
      kernel.set(w.subarray(from, from + l.outDim), r * l.outDim);
    }
    return { kernel, bias: this.f32(what === 'weights' ? l.b : l.gb, l.outDim).slice() };
  }

  /** Sets one kernel entry [row, col] of a layer (finite-difference checks). */
  setKernelEntry(layer: number, row: number, col: number, value: number): void {
    const l = this.layers[layer];
    this.f32(l.w, l.inPad * l.outPad)[this.row(l, row) * l.outPad + col] = value;
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
   * over every trained layer (CNN trunks included) flattened and combined by `combine`, then
   * Adam. The per-task gradient copies are reused from step to step.
   * @param membership whether a layer's weights (named by its kernel variable) are shared
   *   (θ_sh) and whether they form the last shared layer.
   * @param combine the method's combination (WeightingState.combineFlat).
   * @returns per task its loss and label weight, as {@link forwardBackward}.
   */
  stepPerTask(
    x: Float32Array,
    size: number,
    labels: Int32Array[],
    activeGroups: boolean[],
    membership: ParameterMembership,
    combine: (step: FlatGradients) => Float32Array,
  ): StepLoss[] {
    const T = this.graph.outputs.length;
    const seed = this.dropoutSeed;
    const losses: StepLoss[] = Array.from({ length: T }, () => ({ loss: NaN, weight: 0 }));
    const { views, shared, lastShared, perTask } = this.flatLayout(activeGroups, membership);
    const grads: (Float32Array | null)[] = Array.from({ length: T }, () => null);
    for (let t = 0; t < T; t++) {
      const group = this.graph.layers[this.graph.outputs[t].layer].group;
      if (!activeGroups[group] || !labels[t].subarray(0, size).some((y) => y >= 0)) continue;
      this.dropoutSeed = seed;
      const oneHot = Array.from({ length: T }, (_, j) => (j === t ? 1 : 0));
      losses[t] = this.forwardBackward(x, size, labels, oneHot, activeGroups)[t];
      const flat = perTask[t];
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
   * The trained layers' gradients (CNN trunks' layers first, then the dense layers; weights
   * then bias, as views into the kernel's memory) in flat order, with θ_sh and
   * last-shared-layer masks and one reusable copy buffer per task; computed once per set of
   * active groups.
   */
  private flatLayout(
    activeGroups: boolean[],
    membership: ParameterMembership,
  ): {
    views: Float32Array[];
    shared: Uint8Array;
    lastShared: Uint8Array;
    perTask: Float32Array[];
  } {
    const key = activeGroups.map(Number).join('');
    if (this.layoutCache?.key === key) return this.layoutCache.layout;
    const trained = [
      ...this.trunks.flatMap((trunk) =>
        activeGroups[trunk.spec.group] ? trunk.gradientViews() : [],
      ),
      ...this.layers.flatMap((l, i) =>
        activeGroups[l.group]
          ? [
              {
                view: this.f32(l.gw, l.inPad * l.outPad + l.outPad),
                kernelName: this.graph.layers[i].params.kernel.name,
              },
            ]
          : [],
      ),
    ];
    const views = trained.map((t) => t.view);
    const length = views.reduce((n, v) => n + v.length, 0);
    const shared = new Uint8Array(length);
    const lastShared = new Uint8Array(length);
    let at = 0;
    for (const { view, kernelName } of trained) {
      const m = membership(kernelName);
      if (m.shared) shared.fill(1, at, at + view.length);
      if (m.lastShared) lastShared.fill(1, at, at + view.length);
      at += view.length;
    }
    const perTask = this.graph.outputs.map(() => new Float32Array(length));
    const layout = { views, shared, lastShared, perTask };
    this.layoutCache = { key, layout };
    return layout;
  }

  /**
   * The forward pass: input rows into the kernel, the CNN trunks of active groups, every
   * dense layer (with inverted dropout when `training`) and the mixtures.
   * @param x row-major [size, inputDim]; @param size rows (≤ maxBatch).
   * @throws Error when size exceeds maxBatch.
   */
  private forward(x: Float32Array, size: number, activeGroups: boolean[], training: boolean): void {
    const { ops, layers, graph } = this;
    if (size > this.maxBatch) throw new Error(`Batch of ${size} rows > ${this.maxBatch}.`);
    if (this.inputPad === this.inputDim) this.f32(this.x, size * this.inputDim).set(x);
    else {
      this.f32(this.xStage, size * this.inputDim).set(x);
      ops.padRows(this.xStage, this.x, size, this.inputDim, this.inputPad);
    }
    // CNN trunks of trained groups (a stopped group's outputs are not used).
    for (const trunk of this.trunks) if (activeGroups[trunk.spec.group]) trunk.forward(size);
    graph.layers.forEach((spec, i) => {
      const l = layers[i];
      const epilogue = spec.relu ? EPILOGUE.relu : EPILOGUE.none;
      ops.gemm(l.input, l.w, l.b, l.h, size, l.inPad, l.outPad, epilogue, 0, 1);
      if (training && spec.dropout > 0)
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
  }

  /**
   * Class probabilities at inference (no dropout): the forward pass, then a softmax over
   * each task's logits (float32, as tf.softmax).
   * @param x row-major [size, inputDim] (images: NHWC rows, already scaled);
   * @param size rows (≤ maxBatch).
   * @returns per task, row-major [size, classes_t] probabilities (new arrays).
   * @throws Error when size exceeds maxBatch.
   */
  predict(x: Float32Array, size: number): Float32Array[] {
    this.forward(x, size, this.allGroups, false);
    return this.graph.outputs.map((o) => {
      const l = this.layers[o.layer];
      // Into the (now free) scratch block, then copied out.
      this.ops.softmaxRows(l.h, l.outPad, o.offset, o.classes, size, this.scratch);
      return this.f32(this.scratch, size * o.classes).slice();
    });
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
    this.forward(x, size, activeGroups, true);
    labels.forEach((y, t) => this.i32.set(y.subarray(0, size), this.labels[t] >> 2));

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
      ops.gemmTN(l.input, l.g, l.gw, size, l.inPad, l.outPad, 0);
      ops.colSum(l.g, l.gb, size, l.outPad);
      if (l.inputLayer === -1 && l.convTrunk < 0) continue;
      ops.transpose(l.w, l.wt, l.inPad, l.outPad);
      if (l.convTrunk >= 0) {
        // The flattened CNN output's gradient: the last reader (visited first) writes, the
        // others add; the trunk's backward pass runs once all have.
        const trunk = this.trunks[l.convTrunk];
        const readers = this.trunkReaders[l.convTrunk];
        const writes = readers[readers.length - 1] === i;
        const into = writes ? trunk.dOut : this.scratch;
        ops.gemm(l.g, l.wt, 0, into, size, l.outPad, l.inPad, EPILOGUE.none, 0, 1);
        if (!writes) ops.addInto(trunk.dOut, this.scratch, size * trunk.outFloats);
        continue;
      }
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
    for (const trunk of this.trunks) if (activeGroups[trunk.spec.group]) trunk.backward(size);
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

  /** Every trained layer's parameter region (weights, m, v byte offsets; floats). */
  private parameterRegions(): { w: number; m: number; v: number; floats: number }[] {
    return [
      ...this.trunks.flatMap((t) => t.parameterRegions()),
      ...this.layers.map((l) => ({
        w: l.w,
        m: l.m,
        v: l.v,
        floats: l.inPad * l.outPad + l.outPad,
      })),
    ];
  }

  /** A copy of the training state (see {@link KernelState}). */
  saveState(): KernelState {
    const regions = this.parameterRegions();
    const parameters = new Float32Array(3 * regions.reduce((n, r) => n + r.floats, 0));
    let at = 0;
    for (const r of regions) {
      for (const offset of [r.w, r.m, r.v]) {
        parameters.set(this.f32(offset, r.floats), at);
        at += r.floats;
      }
    }
    return {
      dropoutSeed: this.dropoutSeed,
      steps: this.steps.slice(),
      rates: [...this.groupRates.entries()],
      parameters,
    };
  }

  /**
   * Restores {@link saveState}'s result into a kernel of the same graph, then copies the
   * weights to the network's tfjs variables.
   * @throws Error when the state belongs to another graph (sizes differ).
   */
  restoreState(state: KernelState): void {
    const regions = this.parameterRegions();
    const floats = 3 * regions.reduce((n, r) => n + r.floats, 0);
    if (state.parameters.length !== floats || state.steps.length !== this.steps.length)
      throw new Error(
        `Kernel state of ${state.parameters.length} values and ${state.steps.length} groups for a kernel of ${floats} and ${this.steps.length}.`,
      );
    let at = 0;
    for (const r of regions) {
      for (const offset of [r.w, r.m, r.v]) {
        this.f32(offset, r.floats).set(state.parameters.subarray(at, at + r.floats));
        at += r.floats;
      }
    }
    this.steps.splice(0, this.steps.length, ...state.steps);
    this.groupRates.clear();
    for (const [group, rate] of state.rates) this.groupRates.set(group, rate);
    this.dropoutSeed = state.dropoutSeed;
    this.storeWeights();
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
    /** Adam on n floats at (w, g, m, v) with group `group`'s corrections and rate; L2 when `l2`. */
    const adam = (group: number) => {
      const t = this.steps[group];
      const rate = this.groupRates.get(group) ?? o.learningRate;
      const stepSize = rate / (1 - o.beta1 ** t);
      const vCorrection = 1 / (1 - o.beta2 ** t);
      return (w: number, g: number, m: number, v: number, n: number, l2: boolean) =>
        this.ops.adam(
          w,
          g,
          m,
          v,
          n,
          stepSize,
          vCorrection,
          b1,
          b2,
          c1,
          c2,
          o.epsilon,
          l2 ? 2 * o.l2 : 0,
        );
    };
    for (const trunk of this.trunks)
      if (activeGroups[trunk.spec.group]) trunk.adam(adam(trunk.spec.group));
    this.layers.forEach((l) => {
      if (!activeGroups[l.group]) return;
      const step = adam(l.group);
      const nw = l.inPad * l.outPad;
      step(l.w, l.gw, l.m, l.v, nw, true);
      step(l.b, l.gb, l.m + nw * 4, l.v + nw * 4, l.outPad, false);
    });
  }
}
