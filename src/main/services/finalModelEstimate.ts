/**
 * The expected score of a cross-validation's final model (RunInfo.finalOf,
 * services/finalModel.ts): it trained on every labelled row, so it has no test score; the
 * cross-validation it was trained after scored its method on held-out folds instead. One
 * function for the bundle's `crossValidation` metadata (services/exports.ts) and `evaluate`
 * (cli/commands/evaluation.ts), so that both give the same numbers; and each task's labelled
 * rows it trained on (a task trains on its own labels only), for the notes that say so.
 */
import type { CrossValidationSummary, RunInfo } from '../../shared/domain';
import type { BundleCrossValidationEstimate } from '../export/metadata';
import type { ProjectStore } from '../store/projectStore';

/**
 * A final model's expected score from its cross-validation's summary: per task of the run
 * the cross-validation's mean ± std (sample std, n folds) of macro-F1, accuracy and balanced
 * accuracy over its completed folds, with its scheme and the labelled rows the model
 * trained on.
 * @param run a run; only a final model (`finalOf` set) has an estimate.
 * @param summaries the dataset's cross-validation summaries (compareCrossValidations).
 * @param perTask each task's labelled rows the model trained on (the run's label versions),
 *   kept as `labelledRowsPerTask` when given.
 * @returns undefined for a run that is not a final model, or when its cross-validation is
 *   no longer summarised (deleted, or no completed fold).
 */
export function finalModelEstimate(
  run: Pick<RunInfo, 'finalOf' | 'tasks'>,
  summaries: readonly CrossValidationSummary[],
  perTask: Record<string, number> | null = null,
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
    ...(perTask ? { labelledRowsPerTask: perTask } : {}),
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

/**
 * Each task's labelled rows a run trained on (its label versions, RunLabelVersion.labelled),
 * in the run's task order (the store lists versions by name: found by a new user, the
 * listing read alphabetically), or null for a run trained before they were recorded.
 */
export async function labelledRowsPerTask(
  store: ProjectStore,
  run: Pick<RunInfo, 'id' | 'datasetId' | 'tasks'>,
): Promise<Record<string, number> | null> {
  const versions = (await store.labels.runVersions(run.datasetId, run.id)).get(run.id);
  if (!versions) return null;
  const order = (task: string): number => {
    const i = run.tasks.indexOf(task);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sorted = [...versions].sort((a, b) => order(a.task) - order(b.task));
  return Object.fromEntries(sorted.map((v) => [v.task, v.labelled]));
}
