/**
 * Auto keeps to its budget: the trainer stops at a deadline like early stopping (best weights
 * restored, the outcome says so), the search's runs like a normal run get the budget's end as
 * their deadline, a trial whose size-scaled estimate does not fit is skipped, a pause is
 * honoured and not charged to the budget, and no network leaks when a progress callback
 * throws. No wall-clock assertion: the budget's clock is injected (a fake one that moves only
 * where a test moves it, e.g. by a charge per epoch).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchConfiguration, type SearchData } from '../../src/main/engine/autoSelect';
import {
  EPOCH_OVERHEAD_PARAMETERS,
  configurationSize,
  configurationWork,
  drawConfiguration,
  estimateSeconds,
} from '../../src/main/engine/autoSpace';
import { selectBackend } from '../../src/main/engine/backend';
import { PauseControl } from '../../src/main/engine/pause';
import { deriveSeed, mulberry32 } from '../../src/main/engine/random';
import { trainNetwork, type TrainOptions } from '../../src/main/engine/trainer';
import {
  AUTO_DEADLINE_GRACE,
  DEFAULT_TRAIN_CONFIG,
  type AutoProgress,
  type TrainConfig,
} from '../../src/shared/domain';

/** Per epoch of every run, `charge(options)` milliseconds are added to the fake clock. */
let charge: (options: TrainOptions, epoch: number) => number = () => 0;
let fake = 0;
const now = () => fake;

