/**
 * Where a cross-validation's final model (RunInfo.finalOf, services/finalModel.ts) shows in
 * the Compare view: not among the runs scored on a test split (it has no test rows: every
 * labelled row trained it), but with its cross-validation, whose mean ± std is its expected
 * score. Found by a new user: it sat in "Completed runs (test split)" under "split #7" with
 * every score "–", a Δm note it could never satisfy, and an empty gap in every bar group.
 */
import type { RunInfo } from '@shared/domain';

/**
 * The runs scored on a test split: every compared run but the final models.
 * @param rows `compare.runs`'s answer (or any list of items holding a run).
 * @returns the same items, in order, less those whose run has `finalOf`.
 */
export function testSplitRows<T extends { run: Pick<RunInfo, 'finalOf'> }>(
  rows: readonly T[],
): T[] {
  return rows.filter((r) => !r.run.finalOf);
}

/**
 * The completed final models of cross-validation `evaluationId`, newest first.
 * @param runs the dataset's runs (the studio's run list).
 */
export function finalModelsOf(runs: readonly RunInfo[], evaluationId: number): RunInfo[] {
  return runs
    .filter((r) => r.status === 'completed' && r.finalOf?.evaluationId === evaluationId)
    .sort((a, b) => b.id - a.id);
}

/**
 * The final model that replaced `run`: a newer completed final model of the same
 * cross-validation (re-made, e.g. after labels changed), so Compare marks `run` superseded
 * instead of listing the two alike (found by a new user).
 * @param runs the dataset's runs (the studio's run list).
 * @returns the newest completed final model of `run`'s cross-validation when it is newer
 *   than `run` (a higher id), else null (also for a run that is not a final model).
 */
export function supersededBy(runs: readonly RunInfo[], run: RunInfo): RunInfo | null {
  if (!run.finalOf) return null;
  const newest = finalModelsOf(runs, run.finalOf.evaluationId)[0];
  return newest && newest.id > run.id ? newest : null;
}
