/**
 * Hard parameter sharing: one shared trunk (bottom: an MLP, or a CNN then an MLP for
 * images) and one head (tower) per task.
 * Caruana, "Multitask Learning", Machine Learning 28, 1997; Ruder, arXiv:1706.05098, 2017.
 */
import { attachInputStage, createInputStage, describeConvTrunk } from './convTrunk';
import {
  addToDenseGraph,
  applyHeads,
  applyMlp,
  createHeads,
  createMlp,
  initRandom,
} from './layers';
import type { Architecture, NamedVariable } from './types';

export const hardSharing: Architecture = {
  name: 'hard-sharing',
  description:
    'One shared trunk learns a representation for all tasks; each task has its own head.',
  reference: 'Caruana, Machine Learning 1997 (hard parameter sharing)',
  build(ctx) {
    const { tasks, config, seed } = ctx;
    const random = initRandom(seed);
    const weights: NamedVariable[] = [];
    const stage = createInputStage(ctx, 'shared_trunk', random, weights);
    const trunk = createMlp(stage.outputDim, config.hiddenUnits, 'shared_trunk', random, weights);
    const heads = createHeads(trunk.outputDim, tasks, config.headUnits, random, weights, {
      combine: true,
    });
    // The CNN's filters, then the dense trunk's layers: every one gets gradient from all
    // tasks; heads are task-specific. The last shared layer is the trunk's last (dense, or
    // the last conv block when there is no dense layer).
    const shared = stage.weights.length + 2 * trunk.layers.length;
    return {
      weights,
      perTaskWeights: null,
      sharedWeights: weights.slice(0, shared),
      lastSharedLayer: weights.slice(Math.max(0, shared - 2), shared),
      denseGraph: attachInputStage(
        addToDenseGraph(
          { layers: [], outputs: [], groups: 1 },
          trunk.layers,
          heads,
          config.dropout,
          tasks.map((_, t) => t),
          0,
        ),
        stage,
        0,
      ),
      convLayers: stage.conv ? describeConvTrunk(stage.conv) : [],
      forward(x, mode) {
        const h = applyMlp(stage.apply(x), trunk.layers, config.dropout, mode, 0);
        return applyHeads(h, heads);
      },
      dispose() {
        weights.forEach((w) => w.variable.dispose());
      },
    };
  },
};
