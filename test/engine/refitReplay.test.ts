/**
 * The trainer's `replay` (a refit's schedule, bench/refitTrials.ts) and learningRateTrace:
 * replayed on the very rows a normal run trained on, for its best epoch(s) with the learning
 * rates rebuilt from its records, training must give exactly the normal run's restored
 * weights. The independent reference is the normal run itself (early stopping, halvings on
 * plateaus, best weights restored), which takes the same steps up to its best epoch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { mulberry32 } from '../../src/main/engine/random';
import { learningRateTrace } from '../../src/main/engine/schedule';
import { trainNetwork, type TrainingTask } from '../../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/domain';

beforeAll(async () => {
  await selectBackend('auto');
});

/** 400 rows, two nonlinear binary tasks (a = x1·x2 > 0, b = x1² + x2² < 0.5), 5 % flipped. */
function data() {
  const r = mulberry32(8);
  const m = 400;
  const features = new Float32Array(m * 2);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    features[2 * i] = u;
    features[2 * i + 1] = v;
    a[i] = u * v > 0 !== r() < 0.05 ? 1 : 0;
    b[i] = u * u + v * v < 0.5 !== r() < 0.05 ? 1 : 0;
  }
  return {
    features,
    numFeatures: 2,
    labels: [a, b],
    train: Int32Array.from({ length: 300 }, (_, i) => i),
    validation: Int32Array.from({ length: 100 }, (_, i) => 300 + i),
  };
}

const tasks: TrainingTask[] = [
  { name: 'a', classes: ['0', '1'] },
  { name: 'b', classes: ['0', '1'] },
];

describe('replaying a run’s schedule', () => {
  for (const arch of ['hard-sharing', 'single-task'] as const) {
    it(`gives the normal run's restored weights on the same rows (${arch})`, async () => {
      const d = data();
      // Patience 6 → the rate is halved after every 2 epochs without improvement.
      const config: TrainConfig = {
        ...DEFAULT_TRAIN_CONFIG,
        arch,
        hiddenUnits: [16],
        batchSize: 32,
        epochs: 80,
        patience: 6,
        patienceSteps: 0,
        learningRate: 0.02,
      };
      const normal = await trainNetwork(d, { tasks, config });
      const expected = normal.network.weights.map((w) => Array.from(w.variable.dataSync()));
      normal.network.dispose();
      const groups = arch === 'single-task' ? [['a'], ['b']] : [['a', 'b']];
      const traces = groups.map((g) => learningRateTrace(normal.epochs, g, config, 300));
      // The rebuilt best epochs are the run's own; some halving happened before them.
      groups.forEach((g, i) => expect(traces[i].bestEpoch).toBe(normal.bestEpochPerTask[g[0]]));
      expect(
        traces.some((t) => t.rates.slice(0, t.bestEpoch).some((x) => x < config.learningRate)),
      ).toBe(true);

      const epochs = traces.map((t) => t.bestEpoch);
      const replayed = await trainNetwork(d, {
        tasks,
        config: {
          ...config,
          epochs: Math.max(...epochs),
          patience: 0,
          lrSchedule: 'none',
        },
        replay: { epochs, learningRates: traces.map((t) => t.rates.slice(0, t.bestEpoch)) },
      });
      const got = replayed.network.weights.map((w) => Array.from(w.variable.dataSync()));
      replayed.network.dispose();
      expect(replayed.bestEpochPerTask).toEqual(normal.bestEpochPerTask);
      expect(got).toEqual(expected);
    });
  }
});
