/**
 * MMoE, PLE (CGC) and cross-stitch: shapes, learning, gates, save/reload, tensor memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/main/engine/architectures';
import { initialAlpha } from '../../src/main/engine/architectures/crossStitch';
import { selectBackend } from '../../src/main/engine/backend';
import { deserializeNetwork, serializeWeights } from '../../src/main/engine/modelIO';
import { predictProbabilities, trainNetwork } from '../../src/main/engine/trainer';
import type { TrainConfig } from '../../src/shared/domain';
import { accuracyOn, synthetic, testConfig, TWO_TASKS as tasks } from './synthetic';

const config = testConfig;

beforeAll(async () => {
  await selectBackend('auto');
});

const VARIANTS: { label: string; over: Partial<TrainConfig>; experts?: number }[] = [
  { label: 'mmoe', over: { arch: 'mmoe' }, experts: 4 },
  // CGC: 1 task-specific + 4 shared experts per task gate.
  { label: 'ple (1 level = CGC)', over: { arch: 'ple' }, experts: 5 },
  {
    label: 'ple (2 levels, 2 specific)',
    over: { arch: 'ple', numLevels: 2, specificExperts: 2, numExperts: 1, expertUnits: [16] },
    experts: 3,
  },
  { label: 'cross-stitch', over: { arch: 'cross-stitch' } },
];

describe.each(VARIANTS)('$label', ({ over, experts }) => {
  it('gives logits [batch, numClasses_t] per task', () => {
    const net = getArchitecture(over.arch!).build({
      inputDim: 3,
      tasks: [
        { name: 'two', numClasses: 2 },
        { name: 'three', numClasses: 3 },
      ],
      config: config(over),
      seed: 1,
    });
    const shapes = tf.tidy(() => net.forward(tf.zeros([5, 3]), null).map((l) => l.shape));
    expect(shapes).toEqual([
      [5, 2],
      [5, 3],
    ]);
    expect(net.sharedWeights.length).toBeGreaterThan(0);
    expect(net.lastSharedLayer.length).toBeGreaterThan(0);
    net.dispose();
  });

  it('learns the synthetic two-task problem well above chance', async () => {
    const data = synthetic(500, 11);
    const out = await trainNetwork(data, { tasks, config: config(over) });
    const test = Int32Array.from({ length: 100 }, (_, i) => 400 + i);
    const probs = predictProbabilities(out.network, data.features, 2, test);
    // Chance is about 0.5; both tasks are linearly separable.
    for (const t of [0, 1]) expect(accuracyOn(data, probs, t, test)).toBeGreaterThan(0.9);
    out.network.dispose();
  });

  it('reloads bit-exactly, does not leak tensors across epochs, records gates', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const data = synthetic(200, 3);
    const out = await trainNetwork(data, {
      tasks,
      config: config({ ...over, epochs: 5 }),
      onEpoch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    // Epoch 1 allocates Adam's moments and the best-weights snapshot; after that, flat.
    expect(new Set(counts.slice(1)).size).toBe(1);

    const saved = serializeWeights(out.network);
    const reloaded = deserializeNetwork(
      { version: 1, arch: over.arch!, inputDim: 2, tasks, config: config(over) },
      saved,
    );
    expect(serializeWeights(reloaded).weights).toEqual(saved.weights);
    const rows = Int32Array.from({ length: 60 }, (_, i) => i);
    expect(predictProbabilities(reloaded, data.features, 2, rows)).toEqual(
      predictProbabilities(out.network, data.features, 2, rows),
    );

    if (experts) {
      for (const record of out.epochs) {
        expect(Object.keys(record.gates!)).toEqual(['a', 'b']);
        for (const g of Object.values(record.gates!)) {
          expect(g).toHaveLength(experts);
          expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
        }
      }
      expect(Object.keys(out.gates!)).toEqual(['a', 'b']);
      // Softmax rows of a batch each sum to 1.
      const sums = tf.tidy(() => {
        const { gates } = out.network.forwardWithGates!(
          tf.randomNormal([7, 2], 0, 1, 'float32', 5),
          null,
        );
        return gates.map((g) => {
          expect(g.shape).toEqual([7, experts]);
          return Array.from(g.sum(1).dataSync());
        });
      });
      for (const row of sums.flat()) expect(row).toBeCloseTo(1, 5);
    } else {
      expect(out.epochs[0].gates).toBeUndefined();
      expect(out.network.forwardWithGates).toBeUndefined();
    }
    reloaded.dispose();
    out.network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('PLE configuration', () => {
  it('refuses experts without layers with a message naming expertUnits', () => {
    expect(() =>
      getArchitecture('ple').build({
        inputDim: 2,
        tasks: [
          { name: 'a', numClasses: 2 },
          { name: 'b', numClasses: 2 },
        ],
        config: testConfig({ arch: 'ple', expertUnits: [] }),
        seed: 1,
      }),
    ).toThrow(/expertUnits/);
  });
});

describe('cross-stitch units', () => {
  it('start near identity: α_same = 0.9, the rest split evenly', () => {
    expect(Array.from(initialAlpha(2))).toEqual([0.9, 0.1, 0.1, 0.9].map(Math.fround));
    // Three tasks: off-diagonal (1 − 0.9) / 2 = 0.05.
    expect(Array.from(initialAlpha(3))).toEqual(
      [0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.05, 0.05, 0.9].map(Math.fround),
    );
  });

  it('mix the columns as α · h at initialisation (hand check on a tiny input)', () => {
    // One input, one hidden unit per column: column a computes relu(1 · x), column b
    // relu(2 · x). For x = 1: h_a = 1, h_b = 2; after the unit h̃_a = 0.9 · 1 + 0.1 · 2 = 1.1,
    // h̃_b = 0.1 · 1 + 0.9 · 2 = 1.9. Heads with kernel [1, 0] and zero bias give logits
    // [1.1, 0] and [1.9, 0].
    const net = getArchitecture('cross-stitch').build({
      inputDim: 1,
      tasks: tasks.map((t) => ({ name: t.name, numClasses: 2 })),
      config: config({ arch: 'cross-stitch', hiddenUnits: [1], headUnits: 0 }),
      seed: 1,
    });
    const set = (name: string, values: number[]) => {
      const w = net.weights.find((v) => v.name === name)!;
      w.variable.assign(tf.tensor(values, w.variable.shape));
    };
    set('column_a/dense_0/kernel', [1]);
    set('column_b/dense_0/kernel', [2]);
    set('head_a/logits/kernel', [1, 0]);
    set('head_b/logits/kernel', [1, 0]);
    const logits = tf.tidy(() =>
      net.forward(tf.tensor2d([[1]]), null).map((l) => Array.from(l.dataSync())),
    );
    expect(logits[0][0]).toBeCloseTo(1.1, 6);
    expect(logits[0][1]).toBe(0);
    expect(logits[1][0]).toBeCloseTo(1.9, 6);
    net.dispose();
  });
});
