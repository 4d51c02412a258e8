/**
 * Mean and sample standard deviation over cross-validation folds: one function for the
 * server's summaries (services/evaluation.ts compareCrossValidations) and the Train view's
 * folds panel (renderer components/foldsMean.ts), so both give the same numbers.
 */
import type { MeanStd } from './domain';

/**
 * Mean and sample standard deviation (n − 1; 0 for one value) of the finite values.
 * @param values e.g. one task's macro-F1 per completed fold; NaN and ±Infinity are skipped.
 * @returns `{ mean: NaN, std: NaN, n: 0 }` when no value is finite.
 */
export function meanStd(values: readonly number[]): MeanStd {
  const x = values.filter((v) => Number.isFinite(v));
  const n = x.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}
