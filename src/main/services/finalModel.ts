/**
 * The final model of a completed cross-validation: its method trained once on every labelled
 * row, as scikit-learn users cross-validate and then fit on everything. It reuses Auto's
 * refit (engine/autoRefit.ts refitEpochs and refitConfig, engine/autoJob.ts runAutoJob):
 * no test split (so no test score: the cross-validation's mean ± std is its estimate), no
 * validation rows and so no early stopping, each task trained for a fixed number of epochs
 * taken from the folds' early stopping, its last weights kept.
 */
import type { EpochRecord, FinalModelInfo, RunInfo } from '../../shared/domain';
import type { CrossValidationInfo } from '../../shared/evaluation';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { FinalModelAvailability } from '../../shared/finalModel';
import { refitConfig } from '../engine/autoRefit';
import type { ProjectStore } from '../store/projectStore';
import { executeRun, prepareJob, type TrainHooks } from './training';

/**
 * Median of `values` (the mean of the two middle ones for an even count).
 * @throws MtlError('INTERNAL') for no value.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new MtlError('INTERNAL', 'The median of no value.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One fold run's early-stopping epoch of each task: the epoch whose weights the task kept —
 * `EpochRecord.stoppedTasks[task].bestEpoch` where its own network stopped early (the
 * single-task baseline stops each task separately), else the run's `bestEpoch` (tasks
 * sharing a network stop together).
 * @throws MtlError('INTERNAL') for a completed fold run without a best epoch.
 */
export function foldStoppingEpochs(
  run: Pick<RunInfo, 'id' | 'bestEpoch'>,
  tasks: readonly string[],
  epochs: readonly EpochRecord[],
): Record<string, number> {
  const stopped: Record<string, number> = {};
  for (const record of epochs)
    for (const [task, s] of Object.entries(record.stoppedTasks ?? {})) stopped[task] = s.bestEpoch;
  return Object.fromEntries(
    tasks.map((task) => {
      const epoch = stopped[task] ?? run.bestEpoch;
      if (epoch === null)
        throw new MtlError('INTERNAL', `Fold run ${run.id} completed without a best epoch.`);
      return [task, epoch];
    }),
  );
}

/**
 * The epochs a final model trains each task for: per task, the median over the folds of
 * its early-stopping epoch ({@link foldStoppingEpochs}), rounded to the nearest epoch (at
 * least 1); the run lasts the most of them. As Auto's refit (engine/autoRefit.ts
 * refitEpochs: per task, the chosen run's restored epoch over its inner folds, the run as
 * long as the longest), with the median rather than the mean: one fold that trained on
 * (a noisy validation split) does not move it.
 * @param folds per completed fold, each task's stopping epoch.
 */
export function finalEpochs(
  folds: readonly Record<string, number>[],
  tasks: readonly string[],
): { epochs: number; perTask: Record<string, number> } {
  const perTask = Object.fromEntries(
    tasks.map((task) => [task, Math.max(1, Math.round(median(folds.map((f) => f[task]))))]),
  );
  return { epochs: Math.max(1, ...Object.values(perTask)), perTask };
}

/**
 * The row ids labelled for at least one of `tasks` (their target columns), ascending.
 * @throws MtlError('TASK_INVALID') for a task the dataset no longer has.
 */
async function labelledRowIds(
  store: ProjectStore,
  datasetId: number,
  tasks: readonly string[],
): Promise<number[]> {
  const all = await store.tasks.list(datasetId);
  const columns = tasks.map((name) => {
    const task = all.find((t) => t.name === name);
    if (!task) throw new MtlError('TASK_INVALID', `The dataset no longer has task "${name}".`);
    return task.targetColumn;
  });
  const read = await store.datasets.readColumns(datasetId, columns);
  return read.rowIds.filter((_, i) => columns.some((c) => read.values[c][i] !== null));
}

