/**
 * Runs a bundle's layers model in the fused WebAssembly kernel for fast prediction: the
 * standard layers that layersModel.ts writes are read back into the kernel's
 * {@link DenseGraph}. `Dense` layers become graph layers (ReLU or linear; a softmax layer
 * is linear in the graph, its softmax applied by the kernel's gate mixture or by
 * FusedKernel.predict), and the mixture pattern
 * `Reshape([1, E])(gate) · Reshape([E, U])(Concatenate(experts))` → `Dot` → `Reshape([U])`
 * becomes a graph mixture. Anything else (cross-stitch's Dense over a Concatenate, a
 * CNN's Conv2D, a layer another tool added) leaves the model to tfjs: the caller gets null.
 *
 * The kernel computes the same functions as the tfjs layers (x·W + b, ReLU, softmax gates
 * Σ_j g_j h_j, softmax), in another summation order: probabilities agree to float32
 * rounding (test/export/kernelGraph.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseGraph } from '../engine/architectures/types';
import { FusedKernel } from '../engine/kernel/fusedKernel';

type Layer = tf.layers.Layer;

/** A layers model's dense graph, with the variables it holds (copies of the weights). */
export interface KernelGraph {
  graph: DenseGraph;
  /** Frees the weight copies. */
  dispose(): void;
}

/** The layers feeding a layer (its first and, in a functional model, only call). */
function inputsOf(layer: Layer): Layer[] {
  return layer.inboundNodes[0]?.inboundLayers ?? [];
}

/** The configuration field `key` of a layer (activation, targetShape, axes …). */
function configOf(layer: Layer, key: string): unknown {
  return (layer.getConfig() as Record<string, unknown>)[key];
}

/** Thrown inside {@link kernelGraphOf} for a layer outside the supported pattern. */
class Unsupported extends Error {}

/**
 * Reads a layers model with one input of shape [batch, features] as a dense graph.
 * @param model a model whose layers are Dense (relu, linear or softmax) and the mixture
 *   pattern above; its outputs Dense(softmax) layers (one per task, in order).
 * @returns the graph (the caller disposes it after building its kernel), or null for a
 *   model outside that pattern.
 */
