/**
 * Cross-stitch networks with the CNN trunk (Misra et al., CVPR 2016; engine/architectures/
 * crossStitch.ts): one conv column per task, a cross-stitch unit after each conv block and
 * each dense layer; trained on the WebAssembly backend through tfjs kernels (the
 * convolution gradients registered by engine/ops/wasmConvGradients.ts).
 *
 * Expected values: the unit's mixing of feature maps is checked against a hand computation;
 * training against the synthetic squares (test/engine/syntheticImages.ts), whose three
 * tasks a CNN learns to ≥ 0.95 accuracy (chance 0.5, 0.5, 0.33). Checkpoint resume of the
 * same network: test/engine/checkpoint.test.ts; its export: test/export/.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/main/engine/architectures';
import { crossStitch } from '../../src/main/engine/architectures/crossStitch';
import { selectBackend } from '../../src/main/engine/backend';
import { predictProbabilities, trainNetwork } from '../../src/main/engine/trainer';
import type { TrainConfig } from '../../src/shared/domain';
import { testConfig } from './synthetic';
import { IMAGE_TASKS, squares } from './syntheticImages';

beforeAll(async () => {
  await selectBackend('wasm');
});

const SHAPE = { height: 16, width: 16, channels: 1 };
const config = (over: Partial<TrainConfig> = {}) =>
  testConfig({
    arch: 'cross-stitch',
    trunk: 'cnn',
    convFilters: [8, 16],
    hiddenUnits: [32],
    epochs: 8,
    batchSize: 32,
    learningRate: 0.005,
    dropout: 0,
    ...over,
  });

describe('cross-stitch with the CNN trunk', () => {
  it('mixes whole feature maps: h̃_t = Σ_s α[t, s] · h_s (hand-computed)', () => {
    const out = tf.tidy(() => {
      const alpha = tf.tensor2d([0.9, 0.1, 0.2, 0.8], [2, 2]);
      const a = tf.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]);
      const b = tf.tensor4d([10, 20, 30, 40], [1, 2, 1, 2]);
      return crossStitch(alpha, [a, b]).map((m) => ({ shape: m.shape, values: m.arraySync() }));
    });
    // 0.9·[1, 2, 3, 4] + 0.1·[10, 20, 30, 40] and 0.2·[1, 2, 3, 4] + 0.8·[10, 20, 30, 40].
    expect(out[0].shape).toEqual([1, 2, 1, 2]);
    const flat = out.map((m) => (m.values as number[][][][]).flat(3));
    [1.9, 3.8, 5.7, 7.6].forEach((v, i) => expect(flat[0][i]).toBeCloseTo(v, 5));
    [8.2, 16.4, 24.6, 32.8].forEach((v, i) => expect(flat[1][i]).toBeCloseTo(v, 5));
  });

  it('builds one conv column per task with a unit after each block and dense layer', () => {
    const net = getArchitecture('cross-stitch').build({
      inputDim: 16 * 16,
      image: SHAPE,
      tasks: IMAGE_TASKS.map((t) => ({ name: t.name, numClasses: t.classes.length })),
      config: config(),
      seed: 1,
    });
    const names = net.weights.map((w) => w.name);
    for (const task of IMAGE_TASKS) {
      expect(names).toContain(`column_${task.name}/conv_0/kernel`);
      expect(names).toContain(`column_${task.name}/conv_1/bias`);
      expect(names).toContain(`column_${task.name}/dense_0/kernel`);
    }
    expect(names.filter((n) => n.endsWith('/alpha'))).toEqual([
      'cross_stitch_conv_0/alpha',
      'cross_stitch_conv_1/alpha',
      'cross_stitch_0/alpha',
    ]);
    // 16 → 8 → 4 pixels, 16 filters: each column's dense layer reads 4·4·16 = 256 values.
    expect(
      net.weights.find((w) => w.name === 'column_side/dense_0/kernel')!.variable.shape,
    ).toEqual([256, 32]);
    expect(net.convLayers!.filter((l) => l.kind === 'conv2d')).toHaveLength(2 * IMAGE_TASKS.length);
    // α starts at 0.9 on the diagonal, 0.05 elsewhere (rows sum to 1).
    const alpha = net.weights.find((w) => w.name === 'cross_stitch_conv_0/alpha')!.variable;
    expect(Array.from(alpha.dataSync())).toEqual(
      Array.from(Float32Array.from([0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.05, 0.05, 0.9])),
    );
    // GradNorm's last shared layer: every column's dense layer (kernel, bias) and its α.
    expect(net.lastSharedLayer.map((w) => w.name).sort()).toEqual(
      [
        'cross_stitch_0/alpha',
        ...IMAGE_TASKS.flatMap((t) => [
          `column_${t.name}/dense_0/kernel`,
          `column_${t.name}/dense_0/bias`,
        ]),
      ].sort(),
    );
    const logits = tf.tidy(() =>
      net.forward(tf.zeros([5, 256]) as tf.Tensor2D, null).map((l) => l.shape),
    );
    expect(logits).toEqual([
      [5, 2],
      [5, 2],
      [5, 3],
    ]);
    net.dispose();
  });

  it('trains on wasm through tfjs: the loss falls and every task reaches ≥ 0.95 accuracy', async () => {
    const data = squares(600, SHAPE, 21);
    const before = tf.memory().numTensors;
    const out = await trainNetwork(data, { tasks: IMAGE_TASKS, config: config() });
    expect(tf.getBackend()).toBe('wasm');
    expect(out.stepEngine).toBe('tfjs');
    const losses = out.epochs.map((e) => e.trainLoss);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 4);
    // Only the network's variables outlive training.
    expect(tf.memory().numTensors).toBe(before + out.network.weights.length);
    const probs = predictProbabilities(
      out.network,
      data.features,
      data.numFeatures,
      data.test,
      data.image,
    );
    IMAGE_TASKS.forEach((task, t) => {
      const k = task.classes.length;
      let correct = 0;
      let labelled = 0;
      data.test.forEach((row, i) => {
        const y = data.labels[t][row];
        if (y < 0) return;
        labelled++;
        const p = probs[t].subarray(i * k, (i + 1) * k);
        if (p.indexOf(Math.max(...p)) === y) correct++;
      });
      expect(correct / labelled, task.name).toBeGreaterThanOrEqual(0.95);
    });
    // The units learned: α moved away from its start.
    const alpha = out.network.weights.find((w) => w.name === 'cross_stitch_conv_1/alpha')!;
    expect(Math.abs(alpha.variable.dataSync()[0] - 0.9)).toBeGreaterThan(1e-3);
    out.network.dispose();
  });

  for (const weighting of ['gradnorm', 'pcgrad', 'uncertainty'] as const) {
    it(`trains with ${weighting} weighting (gradients of the shared columns and units)`, async () => {
      const data = squares(80, SHAPE, 5);
      const out = await trainNetwork(data, {
        tasks: IMAGE_TASKS,
        config: config({ weighting, convFilters: [4], hiddenUnits: [8], epochs: 2 }),
      });
      expect(out.stepEngine).toBe('tfjs');
      expect(out.epochs.every((e) => Number.isFinite(e.trainLoss))).toBe(true);
      out.network.dispose();
    });
  }
});
