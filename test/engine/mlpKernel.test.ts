/**
 * The fused MLP kernel (engine/kernel) against the tfjs path of the same trainer: with the
 * same initial weights, batches and hyper-parameters (dropout off), both must end with the
 * same weights and per-epoch losses up to float32 rounding. The tfjs path is the
 * independent reference here: its gradients come from tfjs autodiff (and are themselves
 * checked against hand computation in ops.test.ts and trainer.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { kernelModule } from '../../src/main/engine/kernel/mlpKernel';
import { mulberry32 } from '../../src/main/engine/random';
import { trainNetwork, type TrainingData, type TrainOutcome } from '../../src/main/engine/trainer';
import type { TrainConfig } from '../../src/shared/domain';
import { testConfig } from './synthetic';

beforeAll(async () => {
  await selectBackend('auto');
});

const TASKS = [
  { name: 'three', classes: ['a', 'b', 'c'] },
  { name: 'two', classes: ['n', 'y'] },
  { name: 'five', classes: ['1', '2', '3', '4', '5'] },
];

/**
 * 7 features (not a multiple of the kernel's 4 lanes), 3 tasks of 3, 2 and 5 classes
 * from thresholds of linear scores; task "two" misses every 3rd label, "five" every 7th.
 */
function data(n: number): TrainingData {
  const r = mulberry32(5);
  const d = 7;
  const features = Float32Array.from({ length: n * d }, () => r() * 2 - 1);
  const score = (i: number, w: number[]) => w.reduce((s, wj, j) => s + wj * features[i * d + j], 0);
  const bucket = (v: number, k: number) =>
    Math.min(k - 1, Math.max(0, Math.floor((v + 1.5) / (3 / k))));
  const labels = [
    Int32Array.from({ length: n }, (_, i) => bucket(score(i, [1, 0.5, 0, 0, 0, 0, 0.3]), 3)),
    Int32Array.from({ length: n }, (_, i) =>
      i % 3 === 0 ? -1 : score(i, [0.2, -1, 0.4, 0, 0, 0, 0]) > 0 ? 1 : 0,
    ),
    Int32Array.from({ length: n }, (_, i) =>
      i % 7 === 0 ? -1 : bucket(score(i, [0, 0, 1, 1, -0.5, 0, 0]), 5),
    ),
  ];
  const split = Math.round(0.8 * n);
  return {
    features,
    numFeatures: d,
    labels,
    train: Int32Array.from({ length: split }, (_, i) => i),
    validation: Int32Array.from({ length: n - split }, (_, i) => split + i),
  };
}

async function both(config: TrainConfig, n = 203): Promise<[TrainOutcome, TrainOutcome]> {
  const set = data(n);
  const fused = await trainNetwork(set, { tasks: TASKS, config });
  const reference = await trainNetwork(set, { tasks: TASKS, config, kernel: 'off' });
  return [fused, reference];
}

function expectSame(
  [fused, reference]: [TrainOutcome, TrainOutcome],
  weightTolerance = 2e-4,
): void {
  expect(fused.stepEngine).toBe('mlp-kernel');
  expect(reference.stepEngine).toBe('tfjs');
  expect(fused.bestEpochPerTask).toEqual(reference.bestEpochPerTask);
  expect(fused.epochs.length).toBe(reference.epochs.length);
  fused.epochs.forEach((e, i) => {
    const r = reference.epochs[i];
    for (const task of TASKS) {
      expect(e.tasks[task.name].trainLoss).toBeCloseTo(r.tasks[task.name].trainLoss, 4);
      expect(e.tasks[task.name].valLoss).toBeCloseTo(r.tasks[task.name].valLoss, 4);
    }
    if (r.taskWeights) {
      for (const task of TASKS)
        expect(e.taskWeights![task.name]).toBeCloseTo(r.taskWeights[task.name], 4);
    }
  });
  fused.network.weights.forEach((w, i) => {
    const a = w.variable.dataSync();
    const b = reference.network.weights[i].variable.dataSync();
    let maxDiff = 0;
    for (let j = 0; j < a.length; j++) maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
    expect(maxDiff, w.name).toBeLessThan(weightTolerance);
  });
  fused.network.dispose();
  reference.network.dispose();
}

// Batch 16 over 162 training rows: the last batch has 2 rows (the kernel's row remainder).
const base = (over: Partial<TrainConfig>) =>
  testConfig({ epochs: 6, batchSize: 16, dropout: 0, hiddenUnits: [12, 8], ...over });

