/**
 * A table with a rare class (4 % of rows), for the imbalance test: 600 rows, 4 noisy
 * features; "a" or "b" by the sign of x2 − x3 with 10 % of labels flipped, except that where
 * x0 > 1.4 (≈ 8 % of rows) 45 % of rows are "rare" (≈ 4 % in all). Rows 0–359 train, 360–449
 * validation, 450–599 test.
 */
import { mulberry32 } from '../../src/main/engine/random';
import type { TrainingData } from '../../src/main/engine/trainer';

/** Standard normal draws by Box–Muller. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export const RARE_CLASSES = ['a', 'b', 'rare'];

/** @returns the data and the test rows. */
export function rareClassTable(seed = 3): { data: TrainingData; test: Int32Array } {
  const r = mulberry32(seed);
  const n = 600;
  const features = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = [normal(r), normal(r), normal(r), normal(r)];
    features.set(x, 4 * i);
    const ab = x[2] - x[3] > 0 !== r() < 0.1 ? 1 : 0;
    // In its region the rare class is a minority too: without class weights its posterior
    // (≈ 0.4) never beats the majority's there.
    y[i] = x[0] > 1.4 && r() < 0.45 ? 2 : ab;
  }
  const idx = (from: number, to: number) =>
    Int32Array.from({ length: to - from }, (_, i) => from + i);
  return {
    data: { features, numFeatures: 4, labels: [y], train: idx(0, 360), validation: idx(360, 450) },
    test: idx(450, 600),
  };
}