/**
 * Why a final model of cross-validation `evaluationId` cannot be trained now, checked before
 * anything is stored or printed (the CLI's `train --final-of-cv` and the Train view's button
 * share it): the cross-validation must have completed, evaluated a fixed configuration, kept
 * at least one completed fold, still have its tasks, and have no final model yet — a
 * completed or training one refuses (a second would train the same rows with the same seed:
 * the same model), unless the labels of its tasks changed since that model read them (a
 * retrain then learns from the new labels). A stopped final model (interrupted, cancelled,
 * failed) does not count: training again is how it is restarted.
 * @returns the cross-validation, its completed fold runs, and `replaces`: the run id of the
 *   final model whose labels changed since it trained (a new one learns from them), or null
 *   when it has none (none, or only stopped ones).
 * @throws MtlError('NOT_FOUND') for an unknown cross-validation; MtlError('BAD_REQUEST') with
 *   reason FINAL_CV_NOT_COMPLETED, FINAL_CV_OF_AUTO, FINAL_MODEL_EXISTS (details.runId), or
 *   none for a cross-validation without a completed fold;
 *   MtlError('TASK_INVALID') for a task the dataset no longer has.
 */
export async function checkFinalModelAllowed(
  store: ProjectStore,
  evaluationId: number,
): Promise<{ evaluation: CrossValidationInfo; runs: RunInfo[]; replaces: number | null }> {
  const evaluation = await store.evaluation.crossValidation(evaluationId);
  if (evaluation.status !== 'completed')
    throw new MtlError(
      'BAD_REQUEST',
      `Cross-validation ${evaluationId} is ${evaluation.status}; a final model is trained after a completed one.`,
      reasonDetails(
        'FINAL_CV_NOT_COMPLETED',
        { id: evaluationId, status: evaluation.status },
        { evaluationId, status: evaluation.status },
      ),
    );
  if (evaluation.method.kind !== 'fixed')
    throw new MtlError(
      'BAD_REQUEST',
      `Cross-validation ${evaluationId} evaluated Auto, whose folds each chose their own configuration, so it has no single configuration to train once more. Train Auto once on the dataset instead: on a small table it chooses its configuration by inner cross-validation on the non-test rows, then refits it on every non-test row (its test split keeps scoring it).`,
      reasonDetails(
        'FINAL_CV_OF_AUTO',
        { id: evaluationId },
        { evaluationId, datasetId: evaluation.datasetId },
      ),
    );
  const runs = (
    await Promise.all(evaluation.runs.map((r) => store.training.getRun(r.runId)))
  ).filter((r) => r.status === 'completed');
  if (runs.length === 0)
    throw new MtlError('BAD_REQUEST', `Cross-validation ${evaluationId} has no completed fold.`, {
      evaluationId,
    });
  const taskList = await store.tasks.list(evaluation.datasetId);
  const gone = evaluation.tasks.find((name) => !taskList.some((t) => t.name === name));
  if (gone !== undefined)
    throw new MtlError('TASK_INVALID', `The dataset no longer has task "${gone}".`, { task: gone });
  const existing = (await store.training.listRuns(evaluation.datasetId))
    .filter(
      (r) =>
        r.finalOf?.evaluationId === evaluationId &&
        ['completed', 'running', 'queued'].includes(r.status),
    )
    .sort((a, b) => b.id - a.id)[0];
  if (existing && !(await labelsChangedSince(store, existing))) {
    throw new MtlError(
      'BAD_REQUEST',
      `Cross-validation ${evaluationId} already has a final model: run ${existing.id}${existing.status === 'completed' ? '' : ` (${existing.status})`}. Its labels have not changed since, so another would train the same model; delete it first to train it again, or use it.`,
      reasonDetails(
        'FINAL_MODEL_EXISTS',
        { id: evaluationId, run: existing.id },
        { evaluationId, runId: existing.id, status: existing.status },
      ),
    );
  }
  return { evaluation, runs, replaces: existing?.id ?? null };
}

