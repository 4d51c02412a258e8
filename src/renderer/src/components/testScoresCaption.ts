/**
 * The caption of a completed run's test scores (RunDetail.vue). A run on a split is scored on
 * its test split; a cross-validation fold's run on that fold's held-out rows (found by a new
 * user: a fold run's scores were headed "Test scores (test split)").
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { RunInfo } from '../../../shared/domain';

/** Translates `key` with `values` (vue-i18n's `t`). */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * "Test scores (test split)", or for a fold run "Test scores (fold 3's held-out rows)" (with
 * its repeat when the cross-validation is repeated and this is a repeat after the first).
 * Stored folds and repeats count from 0 (RunInfo.fold); the caption counts from 1, as the
 * run list, the folds table and the CLI do (a new user saw fold 5/5's run captioned "fold 4").
 */
export function testScoresCaption(run: Pick<RunInfo, 'fold'>, t: Translate): string {
  if (!run.fold) return t('train.testScores');
  const fold = run.fold.fold + 1;
  const repeat = run.fold.repeat + 1;
  return repeat > 1
    ? t('train.testScoresFoldRepeat', { fold, repeat })
    : t('train.testScoresFold', { fold });
}
