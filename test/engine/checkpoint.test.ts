/**
 * Training checkpoints (engine/checkpoint.ts): the codec, the state round trips of the
 * optimiser, the loss weightings and the random streams, and resuming a job from a
 * mid-run checkpoint.
 *
 * Expected values: a resumed job is compared with the same job run without interruption
 * (the reference is computed without any checkpoint being read), bit for bit — weights,
 * epoch records and test metrics; state round trips are compared with an untouched twin
 * that kept running.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type TrainingCheckpoint,
} from '../../src/main/engine/checkpoint';
import type { PixelReader } from '../../src/main/engine/imageStreaming';
import {
  runTrainingJob,
  splitIndices,
  trainAndScore,
  type TrainingJobInput,
  type TrainingJobResult,
} from '../../src/main/engine/job';
import { Adam, FlatAdam } from '../../src/main/engine/optimizer';
import { mulberry32 } from '../../src/main/engine/random';
import { GradNormWeights } from '../../src/main/engine/weighting/gradnorm';
import { getWeighting } from '../../src/main/engine/weighting';
import type { EpochRecord, SplitName, TrainConfig } from '../../src/shared/domain';
import { synthetic, testConfig, TWO_TASKS } from './synthetic';
import { IMAGE_TASKS, squares } from './syntheticImages';

beforeAll(async () => {
  await selectBackend('wasm');
});

afterEach(() => {
  delete process.env.MTL_KERNEL;
});

/** A hand-made checkpoint with every kind of value the codec must keep. */
function sample(): TrainingCheckpoint {
  return {
    format: 1,
    epoch: 3,
    fingerprint: 'abc',
    stepEngine: 'tfjs',
    epochs: [{ epoch: 1, trainLoss: 0.5, valLoss: NaN, tasks: {}, seconds: 0.25 }],
    lossHistory: [
      [0.7, NaN],
      [Infinity, -Infinity],
    ],
    step: 42,
    random: { shuffle: 0xffffffff, augment: 7 },
    order: Int32Array.from([2, 0, 1, -5]),
    weights: [Float32Array.from([1.5, -0, 3.4028234663852886e38, 1e-45]), new Float32Array(0)],
    optimizers: [{ m: Float32Array.from([0.1]), v: Float32Array.from([0.2]), t: 9 }],
    weightingParameters: [Float32Array.from([-0.25])],
    looseAdam: [null],
    weighting: [[NaN, 1]],
    best: [
      {
        score: [-Infinity, -Infinity],
        epoch: 0,
        wait: 2,
        halvings: 1,
        done: false,
        snapshot: [Float32Array.from([Math.PI])],
      },
    ],
    kernel: null,
  };
}

describe('checkpoint codec', () => {
  it('round-trips every value: typed arrays bit for bit, NaN, ±Infinity and −0', () => {
    const original = sample();
    const decoded = decodeCheckpoint(encodeCheckpoint(original));
    expect(decoded).toEqual(original);
    expect(decoded.weights[0]).toBeInstanceOf(Float32Array);
    expect(decoded.order).toBeInstanceOf(Int32Array);
    expect(Object.is(decoded.weights[0][1], -0)).toBe(true);
    expect(decoded.lossHistory[1]).toEqual([Infinity, -Infinity]);
    expect(decoded.best[0].snapshot![0][0]).toBe(Math.fround(Math.PI));
  });

  it('refuses damaged, cut or foreign bytes with CHECKPOINT_INVALID', () => {
    const bytes = encodeCheckpoint(sample());
    const flipped = bytes.slice();
    flipped[bytes.length - 40] ^= 1;
    expect(() => decodeCheckpoint(flipped)).toThrow(/damaged \(its checksum fails\)/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 1))).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_INVALID' }),
    );
    expect(() => decodeCheckpoint(new Uint8Array(100))).toThrow(/not an MTL Studio checkpoint/);
    expect(() => decodeCheckpoint(new Uint8Array(0))).toThrow(/not an MTL Studio checkpoint/);
  });
});