vi.mock('../../src/main/engine/trainer', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/main/engine/trainer')>();
  return {
    ...real,
    trainNetwork: vi.fn((data: Parameters<typeof real.trainNetwork>[0], options: TrainOptions) =>
      real.trainNetwork(data, {
        ...options,
        onEpoch: async (record) => {
          fake += charge(options, record.epoch);
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
  charge = () => 0;
  fake = 0;
});

const tasks = [
  { name: 'a', classes: ['0', '1'] },
  { name: 'b', classes: ['0', '1'] },
];

/** `m` rows, two inputs, a = x1 > 0 (10 % noise), b = x1 + x2 > 0; 70 % training rows. */
function data(m: number, seed: number): SearchData {
  const r = mulberry32(seed);
  const features = new Float32Array(m * 2);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    features[2 * i] = u;
    features[2 * i + 1] = v;
    a[i] = u > 0 !== r() < 0.1 ? 1 : 0;
    b[i] = u + v > 0 ? 1 : 0;
  }
  const cut = Math.round(0.7 * m);
  return {
    features,
    numFeatures: 2,
    labels: [a, b],
    train: Int32Array.from({ length: cut }, (_, i) => i),
    validation: Int32Array.from({ length: m - cut }, (_, i) => cut + i),
  };
}

const weightsOf = (network: { weights: { variable: tf.Variable }[] }) =>
  network.weights.map((w) => Array.from(w.variable.dataSync()));

describe('the trainer’s deadline', () => {
  for (const arch of ['hard-sharing', 'single-task'] as const) {
    it(`stops ${arch} at the deadline with the best weights restored, as a run capped there`, async () => {
      const d = data(400, 3);
      const config: TrainConfig = {
        ...DEFAULT_TRAIN_CONFIG,
        arch,
        hiddenUnits: [8],
        batchSize: 32,
        epochs: 40,
        learningRate: 0.05,
        patience: 40,
        patienceSteps: 0,
      };
      // The clock is the number of epochs finished: past the deadline after epoch 6.
      let epochsDone = 0;
      const stopped = await trainNetwork(d, {
        tasks,
        config,
        deadline: 6,
        now: () => epochsDone,
        onEpoch: () => void epochsDone++,
      });
      // Independent: the same run with its epoch cap at 6 (the schedule does not depend on the
      // cap, engine/schedule.ts), which restores each group's best of those 6 epochs.
      const capped = await trainNetwork(d, { tasks, config: { ...config, epochs: 6 } });
      try {
        expect(stopped.epochs.length).toBe(6);
        expect(stopped.stoppedForTime).toBe(true);
        expect(capped.stoppedForTime).toBeUndefined();
        expect(stopped.bestEpochPerTask).toEqual(capped.bestEpochPerTask);
        expect(weightsOf(stopped.network)).toEqual(weightsOf(capped.network));
        // The best epoch by the records (mean validation macro-F1 of the group's tasks; the
        // first of equal ones, as early stopping keeps it; ties by loss are not reached here).
        for (const task of arch === 'single-task' ? ['a', 'b'] : [null]) {
          const score = (e: (typeof stopped.epochs)[number]) =>
            task ? e.tasks[task].valMacroF1 : (e.tasks.a.valMacroF1 + e.tasks.b.valMacroF1) / 2;
          const best = stopped.epochs.reduce((x, y) => (score(y) > score(x) ? y : x));
          expect(stopped.bestEpochPerTask[task ?? 'a']).toBe(best.epoch);
        }
      } finally {
        stopped.network.dispose();
        capped.network.dispose();
      }
    });
  }

  it("stops each network after its own epoch with stopAfter (Auto's refit), its last weights kept", async () => {
    const config: TrainConfig = {
      ...DEFAULT_TRAIN_CONFIG,
      hiddenUnits: [8],
      batchSize: 32,
      epochs: 7,
      patience: 0,
      patienceSteps: 0,
      lrSchedule: 'none',
    };
    const stopAfter = { a: 3, b: 7 };
    // Single-task: one network per task, each stops at its own epoch.
    const single = await trainNetwork(data(200, 5), {
      tasks,
      config: { ...config, arch: 'single-task' },
      keepLast: true,
      stopAfter,
    });
    // Hard sharing: one network, so it trains until every task reached its epoch.
    const shared = await trainNetwork(data(200, 5), {
      tasks,
      config: { ...config, arch: 'hard-sharing' },
      keepLast: true,
      stopAfter,
    });
    single.network.dispose();
    shared.network.dispose();
    expect(single.epochs.length).toBe(7);
    expect(single.bestEpochPerTask).toEqual(stopAfter);
    expect(single.epochs[2].stoppedTasks?.a?.bestEpoch).toBe(3);
    // Task a's network no longer trains after epoch 3: the later records leave it out, as
    // for a network that early stopping stopped; b's goes on.
    expect(Number.isFinite(single.epochs[2].tasks.a?.trainLoss)).toBe(true);
    for (const e of single.epochs.slice(3)) {
      expect(e.tasks.a).toBeUndefined();
      // b's network still trains: a finite loss and a macro-F1 in [0, 1] every epoch.
      expect(Number.isFinite(e.tasks.b?.trainLoss)).toBe(true);
      expect(e.tasks.b?.valMacroF1).toBeGreaterThanOrEqual(0);
      expect(e.tasks.b?.valMacroF1).toBeLessThanOrEqual(1);
    }
    expect(shared.epochs.length).toBe(7);
    expect(shared.bestEpochPerTask).toEqual({ a: 7, b: 7 });
  });

  it('trains one epoch when the deadline has already passed', async () => {
    const outcome = await trainNetwork(data(200, 4), {
      tasks,
      config: { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 30 },
      deadline: 0,
      now: () => 1,
    });
    outcome.network.dispose();
    expect(outcome.epochs.length).toBe(1);
    expect(outcome.bestEpoch).toBe(1);
    expect(outcome.stoppedForTime).toBe(true);
  });
});

describe("Auto's budget", () => {
  it('counts parameters and scales its estimates by them (by hand)', () => {
    const base = { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8] };
    // Hard sharing on 2 inputs: trunk 2·8 + 8 = 24, two heads of 8·2 + 2 = 18: 60.
    expect(configurationSize({ ...base, arch: 'hard-sharing' }, 2, tasks)).toBe(60);
    // Single-task: two networks of 24 + 18 = 42: 84.
    expect(configurationSize({ ...base, arch: 'single-task' }, 2, tasks)).toBe(84);
    const O = EPOCH_OVERHEAD_PARAMETERS;
    const costs = [
      { secondsPerEpoch: 2, work: 1000, arch: 'hard-sharing' as const },
      { secondsPerEpoch: 10, work: 1000, arch: 'mmoe' as const },
    ];
    // Same architecture: 2 s per (1000 + O) → 3 epochs of (5000 + O).
    expect(estimateSeconds(costs, 'hard-sharing', 5000, 3)).toBeCloseTo(
      (2 / (1000 + O)) * (5000 + O) * 3,
      12,
    );
    // No run of PLE yet: the most cautious rate of any, MMoE's.
    expect(estimateSeconds(costs, 'ple', 5000, 3)).toBeCloseTo(
      (10 / (1000 + O)) * (5000 + O) * 3,
      12,
    );
    expect(estimateSeconds([], 'ple', 5000, 3)).toBe(0);
  });

  it("counts a CNN's work by its convolutions' multiply-adds, not its parameters (by hand)", () => {
    const image = { height: 8, width: 8, channels: 1 };
    const cnn = {
      ...DEFAULT_TRAIN_CONFIG,
      arch: 'hard-sharing' as const,
      trunk: 'cnn' as const,
      convFilters: [2, 3],
      convKernel: 3,
      hiddenUnits: [4],
      headUnits: 0,
    };
    // By hand: block 0 kernel 3·3·1·2 = 18 (+2 bias) on 8×8 positions; pooled to 4×4×2;
    // block 1 kernel 3·3·2·3 = 54 (+3 bias) on 4×4 positions; pooled to 2×2×3 = 12 features;
    // dense 12·4 + 4 = 52; two heads of 4·2 + 2 = 10 each.
    expect(configurationSize(cnn, 64, tasks, image)).toBe(18 + 2 + 54 + 3 + 52 + 20);
    expect(configurationWork(cnn, 64, tasks, image)).toBe(18 * 64 + 2 + 54 * 16 + 3 + 52 + 20);
    // A wider dense head adds its parameters only: [16] → dense 12·16 + 16 = 208, heads
    // 2 · (16·2 + 2) = 68.
    const wide = { ...cnn, hiddenUnits: [16] };
    expect(configurationWork(wide, 64, tasks, image)).toBe(18 * 64 + 2 + 54 * 16 + 3 + 208 + 68);
    // A table: work is the parameter count (60, as counted above).
    const table = { ...DEFAULT_TRAIN_CONFIG, arch: 'hard-sharing' as const, hiddenUnits: [8] };
    expect(configurationWork(table, 2, tasks)).toBe(60);
    // The estimate of the wide head from a measured run of the narrow one: 0.5 s an epoch for
    // work 2093 (+ the overhead O) → 2 epochs of work 2297: 0.5 / (2093 + O) · (2297 + O) · 2.
    const O = EPOCH_OVERHEAD_PARAMETERS;
    expect(
      estimateSeconds(
        [{ secondsPerEpoch: 0.5, work: 2093, arch: 'hard-sharing' }],
        'hard-sharing',
        2297,
        2,
      ),
    ).toBeCloseTo((0.5 / (2093 + O)) * (2297 + O) * 2, 12);
  });

  it('skips a trial whose size-scaled estimate does not fit, and tries the smaller ones after it', async () => {
    // Every epoch costs 1 ms per parameter-plus-overhead on the fake clock, so the estimates
    // are exact: a trial fits when its own cost does.
    charge = (options) => configurationSize(options.config, 2, tasks) + EPOCH_OVERHEAD_PARAMETERS;
    const events: AutoProgress[] = [];
    const base = { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, hiddenUnits: [8], epochs: 6 };
    const budgetSeconds = 200;
    const search = await searchConfiguration(data(60, 11), {
      tasks,
      base,
      budgetSeconds,
      seed: 3,
      maxSweeps: 1,
      now,
      onAutoProgress: (p) => events.push(p),
    });
    // The first rung's 9 configurations, drawn as the search draws them (seeded).
    const random = mulberry32(deriveSeed(3, 'auto search'));
    const drawn = Array.from({ length: 9 }, () => drawConfiguration(random, base, 2));
    const key = (c: TrainConfig) => JSON.stringify(c);
    const trained = new Set(search.trials.filter((t) => !t.full).map((t) => key(t.config)));
    const firstRung = drawn.map((c) => trained.has(key(c)));
    const skipped = firstRung.indexOf(false);
    // One was skipped and a later one still trained (before, the first misfit ended the search).
    expect(skipped).toBeGreaterThanOrEqual(0);
    expect(firstRung.slice(skipped + 1)).toContain(true);
    // Estimates are exact here, so no search trial ran into the time kept back for the
    // finalist (at least the costliest default's time): each ended by the budget less it.
    const keptBack = Math.max(
      ...search.trials
        .filter((t) => t.full)
        .slice(0, 2)
        .map((t) => t.seconds),
    );
    const searchTrials = events.filter((e) => e.trial && !e.trial.full);
    expect(searchTrials.length).toBeGreaterThan(0);
    for (const e of searchTrials)
      expect(e.elapsedSeconds + keptBack).toBeLessThanOrEqual(budgetSeconds + 1e-9);
  });

  it('keeps back at most 40 % of the budget for the finalist, so the search goes on', async () => {
    // Exact estimates again (1 ms per parameter-plus-overhead an epoch on the fake clock):
    // the finalist-so-far's whole early-stopping run would not fit the budget's 40 %, which
    // is kept back instead of it.
    charge = (options) => configurationSize(options.config, 2, tasks) + EPOCH_OVERHEAD_PARAMETERS;
    const events: AutoProgress[] = [];
    const base = {
      ...DEFAULT_TRAIN_CONFIG,
      batchSize: 32,
      hiddenUnits: [8],
      epochs: 30,
      patience: 20,
      patienceSteps: 0,
    };
    const budgetSeconds = 6000;
    const search = await searchConfiguration(data(60, 11), {
      tasks,
      base,
      budgetSeconds,
      seed: 3,
      maxSweeps: 1,
      maxEpochs: 9,
      now,
      onAutoProgress: (p) => events.push(p),
    });
    const defaults = search.trials.filter((t) => t.full).slice(0, 2);
    const ended = (id: number) => events.find((e) => e.trial?.id === id)!.elapsedSeconds;
    // Each search trial's start (the fake clock moves only in epochs) and the finalist so far
    // then (the best-scored of the longest trials before it).
    const searched = search.trials.filter((t) => !t.full);
    const rows = searched.map((t) => {
      const before = searched.filter((s) => s.id < t.id);
      const top = Math.max(...before.map((s) => s.epochs));
      const leader = before
        .filter((s) => s.epochs === top)
        .reduce<(typeof before)[number] | null>((a, b) => (a && a.score >= b.score ? a : b), null);
      return { start: ended(t.id) - t.seconds, end: ended(t.id), leader };
    });
    // By hand: per second per epoch of the leader, the old reserve kept back the defaults'
    // mean epochs run; the new one best epoch + patience 20 (at most the cap 30), at most
    // 0.4 × 6 000 = 2 400 s.
    const meanRun = (defaults[0].epochs + defaults[1].epochs) / 2;
    const expected =
      (Math.min(30, defaults[0].bestEpoch + 20) + Math.min(30, defaults[1].bestEpoch + 20)) / 2;
    const defaultSeconds = Math.max(defaults[0].seconds, defaults[1].seconds);
    const perEpoch = (t: (typeof searched)[number] | null) => (t ? t.seconds / t.epochs : 0);
    const oldReserve = (r: (typeof rows)[number]) =>
      Math.max(defaultSeconds, perEpoch(r.leader) * meanRun);
    const newReserve = (r: (typeof rows)[number]) =>
      Math.min(0.4 * budgetSeconds, Math.max(defaultSeconds, perEpoch(r.leader) * expected));
    // Every search trial fit with the new reserve kept back (exact estimates) …
    for (const r of rows) expect(r.end + newReserve(r)).toBeLessThanOrEqual(budgetSeconds + 1e-9);
    // … and some would not have with the old one: the search ran longer than it could before
    // (here the 4th search trial: a leader of 1 232 s for 3 epochs × 30 expected epochs kept
    // 12 320 s of the 6 000 s back before, 2 400 s now; it started at 1 859.6 s).
    expect(rows.some((r) => r.end + oldReserve(r) > budgetSeconds)).toBe(true);
    expect(rows.some((r) => perEpoch(r.leader) * expected > 0.4 * budgetSeconds)).toBe(true);
  });

  it("stops the finalist at the budget's end, best weights kept, and says so", async () => {
    let phase = '';
    // The fake clock jumps past the budget as the finalist's 5th epoch ends.
    charge = (_options, epoch) => (phase === 'finalist' && epoch === 5 ? 2e6 : 0);
    const base = {
      ...DEFAULT_TRAIN_CONFIG,
      batchSize: 128,
      hiddenUnits: [8],
      epochs: 30,
      patience: 30,
      patienceSteps: 0,
    };
    const d = data(2400, 12); // 2 400 labelled non-test rows: the validation split selects
    const search = await searchConfiguration(d, {
      tasks,
      base,
      budgetSeconds: 1000,
      seed: 5,
      maxSweeps: 1,
      maxEpochs: 3,
      now,
      onAutoProgress: (p) => (phase = p.phase),
    });
    const finalist = search.trials[search.trials.length - 1];
    expect(finalist.full).toBe(true);
    expect(finalist.stoppedForTime).toBe(true);
    expect(finalist.epochs).toBe(5);
    expect(search.trials.filter((t) => t.stoppedForTime)).toEqual([finalist]);
    // The clock is honest: 2 000 s of a 1 000 s budget (the deadline is 1 050 s).
    expect(search.seconds).toBe(2000);
    expect(1000 * (1 + AUTO_DEADLINE_GRACE)).toBe(1050);
    // Independent: the finalist's configuration as a plain run capped at 5 epochs keeps the
    // same best epoch(s), and the trial's score is that run's validation macro-F1 there.
    phase = '';
    const capped = await trainNetwork(d, { tasks, config: { ...finalist.config, epochs: 5 } });
    capped.network.dispose();
    expect(finalist.bestEpoch).toBe(capped.bestEpoch);
    for (const t of ['a', 'b'])
      expect(finalist.perTask[t]).toBe(
        capped.epochs[capped.bestEpochPerTask[t] - 1].tasks[t].valMacroF1,
      );
  });

  it('honours a pause during the search and does not charge it to the budget', async () => {
    const control = new PauseControl();
    const real = control.whilePaused.bind(control);
    let waits = 0;
    // The trainer waits here: 500 s pass on the fake clock, then the pause ends.
    control.whilePaused = (signal?: AbortSignal) => {
      waits++;
      fake += 500_000;
      setImmediate(() => control.resume());
      return real(signal);
    };
    const events: { progress: AutoProgress; paused: boolean }[] = [];
    const search = await searchConfiguration(data(60, 13), {
      tasks,
      base: { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, hiddenUnits: [8], epochs: 4 },
      budgetSeconds: 100,
      seed: 3,
      maxSweeps: 1,
      pause: control,
      now,
      onAutoProgress: (p) => {
        events.push({ progress: p, paused: control.isPaused });
        if (p.phase === 'search' && !p.trial) control.pause();
      },
    });
    // Every trial and run got the job's pause; the first search trial waited in it.
    for (const call of vi.mocked(trainNetwork).mock.calls) expect(call[1].pause).toBe(control);
    expect(waits).toBe(1);
    expect(events.filter((e) => e.paused && e.progress.trial)).toEqual([]);
    expect(search.trials.some((t) => !t.full)).toBe(true);
    // The fake clock moved only while paused: the budget's clock says 0 s throughout.
    expect(fake).toBe(500_000);
    expect(search.seconds).toBe(0);
    expect(events.every((e) => e.progress.elapsedSeconds === 0)).toBe(true);
  });

  it('leaks no network when the progress callback throws', async () => {
    const base = {
      ...DEFAULT_TRAIN_CONFIG,
      batchSize: 128,
      hiddenUnits: [8],
      epochs: 3,
    };
    const d = data(2400, 14); // the validation split: runs like a normal run are held
    for (const throwAt of [1, 2]) {
      const before = tf.memory().numTensors;
      let kept = 0;
      await expect(
        searchConfiguration(d, {
          tasks,
          base,
          budgetSeconds: 1000,
          seed: 5,
          maxSweeps: 1,
          maxEpochs: 3,
          now,
          keepChosen: () => kept++,
          onAutoProgress: (p) => {
            if (p.trial?.id === throwAt) throw new Error('progress failed');
          },
        }),
      ).rejects.toThrow('progress failed');
      expect(kept).toBe(0);
      // Trial 1 (the first default) was held as the best so far when trial 2 reported.
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
