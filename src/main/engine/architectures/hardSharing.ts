/**
 * Hard parameter sharing: one shared MLP trunk (bottom) and one head (tower) per task.
 * Caruana, "Multitask Learning", Machine Learning 28, 1997; Ruder, arXiv:1706.05098, 2017.
 */
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
  build({ inputDim, tasks, config, seed }) {
    const random = initRandom(seed);
    const weights: NamedVariable[] = [];
    const trunk = createMlp(inputDim, config.hiddenUnits, 'shared_trunk', random, weights);
    const heads = createHeads(trunk.outputDim, tasks, config.headUnits, random, weights, {
      combine: true,
    });
    return {
      weights,
      perTaskWeights: null,
      // Every trunk variable gets gradient from all tasks; heads are task-specific.
      sharedWeights: weights.slice(0, 2 * trunk.layers.length),
      lastSharedLayer: weights.slice(
        Math.max(0, 2 * trunk.layers.length - 2),
        2 * trunk.layers.length,
      ),
      denseGraph: addToDenseGraph(
        { layers: [], outputs: [], groups: 1 },
        trunk.layers,
        heads,
        config.dropout,
        tasks.map((_, t) => t),
        0,
      ),
      forward(x, mode) {
        const h = applyMlp(x, trunk.layers, config.dropout, mode, 0);
        return applyHeads(h, heads);
      },
      dispose() {
        weights.forEach((w) => w.variable.dispose());
      },
    };
  },
};
