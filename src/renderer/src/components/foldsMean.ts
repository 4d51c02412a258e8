/**
 * The Train view's folds panel's "Mean ± std (N folds)" row (CrossValidationFolds.vue),
 * taken from the very fold runs the panel lists. Found by a new user: the row came from a
 * separate `compare.crossValidations` reload and lagged the list (folds 1 and 2 listed as
 * completed, the row still "Mean ± std (1 fold)" with fold 1's values alone).
 */
import type { MeanStd, RunInfo } from '@shared/domain';
// Relative, not @shared: vitest (test/renderer) resolves no alias.
import { meanStd } from '../../../shared/meanStd';

/** The mean row: how many folds it averages and, per task, macro-F1 and accuracy. */
export interface FoldsMean {
  /** Completed fold runs averaged (as the server's CrossValidationSummary.folds). */
  folds: number;
  /** Per task: mean ± sample std over the completed folds (services/evaluation.ts's rule). */
  tasks: Record<string, { macroF1: MeanStd; accuracy: MeanStd }>;
}

/**
 * Mean ± sample std of each task's test macro-F1 and accuracy over the completed runs of
 * `folds` (the others: queued, running, stopped, are listed but not averaged), as
 * compareCrossValidations computes them on the server.
 * @param folds the listed fold runs of one cross-validation.
 * @param tasks the tasks to average (the cross-validation's).
 * @returns null when no fold completed (no row to show).
 */
export function foldsMean(folds: readonly RunInfo[], tasks: readonly string[]): FoldsMean | null {
  const done = folds.filter((r) => r.status === 'completed');
  if (done.length === 0) return null;
  const values = (task: string, key: 'macroF1' | 'accuracy') =>
    done.map((r) => r.results?.[task]?.[key] ?? NaN);
  return {
    folds: done.length,
    tasks: Object.fromEntries(
      tasks.map((task) => [
        task,
        { macroF1: meanStd(values(task, 'macroF1')), accuracy: meanStd(values(task, 'accuracy')) },
      ]),
    ),
  };
}
