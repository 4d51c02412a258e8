/**
 * A bundle's layers model run by the fused kernel (export/kernelGraph.ts) must predict
 * what tfjs predicts with the same model: the reference is `model.predict` of the model
 * reloaded from its saved JSON and weights (as a TensorFlow.js user loads a bundle),
 * computed by tfjs's own kernels. Networks of every architecture with their seeded initial
 * weights (no training: the mapping is under test, not accuracy).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/main/engine/architectures';
import { selectBackend } from '../../src/main/engine/backend';
import type { NetworkTopology } from '../../src/main/engine/modelIO';
import { mulberry32 } from '../../src/main/engine/random';
import { kernelFor, kernelGraphOf } from '../../src/main/export/kernelGraph';
import { toLayersModel } from '../../src/main/export/layersModel';
import { DEFAULT_TRAIN_CONFIG, type ArchitectureName } from '../../src/shared/domain';

beforeAll(async () => {
  await selectBackend('wasm');
});

const TASKS = [
  { name: 'species', classes: ['a', 'b', 'c'] },
  { name: 'sex', classes: ['f', 'm'] },
  { name: 'grade', classes: ['1', '2', '3', '4', '5'] },
];
const INPUT = 9;

/** The network's layers model, saved to JSON + weights and loaded back as a bundle is. */
async function savedAndLoaded(arch: ArchitectureName): Promise<tf.LayersModel> {
  const config = {
    ...DEFAULT_TRAIN_CONFIG,
    arch,
    hiddenUnits: [12, 6],
    expertUnits: [10, 6],
    numExperts: 3,
    numLevels: 2,
    headUnits: arch === 'mmoe' ? 5 : 0,
  };
  const network = getArchitecture(arch).build({
    inputDim: INPUT,
    tasks: TASKS.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config,
    seed: 8,
  });
  const topology: NetworkTopology = { version: 1, arch, inputDim: INPUT, tasks: TASKS, config };
  const { model } = toLayersModel(network, topology);
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  network.dispose();
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

function tfjsPredict(model: tf.LayersModel, x: Float32Array, n: number): Float32Array[] {
  const out = tf.tidy(() => model.predict(tf.tensor2d(x, [n, INPUT])) as tf.Tensor[]);
  const values = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return values;
}

describe('bundle models in the fused kernel', () => {
  for (const arch of ['single-task', 'hard-sharing', 'mmoe', 'ple'] as const) {
    it(`${arch}: the kernel predicts what tfjs predicts from the saved model`, async () => {
      const model = await savedAndLoaded(arch);
      const read = kernelGraphOf(model)!;
      expect(read).not.toBeNull();
      expect(read.graph.outputs.map((o) => o.classes)).toEqual([3, 2, 5]);
      if (arch === 'mmoe' || arch === 'ple') expect(read.graph.mixtures!.length).toBeGreaterThan(0);
      read.dispose();
      const kernel = kernelFor(model, 64)!;
      const random = mulberry32(3);
      const n = 50;
      // Standardised-looking features, spread wide enough to move the softmax off uniform.
      const x = Float32Array.from({ length: n * INPUT }, () => (random() - 0.5) * 6);
      const expected = tfjsPredict(model, x, n);
      const got = kernel.predict(x, n);
      got.forEach((p, t) => {
        expect(p.length).toBe(n * TASKS[t].classes.length);
        let worst = 0;
        p.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[t][i]))));
        expect(worst).toBeLessThan(2e-6);
      });
      model.dispose();
    });
  }

  it('leaves cross-stitch (Dense over a Concatenate) and unknown activations to tfjs', async () => {
    const crossStitch = await savedAndLoaded('cross-stitch');
    expect(kernelGraphOf(crossStitch)).toBeNull();
    expect(kernelFor(crossStitch, 8)).toBeNull();
    crossStitch.dispose();
    const input = tf.input({ shape: [4] });
    const hidden = tf.layers
      .dense({ units: 3, activation: 'elu' })
      .apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(hidden);
    const elu = tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
    expect(kernelGraphOf(elu)).toBeNull();
    // A softmax layer read by another layer is neither a gate nor an output.
    const soft = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(input);
    const after = tf.layers
      .dense({ units: 2, activation: 'softmax' })
      .apply(soft as tf.SymbolicTensor) as tf.SymbolicTensor;
    expect(kernelGraphOf(tf.model({ inputs: input, outputs: after }))).toBeNull();
    // Outputs without softmax are not probabilities: left to tfjs.
    const linear = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
    expect(kernelGraphOf(tf.model({ inputs: input, outputs: linear }))).toBeNull();
  });
});
