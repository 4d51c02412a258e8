/**
 * Building blocks shared by the architectures: seeded dense layers, MLP stacks, dropout.
 */
import * as tf from '@tensorflow/tfjs-core';
import { denseOp } from '../ops/dense';
import { mulberry32 } from '../random';
import type { DenseGraph, MultiTaskNetwork, NamedVariable, TrainingMode } from './types';

/**
 * Fused dense layer: x · kernel + bias, then the activation, in one kernel.
 * @param x [batch, in]; @returns [batch, out].
 */
export function dense(x: tf.Tensor2D, layer: DenseParams, activation?: 'relu'): tf.Tensor2D {
  return denseOp(x, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D, activation);
}

/** A dense layer's parameters: kernel [inputDim, units], bias [units]. */
export interface DenseParams {
  kernel: tf.Variable;
  bias: tf.Variable;
}

/**
 * Creates a dense layer with Glorot-uniform kernel (Glorot & Bengio, AISTATS 2010:
 * U(±sqrt(6 / (fanIn + fanOut)))) drawn from a seeded generator, and a zero bias.
 * @param inputDim fan-in; @param units fan-out; @param name stable prefix for saving.
 * @param weights list the new variables are appended to (kernel first, then bias).
 */
export function createDense(
  inputDim: number,
  units: number,
  name: string,
  random: () => number,
  weights: NamedVariable[],
): DenseParams {
  const limit = Math.sqrt(6 / (inputDim + units));
  const values = new Float32Array(inputDim * units);
  for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * limit;
  // tf.variable copies its initial value by reference count: dispose the initial tensors.
  const kernel = tf.tidy(() => tf.variable(tf.tensor2d(values, [inputDim, units]), true));
  const bias = tf.tidy(() => tf.variable(tf.zeros([units]), true));
  weights.push({ name: `${name}/kernel`, variable: kernel, isKernel: true });
  weights.push({ name: `${name}/bias`, variable: bias, isKernel: false });
  return { kernel, bias };
}

/**
 * Creates a stack of dense layers of the given widths.
 * @returns the layers and the output width (inputDim when `units` is empty).
 */
export function createMlp(
  inputDim: number,
  units: number[],
  name: string,
  random: () => number,
  weights: NamedVariable[],
): { layers: DenseParams[]; outputDim: number } {
  const layers: DenseParams[] = [];
  let width = inputDim;
  units.forEach((u, i) => {
    layers.push(createDense(width, u, `${name}/dense_${i}`, random, weights));
    width = u;
  });
  return { layers, outputDim: width };
}

/**
 * Applies an MLP: each layer is a fused matMul + bias + ReLU (one kernel per layer),
 * followed by inverted dropout while training.
 * @param x [batch, inputDim] → returns [batch, lastUnits].
 * @param seedOffset distinguishes this stack's dropout masks from other stacks' in one step.
 */
export function applyMlp(
  x: tf.Tensor2D,
  layers: DenseParams[],
  dropout: number,
  mode: TrainingMode,
  seedOffset: number,
): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = dense(h, layer, 'relu');
    if (mode && dropout > 0) h = applyDropout(h, dropout, mode.dropoutSeed + seedOffset * 1009 + i);
  });
  return h;
}

/**
 * Inverted dropout (Srivastava et al., JMLR 2014): zeroes each unit with probability
 * `rate` and scales the rest by 1 / (1 − rate), with a seeded mask.
 */
export function applyDropout(x: tf.Tensor2D, rate: number, seed: number): tf.Tensor2D {
  const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate);
  return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - rate)));
}

/** The task heads of a network (see {@link createHeads}). */
export interface TaskHeads {
  /** Per task, a hidden ReLU layer before its logits; null for linear heads. */
  hidden: DenseParams[] | null;
  /** Per task, its logits layer (empty when `combined`). */
  outputs: DenseParams[];
  /**
   * Linear heads over one shared representation stored as ONE layer [inputDim, Σ k_t]:
   * one matMul per step and no per-step concat of kernels; `sizes` splits its columns per task.
   */
  combined: { layer: DenseParams; sizes: number[] } | null;
}

