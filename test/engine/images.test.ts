/**
 * Image inputs of the engine: per-channel scaling fitted on training images (checked
 * against hand computation), encoding and augmentation of batches (hand-checked on tiny
 * images), a whole image training job saved and reloaded (predictions equal before and
 * after), and a short learning run on the WebAssembly backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import {
  encodeImages,
  fitImagePreprocessing,
  type ImagePreprocessing,
} from '../../src/main/engine/images';
import { runTrainingJob } from '../../src/main/engine/job';
import { deserializeNetwork } from '../../src/main/engine/modelIO';
import { predictProbabilities, trainNetwork } from '../../src/main/engine/trainer';
import type { SplitName } from '../../src/shared/domain';
import { testConfig } from './synthetic';
import { IMAGE_TASKS, squares } from './syntheticImages';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('image preprocessing', () => {
  it('fits per-channel mean and std of pixel/255 on the training images only', () => {
    // Three 1×2 RGB images; image 2 is not in the training split.
    // Training pixels per channel: R = 0, 255, 51, 51 → mean 89.25, σ² = (89.25² + 165.75²
    // + 38.25² + 38.25²)/4 = 9591.1875 → σ = 97.935…; G = 10 four times → σ 0 → 1;
    // B = 0, 0, 255, 255 → mean 127.5, σ 127.5.
    const pixels = Uint8Array.from([
      0, 10, 0, 255, 10, 0, /* image 0 */ 51, 10, 255, 51, 10, 255, /* image 1 */ 9, 9, 9, 9, 9, 9,
    ]);
    const prep = fitImagePreprocessing(pixels, { height: 1, width: 2, channels: 3 }, [0, 1]);
    expect(prep.mean[0]).toBeCloseTo(89.25 / 255, 12);
    expect(prep.mean[1]).toBeCloseTo(10 / 255, 12);
    expect(prep.mean[2]).toBeCloseTo(0.5, 12);
    expect(prep.std[0]).toBeCloseTo(Math.sqrt(9591.1875) / 255, 12);
    expect(prep.std[1]).toBe(1);
    expect(prep.std[2]).toBeCloseTo(0.5, 12);
    // Encoding: (p/255 − mean)/std; pixel 255 of channel B → (1 − 0.5)/0.5 = 1.
    const x = encodeImages(pixels, prep, [1]);
    [51, 10, 255, 51, 10, 255].forEach((p, i) =>
      expect(x[i]).toBeCloseTo((p / 255 - prep.mean[i % 3]) / prep.std[i % 3], 6),
    );
    expect(x[2]).toBeCloseTo(1, 6);
  });

  it('refuses a buffer that is not whole images, and 2 channels', () => {
    expect(() =>
      fitImagePreprocessing(new Uint8Array(7), { height: 1, width: 2, channels: 3 }, [0]),
    ).toThrow(/not a whole number of 1×2×3 images/);
    expect(() =>
      fitImagePreprocessing(new Uint8Array(8), { height: 2, width: 2, channels: 2 }, [0]),
    ).toThrow(/1 \(grey\) or 3 \(RGB\)/);
  });

  /** Unit scaling (mean 0, std 1/255): encoded values are the pixels themselves. */
  const unit = (height: number, width: number): ImagePreprocessing => ({
    version: 1,
    height,
    width,
    channels: 1,
    mean: [0],
    std: [1 / 255],
  });
  /** A generator replaying fixed draws. */
  const draws = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length];
  };

  it('augments: flip mirrors, shift repeats the edge, brightness scales and clips at 255', () => {
    // 2×3 grey image  [1 2 3]
    //                 [4 5 6]
    const pixels = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const prep = unit(2, 3);
    const run = (settings: { flip: boolean; shift: number; brightness: number }, r: () => number) =>
      Array.from(encodeImages(pixels, prep, null, undefined, { settings, random: r }));
    // Flip when the draw is < ½.
    expect(run({ flip: true, shift: 0, brightness: 0 }, draws(0.2))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(run({ flip: true, shift: 0, brightness: 0 }, draws(0.7))).toEqual([1, 2, 3, 4, 5, 6]);
    // shift 1: dy = ⌊0.9 · 3⌋ − 1 = 1 (down), dx = ⌊0 · 3⌋ − 1 = −1 (left); rows/columns
    // pulled from outside repeat the edge: out(y, x) = in(clamp(y − 1), clamp(x + 1)).
    expect(run({ flip: false, shift: 1, brightness: 0 }, draws(0.9, 0))).toEqual([
      2, 3, 3, 2, 3, 3,
    ]);
    // Brightness 0.5 with draw 1 → factor 1.5 (×1.5; 6 × 1.5 = 9); clipping at 255 below.
    expect(run({ flip: false, shift: 0, brightness: 0.5 }, draws(1 - 1e-9))).toEqual(
      [1, 2, 3, 4, 5, 6].map((v) => Math.fround(v * (1 + 0.5 * (2 * (1 - 1e-9) - 1)))),
    );
    const bright = Uint8Array.from([200, 250, 10, 0, 255, 128]);
    const out = encodeImages(bright, prep, null, undefined, {
      settings: { flip: false, shift: 0, brightness: 0.5 },
      random: draws(1 - 1e-9),
    });
    expect(out[0]).toBe(255);
    expect(out[1]).toBe(255);
    expect(out[3]).toBe(0);
  });
});

