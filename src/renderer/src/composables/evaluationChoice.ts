/**
 * The Train form's *Evaluation* (fixed split or cross-validation) as one state, the single
 * source of what the select shows and of what Start and Auto send.
 *
 * Two answers decide it, in either order: the stored Train draft's '@evaluation' (the user's
 * pick, read when the form is restored) and `training.evaluationMode` (the studio's choice by
 * labelled rows: cross-validation below 2 000). A new user clicked Start on a fresh page
 * while the select still showed its initial value: the request went out as a fixed-split run,
 * then the studio's answer turned the select to "Cross-validation". And a project opened
 * after another whose dataset had the same id kept the other project's evaluation. So:
 * - the state belongs to one project's dataset (`of`); {@link withDraft} and {@link withMode}
 *   take the dataset selected now (the caller drops an answer about an earlier one) and start
 *   afresh when the state was of another;
 * - until the draft is read, or when nothing is picked and the studio has not answered, the
 *   evaluation is unknown (null): the select says it is loading and Start is disabled;
 * - the user's pick wins over the studio's choice; with nothing picked the select follows the
 *   studio's latest answer (asked again when the tasks change: a fresh project is asked
 *   before it has tasks, 0 labelled rows and so the split, then again once they are defined,
 *   344 rows and so cross-validation). Start sends the value shown at the click.
 */

/** How runs are evaluated: one fixed split, or k-fold cross-validation. */
export type Evaluation = 'split' | 'cv';

/** The evaluation state of the Train form for one project's dataset. */
export interface EvaluationChoice {
  /** The project's dataset this is of ({@link evaluationKey}); null: none selected. */
  of: string | null;
  /** Whether the stored draft has been read for it (until then a stored pick may come). */
  draftRead: boolean;
  /** The user's pick (the select, Duplicate configuration, or the stored draft); null: none. */
  picked: Evaluation | null;
  /**
   * The studio's choice by labelled rows (the latest `training.evaluationMode` answer for the
   * dataset; 'split' when it could not be asked); null: not answered yet.
   */
  studio: Evaluation | null;
  /** Labelled rows by the latest answer (the folds a cross-validation uses); null: unknown. */
  labelledRows: number | null;
  /** Labelled rows when the studio chose cross-validation for them (the hint); else null. */
  smallTableRows: number | null;
}

/**
 * The key of a project's dataset: dataset ids restart in each project file, so the path is
 * part of it. Null when no dataset is selected.
 */
export function evaluationKey(
  projectPath: string | undefined,
  datasetId: number | null,
): string | null {
  return datasetId === null ? null : `${projectPath ?? ''}\n${datasetId}`;
}

/** Nothing known yet of the dataset `of`. */
export function unknownEvaluation(of: string | null): EvaluationChoice {
  return {
    of,
    draftRead: false,
    picked: null,
    studio: null,
    labelledRows: null,
    smallTableRows: null,
  };
}

/** The state as of dataset `of`: itself, or a fresh one when it was of another. */
function ofDataset(state: EvaluationChoice, of: string | null): EvaluationChoice {
  return state.of === of ? state : unknownEvaluation(of);
}

/**
 * The stored draft of dataset `of` has been read, with its pick (null: none stored). Read
 * again for the same dataset (its tasks changed), the pick in the form stays: it is newer
 * than the stored one, whose save may still be pending.
 */
export function withDraft(
  state: EvaluationChoice,
  of: string | null,
  stored: Evaluation | null,
): EvaluationChoice {
  const current = ofDataset(state, of);
  if (current.draftRead) return current;
  return { ...current, draftRead: true, picked: stored };
}

/**
 * `training.evaluationMode` answered for dataset `of` (null: it failed): the studio's choice
 * and the rows. A failed ask after an answer keeps that answer's choice and rows, no hint.
 */
export function withMode(
  state: EvaluationChoice,
  of: string | null,
  mode: { crossValidate: boolean; labelledRows: number } | null,
): EvaluationChoice {
  const current = ofDataset(state, of);
  const answered: Evaluation = mode?.crossValidate ? 'cv' : 'split';
  return {
    ...current,
    studio: mode === null ? (current.studio ?? 'split') : answered,
    labelledRows: mode?.labelledRows ?? current.labelledRows,
    smallTableRows: mode?.crossValidate ? mode.labelledRows : null,
  };
}

/** The user picked an evaluation (the select, or Duplicate configuration's fixed split). */
export function withPick(state: EvaluationChoice, evaluation: Evaluation): EvaluationChoice {
  return { ...state, picked: evaluation };
}

/**
 * The evaluation the select shows and Start and Auto send for dataset `of`, or null while it
 * is not known (the draft not read, or nothing picked and the studio not answered; or the
 * state is of another dataset): Start and Auto wait.
 */
export function shownEvaluation(state: EvaluationChoice, of: string | null): Evaluation | null {
  if (of === null || state.of !== of || !state.draftRead) return null;
  return state.picked ?? state.studio;
}
