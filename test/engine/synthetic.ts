/**
 * Synthetic two-task data for engine tests: a = sign(x1), b = sign(x1 + x2), 2 features.
 */
import { mulberry32 } from '../../src/main/engine/random';
import type { TrainingData } from '../../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/domain';

/**
 * @param n rows (60 % train, 20 % validation, last 20 % left for testing).
 * @param missingB fraction of rows whose b label is missing (every round(1/missingB)-th row).
 */
export function synthetic(n: number, seed: number, missingB = 0.2): TrainingData {
  const r = mulberry32(seed);
  const features = new Float32Array(n * 2);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const keepEvery = missingB > 0.5 ? Math.round(1 / (1 - missingB)) : 0;
  const dropEvery = missingB > 0 && missingB <= 0.5 ? Math.round(1 / missingB) : 0;
  for (let i = 0; i < n; i++) {
    const x1 = r() * 2 - 1;
    const x2 = r() * 2 - 1;
    features[2 * i] = x1;
    features[2 * i + 1] = x2;
    a[i] = x1 > 0 ? 1 : 0;
    const missing = keepEvery ? i % keepEvery !== 0 : dropEvery ? i % dropEvery === 0 : false;
    b[i] = missing ? -1 : x1 + x2 > 0 ? 1 : 0;
  }
  const idx = (from: number, to: number) =>
    Int32Array.from({ length: to - from }, (_, i) => from + i);
  return {
    features,
    numFeatures: 2,
    labels: [a, b],
    train: idx(0, Math.round(0.6 * n)),
    validation: idx(Math.round(0.6 * n), Math.round(0.8 * n)),
  };
}

export const TWO_TASKS = [
  { name: 'a', classes: ['neg', 'pos'] },
  { name: 'b', classes: ['no', 'yes'] },
];

/** Accuracy of task t on rows [from, to) from predicted probabilities (binary). */
export function accuracyOn(
  data: TrainingData,
  probs: Float32Array[],
  t: number,
  rows: Int32Array,
): number {
  let correct = 0;
  let n = 0;
  rows.forEach((row, i) => {
    const y = data.labels[t][row];
    if (y < 0) return;
    n++;
    if ((probs[t][2 * i + 1] > 0.5 ? 1 : 0) === y) correct++;
  });
  return correct / n;
}

/**
 * A short training configuration for engine tests: 30 epochs, no early stopping, epochs and
 * patience exactly as given (patienceSteps 0), early stopping (when on) on validation loss and a
 * constant learning rate, so the tests of the loop see plain, predictable epochs.
 */
export function testConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...DEFAULT_TRAIN_CONFIG,
    epochs: 30,
    patience: 0,
    patienceSteps: 0,
    earlyStopping: 'loss',
    lrSchedule: 'none',
    ...over,
  };
}
