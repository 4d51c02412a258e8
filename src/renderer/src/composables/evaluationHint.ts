/**
 * The sentence under the Train form's *Evaluation* choice, as an i18n key and its parameters.
 *
 * On a small table (fewer than 2 000 labelled rows, `training.evaluationMode` says so) the
 * studio picks cross-validation, and says why. When the user switches to the fixed split
 * the sentence must no longer claim "cross-validation is chosen": it warns instead that one
 * test split of that size cannot tell methods apart, and recommends cross-validation.
 * @param evaluation the evaluation the next start uses.
 * @param smallTableRows labelled rows when the studio chose cross-validation for this
 *   dataset, null when it did not (a large table, or the mode is unknown).
 * @returns the key (train.cvChosen or train.splitOnSmallTable) with `{ n }`, or null for no
 *   sentence.
 */
export function evaluationHint(
  evaluation: 'split' | 'cv',
  smallTableRows: number | null,
): { key: 'train.cvChosen' | 'train.splitOnSmallTable'; n: number } | null {
  if (smallTableRows === null) return null;
  return {
    key: evaluation === 'cv' ? 'train.cvChosen' : 'train.splitOnSmallTable',
    n: smallTableRows,
  };
}