describe('state round trips', () => {
  it('a mulberry32 stream restored to a saved state replays the same floats', () => {
    const a = mulberry32(5);
    for (let i = 0; i < 10; i++) a();
    const state = a.state();
    const expected = [a(), a(), a()];
    const b = mulberry32(999);
    b.restore(state);
    expect([b(), b(), b()]).toEqual(expected);
  });

  it('FlatAdam and Adam continue from a saved state exactly as the twin that kept running', () => {
    const make = () => [
      { name: 'k', variable: tf.variable(tf.tensor2d([1, -2, 3, 0.5], [2, 2])), isKernel: true },
    ];
    const grads = (i: number) => ({ [`g${i}`]: tf.tensor2d([0.1 * i, -0.3, 0.2, i], [2, 2]) });
    const wa = make();
    const wb = make();
    const a = new FlatAdam(wa, { learningRate: 0.01 }, 1e-3);
    const b = new FlatAdam(wb, { learningRate: 0.01 }, 1e-3);
    const step = (o: FlatAdam, w: typeof wa, i: number) => {
      const g = grads(i);
      o.step({ [w[0].variable.name]: g[`g${i}`] });
      tf.dispose(Object.values(g));
    };
    for (let i = 1; i <= 3; i++) step(a, wa, i);
    // b takes a's weights and state, then both take the same steps.
    wb[0].variable.assign(wa[0].variable);
    b.restoreState(a.saveState());
    for (let i = 4; i <= 6; i++) {
      step(a, wa, i);
      step(b, wb, i);
    }
    expect(Array.from(wb[0].variable.dataSync())).toEqual(Array.from(wa[0].variable.dataSync()));

    const s = tf.variable(tf.scalar(0.5));
    const t = tf.variable(tf.scalar(0.5));
    const loose = new Adam(0.1);
    const twin = new Adam(0.1);
    const g = tf.scalar(0.3);
    loose.step([[s, g]]);
    twin.restoreState([t], loose.saveState([s]));
    t.assign(s);
    loose.step([[s, g]]);
    twin.step([[t, g]]);
    expect(t.dataSync()[0]).toBe(s.dataSync()[0]);
    tf.dispose([g, s, t, ...wa.map((w) => w.variable), ...wb.map((w) => w.variable)]);
    [a, b, loose, twin].forEach((o) => o.dispose());
  });

  it('GradNorm and PCGrad continue from a saved state as the twin that kept running', () => {
    const a = new GradNormWeights(3, 0.05);
    const b = new GradNormWeights(3, 0.05);
    a.update([1, 2, NaN], [0.5, 0.1, NaN]);
    a.update([0.8, 1.5, 3], [0.4, 0.2, 0.9]);
    b.restoreState(a.saveState());
    a.update([0.6, 1.1, 2], [0.3, 0.3, 0.7]);
    b.update([0.6, 1.1, 2], [0.3, 0.3, 0.7]);
    expect(b.weights).toEqual(a.weights);
    expect(b.saveState()).toEqual(a.saveState());
    expect(() => b.restoreState([[1]])).toThrow(/5 arrays of 3 tasks/);

    const context = {
      tasks: ['x', 'y', 'z'],
      config: testConfig(),
      seed: 11,
      shared: new Set<string>(),
      lastShared: new Set<string>(),
    };
    const p = getWeighting('pcgrad').create(context);
    const q = getWeighting('pcgrad').create({ ...context, seed: 12 });
    // Conflicting gradients: the projection order (random) changes the result.
    const step = {
      grads: [
        Float32Array.from([1, 0.2]),
        Float32Array.from([-0.8, 1]),
        Float32Array.from([0.3, -1]),
      ],
      losses: [1, 1, 1],
      shared: Uint8Array.from([1, 1]),
      lastShared: Uint8Array.from([1, 1]),
    };
    p.combineFlat!(step);
    q.restoreState!(p.saveState!());
    expect(Array.from(q.combineFlat!(step))).toEqual(Array.from(p.combineFlat!(step)));
  });
});

/** A table job of the synthetic two-task data (2 numeric columns); test rows 80–100 %. */
function tableJob(n: number, seed: number): Omit<TrainingJobInput, 'config'> {
  const data = synthetic(n, seed);
  const assignment: SplitName[] = Array.from({ length: n }, () => 'test');
  data.train.forEach((r) => (assignment[r] = 'train'));
  data.validation.forEach((r) => (assignment[r] = 'validation'));
  return {
    rowIds: Array.from({ length: n }, (_, i) => i + 1),
    assignment,
    inputs: ['x1', 'x2'].map((name, f) => ({
      name,
      type: 'numeric' as const,
      values: Array.from({ length: n }, (_, i) => data.features[2 * i + f]),
    })),
    targets: TWO_TASKS.map((task, t) => ({
      task,
      type: 'categorical' as const,
      values: Array.from(data.labels[t], (y) => (y < 0 ? null : task.classes[y])),
    })),
  };
}

/** An image job of the squares data (10×10×3). */
function imageJob(n: number): Omit<TrainingJobInput, 'config'> {
  const data = squares(n, { height: 10, width: 10, channels: 3 }, 4);
  const assignment: SplitName[] = Array.from({ length: n }, () => 'train');
  data.validation.forEach((r) => (assignment[r] = 'validation'));
  data.test.forEach((r) => (assignment[r] = 'test'));
  return {
    rowIds: Array.from({ length: n }, (_, i) => i + 1),
    assignment,
    inputs: [],
    image: { pixels: data.features, shape: { height: 10, width: 10, channels: 3 } },
    targets: IMAGE_TASKS.map((task, t) => ({
      task,
      type: 'categorical' as const,
      values: Array.from(data.labels[t], (y) => (y < 0 ? null : task.classes[y])),
    })),
  };
}

