/**
 * What the dense fused-kernel suites share (fusedKernel.test.ts on the build the runtime
 * loads, fusedKernelFma.test.ts on fused-fma.wasm): a synthetic 3-task table, training the
 * same network on the kernel and on the tfjs path, and the comparison of the two outcomes
 * (per-epoch losses to 4 decimals, final weights to a tolerance). The tfjs path is the
 * independent reference: its gradients come from tfjs autodiff (checked against hand
 * computation in ops.test.ts and trainer.test.ts).
 */
import { expect } from 'vitest';
import { mulberry32 } from '../../src/main/engine/random';
import { trainNetwork, type TrainingData, type TrainOutcome } from '../../src/main/engine/trainer';
import type { TrainConfig } from '../../src/shared/domain';
import { testConfig } from './synthetic';

/** Equal to 4 decimals, or both NaN (a stopped task's training loss). */
export function expectClose(a: number, b: number): void {
  if (Number.isNaN(b)) expect(a).toBeNaN();
  else expect(a).toBeCloseTo(b, 4);
}

/** The synthetic table's tasks (3, 2 and 5 classes). */
export const TASKS = [
  { name: 'three', classes: ['a', 'b', 'c'] },
  { name: 'two', classes: ['n', 'y'] },
  { name: 'five', classes: ['1', '2', '3', '4', '5'] },
];

/**
 * 7 features (not a multiple of the kernel's 4 lanes), 3 tasks of 3, 2 and 5 classes
 * from thresholds of linear scores; task "two" misses every 3rd label (with `sparse`, all
 * but every 37th: most batches have none), "five" every 7th.
 */
export function data(n: number, sparse = false): TrainingData {
  const r = mulberry32(5);
  const d = 7;
  const features = Float32Array.from({ length: n * d }, () => r() * 2 - 1);
  const score = (i: number, w: number[]) => w.reduce((s, wj, j) => s + wj * features[i * d + j], 0);
  const bucket = (v: number, k: number) =>
    Math.min(k - 1, Math.max(0, Math.floor((v + 1.5) / (3 / k))));
  const labels = [
    Int32Array.from({ length: n }, (_, i) => bucket(score(i, [1, 0.5, 0, 0, 0, 0, 0.3]), 3)),
    Int32Array.from({ length: n }, (_, i) =>
      (sparse ? i % 37 !== 0 : i % 3 === 0) ? -1 : score(i, [0.2, -1, 0.4, 0, 0, 0, 0]) > 0 ? 1 : 0,
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

/**
 * Trains the same network on `data(n, sparse)` twice: in the fused kernel and on the tfjs
 * path (`kernel: 'off'`).
 * @returns [kernel outcome, tfjs outcome].
 */
export async function both(
  config: TrainConfig,
  n = 203,
  sparse = false,
): Promise<[TrainOutcome, TrainOutcome]> {
  const set = data(n, sparse);
  const fused = await trainNetwork(set, { tasks: TASKS, config });
  const reference = await trainNetwork(set, { tasks: TASKS, config, kernel: 'off' });
  return [fused, reference];
}

/**
 * Asserts the kernel's outcome equals the tfjs path's: same step engines as asked, same best
 * epochs, per-epoch train and validation losses (and task weights) to 4 decimals, every final
 * weight within `weightTolerance`; disposes both networks.
 */
export function expectSame(
  [fused, reference]: [TrainOutcome, TrainOutcome],
  weightTolerance = 2e-4,
): void {
  expect(fused.stepEngine).toBe('fused-kernel');
  expect(reference.stepEngine).toBe('tfjs');
  expect(fused.bestEpochPerTask).toEqual(reference.bestEpochPerTask);
  expect(fused.epochs.length).toBe(reference.epochs.length);
  fused.epochs.forEach((e, i) => {
    const r = reference.epochs[i];
    for (const task of TASKS) {
      // A single-task network that stopped is absent from later epochs on both paths.
      expect(Boolean(e.tasks[task.name])).toBe(Boolean(r.tasks[task.name]));
      if (!r.tasks[task.name]) continue;
      expectClose(e.tasks[task.name].trainLoss, r.tasks[task.name].trainLoss);
      expectClose(e.tasks[task.name].valLoss, r.tasks[task.name].valLoss);
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

/** Batch 16 over 162 training rows: the last batch has 2 rows (the kernel's row remainder). */
export const base = (over: Partial<TrainConfig>) =>
  testConfig({ epochs: 6, batchSize: 16, dropout: 0, hiddenUnits: [12, 8], ...over });
