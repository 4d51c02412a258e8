/**
 * The early-stopping patience a run really uses: the one given, raised on small tables so
 * that early stopping waits at least `patienceSteps` optimizer steps (engine/schedule.ts
 * scaledSchedule uses it; the Train form says it beside the patience field).
 */

/** The patience after scaling to a training split (see {@link effectivePatience}). */
export interface EffectivePatience {
  /** Epochs without improvement before stopping; 0 = no early stopping. */
  epochs: number;
  /** Optimizer steps (mini-batches) per epoch: ⌈trainRows / batchSize⌉, at least 1. */
  stepsPerEpoch: number;
  /** Whether `patienceSteps` raised the patience above the one given. */
  raised: boolean;
}

/**
 * The effective patience of a run: with S = ⌈trainRows / batchSize⌉ optimizer steps per
 * epoch,
 *
 *   epochs = max(patience, ⌈patienceSteps / S⌉)   (patience 0 stays 0: no early stopping)
 *
 * so that on a small table early stopping waits at least `patienceSteps` steps for an
 * improvement, and a large table keeps the patience given. E.g. 71 training rows, batch
 * size 32, patience 20, patienceSteps 400: S = 3, ⌈400 / 3⌉ = 134 epochs.
 * @param patience the patience given, in epochs (≥ 0).
 * @param patienceSteps the minimum steps to wait (≥ 0; 0 = the patience as given).
 * @param trainRows rows in the training split (counted as at least 1 batch).
 * @param batchSize rows per mini-batch (counted as at least 1).
 */
export function effectivePatience(
  patience: number,
  patienceSteps: number,
  trainRows: number,
  batchSize: number,
): EffectivePatience {
  const stepsPerEpoch = Math.max(1, Math.ceil(trainRows / Math.max(1, batchSize)));
  const epochs = patience > 0 ? Math.max(patience, Math.ceil(patienceSteps / stepsPerEpoch)) : 0;
  return { epochs, stepsPerEpoch, raised: epochs > patience };
}

/** The fewest and most training rows of a fold (see {@link foldTrainRows}). */
export interface FoldTrainRows {
  min: number;
  max: number;
}

/**
 * The fewest and most training rows any fold of a cross-validation has, as
 * engine/crossValidation.ts foldAssignments deals them: `rows` rows in `k` folds of ⌊rows/k⌋ or
 * ⌈rows/k⌉ test rows each; of the N rows left, a systematic sample of ⌊N·v⌋ or ⌈N·v⌉ (by its
 * seeded offset) is the fold's validation, the rest trains. A fold's run scales its patience
 * to that count (services/trainingJobs.ts prepareJob, {@link effectivePatience}).
 * E.g. 101 rows, k = 5, v = 0.15: N = 80 or 81, validation 12 of 80 or 12–13 of 81, so
 * 68–69 training rows.
 * @param rows the rows the folds deal (the dataset's rows).
 * @param k folds (2 ≤ k ≤ rows).
 * @param validationFraction v in [0, 0.5] (DEFAULT_FOLD_PLAN: 0.15).
 * @throws RangeError when k is not an integer in [2, rows] or v is outside [0, 0.5].
 */
export function foldTrainRows(rows: number, k: number, validationFraction: number): FoldTrainRows {
  if (!Number.isInteger(k) || k < 2 || k > rows)
    throw new RangeError(`folds must be an integer in [2, ${rows}], got ${k}`);
  if (!(validationFraction >= 0 && validationFraction <= 0.5))
    throw new RangeError(`validation fraction must be in [0, 0.5], got ${validationFraction}`);
  const fewestLeft = rows - Math.ceil(rows / k);
  const mostLeft = rows - Math.floor(rows / k);
  return {
    min: fewestLeft - Math.ceil(fewestLeft * validationFraction),
    max: mostLeft - Math.floor(mostLeft * validationFraction),
  };
}
