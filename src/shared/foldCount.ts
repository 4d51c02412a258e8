/**
 * The folds a cross-validation uses when none are asked for, one rule for the CLI's `train`
 * note (cli/commands/training.ts foldsLoweredLine), the services (services/crossValidation.ts
 * defaultFolds) and the studio's Train view (its Evaluation select and note).
 */

/** The default folds (engine/crossValidation.ts DEFAULT_FOLD_PLAN.k). */
export const DEFAULT_FOLDS = 5;

/**
 * The share of each fold's non-test rows held out for validation (early stopping) by default
 * (engine/crossValidation.ts DEFAULT_FOLD_PLAN.validationFraction).
 */
export const DEFAULT_FOLD_VALIDATION_FRACTION = 0.15;

/** Fewest labelled rows cross-validation can run on: 2 folds of one row each. */
export const MIN_CROSS_VALIDATION_ROWS = 2;

/**
 * The folds a cross-validation uses when none are asked for: {@link DEFAULT_FOLDS}, or as many
 * as the labelled rows allow (each fold tests at least one row; at least 2: a 2-row table gets
 * 2 folds).
 * @param labelled the dataset's rows labelled for at least one task
 */
export function defaultFolds(labelled: number): number {
  return Math.max(MIN_CROSS_VALIDATION_ROWS, Math.min(DEFAULT_FOLDS, labelled));
}

/**
 * The folds when {@link defaultFolds} lowers them below {@link DEFAULT_FOLDS} on a small table
 * (e.g. 4 for 4 labelled rows), or null when the default holds, and below 2 labelled rows
 * (cross-validation is refused there, saying why).
 * @param labelled the dataset's rows labelled for at least one task
 */
export function loweredFolds(labelled: number): number | null {
  const k = defaultFolds(labelled);
  return k >= DEFAULT_FOLDS || labelled < k ? null : k;
}
