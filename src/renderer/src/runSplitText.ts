/**
 * What the Train view's Runs list says a run trained on (its Split column): a split, a fold of a
 * cross-validation, or all labelled rows for a cross-validation's final model.
 */
import type { RunInfo } from '../../shared/domain';

/** A vue-i18n translate function with named parameters, as `useI18n().t` is. */
type Translate = (key: string, params: Record<string, unknown>) => string;

/**
 * The Split cell of a run: "#3" for a split; "CV2 · fold 1 (repeat 1)" for a fold run, the
 * cross-validation named (found by a new user: with CV1 and CV2 in the list, "fold 1
 * (repeat 1)" read twice the same); "all labelled rows (final model of CV2)" for a final model.
 * Fold and repeat are counted from 1 here (stored from 0).
 * @param run the run: its split id, and its fold or final-model origin where it has one.
 * @param t the UI's translate function.
 * @returns the text, in the UI's language.
 */
export function runSplitText(
  run: Pick<RunInfo, 'splitId' | 'fold' | 'finalOf'>,
  t: Translate,
): string {
  if (run.fold) {
    return t('split.cvFold', {
      cv: run.fold.evaluationId,
      fold: run.fold.fold + 1,
      repeat: run.fold.repeat + 1,
    });
  }
  if (run.finalOf) return t('train.finalModel.split', { cv: run.finalOf.evaluationId });
  return `#${run.splitId}`;
}
