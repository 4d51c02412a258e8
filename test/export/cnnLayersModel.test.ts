/**
 * A network with a CNN trunk exported as a standard TensorFlow.js layers model (Reshape,
 * Conv2D, MaxPooling2D, Flatten, then the dense graph; cross-stitch: a conv column per task
 * with each unit a Concatenate + bias-free 1×1 Conv2D) must predict what the engine's own
 * network predicts. The reference is the engine's forward pass (tf.conv2d / tf.maxPool with
 * the same variables, engine/architectures/convTrunk.ts) followed by a softmax, computed by
 * tfjs's kernels; the model under test is saved to JSON + weights and loaded back, as a
 * TensorFlow.js user loads a bundle. Seeded initial weights, no training: the mapping is
 * under test, not accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/main/engine/architectures';
import { selectBackend } from '../../src/main/engine/backend';
import type { NetworkTopology } from '../../src/main/engine/modelIO';
import { mulberry32 } from '../../src/main/engine/random';
import { kernelGraphOf } from '../../src/main/export/kernelGraph';
import { toLayersModel } from '../../src/main/export/layersModel';
import { DEFAULT_TRAIN_CONFIG, type ArchitectureName } from '../../src/shared/domain';

beforeAll(async () => {
  await selectBackend('wasm');
});

const TASKS = [
  { name: 'colour', classes: ['red', 'black'] },
  { name: 'points', classes: ['1', '2', '3', '4'] },
];
// 10×8 RGB: odd sizes after the first pool (5×4 → 2×2) check the floor of each block.
const IMAGE = { height: 10, width: 8, channels: 3 };
const INPUT = IMAGE.height * IMAGE.width * IMAGE.channels;

function config(arch: ArchitectureName) {
  return {
    ...DEFAULT_TRAIN_CONFIG,
    arch,
    trunk: 'cnn' as const,
    convFilters: [4, 6],
    convKernel: 3,
    hiddenUnits: [7],
    expertUnits: [5],
    numExperts: 2,
    numLevels: 1,
    headUnits: arch === 'mmoe' ? 3 : 0,
  };
}

function build(arch: ArchitectureName) {
  return getArchitecture(arch).build({
    inputDim: INPUT,
    image: IMAGE,
    tasks: TASKS.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config: config(arch),
    seed: 5,
  });
}

async function savedAndLoaded(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

describe('CNN trunks as TensorFlow.js layers', () => {
  for (const arch of ['single-task', 'hard-sharing', 'mmoe', 'ple', 'cross-stitch'] as const) {
    it(`${arch}: the reloaded layers model predicts what the engine's network predicts`, async () => {
      const network = build(arch);
      // Cross-stitch: α away from its near-identity start, so every entry of the units counts.
      const random = mulberry32(11);
      for (const w of network.weights.filter((v) => v.name.endsWith('/alpha')))
        w.variable.assign(tf.randomUniform(w.variable.shape, -1, 1, 'float32', 3));
      const topology: NetworkTopology = {
        version: 1,
        arch,
        inputDim: INPUT,
        tasks: TASKS,
        config: config(arch),
        image: IMAGE,
      };
      const exported = toLayersModel(network, topology);
      const kinds = exported.model.layers.map((l) => l.getClassName());
      // Single-task and cross-stitch: one trunk (column) per task; the others share one.
      const trunks = arch === 'single-task' || arch === 'cross-stitch' ? TASKS.length : 1;
      // Cross-stitch: after each block, one bias-free 1×1 Conv2D per task mixes the columns.
      const units = arch === 'cross-stitch' ? 2 * TASKS.length : 0;
      expect(kinds.filter((k) => k === 'Conv2D')).toHaveLength(2 * trunks + units);
      if (arch === 'cross-stitch') {
        const mixers = exported.model.layers.filter((l) => l.name.startsWith('cross_stitch_conv_'));
        expect(mixers.filter((l) => l.getClassName() === 'Conv2D')).toHaveLength(units);
        mixers
          .filter((l) => l.getClassName() === 'Conv2D')
          .forEach((l) =>
            expect(l.getConfig()).toMatchObject({ kernelSize: [1, 1], useBias: false }),
          );
      }
      expect(kinds.filter((k) => k === 'MaxPooling2D')).toHaveLength(2 * trunks);
      expect(kinds.filter((k) => k === 'Flatten')).toHaveLength(trunks);
      const model = await savedAndLoaded(exported.model);
      exported.model.dispose();
      // The fused kernel's reader knows dense layers only: a CNN stays on tfjs.
      expect(kernelGraphOf(model)).toBeNull();

      const n = 9;
      const x = Float32Array.from({ length: n * INPUT }, () => (random() - 0.5) * 4);
      const expected = tf.tidy(() =>
        network.forward(tf.tensor2d(x, [n, INPUT]), null).map((l) => tf.softmax(l)),
      );
      const got = tf.tidy(() => model.predict(tf.tensor2d(x, [n, INPUT])) as tf.Tensor[]);
      expect(got).toHaveLength(TASKS.length);
      got.forEach((p, t) => {
        expect(p.shape).toEqual([n, TASKS[t].classes.length]);
        const a = p.dataSync();
        const b = expected[t].dataSync();
        let worst = 0;
        a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
        expect(worst).toBeLessThan(1e-5);
        // Not a trivially uniform output: the seeded weights move the softmax.
        expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(1e-3);
      });
      tf.dispose([...expected, ...got]);
      model.dispose();
      network.dispose();
    });
  }
});
