/**
 * The question the Data view asks before deleting a dataset (found by a new user: the dialog
 * said "This cannot be undone", and only once confirmed did the studio refuse with "Run 16 is
 * training on this dataset"). While a run of the dataset is queued or trains, the dialog says
 * so and offers no Delete, from the runs the page already lists; the server still refuses
 * such a delete (services/session.ts deleteDataset, reason DATASET_IN_TRAINING).
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { RunInfo } from '../../../shared/domain';
import type { ConfirmOptions } from '../stores/confirm';

/** Translates `key` with `values` (vue-i18n's `t`); `plural` picks a `one | many` form. */
type Translate = (key: string, values?: Record<string, unknown>, plural?: number) => string;

/**
 * The run of dataset `datasetId` that is queued or trains (the lowest id when several), or
 * null when none does.
 * @param runs the runs the page lists (the selected dataset's).
 */
export function trainingRunOf(
  runs: readonly Pick<RunInfo, 'id' | 'datasetId' | 'status'>[],
  datasetId: number,
): number | null {
  const ids = runs
    .filter((r) => r.datasetId === datasetId && (r.status === 'running' || r.status === 'queued'))
    .map((r) => r.id);
  return ids.length === 0 ? null : Math.min(...ids);
}

/**
 * The confirmation of deleting `dataset`: its rows, tasks and runs, or, while one of `runs`
 * trains on it, that run and no confirming button (`confirmLabel` null).
 * @param tasks how many tasks the dataset has.
 */
export function deleteDatasetQuestion(
  dataset: { id: number; name: string; rowCount: number },
  runs: readonly Pick<RunInfo, 'id' | 'datasetId' | 'status'>[],
  tasks: number,
  t: Translate,
): ConfirmOptions {
  const title = t('data.deleteTitle', { name: dataset.name });
  const training = trainingRunOf(runs, dataset.id);
  if (training !== null) {
    return {
      title,
      message: t('data.deleteWhileTraining', { id: training }),
      confirmLabel: null,
      cancelLabel: t('common.close'),
    };
  }
  const runCount = runs.filter((r) => r.datasetId === dataset.id).length;
  return {
    title,
    message: t('data.deleteMessage', {
      rows: t('data.deleteCounts.rows', { n: dataset.rowCount.toLocaleString() }, dataset.rowCount),
      tasks: t('data.deleteCounts.tasks', { n: tasks }, tasks),
      runs: t('data.deleteCounts.runs', { n: runCount }, runCount),
    }),
    confirmLabel: t('data.deleteConfirm'),
  };
}