/**
 * Task heads of a network on top of a representation of width `inputDim`. With
 * `hiddenUnits` = 0, several tasks and `combine` (architectures whose heads all read the
 * same representation, i.e. hard sharing), the linear heads are stored as one layer: on
 * wasm, per-kernel overhead dominates, and this saves the concat/split of every step.
 */
export function createHeads(
  inputDim: number,
  tasks: { name: string; numClasses: number }[],
  hiddenUnits: number,
  random: () => number,
  weights: NamedVariable[],
  options: { combine?: boolean } = {},
): TaskHeads {
  if (options.combine && hiddenUnits === 0 && tasks.length > 1) {
    const sizes = tasks.map((t) => t.numClasses);
    const total = sizes.reduce((a, b) => a + b, 0);
    return {
      hidden: null,
      outputs: [],
      combined: { layer: createDense(inputDim, total, 'heads/logits', random, weights), sizes },
    };
  }
  const hidden =
    hiddenUnits > 0
      ? tasks.map((t) =>
          createDense(inputDim, hiddenUnits, `head_${safe(t.name)}/hidden`, random, weights),
        )
      : null;
  const outputs = tasks.map((t) =>
    createDense(
      hiddenUnits > 0 ? hiddenUnits : inputDim,
      t.numClasses,
      `head_${safe(t.name)}/logits`,
      random,
      weights,
    ),
  );
  return { hidden, outputs, combined: null };
}

/**
 * Applies the heads to a shared representation `h` [batch, inputDim], or to one
 * representation per task (`h` an array) as in multi-gate architectures.
 * @returns logits per task [batch, numClasses_t].
 * @throws Error when combined heads get one representation per task (a programming error).
 */
export function applyHeads(h: tf.Tensor2D | tf.Tensor2D[], heads: TaskHeads): tf.Tensor2D[] {
  const { hidden, outputs, combined } = heads;
  if (combined) {
    if (Array.isArray(h)) throw new Error('Combined heads need one shared representation.');
    return tf.split(dense(h, combined.layer), combined.sizes, 1) as tf.Tensor2D[];
  }
  return outputs.map((out, t) => {
    let x = Array.isArray(h) ? h[t] : h;
    if (hidden) x = dense(x, hidden[t], 'relu');
    return dense(x, out);
  });
}

/**
 * Appends an MLP trunk and its heads (as {@link applyMlp} and {@link applyHeads} run them)
 * to a dense graph for the fused kernel.
 * @param taskIndices the tasks the heads serve, in head order; @param group their
 *   early-stopping group; @returns the graph, for chaining.
 */
export function addToDenseGraph(
  graph: DenseGraph,
  trunk: DenseParams[],
  heads: TaskHeads,
  dropout: number,
  taskIndices: number[],
  group: number,
): DenseGraph {
  const input = addMlp(graph, trunk, -1, dropout, group);
  if (heads.combined) {
    const layer = addLinear(graph, heads.combined.layer, input, group);
    let offset = 0;
    heads.combined.sizes.forEach((classes, i) => {
      graph.outputs[taskIndices[i]] = { layer, offset, classes };
      offset += classes;
    });
    return graph;
  }
  return addHeadsOnInputs(
    graph,
    heads,
    heads.outputs.map(() => input),
    taskIndices,
    group,
  );
}

/**
 * Appends ReLU layers (with dropout) reading `input` to a dense graph.
 * @returns the index of the last one (`input` when there is none).
 */
export function addMlp(
  graph: DenseGraph,
  layers: DenseParams[],
  input: number,
  dropout: number,
  group = 0,
): number {
  let at = input;
  for (const params of layers) {
    graph.layers.push({ params, input: at, relu: true, dropout, group });
    at = graph.layers.length - 1;
  }
  return at;
}

/** Appends a linear layer (logits, gate logits) reading `input`. @returns its index. */
export function addLinear(
  graph: DenseGraph,
  params: DenseParams,
  input: number,
  group = 0,
): number {
  graph.layers.push({ params, input, relu: false, dropout: 0, group });
  return graph.layers.length - 1;
}

/**
 * Appends a softmax-gated mixture of `experts` (layer indices) with gate logits in columns
 * gateColumn … of layer `gate`. @returns the input index that reads it (−2 − m).
 */
