/**
 * The CLI's English for why a cross-validation (or one of its fold runs) has no Δm: the
 * services give a code and its parameters (shared/evaluation.ts BaselineMissingReason), the
 * studio words them through vue-i18n, `evaluate` and `train` through this.
 */
import type {
  BaselineInputsChanged,
  BaselineMissingReason,
  FoldSchemeParams,
} from '../../shared/evaluation';

/** The hint of a cross-validation without a baseline: the command that trains one. */
const NO_CV_BASELINE =
  'No completed single-task cross-validation on the same folds, tasks and input columns';

/**
 * A reason in English, one or two sentences, e.g. "No completed single-task cross-validation
 * on the same folds, tasks and input columns: single-task cross-validation 3 differs in its
 * folds (3 folds, seed 7, not 5 folds, seed 42) and its input columns (without legs). Cross-validation 1 was
 * given the input columns hair, legs, milk; the dataset's are now hair, milk, so a single-task
 * cross-validation trained now cannot be its baseline (only with legs an input column
 * again)." (`evaluate` prints it as `Δm: – (…)`; `--json` as `baselineMissing`).
 * @param command the command that trains the missing baseline (evaluation.ts
 *   baselineCommand: with the project, tasks and folds), put where none exists; without it,
 *   or when the inputs changed since (no baseline can be trained now), the bare `train --arch
 *   single-task --evaluation cv.`.
 */
export function baselineMissingText(reason: BaselineMissingReason, command?: string): string {
  switch (reason.code) {
    case 'baselineFoldMissing':
      return `Single-task cross-validation ${reason.baselineEvaluationId} has no completed run of this fold.`;
    case 'baselineScoresZero':
      return `Single-task run ${reason.baselineRunId} scores 0 on a task: a relative change from 0 is undefined.`;
    case 'noSingleTaskCrossValidation':
      return withInputsChanged(
        `${NO_CV_BASELINE}: ${command && !reason.inputsChanged ? command : 'train --arch single-task --evaluation cv.'}`,
        reason.inputsChanged,
      );
    case 'singleTaskCrossValidationDiffers': {
      const differs = [
        ...(reason.folds ? [foldsWords(reason.folds)] : []),
        ...tasksAndInputsDiffer(reason),
      ];
      return withInputsChanged(
        `${NO_CV_BASELINE}: single-task cross-validation ${reason.evaluationId} differs in ${differs.join(' and ')}.`,
        reason.inputsChanged,
      );
    }
  }
}

/**
 * What a single-task baseline differs in besides its folds or split, as `differs in …` names
 * it: "its tasks (without type)", "its input columns (with x; without legs)" (none when
 * neither differs). Used for cross-validations here and for fixed-split runs by evaluate.
 */
export function tasksAndInputsDiffer(reason: {
  lacksTasks: readonly string[];
  inputsWith: readonly string[];
  inputsWithout: readonly string[];
}): string[] {
  const differs: string[] = [];
  if (reason.lacksTasks.length > 0)
    differs.push(`its tasks (without ${reason.lacksTasks.join(', ')})`);
  const parts = [
    reason.inputsWith.length > 0 ? `with ${reason.inputsWith.join(', ')}` : '',
    reason.inputsWithout.length > 0 ? `without ${reason.inputsWithout.join(', ')}` : '',
  ].filter(Boolean);
  if (parts.length > 0) differs.push(`its input columns (${parts.join('; ')})`);
  return differs;
}

/** "3 folds × 2 repeats, seed 7" (repeats only when more than 1). */
function schemeWords(x: FoldSchemeParams): string {
  return `${x.k} folds${x.repeats > 1 ? ` × ${x.repeats} repeats` : ''}, seed ${x.seed}`;
}

/**
 * How the baseline's folds differ, by what they are (as the studio says it: a new user read
 * "fold scheme 2, not 1" as nothing): "its folds (3 folds, seed 7, not 5 folds, seed 42)";
 * with the same k, repeats and seed "its cut of the rows into folds (another one, also 4
 * folds, seed 42)"; by scheme id when one of them is no longer stored.
 */
function foldsWords(folds: {
  theirs: number;
  mine: number;
  theirsScheme: FoldSchemeParams | null;
  mineScheme: FoldSchemeParams | null;
}): string {
  const { theirsScheme: theirs, mineScheme: mine } = folds;
  if (!theirs || !mine) return `its folds (fold scheme ${folds.theirs}, not ${folds.mine})`;
  if (theirs.k === mine.k && theirs.repeats === mine.repeats && theirs.seed === mine.seed)
    return `its cut of the rows into folds (another one, also ${schemeWords(mine)})`;
  return `its folds (${schemeWords(theirs)}, not ${schemeWords(mine)})`;
}

/** `first`, and when the dataset's input columns changed, why no baseline can be trained now. */
function withInputsChanged(first: string, changed: BaselineInputsChanged | null): string {
  if (!changed) return first;
  const restore = [
    changed.restore.length > 0 ? `${changed.restore.join(', ')} an input column again` : '',
    changed.drop.length > 0 ? `${changed.drop.join(', ')} no input column` : '',
  ].filter(Boolean);
  return (
    `${first} Cross-validation ${changed.evaluationId} was given the input columns ${changed.given.join(', ')}; ` +
    `the dataset's are now ${changed.now.join(', ') || 'none'}, so a single-task cross-validation trained now cannot be its baseline ` +
    `(only with ${restore.join(', and ')}).`
  );
}

/**
 * `x` (a cross-validation summary or a fold run's comparison) as `--json` gives it: with
 * `baselineMissing`, its `baselineReason` in English ({@link baselineMissingText}; null when
 * it has none), beside the structured `baselineReason`.
 * @param command the command that trains the missing baseline (evaluation.ts
 *   baselineCommand), as the text output names it (found by a new user: `--json` ended with
 *   the bare `train --arch single-task --evaluation cv.`, which trains no baseline that pairs).
 */
export function withBaselineMissingText<T extends { baselineReason: BaselineMissingReason | null }>(
  x: T,
  command?: string,
): T & { baselineMissing: string | null } {
  return {
    ...x,
    baselineMissing:
      x.baselineReason === null ? null : baselineMissingText(x.baselineReason, command),
  };
}
