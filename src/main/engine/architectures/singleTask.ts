/**
 * Single-task baseline: one independent network (trunk — an MLP, or a CNN then an MLP for
 * images — and a head) per task, trained in
 * the same loop but sharing no parameter, each task keeping its own best epoch. It is
 * the baseline B of Δm (Maninis et al., CVPR 2019).
 */
import { attachInputStage, createInputStage, describeConvTrunk } from './convTrunk';
import {
  addToDenseGraph,
  applyHeads,
  applyMlp,
  createHeads,
  createMlp,
  initRandom,
  safe,
} from './layers';
import type { Architecture, DenseGraph, NamedVariable } from './types';

export const singleTask: Architecture = {
  name: 'single-task',
  description:
    'A separate network per task (the baseline every multi-task model is compared with).',
  reference: 'Baseline of Δm, Maninis et al., CVPR 2019',
  build(ctx) {
    const { tasks, config, seed } = ctx;
    const random = initRandom(seed);
    const weights: NamedVariable[] = [];
    const perTaskWeights: NamedVariable[][] = [];
    const denseGraph: DenseGraph = { layers: [], outputs: [], groups: tasks.length };
    const networks = tasks.map((task, t) => {
      const own: NamedVariable[] = [];
      const name = `task_${safe(task.name)}/trunk`;
      const stage = createInputStage(ctx, name, random, own);
      const trunk = createMlp(stage.outputDim, config.hiddenUnits, name, random, own);
      const heads = createHeads(trunk.outputDim, [task], config.headUnits, random, own);
      weights.push(...own);
      perTaskWeights.push(own);
      addToDenseGraph(denseGraph, trunk.layers, heads, config.dropout, [t], t);
      attachInputStage(denseGraph, stage, t);
      return { stage, trunk, heads };
    });
    return {
      weights,
      perTaskWeights,
      sharedWeights: [],
      lastSharedLayer: [],
      denseGraph,
      convLayers: networks.flatMap((net) =>
        net.stage.conv ? describeConvTrunk(net.stage.conv) : [],
      ),
      forward(x, mode) {
        return networks.map(
          (net, t) =>
            applyHeads(
              applyMlp(net.stage.apply(x), net.trunk.layers, config.dropout, mode, t + 1),
              net.heads,
            )[0],
        );
      },
      dispose() {
        weights.forEach((w) => w.variable.dispose());
      },
    };
  },
};