export function addMixture(
  graph: DenseGraph,
  experts: number[],
  gate: number,
  gateColumn: number,
): number {
  graph.mixtures ??= [];
  graph.mixtures.push({ experts, gate, gateColumn });
  return -2 - (graph.mixtures.length - 1);
}

/**
 * Appends each head (hidden ReLU layer if any, then logits) on its own input (`inputs[i]`:
 * a layer, or a task's mixture) and records where task taskIndices[i]'s logits are.
 * @returns the graph.
 */
export function addHeadsOnInputs(
  graph: DenseGraph,
  heads: TaskHeads,
  inputs: number[],
  taskIndices = inputs.map((_, i) => i),
  group = 0,
): DenseGraph {
  heads.outputs.forEach((out, i) => {
    let input = inputs[i];
    if (heads.hidden) input = addMlp(graph, [heads.hidden[i]], input, 0, group);
    const layer = addLinear(graph, out, input, group);
    graph.outputs[taskIndices[i]] = { layer, offset: 0, classes: out.kernel.shape[1]! };
  });
  return graph;
}

/** Seeded generator for an architecture's initialisation. */
export function initRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** Makes a task name safe as part of a weight name. */
export function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * Mixture of experts under softmax gates, for every task at once.
 * @param gateLogits [batch, tasks · numExperts], task-major (task t owns columns
 *   t·numExperts … (t+1)·numExperts − 1).
 * @param experts numExperts outputs, each [batch, units].
 * @returns per task the mixture Σ_e g_{t,e} · expert_e [batch, units], and the gates
 *   [batch, tasks, numExperts] (softmax over experts). Inside the caller's tidy.
 */
export function mixExperts(
  gateLogits: tf.Tensor2D,
  experts: tf.Tensor2D[],
  tasks: number,
): { mixed: tf.Tensor2D[]; gates: tf.Tensor3D } {
  const batch = gateLogits.shape[0];
  const gates = tf.softmax(tf.reshape(gateLogits, [batch, tasks, experts.length])) as tf.Tensor3D;
  // [batch, tasks, E] · [batch, E, units] → [batch, tasks, units]: one batched matMul.
  const stacked = experts.length === 1 ? tf.expandDims(experts[0], 1) : tf.stack(experts, 1);
  const mixed = tf.matMul(gates, stacked as tf.Tensor3D);
  const perTask =
    tasks === 1 ? [tf.squeeze(mixed, [1]) as tf.Tensor2D] : (tf.unstack(mixed, 1) as tf.Tensor2D[]);
  return { mixed: perTask, gates };
}

/**
 * Splits gates [batch, tasks, experts] into one [batch, experts] tensor per task.
 */
export function gatesPerTask(gates: tf.Tensor3D): tf.Tensor2D[] {
  const [batch, tasks, experts] = gates.shape;
  return tasks === 1
    ? [tf.reshape(gates, [batch, experts]) as tf.Tensor2D]
    : (tf.unstack(gates, 1) as tf.Tensor2D[]);
}

/**
 * The network object of a gated architecture (MMoE, PLE): `forward` keeps the logits of
 * `run`, `forwardWithGates` also turns its gates into one [batch, experts] tensor per task.
 * @param run the forward pass: logits per task, and gates as `toGates` expects them.
 * @param toGates gates of `run` → per task [batch, experts_t].
 */
export function gatedNetwork<G>(
  parts: {
    weights: NamedVariable[];
    sharedWeights: NamedVariable[];
    lastSharedLayer: NamedVariable[];
  },
  run: (x: tf.Tensor2D, mode: TrainingMode) => { logits: tf.Tensor2D[]; gates: G },
  toGates: (gates: G) => tf.Tensor2D[],
): MultiTaskNetwork {
  return {
    ...parts,
    perTaskWeights: null,
    forward: (x, mode) => run(x, mode).logits,
    forwardWithGates(x, mode) {
      const { logits, gates } = run(x, mode);
      return { logits, gates: toGates(gates) };
    },
    dispose() {
      parts.weights.forEach((w) => w.variable.dispose());
    },
  };
}
