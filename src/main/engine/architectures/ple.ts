/**
 * Progressive Layered Extraction (PLE), whose one-level case is Customized Gate Control
 * (CGC). Tang et al., "Progressive Layered Extraction (PLE): A Novel Multi-Task Learning
 * (MTL) Model for Personalized Recommendations", RecSys 2020.
 *
 * Each of `numLevels` extraction levels has `numExperts` shared experts and
 * `specificExperts` experts per task (MLPs of widths `expertUnits`). Task t's gate mixes
 * its own experts and the shared ones: u_t ← Σ g_t(u_t) · [specific_t(u_t) …, shared(s) …].
 * Below the last level a shared gate mixes every expert of the level into the next
 * level's shared input: s ← Σ g_s(s) · [specific_1(u_1) …, specific_T(u_T) …, shared(s) …].
 * Level 1 reads the features for every input; each task's head reads its last u_t. With
 * the CNN trunk (image inputs), the features are those of one CNN shared by all tasks.
 *
 * Gates recorded per task: the last level's task gate, `specificExperts` weights of the
 * task's own experts first, then `numExperts` weights of the shared experts.
 * Shared parameters (PCGrad): every variable that reaches more than one task's loss (the
 * CNN, shared experts; below the last level also the specific experts and shared gates; two levels
 * below it also the task gates). Last shared layer (GradNorm): the last level's shared
 * experts' last dense layers.
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
  gatesPerTask,
  initRandom,
  mixExperts,
  safe,
  addHeadsOnInputs,
  addLinear,
  addMixture,
  addMlp,
  type DenseParams,
  type TaskHeads,
} from './layers';
import { MtlError } from '../../../shared/errors';
import {
  attachInputStage,
  createInputStage,
  describeConvTrunk,
  type InputStage,
} from './convTrunk';
import type { Architecture, DenseGraph, NamedVariable, TrainingMode } from './types';

interface Level {
  shared: DenseParams[][];
  /** [task][expert] */
  specific: DenseParams[][][];
  taskGates: DenseParams[];
  /** Null on the last level. */
  sharedGate: DenseParams | null;
}

/** PLE / CGC (Tang et al., RecSys 2020); see the module comment. */
export const ple: Architecture = {
  name: 'ple',
  description:
    'Shared plus task-specific experts with per-task gates, stacked numLevels times (1 = CGC).',
  reference: 'Tang et al., RecSys 2020 (PLE / CGC)',
  build(ctx) {
    const { tasks, config, seed } = ctx;
    const random = initRandom(seed);
    const weights: NamedVariable[] = [];
    const sharedWeights: NamedVariable[] = [];
    const lastSharedLayer: NamedVariable[] = [];
    const L = config.numLevels;
    const nS = config.numExperts;
    const nP = config.specificExperts;
    const T = tasks.length;
    if (config.expertUnits.length === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        'PLE needs experts with at least one layer: set expertUnits (e.g. 64, 32).',
      );
    }
    const width = config.expertUnits[config.expertUnits.length - 1];
    const stage = createInputStage(ctx, 'shared_trunk', random, weights);
    sharedWeights.push(...stage.weights);
    const inputDim = stage.outputDim;
    /** Creates variables through `make`, and marks them shared when `shared`. */
    const track = <R>(shared: boolean, make: (into: NamedVariable[]) => R): R => {
      const into: NamedVariable[] = [];
      const made = make(into);
      weights.push(...into);
      if (shared) sharedWeights.push(...into);
      return made;
    };
    const levels: Level[] = Array.from({ length: L }, (_, l) => {
      const inDim = l === 0 ? inputDim : width;
      const last = l === L - 1;
      const shared = Array.from({ length: nS }, (_, e) =>
        track(true, (into) => {
          const mlp = createMlp(inDim, config.expertUnits, `level_${l}/shared_${e}`, random, into);
          if (last) lastSharedLayer.push(...into.slice(-2));
          return mlp.layers;
        }),
      );
      const specific = tasks.map((task) =>
        Array.from({ length: nP }, (_, e) =>
          track(
            !last,
            (into) =>
              createMlp(
                inDim,
                config.expertUnits,
                `level_${l}/task_${safe(task.name)}/expert_${e}`,
                random,
                into,
              ).layers,
          ),
        ),
      );
      const taskGates = tasks.map((task) =>
        track(l < L - 2, (into) =>
          createDense(inDim, nP + nS, `level_${l}/gate_${safe(task.name)}`, random, into),
        ),
      );
      const sharedGate = last
        ? null
        : track(true, (into) =>
            createDense(inDim, T * nP + nS, `level_${l}/gate_shared`, random, into),
          );
      return { shared, specific, taskGates, sharedGate };
    });
    const heads = createHeads(width, tasks, config.headUnits, random, weights);

    const run = (input: tf.Tensor2D, mode: TrainingMode) => {
      const x = stage.apply(input);
      let s = x;
      let u = tasks.map(() => x);
      let gates: tf.Tensor3D[] = [];
      let offset = 0;
      const expert = (input: tf.Tensor2D, layers: DenseParams[]) =>
        applyMlp(input, layers, config.dropout, mode, offset++);
      for (const level of levels) {
        const shared = level.shared.map((layers) => expert(s, layers));
        const specific = level.specific.map((own, t) => own.map((layers) => expert(u[t], layers)));
        const next = u.map((ut, t) =>
          mixExperts(dense(ut, level.taskGates[t]), [...specific[t], ...shared], 1),
        );
        if (level.sharedGate) {
          s = mixExperts(dense(s, level.sharedGate), [...specific.flat(), ...shared], 1).mixed[0];
        }
        u = next.map((m) => m.mixed[0]);
        gates = next.map((m) => m.gates);
      }
      return { logits: applyHeads(u, heads), gates };
    };
    const network = gatedNetwork({ weights, sharedWeights, lastSharedLayer }, run, (g) =>
      g.map((t) => gatesPerTask(t)[0]),
    );
    return {
      ...network,
      denseGraph: pleGraph(stage, levels, heads, config.dropout),
      convLayers: stage.conv ? describeConvTrunk(stage.conv) : [],
    };
  },
};

/**
 * PLE's layers for the fused kernel, level by level as `run` computes them (after the CNN,
 * if any): shared and
 * task-specific experts (ReLU, dropout), task gates, the shared gate below the last level;
 * then per task the mixture of its own and the shared experts and, below the last level,
 * the shared mixture of every expert; the heads read the last level's task mixtures.
 */
function pleGraph(
  stage: InputStage,
  levels: Level[],
  heads: TaskHeads,
  dropout: number,
): DenseGraph {
  const graph: DenseGraph = { layers: [], outputs: [], groups: 1, mixtures: [] };
  let s = -1;
  let u = heads.outputs.map(() => -1);
  for (const level of levels) {
    const shared = level.shared.map((layers) => addMlp(graph, layers, s, dropout));
    const specific = level.specific.map((own, t) =>
      own.map((layers) => addMlp(graph, layers, u[t], dropout)),
    );
    const taskGates = level.taskGates.map((gate, t) => addLinear(graph, gate, u[t]));
    const sharedGate = level.sharedGate ? addLinear(graph, level.sharedGate, s) : null;
    u = specific.map((own, t) => addMixture(graph, [...own, ...shared], taskGates[t], 0));
    if (sharedGate !== null) s = addMixture(graph, [...specific.flat(), ...shared], sharedGate, 0);
  }
  return attachInputStage(addHeadsOnInputs(graph, heads, u), stage, 0);
}