export function kernelGraphOf(model: tf.LayersModel): KernelGraph | null {
  const held: tf.Tensor[] = [];
  const dispose = () => tf.dispose(held);
  try {
    if (model.inputs.length !== 1 || model.inputs[0].shape.length !== 2) return null;
    const graph: DenseGraph = { layers: [], outputs: [], groups: 1, mixtures: [] };
    // Where a layer's output is in the graph: −1 input, ≥ 0 a graph layer, ≤ −2 a mixture.
    const at = new Map<Layer, number>();
    const softmax = new Set<number>();
    // Dot layers of mixtures → index in graph.mixtures.
    const mixed = new Map<Layer, number>();
    const source = (layer: Layer): number => {
      const i = at.get(layer);
      if (i === undefined) throw new Unsupported();
      return i;
    };
    for (const layer of model.layers) {
      const kind = layer.getClassName();
      const inputs = inputsOf(layer);
      if (kind === 'InputLayer') at.set(layer, -1);
      else if (kind === 'Dense') {
        const activation = configOf(layer, 'activation');
        if (inputs.length !== 1 || !['relu', 'linear', 'softmax'].includes(String(activation)))
          throw new Unsupported();
        const [kernel, bias] = layer.getWeights();
        const zeros = bias ? null : tf.zeros([kernel.shape[1]!]);
        const k = tf.variable(kernel, false);
        const b = tf.variable(bias ?? zeros!, false);
        held.push(k, b, ...(zeros ? [zeros] : []));
        const input = source(inputs[0]);
        if (input >= 0 && softmax.has(input)) throw new Unsupported();
        const index = graph.layers.length;
        graph.layers.push({
          params: { kernel: k, bias: b },
          input,
          relu: activation === 'relu',
          dropout: 0,
          group: 0,
        });
        if (activation === 'softmax') softmax.add(index);
        at.set(layer, index);
      } else if (kind === 'Dot') {
        mixed.set(layer, mixtureOf(layer, inputs, source, softmax, graph));
      } else if (kind === 'Reshape' && inputs.length === 1 && mixed.has(inputs[0])) {
        // Reshape([U]) of a mixture's [batch, 1, U] product: the mixture's output.
        at.set(layer, -2 - mixed.get(inputs[0])!);
      } else if (kind !== 'Reshape' && kind !== 'Concatenate') throw new Unsupported();
      // Other Reshape and Concatenate layers have no place in the graph: only a Dot may
      // read them (mixtureOf checks), a Dense reading one is refused by `source`.
    }
    for (const output of model.outputLayers) {
      const layer = source(output);
      if (layer < 0 || !softmax.has(layer)) return (dispose(), null);
      const units = graph.layers[layer].params.kernel.shape[1]!;
      graph.outputs.push({ layer, offset: 0, classes: units });
    }
    // A softmax layer is either a task's output or a gate, read by nothing else.
    const gates = new Set(graph.mixtures!.map((m) => m.gate));
    const outputs = new Set(graph.outputs.map((o) => o.layer));
    for (const s of softmax) if (!gates.has(s) && !outputs.has(s)) return (dispose(), null);
    return { graph, dispose };
  } catch (error) {
    dispose();
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/**
 * The mixture a Dot layer computes, added to the graph.
 * @returns its index in graph.mixtures.
 * @throws Unsupported when the Dot is not `Reshape([1,E])(gate) · Reshape([E,U])(experts)`.
 */
function mixtureOf(
  dot: Layer,
  inputs: Layer[],
  source: (layer: Layer) => number,
  softmax: Set<number>,
  graph: DenseGraph,
): number {
  const axes = configOf(dot, 'axes');
  if (inputs.length !== 2 || JSON.stringify(axes) !== '[2,1]') throw new Unsupported();
  const [row, matrix] = inputs;
  if (row.getClassName() !== 'Reshape' || matrix.getClassName() !== 'Reshape')
    throw new Unsupported();
  const gateLayer = inputsOf(row)[0];
  const gate = source(gateLayer);
  if (gate < 0 || !softmax.has(gate)) throw new Unsupported();
  const stacked = inputsOf(matrix)[0];
  const expertLayers = stacked.getClassName() === 'Concatenate' ? inputsOf(stacked) : [stacked];
  const experts = expertLayers.map(source);
  const E = graph.layers[gate].params.kernel.shape[1]!;
  const units = experts.map((e) => (e >= 0 ? graph.layers[e].params.kernel.shape[1]! : -1));
  if (
    experts.length !== E ||
    experts.some((e) => e < 0 || !graph.layers[e].relu) ||
    units.some((u) => u !== units[0]) ||
    JSON.stringify(configOf(row, 'targetShape')) !== JSON.stringify([1, E]) ||
    JSON.stringify(configOf(matrix, 'targetShape')) !== JSON.stringify([E, units[0]])
  ) {
    throw new Unsupported();
  }
  graph.mixtures!.push({ experts, gate, gateColumn: 0 });
  return graph.mixtures!.length - 1;
}

/**
 * A kernel that predicts like `model`, or null when the model is outside the pattern the
 * kernel runs or the kernel is unavailable (the caller then uses tfjs).
 * @param maxBatch the largest batch predicted at once.
 * @returns the kernel; the model keeps its own weights (the kernel holds copies).
 */
export function kernelFor(model: tf.LayersModel, maxBatch: number): FusedKernel | null {
  const read = kernelGraphOf(model);
  if (!read) return null;
  try {
    const inputDim = model.inputs[0].shape[1]!;
    return FusedKernel.forInference(read.graph, inputDim, maxBatch);
  } catch {
    // A graph the kernel's checks refuse (e.g. an expert read by a dense layer): tfjs runs it.
    return null;
  } finally {
    read.dispose();
  }
}
