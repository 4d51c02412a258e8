/**
 * "End search now" pressed while the run is paused (engine/autoSelect.ts SearchOptions.end,
 * engine/trainer.ts TrainOptions.stopWhilePaused): the search ends without a resume — the
 * run in flight stops where it is paused, its best finished epoch kept — and the final model
 * (engine/autoJob.ts) trains only once the user resumes. No timing: the pause, the request
 * and the resume happen at points the job itself reports (an epoch's end, a progress event),
 * and a search that still waited for the resume would never reach the 'final' event that
 * resumes it (the test would hang, and fail on vitest's timeout).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoEndControl } from '../../src/main/engine/autoEnd';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { selectBackend } from '../../src/main/engine/backend';
import { PauseControl } from '../../src/main/engine/pause';
import { mulberry32 } from '../../src/main/engine/random';
import { trainNetwork } from '../../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type AutoProgress, type TrainConfig } from '../../src/shared/domain';
import { job } from './autoJobFixture';

beforeAll(async () => {
  await selectBackend('auto');
});

const tasks = [
  { name: 'a', classes: ['0', '1'] },
  { name: 'b', classes: ['0', '1'] },
];

/** 300 rows, two inputs, a = x1 > 0, b = x1 + x2 > 0; 70 % training rows. */
function data() {
  const r = mulberry32(11);
  const m = 300;
  const features = new Float32Array(m * 2);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    features[2 * i] = u;
    features[2 * i + 1] = v;
    a[i] = u > 0 ? 1 : 0;
    b[i] = u + v > 0 ? 1 : 0;
  }
  const cut = 210;
  return {
    features,
    numFeatures: 2,
    labels: [a, b],
    train: Int32Array.from({ length: cut }, (_, i) => i),
    validation: Int32Array.from({ length: m - cut }, (_, i) => cut + i),
  };
}

const config: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  arch: 'hard-sharing',
  hiddenUnits: [8],
  batchSize: 32,
  epochs: 12,
  learningRate: 0.05,
  patience: 12,
  patienceSteps: 0,
};

const weightsOf = (network: { weights: { variable: tf.Variable }[] }) =>
  network.weights.map((w) => Array.from(w.variable.dataSync()));

describe('the trainer’s stopWhilePaused', () => {
  it('paused and stopped after epoch 4: stops there, as a run capped at 4 epochs', async () => {
    const pause = new PauseControl();
    const stop = new AbortController();
    const stopped = await trainNetwork(data(), {
      tasks,
      config,
      pause,
      stopWhilePaused: stop.signal,
      onEpoch: (record) => {
        if (record.epoch === 4) {
          pause.pause();
          stop.abort();
        }
      },
    });
    // Independent: the same run with its epoch cap at 4 (the schedule does not depend on the
    // cap, engine/schedule.ts), which restores each group's best of those 4 epochs.
    const capped = await trainNetwork(data(), { tasks, config: { ...config, epochs: 4 } });
    try {
      // Never resumed, yet it returned: no mini-batch of epoch 5 trained, nothing recorded.
      expect(pause.isPaused).toBe(true);
      expect(stopped.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      expect(stopped.stoppedForTime).toBe(true);
      expect(stopped.bestEpochPerTask).toEqual(capped.bestEpochPerTask);
      expect(weightsOf(stopped.network)).toEqual(weightsOf(capped.network));
    } finally {
      stopped.network.dispose();
      capped.network.dispose();
    }
  });

  it('paused before its first epoch finished: nothing to keep, cancelled', async () => {
    const pause = new PauseControl();
    pause.pause();
    const stop = new AbortController();
    stop.abort();
    await expect(
      trainNetwork(data(), { tasks, config, pause, stopWhilePaused: stop.signal }),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
  });

  it('stopped but never paused: trains its whole run', async () => {
    const stop = new AbortController();
    stop.abort();
    const outcome = await trainNetwork(data(), {
      tasks,
      config,
      pause: new PauseControl(),
      stopWhilePaused: stop.signal,
    });
    try {
      expect(outcome.epochs).toHaveLength(config.epochs);
      expect(outcome.stoppedForTime).toBeUndefined();
    } finally {
      outcome.network.dispose();
    }
  });
});

describe('Auto ended while paused', () => {
  it('during the second default: the search ends paused, the final model trains on the resume', async () => {
    const input = job([], () => 'any');
    input.auto = { budgetSeconds: 3600, seed: 9 };
    const end = new AutoEndControl();
    const pause = new PauseControl();
    const events: { progress: AutoProgress; paused: boolean }[] = [];
    const finalEpochsPaused: boolean[] = [];
    let second = false;
    let readsInSecond = 0;
    let ticks = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      pause,
      onAutoProgress: (progress) => {
        events.push({ progress, paused: pause.isPaused });
        if (progress.trial?.id === 1) second = true;
        // The search is over while still paused: the user resumes only now (after this
        // event, so the job must be waiting for it).
        if (progress.phase === 'final') setImmediate(() => pause.resume());
      },
      onEpoch: () => void finalEpochsPaused.push(pause.isPaused),
      // The budget's clock is read during the second default (as in autoEndEarly.test.ts):
      // there the user pauses and, while paused, ends the search.
      now: () => {
        if (second && ++readsInSecond === 3) {
          pause.pause();
          end.end();
        }
        return 5 * ticks++;
      },
    });
    const search = result.search!;
    expect(search.endedEarly).toBe(true);
    // The job's 240 rows select on 3 inner folds: the second default, stopped on a fold with
    // folds left that it had not trained (it would need the resume), is left out.
    expect(search.selection).toBe('inner-folds');
    expect(search.trials.map((t) => [t.id, t.full])).toEqual([[1, true]]);
    expect(search.chosenTrial).toBe(1);
    // The 'final' event came while paused (the search did not wait for the resume) …
    const final = events.find((e) => e.progress.phase === 'final')!;
    expect(final.paused).toBe(true);
    expect(final.progress.endedEarly).toBe(true);
    // … and every epoch of the final model trained after the resume.
    expect(finalEpochsPaused.length).toBeGreaterThan(0);
    expect(finalEpochsPaused.every((paused) => !paused)).toBe(true);
    expect(Object.keys(result.results).sort()).toEqual(['a', 'b']);
  });
});
