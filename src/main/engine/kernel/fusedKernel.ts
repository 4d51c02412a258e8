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
 * methods. Created with resident rows, it also holds the whole in-memory training matrix
 * and labels (./residentRows.ts): the trainer then writes each epoch's order once and the
 * kernel gathers every batch itself (rows.as.ts), with no batch assembled in JavaScript.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseGraph } from '../architectures/types';
import type { FlatGradients } from '../weighting/types';
import { ConvTrunkBuffers, pad4 } from './convTrunk';
import {
  gradientMethodStep,
  GradientLayouts,
  type ParameterMembership,
} from './gradientMethodStep';
import { GroupAdam, type KernelAdam } from './groupAdam';
import {
  EPILOGUE,
  kernelRow,
  layoutLayers,
  loadLayerWeights,
  readLayer,
  type LayerBuffers,
  type MixtureBuffers,
  type StepLoss,
} from './kernelLayout';
import { restoreKernelState, saveKernelState, type KernelState } from './kernelState';
import { ResidentRows } from './residentRows';
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

export type { KernelAdam } from './groupAdam';
export type { KernelState } from './kernelState';
export type { StepLoss } from './kernelLayout';
export type { ParameterMembership } from './gradientMethodStep';
export { RESIDENT_MAX_BYTES, residentBytes } from './residentRows';

/**
 * A multi-task network's training state in the kernel's memory.
 * Construct with {@link FusedKernel.create}; garbage-collected (no dispose).
 */
export class FusedKernel {
  private readonly ops: KernelExports;
  private readonly memory: WasmMemory;
  private readonly layers: LayerBuffers[];
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
  private readonly adam: GroupAdam;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** The graph's mixtures of experts (MMoE, PLE) with their buffers. */
  private readonly mixtures: MixtureBuffers[];
  /** Layers whose activations only mixtures read (experts' last layers). */
  private readonly mixtureInputs: Set<number>;
  /** Per layer, the mixtures whose last input it is (computed right after it). */
  private readonly mixturesAfter: MixtureBuffers[][];
  private readonly gradientLayouts: GradientLayouts;
  /** Every early-stopping group active (inference runs them all). */
  private readonly allGroups: boolean[];
  /**
   * Training rows resident in the kernel's memory, when it was created with room for them:
   * load them once, set each epoch's order, gather each batch (then {@link step} or
   * {@link stepPerTask} with x = null and labels = {@link batchLabels}).
   */
  readonly resident: ResidentRows | null;
  /**
   * Per task, the kernel's batch label block [maxBatch] (views into its memory): what a
   * gathered batch's labels are, for the caller's labelled-row checks.
   */
  readonly batchLabels: Int32Array[];
  /** State of the dropout stream (xorshift32, never 0). */
  dropoutSeed: number;

