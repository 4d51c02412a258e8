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

/**
 * What the Train form takes from `training.evaluationMode` when it is asked again: on another
 * dataset (or the first time) the evaluation follows the studio's choice; for the same dataset
 * after its tasks or labels changed, only the count of labelled rows is refreshed and the
 * user's choice stays. (A new user defined the tasks of a fresh project after the Train view
 * had first asked, and read "0 labelled rows" above a 101-row table.)
 * @param datasetChanged true when the dataset differs from the one last asked about.
 * @param current the evaluation the form shows now.
 * @param mode the answer: cross-validation chosen or not, and the labelled rows (rows with a
 *   label for at least one task).
 * @param chosen the evaluation the user picked for this dataset (kept in the session's Train
 *   draft), which wins over the studio's choice; null when the user has not picked one.
 * @returns the evaluation to show and the rows for {@link evaluationHint} (null above the
 *   cross-validation threshold).
 */
export function followEvaluationMode(
  datasetChanged: boolean,
  current: 'split' | 'cv',
  mode: { crossValidate: boolean; labelledRows: number },
  chosen: 'split' | 'cv' | null = null,
): { evaluation: 'split' | 'cv'; smallTableRows: number | null } {
  return {
    evaluation: datasetChanged ? (chosen ?? (mode.crossValidate ? 'cv' : 'split')) : current,
    smallTableRows: mode.crossValidate ? mode.labelledRows : null,
  };
}