/** Epoch records without their wall-clock seconds. */
const timeless = (epochs: EpochRecord[]) => epochs.map((e) => ({ ...e, seconds: 0 }));

/**
 * Runs `input` uninterrupted with a checkpoint after every epoch, then again from its
 * checkpoint after `resumeAfter` epochs, and expects the same weights, epochs and metrics.
 * @returns the uninterrupted result and the checkpoint resumed from.
 */
async function expectResumeMatches(
  input: TrainingJobInput,
  resumeAfter: number | 'last',
  pixels?: PixelReader,
): Promise<{ full: TrainingJobResult; checkpoint: TrainingCheckpoint }> {
  const saved = new Map<number, Uint8Array>();
  const full = await runTrainingJob(
    { ...input, checkpoints: { everyEpochs: 1, minSeconds: 0 } },
    { pixels, onCheckpoint: (bytes, epoch) => void saved.set(epoch, bytes) },
  );
  const epoch = resumeAfter === 'last' ? Math.max(...saved.keys()) : resumeAfter;
  const bytes = saved.get(epoch);
  expect(bytes?.byteLength ?? 0, `a checkpoint after epoch ${epoch}`).toBeGreaterThan(0);
  const resumedEpochs: number[] = [];
  const resumed = await runTrainingJob(
    { ...input, resumeFrom: bytes },
    { pixels, onEpoch: (r) => void resumedEpochs.push(r.epoch) },
  );
  // Only the epochs after the checkpoint were trained again.
  expect(resumedEpochs[0]).toBe(epoch + 1);
  expect(Buffer.from(resumed.weights.weights).equals(Buffer.from(full.weights.weights))).toBe(true);
  expect(timeless(resumed.epochs)).toEqual(timeless(full.epochs));
  expect(resumed.bestEpoch).toBe(full.bestEpoch);
  expect(resumed.results).toEqual(full.results);
  return { full, checkpoint: decodeCheckpoint(bytes!) };
}

