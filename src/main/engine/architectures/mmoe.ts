/**
 * Multi-gate Mixture-of-Experts (MMoE). Ma et al., "Modeling Task Relationships in
 * Multi-task Learning with Multi-gate Mixture-of-Experts", KDD 2018.
 *
 * `numExperts` MLP experts (widths `expertUnits`) read the features; each task t has a
 * softmax gate g_t(x) = softmax(x·W_t + b_t) over the experts and a head on
 * Σ_e g_{t,e}(x) · expert_e(x). All gates live in one [inputDim, T·numExperts] kernel (one
 * matMul per step); task t owns columns t·numExperts … (t+1)·numExperts − 1.
 *
 * With the CNN trunk (image inputs), one CNN shared by all tasks reads the images and the
 * experts and gates read its flattened features instead of x.
 *
 * Gates recorded per task: numExperts weights, in expert order.
 * Shared parameters (PCGrad): the CNN and the experts. Last shared layer (GradNorm): every
 * expert's last dense layer.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  applyHeads,
  gatedNetwork,
  applyMlp,
  createDense,
  createHeads,
  createMlp,
  dense,
  addHeadsOnInputs,
  addLinear,
  addMixture,
  addMlp,
  type DenseParams,
  type TaskHeads,
  gatesPerTask,
  initRandom,
  mixExperts,
} from './layers';
import {
  attachInputStage,
  createInputStage,
  describeConvTrunk,
  type InputStage,
} from './convTrunk';
import type { Architecture, DenseGraph, NamedVariable, TrainingMode } from './types';

/** MMoE (Ma et al., KDD 2018); see the module comment for shapes and shared parameters. */
export const mmoe: Architecture = {
  name: 'mmoe',
  description: 'Shared experts mixed per task by a softmax gate (numExperts, expertUnits).',
  reference: 'Ma et al., KDD 2018 (MMoE)',
  build(ctx) {
    const { tasks, config, seed } = ctx;
    const random = initRandom(seed);
    const weights: NamedVariable[] = [];
    const stage = createInputStage(ctx, 'shared_trunk', random, weights);
    const inputDim = stage.outputDim;
    const experts = Array.from({ length: config.numExperts }, (_, e) =>
      createMlp(inputDim, config.expertUnits, `experts/expert_${e}`, random, weights),
    );
    const sharedWeights = weights.slice();
    const lastSharedLayer = experts.flatMap((ex) => {
      const last = ex.layers[ex.layers.length - 1];
      return sharedWeights.filter((w) => w.variable === last.kernel || w.variable === last.bias);
    });
    const gate = createDense(inputDim, tasks.length * config.numExperts, 'gates', random, weights);
    const heads = createHeads(experts[0].outputDim, tasks, config.headUnits, random, weights);

    const run = (input: tf.Tensor2D, mode: TrainingMode) => {
      const x = stage.apply(input);
      const outputs = experts.map((ex, e) => applyMlp(x, ex.layers, config.dropout, mode, e));
      const { mixed, gates } = mixExperts(dense(x, gate), outputs, tasks.length);
      return { logits: applyHeads(mixed, heads), gates };
    };
    const network = {
      ...gatedNetwork({ weights, sharedWeights, lastSharedLayer }, run, gatesPerTask),
      convLayers: stage.conv ? describeConvTrunk(stage.conv) : [],
    };
    if (config.expertUnits.length === 0) return network;
    return { ...network, denseGraph: mmoeGraph(stage, experts, gate, heads, config.dropout) };
  },
};

/**
 * MMoE's layers for the fused kernel: the CNN (if any), each expert's MLP (ReLU, dropout),
 * the gate layer, one mixture per task over the gate's columns t·E … t·E + E − 1, the heads
 * on them.
 */
function mmoeGraph(
  stage: InputStage,
  experts: { layers: DenseParams[] }[],
  gate: DenseParams,
  heads: TaskHeads,
  dropout: number,
): DenseGraph {
  const graph: DenseGraph = { layers: [], outputs: [], groups: 1, mixtures: [] };
  const lastLayers = experts.map((ex) => addMlp(graph, ex.layers, -1, dropout));
  const gateLayer = addLinear(graph, gate, -1);
  const mixed = heads.outputs.map((_, t) =>
    addMixture(graph, lastLayers, gateLayer, t * lastLayers.length),
  );
  return attachInputStage(addHeadsOnInputs(graph, heads, mixed), stage, 0);
}
