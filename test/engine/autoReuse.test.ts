/**
 * Auto keeps the chosen configuration's own normal run as its final model when it selects on
 * the validation split: the final model is not trained a second time, and it is exactly the
 * model a separate normal run of that configuration (same rows, same seed) gives, decision
 * offsets included. Before, the chosen configuration trained once in the search and again as
 * the final model (a new user saw a 40 s budget take 69.5 s).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { selectBackend } from '../../src/main/engine/backend';
import { trainAndScore, splitIndices, type TrainingJobInput } from '../../src/main/engine/job';
import type { RawCell } from '../../src/main/engine/preprocessing';
import { mulberry32 } from '../../src/main/engine/random';
import { trainFromSource, trainNetwork } from '../../src/main/engine/trainer';
import {
  DEFAULT_TRAIN_CONFIG,
  type AutoProgress,
  type EpochRecord,
  type SplitName,
} from '../../src/shared/domain';

// Every call of the trainer from the search (trainNetwork) and from the job (trainFromSource)
// is counted; both still train for real.
vi.mock('../../src/main/engine/trainer', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/engine/trainer')>();
  return {
    ...real,
    trainNetwork: vi.fn(real.trainNetwork),
    trainFromSource: vi.fn(real.trainFromSource),
  };
});

beforeAll(async () => {
  await selectBackend('auto');
});

beforeEach(() => {
  vi.mocked(trainNetwork).mockClear();
  vi.mocked(trainFromSource).mockClear();
});

/**
 * `n` rows: two numeric inputs, task a = x1 > 0 (10 % label noise), task b = x1 + x2 > 0
 * (every 7th row unlabelled); split 70/15/15 by row order.
 */
function job(n: number, budgetSeconds: number): TrainingJobInput {
  const r = mulberry32(21);
  const x1: RawCell[] = [];
  const x2: RawCell[] = [];
  const a: RawCell[] = [];
  const b: RawCell[] = [];
  const assignment: SplitName[] = [];
  for (let i = 0; i < n; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    x1.push(u);
    x2.push(v);
    a.push(u > 0 !== r() < 0.1 ? 'pos' : 'neg');
    b.push(i % 7 === 0 ? null : u + v > 0 ? 'yes' : 'no');
    assignment.push(i < 0.7 * n ? 'train' : i < 0.85 * n ? 'validation' : 'test');
  }
  return {
    rowIds: Array.from({ length: n }, (_, i) => i + 1),
    assignment,
    inputs: [
      { name: 'x1', type: 'numeric', values: x1 },
      { name: 'x2', type: 'numeric', values: x2 },
    ],
    targets: [
      { task: { name: 'a', classes: ['neg', 'pos'] }, type: 'categorical', values: a },
      { task: { name: 'b', classes: ['no', 'yes'] }, type: 'categorical', values: b },
    ],
    config: {
      ...DEFAULT_TRAIN_CONFIG,
      batchSize: 128,
      hiddenUnits: [8],
      epochs: 12,
      patience: 3,
      patienceSteps: 0,
    },
    auto: { budgetSeconds, seed: 4 },
  };
}

/** Epoch records without their wall-clock seconds. */
const untimed = (epochs: EpochRecord[]) => epochs.map((e) => ({ ...e, seconds: 0 }));