describe('resuming a job from a checkpoint', () => {
  const table = tableJob(300, 3);
  const cases: [string, Partial<TrainConfig>, 'auto' | 'off', (number | 'last')?][] = [
    [
      'hard sharing, dropout, plateau halvings',
      {
        dropout: 0.2,
        patience: 3,
        lrSchedule: 'plateau',
        learningRate: 0.1,
        earlyStopping: 'macroF1',
        epochs: 14,
      },
      'auto',
      'last',
    ],
    ['uncertainty weighting (learned s_i)', { weighting: 'uncertainty', dropout: 0.1 }, 'auto'],
    ['GradNorm', { weighting: 'gradnorm' }, 'auto'],
    ['PCGrad', { weighting: 'pcgrad' }, 'auto'],
    ['DWA on MMoE', { weighting: 'dwa', arch: 'mmoe' }, 'auto'],
    [
      'single-task, per-task early stopping',
      { arch: 'single-task', patience: 2, earlyStopping: 'macroF1', learningRate: 0.1, epochs: 14 },
      'auto',
    ],
    ['tfjs path: uncertainty, dropout', { weighting: 'uncertainty', dropout: 0.2 }, 'off'],
    [
      'tfjs path: PCGrad, plateau halvings',
      {
        weighting: 'pcgrad',
        patience: 3,
        lrSchedule: 'plateau',
        learningRate: 0.1,
        earlyStopping: 'macroF1',
        epochs: 14,
      },
      'off',
      'last',
    ],
  ];
  for (const [name, over, kernel, resumeAfter = 6] of cases) {
    it(`${name} (kernel ${kernel}): the same weights, epochs and test metrics`, async () => {
      if (kernel === 'off') process.env.MTL_KERNEL = 'off';
      const config = testConfig({ epochs: 10, batchSize: 32, ...over });
      const { full, checkpoint } = await expectResumeMatches({ ...table, config }, resumeAfter);
      expect(full.backend.includes('fused kernel')).toBe(kernel === 'auto');
      expect(checkpoint.stepEngine).toBe(kernel === 'auto' ? 'fused-kernel' : 'tfjs');
      // The state these cases are about was in play when the checkpoint was written.
      if (over.lrSchedule === 'plateau') expect(checkpoint.best[0].halvings).toBeGreaterThan(0);
      if (over.arch === 'single-task') expect(checkpoint.best.some((b) => b.done)).toBe(true);
    });
  }

  it('saving checkpoints does not change the run', async () => {
    const config = testConfig({ epochs: 4, weighting: 'uncertainty', dropout: 0.1 });
    const plain = await runTrainingJob({ ...table, config });
    const saving = await runTrainingJob(
      { ...table, config, checkpoints: { everyEpochs: 1, minSeconds: 0 } },
      { onCheckpoint: () => undefined },
    );
    expect(Buffer.from(saving.weights.weights).equals(Buffer.from(plain.weights.weights))).toBe(
      true,
    );
  });

  it('a CNN with augmentation, its pixels in memory or streamed', async () => {
    const images = imageJob(60);
    const config = testConfig({
      trunk: 'cnn',
      convFilters: [4],
      hiddenUnits: [8],
      epochs: 4,
      batchSize: 16,
      augmentFlip: 'horizontal',
      augmentShift: 1,
      augmentBrightness: 0.2,
    });
    const { full } = await expectResumeMatches({ ...images, config }, 2);
    const pixels = images.image!.pixels!;
    const reader: PixelReader = {
      async read(rowIds) {
        const out = new Uint8Array(rowIds.length * 300);
        rowIds.forEach((id, i) => out.set(pixels.subarray((id - 1) * 300, id * 300), i * 300));
        return out;
      },
    };
    const streamed = await expectResumeMatches(
      { ...images, image: { shape: images.image!.shape, chunkBytes: 3000 }, config },
      2,
      reader,
    );
    // Streaming reads the same batches: the same model as in memory.
    expect(
      Buffer.from(streamed.full.weights.weights).equals(Buffer.from(full.weights.weights)),
    ).toBe(true);
  });

  it('a cross-stitch CNN (tfjs step engine on wasm, conv gradients of ops/wasmConvGradients.ts)', async () => {
    const config = testConfig({
      arch: 'cross-stitch',
      trunk: 'cnn',
      convFilters: [4],
      hiddenUnits: [8],
      epochs: 4,
      batchSize: 16,
      dropout: 0.1,
    });
    const { full, checkpoint } = await expectResumeMatches({ ...imageJob(60), config }, 2);
    expect(checkpoint.stepEngine).toBe('tfjs');
    expect(full.backend).not.toMatch(/fused kernel/);
  });

  it('refuses to resume a refit with other per-task epoch counts (stopAfter, keepLast)', async () => {
    const config = testConfig({ epochs: 4 });
    const splits = splitIndices(table.assignment);
    const refit = (
      stopAfter: Record<string, number> | undefined,
      keepLast: boolean,
      resumeFrom?: Uint8Array,
      onCheckpoint?: (b: Uint8Array) => void,
    ) =>
      trainAndScore(
        { ...table, config, resumeFrom, checkpoints: { everyEpochs: 1, minSeconds: 0 } },
        config,
        splits.train,
        splits.validation,
        { onCheckpoint },
        { keepLast, stopAfter },
      );
    let bytes: Uint8Array | undefined;
    await refit({ a: 3, b: 4 }, true, undefined, (b) => void (bytes ??= b));
    expect(bytes!.byteLength).toBeGreaterThan(0);
    // The same counts in another key order: the same fingerprint, the resume is accepted and
    // finishes the refit. testConfig is hard sharing: one network stops as one group, so by
    // the refit's rule both tasks train to the longest count, 4 (keepLast: the last epoch).
    const resumed = await refit({ b: 4, a: 3 }, true, bytes);
    expect(resumed.bestEpochPerTask).toEqual({ a: 4, b: 4 });
    // Another count for task a, no counts, or the best epoch kept: refused.
    for (const [stopAfter, keepLast] of [
      [{ a: 2, b: 4 }, true],
      [undefined, true],
      [{ a: 3, b: 4 }, false],
    ] as const)
      await expect(refit(stopAfter, keepLast, bytes)).rejects.toThrow(
        /data, split, labels or configuration changed/,
      );
  });

  it('refuses a checkpoint of other data, or of the other step engine', async () => {
    const config = testConfig({ epochs: 3 });
    let bytes: Uint8Array | undefined;
    await runTrainingJob(
      { ...table, config, checkpoints: { everyEpochs: 1, minSeconds: 0 } },
      { onCheckpoint: (b) => void (bytes ??= b) },
    );
    const other = tableJob(300, 4);
    await expect(runTrainingJob({ ...other, config, resumeFrom: bytes })).rejects.toThrow(
      /data, split, labels or configuration changed/,
    );
    await expect(
      runTrainingJob({ ...table, config: { ...config, learningRate: 0.5 }, resumeFrom: bytes }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_INVALID' });
    process.env.MTL_KERNEL = 'off';
    await expect(runTrainingJob({ ...table, config, resumeFrom: bytes })).rejects.toThrow(
      /written by the fused-kernel step engine and this run trains with tfjs/,
    );
  });
});
