/**
 * Why a cross-validation has no Δm, in the report's language: the services give a code and
 * its parameters (shared/evaluation.ts BaselineMissingReason), worded here from the report's
 * own text table (reportText.ts cvWhy) as the studio's Compare view words them through
 * vue-i18n (renderer components/cvBaselineReason.ts). The report cannot import the renderer's
 * messages; test/renderer/reportBaselineReason.test.ts keeps the two copies word for word the
 * same. Found by a new user: the report's table said only "no baseline" where the studio said
 * what the single-task cross-validation differed in.
 */
import type {
  BaselineInputsChanged,
  BaselineMissingReason,
  FoldSchemeParams,
} from '../../shared/domain';
import { fill, type REPORT_TEXT } from './reportText';

type Why = (typeof REPORT_TEXT.en)['cvWhy'];

/** The folds a single-task cross-validation differs in (null: the same folds). */
type FoldsDiffer = Extract<
  BaselineMissingReason,
  { code: 'singleTaskCrossValidationDiffers' }
>['folds'];

/** Names joined by the language's list separator. */
const listed = (names: readonly string[], w: Why): string => names.join(w.listSeparator);

/**
 * The sentences that say why, in order (as the studio's cvBaselineReasonLines): what the
 * newest single-task cross-validation differs in (one sentence per difference: folds named by
 * k, repeats and seed, tasks, input columns), or that there is none; then, when the dataset's
 * input columns changed since, that none trained now can be the baseline and which columns
 * would have to change back.
 * @param reason a summary's `baselineReason`
 * @param t the report's strings in its language.
 * @returns plain text sentences (not escaped).
 */
export function reportBaselineReasonLines(
  reason: BaselineMissingReason,
  t: typeof REPORT_TEXT.en,
): string[] {
  const w = t.cvWhy;
  switch (reason.code) {
    case 'baselineFoldMissing':
      return [fill(w.foldMissing, { id: reason.baselineEvaluationId })];
    case 'baselineScoresZero':
      return [fill(w.scoresZero, { id: reason.baselineRunId })];
    case 'noSingleTaskCrossValidation':
      return [w.noSingleTask, ...inputsChangedLines(reason.inputsChanged, w)];
    case 'singleTaskCrossValidationDiffers': {
      const id = reason.evaluationId;
      const named = (one: string, many: string, names: readonly string[]): string[] =>
        names.length === 0
          ? []
          : [fill(names.length === 1 ? one : many, { id, names: listed(names, w) })];
      return [
        ...(reason.folds ? [foldsLine(id, reason.folds, w)] : []),
        ...named(w.lacksTasksOne, w.lacksTasksMany, reason.lacksTasks),
        ...named(w.inputsWithOne, w.inputsWithMany, reason.inputsWith),
        ...named(w.inputsWithoutOne, w.inputsWithoutMany, reason.inputsWithout),
        ...inputsChangedLines(reason.inputsChanged, w),
      ];
    }
  }
}

/** "5 folds, seed 42" or "3 folds × 2 repeats, seed 7": a fold scheme by what it is. */
function schemeText(scheme: FoldSchemeParams, w: Why): string {
  return fill(scheme.repeats > 1 ? w.schemeRepeated : w.scheme, { ...scheme });
}

/**
 * The sentence saying the single-task cross-validation `id` is on other folds, both schemes by
 * k, repeats and seed; with the same three, another cut of the rows; without a stored scheme,
 * other folds alone.
 */
function foldsLine(id: number, folds: NonNullable<FoldsDiffer>, w: Why): string {
  const { theirsScheme: theirs, mineScheme: mine } = folds;
  if (!theirs || !mine) return fill(w.foldsGone, { id });
  const same = theirs.k === mine.k && theirs.repeats === mine.repeats && theirs.seed === mine.seed;
  return same
    ? fill(w.foldsRecut, { id, mine: schemeText(mine, w) })
    : fill(w.folds, { id, theirs: schemeText(theirs, w), mine: schemeText(mine, w) });
}

/** The sentence saying the dataset's input columns changed since, and what would undo it. */
function inputsChangedLines(changed: BaselineInputsChanged | null, w: Why): string[] {
  if (!changed) return [];
  const counted = (one: string, many: string, names: readonly string[]): string[] =>
    names.length === 0 ? [] : [fill(names.length === 1 ? one : many, { names: listed(names, w) })];
  const only = [
    ...counted(w.restoreOne, w.restoreMany, changed.restore),
    ...counted(w.dropOne, w.dropMany, changed.drop),
  ].join(w.and);
  return [
    fill(w.inputsChanged, {
      id: changed.evaluationId,
      given: listed(changed.given, w),
      now: changed.now.length > 0 ? listed(changed.now, w) : w.noColumns,
      only,
    }),
  ];
}

/**
 * The note under the cross-validation table for one without Δm, as the studio's
 * cvBaselineReasonNote: "No Δm for CV1 MMoE · Equal. Single-task CV2 is on other folds (…)."
 * @param method the cross-validation's label ("CV1 MMoE · Equal").
 * @returns plain text (not escaped).
 */
export function reportBaselineReasonNote(
  reason: BaselineMissingReason,
  method: string,
  t: typeof REPORT_TEXT.en,
): string {
  const why = reportBaselineReasonLines(reason, t).join(t.cvWhy.joiner);
  return fill(t.cvWhy.note, { method, why });
}
