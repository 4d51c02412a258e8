/**
 * Auto's first default on images is capped so that it ends within the budget
 * (engine/autoSpace.ts firstDefaultEpochCap, engine/autoSelect.ts): the rule on hand-computed
 * numbers, the trainer's `epochCap`, and a search on images whose clock is a fake one moved
 * by a fixed charge per epoch. No wall-clock assertion.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { firstDefaultEpochCap } from '../../src/main/engine/autoSpace';
import { selectBackend } from '../../src/main/engine/backend';
import type { TrainingJobInput } from '../../src/main/engine/job';
import { trainNetwork, type TrainOptions } from '../../src/main/engine/trainer';
import {
  DEFAULT_TRAIN_CONFIG,
  type AutoProgress,
  type SplitName,
  type TrainConfig,
} from '../../src/shared/domain';

/** Per epoch of every run, `chargeMs` is added to the fake clock before `onEpoch` sees it. */
let chargeMs = 0;
let fake = 0;

vi.mock('../../src/main/engine/trainer', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/engine/trainer')>();
  return {
    ...real,
    trainNetwork: vi.fn((data: Parameters<typeof real.trainNetwork>[0], options: TrainOptions) =>
      real.trainNetwork(data, {
        ...options,
        onEpoch: async (record) => {
          fake += chargeMs;
          await options.onEpoch?.(record);
        },
      }),
    ),
  };
});

beforeAll(async () => {
  await selectBackend('auto');
});

beforeEach(() => {
  vi.mocked(trainNetwork).mockClear();
  chargeMs = 0;
  fake = 0;
});

describe('firstDefaultEpochCap', () => {
  it('caps the epochs per fold so that start-up + folds × E × t stays within the budget', () => {
    // By hand: start-up 2.5 − 2 = 0.5 s; uncapped 0.5 + 3 × 30 × 2 = 180.5 s > 60 s;
    // E = ⌊(60 − 0.5) / (3 × 2)⌋ = ⌊9.92⌋ = 9 (0.5 + 54 = 54.5 ≤ 60; 10 would be 60.5).
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 60,
        elapsedSeconds: 2.5,
        epochSeconds: 2,
        folds: 3,
        epochCap: 30,
      }),
    ).toEqual({ epochs: 9, uncappedSeconds: 180.5 });
    // The brief's case: 15 s budget, 5 s a fold's epoch (150 s for 30 × 3), 1 s start-up:
    // uncapped 1 + 450 = 451 s; ⌊14 / 15⌋ = 0, so the floor, one epoch per fold.
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 15,
        elapsedSeconds: 6,
        epochSeconds: 5,
        folds: 3,
        epochCap: 30,
      }),
    ).toEqual({ epochs: 1, uncappedSeconds: 451 });
    // An exact fit (start-up 0, 1 fold, 2 s an epoch, 20 s budget): ⌊20 / 2⌋ = 10 epochs.
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 20,
        elapsedSeconds: 2,
        epochSeconds: 2,
        folds: 1,
        epochCap: 30,
      }),
    ).toEqual({ epochs: 10, uncappedSeconds: 60 });
  });

  it('re-reads the cap at a later epoch of the first fold from that epoch’s own time (warm-up left out)', () => {
    // By hand: after epoch 2, elapsed 3 s, epoch 2 took 0.5 s (epoch 1, with warm-up, 2.5 s):
    // s = 3 − 2 × 0.5 = 2 s; uncapped 2 + 3 × 500 × 0.5 = 752 s; E = ⌊(15 − 2) / 1.5⌋ = 8
    // (2 + 12 = 14 ≤ 15; 9 would be 15.5). From epoch 1 alone (ended at 2.5 s: t = 2.5 s,
    // s = 0) it was ⌊15 / 7.5⌋ = 2, uncapped 3 × 500 × 2.5 = 3 750 s.
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 15,
        elapsedSeconds: 3,
        epochSeconds: 0.5,
        epochsDone: 2,
        folds: 3,
        epochCap: 500,
      }),
    ).toEqual({ epochs: 8, uncappedSeconds: 752 });
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 15,
        elapsedSeconds: 2.5,
        epochSeconds: 2.5,
        folds: 3,
        epochCap: 500,
      }),
    ).toEqual({ epochs: 2, uncappedSeconds: 3750 });
  });

  it('leaves a run that fits (or whose cap would be the epoch cap) uncapped', () => {
    // 0.5 + 3 × 30 × 0.1 = 9.5 s ≤ 10 s.
    expect(
      firstDefaultEpochCap({
        budgetSeconds: 10,
        elapsedSeconds: 0.6,
        epochSeconds: 0.1,
        folds: 3,
        epochCap: 30,
      }),
    ).toBeNull();
  });
});