describe("Auto's final model on the validation split", () => {
  it('is the chosen normal run itself: not trained again, identical to a separate run', async () => {
    // 3 000 rows: 2 550 non-test rows, all labelled for task a (≥ 2 000: validation selection).
    const input = job(3000, 3);
    const finals: AutoProgress[] = [];
    const result = await runAutoJob(input, {
      onAutoProgress: (p) => (p.phase === 'final' ? finals.push(p) : undefined),
    });
    const search = result.search!;
    // The 'final' event says the chosen run is kept (nothing trains after the search).
    expect(finals).toMatchObject([{ chosenTrial: search.chosenTrial, kept: true }]);
    expect(search.selection).toBe('validation');
    // No refit on the validation selection: the kept run is the final model.
    expect(finals[0].refitEpochs).toBeUndefined();
    expect(search.final!.refitEpochs).toBeUndefined();
    // One trainer call per trial (one pair: the validation split) and none for the final model.
    expect(vi.mocked(trainNetwork).mock.calls.length).toBe(search.trials.length);
    expect(vi.mocked(trainFromSource).mock.calls.length).toBe(0);
    const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
    expect(chosen.full).toBe(true);
    // The final model's validation score is the chosen trial's, exactly (same network).
    expect(search.final!.score).toBe(chosen.score);
    expect(search.final!.perTask).toEqual(chosen.perTask);
    expect(search.final!.kept).toBe(true);

    // The independent source: a separate normal run of the chosen configuration on the same
    // split, trained from scratch (one trainer call), with the same decision offsets. A run
    // stopped at the budget's end (a loaded machine) is a run capped at its epochs.
    const { train, validation } = splitIndices(input.assignment);
    const separate = await trainAndScore(
      input,
      chosen.stoppedForTime ? { ...search.chosen, epochs: result.epochs.length } : search.chosen,
      train,
      validation,
      {},
      {
        decisionBiases: true,
      },
    );
    expect(vi.mocked(trainFromSource).mock.calls.length).toBe(1);
    // Same epochs (every validation score and loss of every epoch), same kept epoch(s).
    expect(untimed(result.epochs)).toEqual(untimed(separate.epochs));
    expect(result.bestEpoch).toBe(separate.bestEpoch);
    expect(result.bestEpochPerTask).toEqual(separate.bestEpochPerTask);
    // Same model: same weights (offsets folded in), same preprocessing, same test scores.
    expect(result.preprocessing).toEqual(separate.preprocessing);
    expect(result.weights.weightSpecs).toEqual(separate.weights.weightSpecs);
    expect(Buffer.from(result.weights.weights).equals(Buffer.from(separate.weights.weights))).toBe(
      true,
    );
    expect(result.results).toEqual(separate.results);
  });

  it('reports the kept run’s epochs through onEpoch, as a run trained there would', async () => {
    const input = job(3000, 1e-6);
    const seen: EpochRecord[] = [];
    let searched = false;
    const result = await runAutoJob(input, {
      onEpoch: (record) => {
        // Only after the search: the search's own runs do not report epochs.
        expect(searched).toBe(true);
        seen.push(record);
      },
      onSearchDone: () => (searched = true),
    });
    // A budget spent by the first default: it is the only trial, chosen, and kept.
    expect(result.search!.trials.length).toBe(1);
    expect(vi.mocked(trainFromSource).mock.calls.length).toBe(0);
    expect(seen).toEqual(result.epochs);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('disposes the kept network when the final progress event throws', async () => {
    const input = job(3000, 1e-6);
    // A first run settles what the backend itself holds (tf's own scalars).
    await runAutoJob(input);
    const before = tf.memory().numTensors;
    let searched = false;
    await expect(
      runAutoJob(input, {
        onSearchDone: () => (searched = true),
        onAutoProgress: (p) => {
          if (p.phase === 'final') throw new Error('progress failed');
        },
      }),
    ).rejects.toThrow('progress failed');
    expect(searched).toBe(true);
    // The chosen run's network was kept (validation selection) and then disposed: no
    // tensor of it is left.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours a cancel that arrives while the kept run is replayed and scored', async () => {
    const input = job(3000, 1e-6);
    await runAutoJob(input);
    const before = tf.memory().numTensors;
    // At the first replayed epoch (mid-replay), then at the last (the offsets and the test
    // rows are still to come): both end the run cancelled, nothing trained, nothing leaked.
    for (const at of ['first', 'last'] as const) {
      vi.mocked(trainFromSource).mockClear();
      const controller = new AbortController();
      let epochs = 0;
      let replayed = 0;
      await expect(
        runAutoJob(input, {
          signal: controller.signal,
          onSearchDone: (search) => {
            const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
            epochs = chosen.epochs;
          },
          onEpoch: () => {
            replayed++;
            if (at === 'first' || replayed === epochs) controller.abort();
          },
        }),
      ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
      expect(replayed).toBe(at === 'first' ? 1 : epochs);
      expect(vi.mocked(trainFromSource).mock.calls.length).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('says when the kept run stopped at the budget', async () => {
    const input = job(3000, 1e-6);
    const actual = await vi.importActual<typeof import('../../src/main/engine/trainer')>(
      '../../src/main/engine/trainer',
    );
    // The first default (the only trial of a spent budget, chosen and kept) given a deadline
    // already past: the trainer stops it after its first epoch, as Auto's budget would.
    vi.mocked(trainNetwork).mockImplementationOnce((data, options) =>
      actual.trainNetwork(data, { ...options, deadline: 0, now: () => 1 }),
    );
    const result = await runAutoJob(input);
    const search = result.search!;
    expect(search.trials.length).toBe(1);
    expect(search.trials[0].stoppedForTime).toBe(true);
    expect(search.final!.kept).toBe(true);
    expect(search.final!.stoppedForTime).toBe(true);
    // One epoch of a 12-epoch cap: the stored configuration's cap is not what it trained.
    expect(result.epochs.length).toBe(1);
    expect(search.chosen.epochs).toBe(12);
    // Not cut short: no flag (the default run of the first test's kind).
    const plain = (await runAutoJob(input)).search!;
    expect(plain.final!.kept).toBe(true);
    expect(plain.final!.stoppedForTime).toBeUndefined();
  });

  it('trains the final model anew with inner folds (a small table)', async () => {
    // 600 rows: 510 non-test rows < 2 000, so the search scores on 3 inner folds and the
    // final model (the split's training rows) is none of its networks.
    const input = job(600, 1e-6);
    const finals: AutoProgress[] = [];
    const result = await runAutoJob(input, {
      onAutoProgress: (p) => (p.phase === 'final' ? finals.push(p) : undefined),
    });
    expect(finals.length).toBe(1);
    expect(finals[0].kept).toBeUndefined();
    expect(result.search!.selection).toBe('inner-folds');
    expect(result.search!.final!.kept).toBeUndefined();
    // The first default on 3 inner folds, then the final model.
    expect(vi.mocked(trainNetwork).mock.calls.length).toBe(3);
    expect(vi.mocked(trainFromSource).mock.calls.length).toBe(1);
  });
});