/**
 * Whether the final model of cross-validation `evaluationId` can be trained now, as
 * {@link checkFinalModelAllowed} rules (the one rule the CLI and the studio's button follow):
 * the Train view asks it instead of guessing from the runs it lists.
 * @returns `{ allowed: true, labelsChangedSince }` (the final model whose labels changed
 *   since it trained, or null), or `{ allowed: false, error }`: the refusal as the renderer
 *   shows errors (reason FINAL_MODEL_EXISTS, FINAL_CV_NOT_COMPLETED, FINAL_CV_OF_AUTO, …).
 * @throws MtlError('NOT_FOUND') for an unknown cross-validation; other errors than the
 *   rule's refusals (BAD_REQUEST, TASK_INVALID) as they come.
 */
export async function finalModelAvailability(
  store: ProjectStore,
  evaluationId: number,
): Promise<FinalModelAvailability> {
  try {
    const { replaces } = await checkFinalModelAllowed(store, evaluationId);
    return { allowed: true, labelsChangedSince: replaces };
  } catch (err) {
    if (err instanceof MtlError && (err.code === 'BAD_REQUEST' || err.code === 'TASK_INVALID'))
      return { allowed: false, error: err.toPayload() };
    throw err;
  }
}

/**
 * Whether a label of one of `run`'s tasks changed since it read them (its recorded label
 * versions' last event; store/labels.ts changedLabelCount). A run stored without label
 * versions counts as unchanged.
 */
async function labelsChangedSince(store: ProjectStore, run: RunInfo): Promise<boolean> {
  const versions = (await store.labels.runVersions(run.datasetId, run.id)).get(run.id) ?? [];
  for (const v of versions)
    if ((await store.labels.changedLabelCount(run.datasetId, v.task, v.lastEvent)) > 0) return true;
  return false;
}

/**
 * Trains the final model of completed cross-validation `evaluationId`: its fixed
 * configuration (the folds' stored one) on every row labelled for one of its tasks (a split
 * of training rows only, store/splits.ts createFinalSplit), each task for
 * {@link finalEpochs} of the stored fold runs, no early stopping, no learning-rate schedule
 * (refitConfig), no checkpoints. The run is linked to the cross-validation as it starts
 * (RunInfo.finalOf). It has no test results (`results` null) and no stored predictions.
 * @returns the completed run.
 * @throws as {@link checkFinalModelAllowed} (not completed, Auto, no fold, a task removed, a
 *   final model already there); as {@link executeRun}.
 */
export async function trainFinalModel(
  store: ProjectStore,
  evaluationId: number,
  hooks: TrainHooks = {},
): Promise<RunInfo> {
  const { evaluation, runs } = await checkFinalModelAllowed(store, evaluationId);
  const { tasks, datasetId } = evaluation;
  const folds = await Promise.all(
    runs.map(async (run) =>
      foldStoppingEpochs(run, tasks, await store.training.listEpochs(run.id)),
    ),
  );
  const { epochs, perTask } = finalEpochs(folds, tasks);
  // The folds' configuration as stored (defaults of the time filled in), refitted.
  const config = refitConfig(runs[0].config, epochs);
  const rowIds = await labelledRowIds(store, datasetId, tasks);
  const lastEvent = await store.labels.lastEventId(datasetId);
  const split = await store.splits.createFinalSplit(evaluationId, datasetId, rowIds, config.seed);
  const input = await prepareJob(store, datasetId, tasks, split.id, config, hooks.images, {
    unscored: true,
  });
  input.refit = { stopAfter: perTask };
  const info: FinalModelInfo = {
    evaluationId,
    labelledRows: rowIds.length,
    epochs,
    epochsPerTask: perTask,
  };
  let linking: Promise<void> | null = null;
  const run = await executeRun(
    store,
    datasetId,
    split.id,
    input,
    {
      ...hooks,
      onStarted: (started) => {
        // Linked as it starts: a stopped final model still reads as one.
        linking = store.training.linkFinalModel(started.id, info);
        linking.catch(() => undefined);
        hooks.onStarted?.({ ...started, finalOf: info });
      },
    },
    lastEvent,
  );
  await (linking ?? store.training.linkFinalModel(run.id, info));
  return store.training.getRun(run.id);
}