describe('the trainer’s epochCap', () => {
  it('ends the run after the cap read at each epoch end, without stoppedForTime', async () => {
    // 8 rows, one feature that is the class: 10 epochs asked, the cap lowered to 3 after
    // the first epoch.
    const features = Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const labels = [Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1])];
    let cap = 10;
    const outcome = await trainNetwork(
      {
        features,
        numFeatures: 1,
        labels,
        train: Int32Array.from([0, 1, 4, 5]),
        validation: Int32Array.from([2, 3, 6, 7]),
      },
      {
        tasks: [{ name: 'y', classes: ['a', 'b'] }],
        config: { ...DEFAULT_TRAIN_CONFIG, epochs: 10, patience: 0, batchSize: 4 },
        epochCap: () => cap,
        onEpoch: () => {
          cap = 3;
        },
      },
    );
    outcome.network.dispose();
    expect(outcome.epochs.length).toBe(3);
    expect(outcome.stoppedForTime).toBeUndefined();
  });
});

describe('Auto’s first default on images', () => {
  it('is capped after its first epoch so that it ends within the budget; the refit follows the capped folds', async () => {
    // 48 grey 4×4 images (as test/engine/autoImages.test.ts): shade = dark or light.
    const n = 48;
    const size = 16;
    const pixels = new Uint8Array(n * size);
    const shade: string[] = [];
    const assignment: SplitName[] = [];
    for (let i = 0; i < n; i++) {
      const dark = i % 2 === 0;
      pixels.fill(dark ? i >> 1 : 232 + (i >> 1), i * size, (i + 1) * size);
      shade.push(dark ? 'dark' : 'light');
      assignment.push(i < 30 ? 'train' : i < 39 ? 'validation' : 'test');
    }
    const config: TrainConfig = {
      ...DEFAULT_TRAIN_CONFIG,
      trunk: 'cnn',
      convFilters: [2],
      convKernel: 3,
      hiddenUnits: [8],
      batchSize: 8,
      epochs: 6,
      patience: 0,
    };
    const input: TrainingJobInput = {
      rowIds: Array.from({ length: n }, (_, i) => i + 1),
      assignment,
      inputs: [],
      image: { pixels, shape: { height: 4, width: 4, channels: 1 } },
      targets: [
        { task: { name: 'shade', classes: ['dark', 'light'] }, type: 'categorical', values: shade },
      ],
      config,
      auto: { budgetSeconds: 10, seed: 3 },
    };
    // Every epoch costs 1 s on the fake clock, nothing else does. By hand: 39 non-test rows,
    // 3 inner folds; after the first epoch elapsed = t = 1 s (start-up 0), uncapped
    // 3 × 6 × 1 = 18 s > 10 s, so E = ⌊10 / 3⌋ = 3 epochs per fold: 9 s in all.
    chargeMs = 1000;
    const progress: AutoProgress[] = [];
    const result = await runAutoJob(input, {
      now: () => fake,
      onAutoProgress: (p) => progress.push(p),
    });
    const search = result.search!;
    const first = search.trials[0];
    expect(first.full).toBe(true);
    expect(first.epochsCapped).toBe(3);
    expect(first.uncappedSeconds).toBe(18);
    expect(first.config.epochs).toBe(3);
    expect(first.epochs).toBe(3);
    expect(first.seconds).toBe(9);
    expect(first.stoppedForTime).toBeUndefined();
    // Said once, as soon as it was capped (before the first default's trial is recorded).
    const said = progress.filter((p) => p.firstDefaultCapped);
    expect(said).toHaveLength(1);
    expect(said[0].firstDefaultCapped).toEqual({ epochsCapped: 3, uncappedSeconds: 18 });
    expect(said[0].trialsDone).toBe(0);
    // Nothing else fit: 9 s spent + the first default's 9 s again > 10 s.
    expect(search.trials).toHaveLength(1);
    // The refit (39 labelled rows < 500) trains the capped run's restored epoch: at most 3.
    expect(search.final?.refitEpochs).toBeGreaterThanOrEqual(1);
    expect(search.final?.refitEpochs).toBeLessThanOrEqual(3);
    expect(search.final?.epochs).toBeLessThanOrEqual(3);
  }, 240_000);
});
