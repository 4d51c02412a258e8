/**
 * The expected score of a cross-validation's final model (RunInfo.finalOf,
 * services/finalModel.ts): it trained on every labelled row, so it has no test score; the
 * cross-validation it was trained after scored its method on held-out folds instead. One
 * function for the bundle's `crossValidation` metadata (services/exports.ts) and `evaluate`
 * (cli/commands/evaluation.ts), so that both give the same numbers.
 */
import type { CrossValidationSummary, RunInfo } from '../../shared/domain';
import type { BundleCrossValidationEstimate } from '../export/metadata';

/**
 * A final model's expected score from its cross-validation's summary: per task of the run
 * the cross-validation's mean ± std (sample std, n folds) of macro-F1, accuracy and balanced
 * accuracy over its completed folds, with its scheme and the labelled rows the model
 * trained on.
 * @param run a run; only a final model (`finalOf` set) has an estimate.
 * @param summaries the dataset's cross-validation summaries (compareCrossValidations).
 * @returns undefined for a run that is not a final model, or when its cross-validation is
 *   no longer summarised (deleted, or no completed fold).
 */
export function finalModelEstimate(
  run: Pick<RunInfo, 'finalOf' | 'tasks'>,
  summaries: readonly CrossValidationSummary[],
): BundleCrossValidationEstimate | undefined {
  const info = run.finalOf;
  if (!info) return undefined;
  const summary = summaries.find((s) => s.evaluation.id === info.evaluationId);
  if (!summary || summary.folds === 0) return undefined;
  return {
    evaluationId: info.evaluationId,
    folds: summary.folds,
    scheme: { k: summary.scheme.k, repeats: summary.scheme.repeats },
    labelledRows: info.labelledRows,
    metrics: Object.fromEntries(
      run.tasks
        .filter((task) => summary.tasks[task])
        .map((task) => {
          const { macroF1, accuracy, balancedAccuracy } = summary.tasks[task];
          return [task, { macroF1, accuracy, balancedAccuracy }];
        }),
    ),
  };
}
