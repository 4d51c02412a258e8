/**
 * Checks of a split's counts before it is made, light enough for the CLI to load at start
 * (no engine, no store): a split that no run could train or score is refused, one whose
 * validation part is empty is warned of. Found by a new user: `splits --make` on 6 labelled
 * rows stored a split with 0 test rows and said nothing.
 */
import type { SplitPreview } from '../../shared/contract';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { SplitFractions } from '../engine/split';

/**
 * What is wrong with a split that leaves the training or the test split without a row (a tiny
 * table: 6 labelled rows stratified 70 / 15 / 15 give 4 / 2 / 0), in English for the CLI; null
 * for a split with both. A run on it could never be trained or scored (training refuses a test
 * split without a labelled row: trainingJobs.ts), so {@link refuseUnscorableSplit} refuses it.
 * @param counts rows per split of the split made or previewed.
 */
export function unscorableSplitProblem(counts: SplitPreview['counts']): string | null {
  const { train, validation, test } = counts;
  if (train > 0 && test > 0) return null;
  const rows = train + validation + test;
  const empty =
    test === 0
      ? 'test row a run on it could never be scored'
      : 'training row a run on it could never be trained';
  return `This split would have ${train} training, ${validation} validation and ${test} test rows (of ${rows} labelled rows): with no ${empty}. Too few labelled rows for a fixed split: cross-validate instead (mtl-studio train --evaluation cv: every row is a test row once), give that split a larger share, or label more rows.`;
}

/**
 * Refuses a split {@link unscorableSplitProblem} finds wrong: the next runs would train on
 * it, so storing it would only defer the refusal to `train`.
 * @throws MtlError('SPLIT_INVALID', reason SPLIT_EMPTY_PART) naming the counts and suggesting
 *   cross-validation, where every row is a test row once.
 */
export function refuseUnscorableSplit(counts: SplitPreview['counts']): void {
  const problem = unscorableSplitProblem(counts);
  if (problem === null) return;
  const { train, validation, test } = counts;
  throw new MtlError(
    'SPLIT_INVALID',
    `Not made: ${problem}`,
    reasonDetails('SPLIT_EMPTY_PART', { train, validation, test, rows: train + validation + test }),
  );
}

/**
 * The warning for a split whose validation part gets no row though its fraction asks for some
 * (a tiny table), in English for the CLI; null otherwise. Training on it has no validation row
 * for early stopping to watch.
 */
export function emptyValidationWarning(
  counts: SplitPreview['counts'],
  fractions: SplitFractions,
): string | null {
  if (counts.validation > 0 || fractions.validation === 0) return null;
  const rows = counts.train + counts.test;
  return `the validation split gets 0 of ${rows} labelled rows (train ${counts.train}, test ${counts.test}) though it asks for ${Math.round(fractions.validation * 100)} %: early stopping has no validation row to watch; with so few rows, cross-validation (mtl-studio train --evaluation cv) gives more reliable scores.`;
}