  private constructor(
    { module, heapBase }: { module: WasmModule; heapBase: number },
    private readonly graph: DenseGraph,
    private readonly inputDim: number,
    private readonly maxBatch: number,
    adamOptions: KernelAdam,
    classWeights: (ArrayLike<number> | null)[],
    seed: number,
    residentRows: number,
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
    this.resident =
      residentRows > 0
        ? new ResidentRows(
            { rows: residentRows, inputDim, inputPad: this.inputPad, tasks: graph.outputs.length },
            { x: this.x, labels: this.labels, maxBatch },
            alloc,
          )
        : null;
    this.classWeights = graph.outputs.map((o, t) => (classWeights[t] ? alloc(o.classes) : 0));
    // CNN trunks read the input rows as images (one row = one NHWC image, inputPad floats apart).
    this.trunks = (graph.convTrunks ?? []).map(
      (spec) => new ConvTrunkBuffers(spec, this.x, this.inputPad, maxBatch, alloc),
    );
    let maxWidth: number;
    ({
      layers: this.layers,
      mixtures: this.mixtures,
      mixtureInputs: this.mixtureInputs,
      mixturesAfter: this.mixturesAfter,
      trunkReaders: this.trunkReaders,
      maxWidth,
    } = layoutLayers(graph, inputDim, this.inputPad, this.x, this.trunks, maxBatch, alloc));
    this.scratch = alloc(maxBatch * maxWidth);
    const convScratch = {
      col: alloc(Math.max(0, ...this.trunks.map((t) => t.colFloats))),
      dPre: alloc(Math.max(0, ...this.trunks.map((t) => t.dPreFloats))),
    };
    ({ ops: this.ops, memory: this.memory } = instantiate(module, top));
    for (const trunk of this.trunks) trunk.bind(this.ops, this.memory, convScratch);
    this.i32 = new Int32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
    this.resident?.bind(this.ops, this.memory);
    this.batchLabels = this.labels.map((at) => new Int32Array(this.memory.buffer, at, maxBatch));
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
    this.adam = new GroupAdam(this.ops, adamOptions, graph.groups);
    this.allGroups = Array.from({ length: graph.groups }, () => true);
    this.gradientLayouts = new GradientLayouts(
      graph,
      this.trunks,
      this.layers,
      this.f32.bind(this),
    );
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
   * @param residentRows room for this many rows resident in the kernel's memory (see
   *   {@link resident}; 0: none, batches come from the caller).
   * @returns the kernel, or null when it is unavailable (see {@link kernelModule}) or its
   *   buffers do not fit its memory (at most 1 GiB): the caller then uses the tfjs path (or
   *   asks again without resident rows).
   * @throws Error for a graph the kernel cannot run (a programming error in an architecture).
   */
  static create(
    graph: DenseGraph,
    inputDim: number,
    maxBatch: number,
    adam: KernelAdam,
    classWeights: (ArrayLike<number> | null)[],
    seed: number,
    residentRows = 0,
  ): FusedKernel | null {
    const module = kernelModule();
    if ('unavailable' in module) return null;
    try {
      return new FusedKernel(
        module,
        graph,
        inputDim,
        maxBatch,
        adam,
        classWeights,
        seed,
        residentRows,
      );
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

  private f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  /** Copies the tfjs variables' values into the kernel (padding with zeros). */
  private loadWeights(): void {
    loadLayerWeights(this.graph, this.layers, this.f32.bind(this));
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
    return readLayer(this.layers[layer], what, this.f32.bind(this));
  }

  /** Sets one kernel entry [row, col] of a layer (finite-difference checks). */
  setKernelEntry(layer: number, row: number, col: number, value: number): void {
    const l = this.layers[layer];
    this.f32(l.w, l.inPad * l.outPad)[kernelRow(l, row) * l.outPad + col] = value;
  }

  /**
   * One training step: {@link forwardBackward} then Adam on the active groups.
   * @returns as {@link forwardBackward}.
   */
  step(
    x: Float32Array | null,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[] {
    const losses = this.forwardBackward(x, size, labels, taskWeights, activeGroups);
    this.adam.apply(activeGroups, this.trunks, this.layers);
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
    x: Float32Array | null,
    size: number,
    labels: Int32Array[],
    activeGroups: boolean[],
    membership: ParameterMembership,
    combine: (step: FlatGradients) => Float32Array,
  ): StepLoss[] {
    return gradientMethodStep(
      this.graph,
      this,
      this.gradientLayouts.get(activeGroups, membership),
      x,
      size,
      labels,
      activeGroups,
      combine,
      () => this.adam.apply(activeGroups, this.trunks, this.layers),
    );
  }

  /**
   * The forward pass: input rows into the kernel, the CNN trunks of active groups, every
   * dense layer (with inverted dropout when `training`) and the mixtures.
   * @param x row-major [size, inputDim], or null when the rows are in place (gathered);
   * @param size rows (≤ maxBatch).
   * @throws Error when size exceeds maxBatch.
   */
  private forward(
    x: Float32Array | null,
    size: number,
    activeGroups: boolean[],
    training: boolean,
  ): void {
    const { ops, layers, graph } = this;
    if (size > this.maxBatch) throw new Error(`Batch of ${size} rows > ${this.maxBatch}.`);
    // x null: the rows were gathered into the input block.
    if (x && this.inputPad === this.inputDim) this.f32(this.x, size * this.inputDim).set(x);
    else if (x) {
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
   * @param x row-major [size, inputDim] (images: NHWC rows, already scaled), or null for
   *   rows gathered from the {@link resident} ones; @param size rows (≤ maxBatch).
   * @returns per task, row-major [size, classes_t] probabilities (new arrays).
   * @throws Error when size exceeds maxBatch.
   */
  predict(x: Float32Array | null, size: number): Float32Array[] {
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
   * @param x row-major [size, inputDim], or null for the batch gathered from the
   *   {@link resident} rows (rows and labels in place); @param size rows in the batch (≤ maxBatch).
   * @param labels per task [≥ size] class index, −1 = missing ({@link batchLabels} for a
   *   gathered batch).
   * @param taskWeights per task, the loss weight multiplying its gradient.
   * @param activeGroups per early-stopping group, whether its weights train (tasks of a
   *   stopped group are skipped).
   * @returns per task its loss and label weight (see {@link StepLoss}).
   * @throws Error when size exceeds maxBatch.
   */
  forwardBackward(
    x: Float32Array | null,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[] {
    const { ops, layers, graph } = this;
    this.forward(x, size, activeGroups, true);
    // A gathered batch (x null) has its labels in place already.
    if (x) labels.forEach((y, t) => this.i32.set(y.subarray(0, size), this.labels[t] >> 2));

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
    const view = this.f32.bind(this);
    return saveKernelState(this.parameterRegions(), view, this.adam, this.dropoutSeed);
  }

  /**
   * Restores {@link saveState}'s result into a kernel of the same graph, then copies the
   * weights to the network's tfjs variables.
   * @throws Error when the state belongs to another graph (sizes differ).
   */
  restoreState(state: KernelState): void {
    const view = this.f32.bind(this);
    this.dropoutSeed = restoreKernelState(state, this.parameterRegions(), view, this.adam);
    this.storeWeights();
  }

  /**
   * Sets Adam's step size α (> 0) of one early-stopping group's layers for the next steps
   * (reduce on plateau; the tfjs path's FlatAdam.setLearningRate does the same).
   */
  setLearningRate(group: number, learningRate: number): void {
    this.adam.setLearningRate(group, learningRate);
  }
}
