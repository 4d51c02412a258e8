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