/** The squares data set as a training job's input (raw labels; no table columns). */
function jobInput(n: number, shape: { height: number; width: number; channels: number }) {
  const data = squares(n, shape, 7);
  const assignment: SplitName[] = Array.from({ length: n }, () => 'train');
  data.validation.forEach((r) => (assignment[r] = 'validation'));
  data.test.forEach((r) => (assignment[r] = 'test'));
  return {
    data,
    input: {
      rowIds: Array.from({ length: n }, (_, i) => i + 1),
      assignment,
      inputs: [],
      image: { pixels: data.features, shape },
      targets: IMAGE_TASKS.map((task, t) => ({
        task,
        type: 'categorical' as const,
        values: Array.from(data.labels[t], (y) => (y < 0 ? null : task.classes[y])),
      })),
    },
  };
}

describe('image models', () => {
  it('a CNN job saves topology, image scaling and weights; the reloaded model predicts the same', async () => {
    const shape = { height: 12, width: 12, channels: 3 };
    const { data, input } = jobInput(120, shape);
    const config = testConfig({
      arch: 'mmoe',
      trunk: 'cnn',
      convFilters: [4, 8],
      numExperts: 2,
      expertUnits: [8],
      epochs: 2,
      batchSize: 16,
    });
    const result = await runTrainingJob({ ...input, config });
    expect(result.backend).toMatch(/fused kernel/);
    expect(result.topology.image).toEqual(shape);
    expect(result.topology.convLayers?.map((l) => l.kind)).toEqual([
      'conv2d',
      'maxPooling2d',
      'conv2d',
      'maxPooling2d',
      'flatten',
    ]);
    expect(result.topology.convLayers![2]).toMatchObject({
      filters: 8,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'same',
      activation: 'relu',
      inputShape: [6, 6, 4],
      outputShape: [6, 6, 8],
    });
    expect(result.preprocessing.image?.mean).toHaveLength(3);
    // As stored: JSON for topology and preprocessing, bytes for the weights.
    const topology = JSON.parse(JSON.stringify(result.topology));
    const preprocessing = JSON.parse(JSON.stringify(result.preprocessing));
    const reloaded = deserializeNetwork(topology, {
      weightSpecs: result.weights.weightSpecs,
      weights: Uint8Array.from(result.weights.weights),
    });
    const probs = predictProbabilities(
      reloaded,
      data.features,
      data.numFeatures,
      data.test,
      preprocessing.image,
    );
    result.predictions.forEach((p, t) => {
      const k = p.numClasses;
      const labelled = Array.from(data.test).flatMap((row, i) =>
        data.labels[t][row] >= 0 ? [i] : [],
      );
      expect(p.rowIds).toEqual(labelled.map((i) => data.test[i] + 1));
      labelled.forEach((i, j) =>
        expect(Array.from(probs[t].subarray(i * k, (i + 1) * k))).toEqual(
          Array.from(p.probs.subarray(j * k, (j + 1) * k)),
        ),
      );
    });
    reloaded.dispose();
  });

  it('learns left/right, top/bottom and shade of a bright square to ≥ 0.95 accuracy in seconds', async () => {
    const shape = { height: 16, width: 16, channels: 1 };
    const data = squares(600, shape, 21);
    const out = await trainNetwork(data, {
      tasks: IMAGE_TASKS,
      config: testConfig({
        trunk: 'cnn',
        convFilters: [8, 16],
        hiddenUnits: [32],
        epochs: 12,
        batchSize: 32,
        learningRate: 0.005,
        dropout: 0,
      }),
    });
    expect(out.stepEngine).toBe('fused-kernel');
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
    out.network.dispose();
  });
});