describe('fused MLP kernel', () => {
  it('is built and loads (npm run build:kernel)', () => {
    expect(kernelModule()).not.toBeNull();
  });

  it('hard sharing, combined linear heads, class weights and L2 match the tfjs path', async () => {
    expectSame(await both(base({ classWeights: 'balanced', weightDecay: 1e-3 })));
  });

  it('hidden head layers (a trunk read by several heads) match the tfjs path', async () => {
    expectSame(await both(base({ headUnits: 6 })));
  });

  it('single-task networks with per-task early stopping match the tfjs path', async () => {
    expectSame(await both(base({ arch: 'single-task', epochs: 12, patience: 2 })));
  });

  it('uncertainty weighting (learned s_i) matches the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'uncertainty' })));
  });

  it('DWA and static weights match the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'dwa' })));
    expectSame(
      await both(base({ weighting: 'static', taskWeights: { three: 2, two: 0.5, five: 1 } })),
    );
  });

  it('stays in lockstep with the tfjs path over 500 steps', async () => {
    // Small differences grow once a ReLU flips on one path only; over 500 steps this
    // stays within the tolerances (fuzzing both paths found one such drift: see the next test).
    expectSame(
      await both(
        base({ hiddenUnits: [33, 17], epochs: 20, learningRate: 0.003, weightDecay: 0 }),
        500,
      ),
    );
  });

  it('one Adam step of size 1 moves every weight as tfjs does, to 2e-6', async () => {
    // The first Adam step is ≈ ±lr per weight whatever the gradient's size, so with lr = 1
    // a relative bias in the update shows directly: 1 − β2 taken in float32 moved each
    // weight ≈ 6e-6 off; float32 rounding of the update itself is ≈ 1e-7.
    const config = base({ batchSize: 1000, epochs: 1, learningRate: 1, weightDecay: 0 });
    expectSame(await both(config), 2e-6);
  });

  it('a batch larger than the training split still runs in the kernel', async () => {
    expectSame(await both(base({ batchSize: 1000, epochs: 4 })));
  });

  it('no hidden layer (logistic heads on the features) matches the tfjs path', async () => {
    expectSame(await both(base({ hiddenUnits: [] })));
  });

  it('trains with dropout (its own mask stream) and learns', async () => {
    const set = data(400);
    const out = await trainNetwork(set, {
      tasks: TASKS,
      config: base({ dropout: 0.3, epochs: 15, hiddenUnits: [32] }),
    });
    expect(out.stepEngine).toBe('mlp-kernel');
    const first = out.epochs[0].valLoss;
    const last = out.epochs[out.epochs.length - 1].valLoss;
    expect(last).toBeLessThan(0.8 * first);
    out.network.dispose();
  });

  it('MMoE (experts mixed by softmax gates) matches the tfjs path', async () => {
    expectSame(await both(base({ arch: 'mmoe', numExperts: 3, expertUnits: [12, 8] })));
  });

  it('MMoE with hidden head layers and uncertainty weighting matches the tfjs path', async () => {
    expectSame(
      await both(
        base({
          arch: 'mmoe',
          numExperts: 2,
          expertUnits: [6],
          headUnits: 5,
          weighting: 'uncertainty',
        }),
      ),
    );
  });

  it('MMoE records the same mean gates as the tfjs path', async () => {
    const [fused, reference] = await both(base({ arch: 'mmoe', numExperts: 3, expertUnits: [8] }));
    for (const task of TASKS) {
      fused.gates![task.name].forEach((g, e) =>
        expect(g).toBeCloseTo(reference.gates![task.name][e], 4),
      );
    }
    expectSame([fused, reference]);
  });

  it('leaves gradient methods, PLE and cross-stitch to tfjs', async () => {
    const set = data(120);
    for (const over of [
      { weighting: 'pcgrad' as const },
      { arch: 'ple' as const },
      { arch: 'cross-stitch' as const },
      { arch: 'mmoe' as const, expertUnits: [] },
    ]) {
      const out = await trainNetwork(set, { tasks: TASKS, config: base({ epochs: 1, ...over }) });
      expect(out.stepEngine).toBe('tfjs');
      out.network.dispose();
    }
  });

  it('frees everything when a run is cancelled mid-way (best-epoch snapshot included)', async () => {
    const set = data(203);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    await expect(
      trainNetwork(set, {
        tasks: TASKS,
        config: base({ epochs: 10 }),
        signal: controller.signal,
        onEpoch: (record) => {
          if (record.epoch === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps no tfjs tensor per step', async () => {
    const set = data(203);
    const before = tf.memory().numTensors;
    const out = await trainNetwork(set, { tasks: TASKS, config: base({ epochs: 3 }) });
    const weights = out.network.weights.length;
    expect(tf.memory().numTensors).toBe(before + weights);
    out.network.dispose();
  });
});
