/**
 * Why a cross-validation has no Δm, in the studio's language (Compare's cross-validation
 * panel): the services give a code and its parameters (shared/evaluation.ts
 * BaselineMissingReason), worded here through vue-i18n as the CLI words them in English
 * (cli/baselineMissingText.ts). Found by a new user: the panel said only "needs a
 * single-task cross-validation on the same folds" after one had been trained, on other folds
 * and with other input columns, while `mtl-studio evaluate` named both. Unlike the CLI, the
 * folds are named by what they are (k, repeats, seed), not by fold scheme ids. The report
 * words the same reasons in its own text table (main/export/reportBaselineReason.ts); a test
 * keeps the two the same (test/renderer/reportBaselineReason.test.ts).
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type {
  BaselineInputsChanged,
  BaselineMissingReason,
  FoldSchemeParams,
} from '@shared/domain';

/** Translates `key` with `values`, pluralised by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural?: number) => string;

/** Names joined by the language's list separator (common.listSeparator). */
const listed = (names: readonly string[], t: Translate): string =>
  names.join(t('common.listSeparator', {}));

/**
 * The sentences that say why, in order: what the newest single-task cross-validation differs
 * in (one sentence per difference), or that there is none; then, when the dataset's input
 * columns changed since, that none trained now can be the baseline and which columns would
 * have to change back.
 * @param reason the summary's `baselineReason`
 */
export function cvBaselineReasonLines(reason: BaselineMissingReason, t: Translate): string[] {
  switch (reason.code) {
    case 'baselineFoldMissing':
      return [t('compare.cv.why.foldMissing', { id: reason.baselineEvaluationId })];
    case 'baselineScoresZero':
      return [t('compare.cv.why.scoresZero', { id: reason.baselineRunId })];
    case 'noSingleTaskCrossValidation':
      return [t('compare.cv.why.noSingleTask', {}), ...inputsChangedLines(reason.inputsChanged, t)];
    case 'singleTaskCrossValidationDiffers': {
      const id = reason.evaluationId;
      const named = (key: string, names: readonly string[]): string[] =>
        names.length === 0
          ? []
          : [t(`compare.cv.why.${key}`, { id, names: listed(names, t) }, names.length)];
      return [
        ...(reason.folds ? [foldsLine(id, reason.folds, t)] : []),
        ...named('lacksTasks', reason.lacksTasks),
        ...named('inputsWith', reason.inputsWith),
        ...named('inputsWithout', reason.inputsWithout),
        ...inputsChangedLines(reason.inputsChanged, t),
      ];
    }
  }
}

/** "5 folds, seed 42" or "3 folds × 2 repeats, seed 7": a fold scheme by what it is. */
function schemeText(scheme: FoldSchemeParams, t: Translate): string {
  return scheme.repeats > 1
    ? t('compare.cv.why.schemeRepeated', { ...scheme })
    : t('compare.cv.why.scheme', { ...scheme });
}

/**
 * The sentence saying the single-task cross-validation `id` is on other folds, naming both
 * schemes by k, repeats and seed (found by a new user: "fold scheme 1, not 2" said nothing);
 * with the same three, another cut of the rows; without a stored scheme, other folds alone.
 */
function foldsLine(
  id: number,
  folds: NonNullable<
    Extract<BaselineMissingReason, { code: 'singleTaskCrossValidationDiffers' }>['folds']
  >,
  t: Translate,
): string {
  const { theirsScheme: theirs, mineScheme: mine } = folds;
  if (!theirs || !mine) return t('compare.cv.why.foldsGone', { id });
  const same = theirs.k === mine.k && theirs.repeats === mine.repeats && theirs.seed === mine.seed;
  return same
    ? t('compare.cv.why.foldsRecut', { id, mine: schemeText(mine, t) })
    : t('compare.cv.why.folds', { id, theirs: schemeText(theirs, t), mine: schemeText(mine, t) });
}

/** The sentence saying the dataset's input columns changed since, and what would undo it. */
function inputsChangedLines(changed: BaselineInputsChanged | null, t: Translate): string[] {
  if (!changed) return [];
  const only = [
    ...(changed.restore.length > 0
      ? [t('compare.cv.why.restore', { names: listed(changed.restore, t) }, changed.restore.length)]
      : []),
    ...(changed.drop.length > 0
      ? [t('compare.cv.why.drop', { names: listed(changed.drop, t) }, changed.drop.length)]
      : []),
  ].join(t('compare.cv.why.and', {}));
  return [
    t('compare.cv.why.inputsChanged', {
      id: changed.evaluationId,
      given: listed(changed.given, t),
      now: changed.now.length > 0 ? listed(changed.now, t) : t('compare.cv.why.noColumns', {}),
      only,
    }),
  ];
}

/**
 * The note under the table for a cross-validation without Δm: its label and
 * {@link cvBaselineReasonLines} as one text (sentences joined by compare.cv.why.joiner).
 * @param method the cross-validation's label in the panel (e.g. "CV2 Hard sharing")
 */
export function cvBaselineReasonNote(
  reason: BaselineMissingReason,
  method: string,
  t: Translate,
): string {
  const why = cvBaselineReasonLines(reason, t).join(t('compare.cv.why.joiner', {}));
  return t('compare.cv.why.note', { method, why });
}
