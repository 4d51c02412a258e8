/**
 * Cross-validated evaluation: a method (a fixed configuration, or Auto) trained on every
 * fold of a stored, stratified, repeated k-fold scheme, one ordinary run per fold, so each
 * task is scored on every labelled row once per repetition (engine/crossValidation.ts).
 */
import {
  DEFAULT_TRAIN_CONFIG,
  isContinuable,
  MAX_FOLDS,
  type CrossValidationInfo,
  type DatasetInfo,
  type CrossValidationMethod,
  type FoldSchemeInfo,
  type RunInfo,
  type TrainConfig,
} from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { defaultFolds, MIN_CROSS_VALIDATION_ROWS } from '../../shared/foldCount';
import {
  CROSS_VALIDATION_BELOW_ROWS,
  DEFAULT_FOLD_PLAN,
  foldAssignments,
  jointKeys,
  type FoldPlan,
} from '../engine/crossValidation';
import { cellToLabel } from '../engine/preprocessing';
import type { ProjectStore } from '../store/projectStore';
import { checkAutoOptions, trainAutoRun } from './autoTraining';
import { checkTasksLabelled, noTaskError, tasksByName, trunkFor } from './trainingJobs';
import { checkTaskWeights, stoppedBy, trainRun, validateConfig, type TrainHooks } from './training';

/** A request to evaluate one method by cross-validation. */
export interface CrossValidationRequest {
  datasetId: number;
  /** Tasks trained together (default: all tasks of the dataset). */
  tasks?: string[];
  method: CrossValidationMethod;
  /** Folds, repetitions, seed, validation fraction (defaults: {@link DEFAULT_FOLD_PLAN}). */
  plan?: Partial<FoldPlan>;
  /**
   * Continue this stopped cross-validation instead of starting a new one: its stored fold
   * scheme, tasks and method are used (`tasks`, `method` and `plan` must agree or are
   * ignored, see {@link continueRequest}); folds whose run completed are kept, the others
   * trained.
   */
  continueId?: number;
}

/** Callbacks while a cross-validation trains. */
export interface CrossValidationHooks extends TrainHooks {
  /** Before each fold's run starts: 1-based fold number of `total`. */
  onFold?: (done: number, total: number, fold: { repeat: number; fold: number }) => void;
  /** Once the evaluation is stored (before its first fold trains). */
  onEvaluation?: (evaluation: CrossValidationInfo) => void;
  /** Once a fold's run is completed and linked to the evaluation: the stored run, `fold` set. */
  onFoldRun?: (run: RunInfo) => void;
}

/**
 * Rows labelled for at least one of the dataset's tasks.
 * @throws MtlError('NOT_FOUND') for an unknown dataset.
 */
export async function labelledRows(store: ProjectStore, datasetId: number): Promise<number> {
  const tasks = await store.tasks.list(datasetId);
  if (tasks.length === 0) return 0;
  const read = await store.datasets.readColumns(
    datasetId,
    tasks.map((t) => t.targetColumn),
  );
  let n = 0;
  for (let i = 0; i < read.rowIds.length; i++) {
    if (tasks.some((t) => read.values[t.targetColumn][i] !== null)) n++;
  }
  return n;
}

/** Fewest labelled rows cross-validation can run on: 2 folds of one row each (shared/foldCount.ts). */
export { MIN_CROSS_VALIDATION_ROWS };

/**
 * Whether the automatic choice cross-validates a dataset of `labelled` labelled rows: from
 * {@link MIN_CROSS_VALIDATION_ROWS} to below {@link CROSS_VALIDATION_BELOW_ROWS} (there a
 * single test split of a few dozen rows cannot tell methods apart; below 2 no fold plan
 * runs, and the split says why).
 */
export function autoCrossValidates(labelled: number): boolean {
  return labelled >= MIN_CROSS_VALIDATION_ROWS && labelled < CROSS_VALIDATION_BELOW_ROWS;
}

/**
 * The folds a cross-validation uses when none are asked for: {@link DEFAULT_FOLD_PLAN}'s 5,
 * or as many as the labelled rows allow (at least 2: a 2-row table gets 2 folds); the rule
 * lives in shared/foldCount.ts, shared with the studio's Train view.
 */
export { defaultFolds };

/**
 * Whether evaluation should cross-validate: 'cv' always, 'split' never, 'auto' as
 * {@link autoCrossValidates} says for the dataset's labelled rows.
 */
export async function shouldCrossValidate(
  store: ProjectStore,
  datasetId: number,
  evaluation: 'auto' | 'split' | 'cv',
): Promise<boolean> {
  if (evaluation !== 'auto') return evaluation === 'cv';
  return autoCrossValidates(await labelledRows(store, datasetId));
}

/**
 * The dataset's fold scheme for `plan`: an existing one with the same k, repetitions, seed,
 * validation fraction and stratification, or a new one stratified on the joint labels of
 * all tasks (the first task's classes exactly). Without `plan.k`, k is
 * {@link defaultFolds} of the labelled rows (5, fewer on a table of fewer rows).
 * @throws MtlError('TASK_INVALID') when the dataset has no task; MtlError('SPLIT_INVALID')
 *   with reason CV_TOO_FEW_ROWS for fewer than 2 labelled rows, FOLDS_EXCEED_ROWS (its
 *   `remedy` the folds that fit) for a `plan.k` above the rows, or for another bad plan.
 */
export async function ensureFoldScheme(
  store: ProjectStore,
  datasetId: number,
  plan: Partial<FoldPlan> = {},
): Promise<FoldSchemeInfo> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const full = await foldPlanOf(store, datasetId, plan);
  const stratifiedOn = tasks.map((t) => t.targetColumn);
  const existing = (await store.splits.foldSchemes(datasetId)).find(
    (s) =>
      s.k === full.k &&
      s.repeats === full.repeats &&
      s.seed === full.seed &&
      Math.abs(s.validationFraction - full.validationFraction) < 1e-12 &&
      s.stratifiedOn.join('\n') === stratifiedOn.join('\n'),
  );
  if (existing) return existing;
  const read = await store.datasets.readColumns(datasetId, stratifiedOn);
  const labels = tasks.map((t) => {
    const type = dataset.columns.find((c) => c.name === t.targetColumn)!.type;
    return read.values[t.targetColumn].map((v) => cellToLabel(v, type));
  });
  const folds = foldAssignments(jointKeys(labels), full);
  return store.splits.createFoldScheme({
    datasetId,
    ...full,
    stratifiedOn,
    rowIds: read.rowIds,
    folds,
  });
}

/**
 * The full fold plan a cross-validation of dataset `datasetId` would use for `plan`
 * (defaults: {@link DEFAULT_FOLD_PLAN}; k: {@link defaultFolds} of the labelled rows),
 * checked as {@link ensureFoldScheme} checks it; reads, stores nothing.
 * @throws as {@link ensureFoldScheme}.
 */
export async function foldPlanOf(
  store: ProjectStore,
  datasetId: number,
  plan: Partial<FoldPlan> = {},
): Promise<FoldPlan> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  if (tasks.length === 0) {
    throw noTaskError(dataset);
  }
  const labelled = await labelledRows(store, datasetId);
  if (labelled < MIN_CROSS_VALIDATION_ROWS) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Cross-validation needs at least ${MIN_CROSS_VALIDATION_ROWS} labelled rows (one to test on in each of 2 folds); dataset "${dataset.name}" has ${labelled}. Label more rows.`,
      reasonDetails('CV_TOO_FEW_ROWS', { rows: labelled }),
    );
  }
  const k = plan.k ?? defaultFolds(labelled);
  if (Number.isInteger(k) && k > dataset.rowCount) {
    const max = Math.min(dataset.rowCount, MAX_FOLDS);
    throw new MtlError(
      'SPLIT_INVALID',
      `Cross-validation with ${k} folds needs at least ${k} rows; dataset "${dataset.name}" has ${dataset.rowCount}`,
      reasonDetails(
        'FOLDS_EXCEED_ROWS',
        { k, rows: dataset.rowCount, max },
        { remedy: { folds: max } },
      ),
    );
  }
  return { ...DEFAULT_FOLD_PLAN, ...plan, k };
}

/**
 * Fewest rows Auto's search needs beside a fold's test rows: its inner split (3 stratified
 * inner folds on a small table, engine/autoSelect.ts) needs at least 2 folds of one row.
 */
export const AUTO_MIN_SEARCH_ROWS = 2;

/**
 * Refuses a cross-validation of Auto with `k` folds over the `rows` rows of dataset
 * `dataset` when a fold would leave fewer than {@link AUTO_MIN_SEARCH_ROWS} rows beside its
 * test rows: that fold's inner split could not be made (found by a new user: `train --arch
 * auto` on a 2-row table announced 2 folds, then failed with the engine's "Cross-validation
 * needs 2 ≤ k ≤ rows" and left a failed cross-validation). Folds deal every row of the scheme
 * round-robin (engine/crossValidation.ts foldAssignments), so the largest test fold holds
 * ⌈rows / k⌉ rows. E.g. 2 rows, k = 2: 1 row left, refused; 3 rows, k = 3: 2 left, accepted.
 * @throws MtlError('SPLIT_INVALID') with reason CV_AUTO_TOO_FEW_ROWS; `remedy.folds`, the
 *   fewest folds that would leave enough rows, when some do (the message then ends "use N
 *   folds", to which the CLI adds "; use --folds N").
 */
export function checkAutoFolds(dataset: Pick<DatasetInfo, 'name'>, k: number, rows: number): void {
  const left = rows - Math.ceil(rows / k);
  if (left >= AUTO_MIN_SEARCH_ROWS) return;
  let folds: number | null = null;
  for (let f = k + 1; f <= Math.min(rows, MAX_FOLDS); f++) {
    if (rows - Math.ceil(rows / f) >= AUTO_MIN_SEARCH_ROWS) {
      folds = f;
      break;
    }
  }
  throw new MtlError(
    'SPLIT_INVALID',
    `Auto cannot be cross-validated on dataset "${dataset.name}": with ${k} folds of its ${rows} rows, a fold leaves ${left} row${left === 1 ? '' : 's'} beside its test rows, and Auto's inner split needs at least ${AUTO_MIN_SEARCH_ROWS} to choose a configuration on. Too few rows for Auto; nothing was stored. Train a fixed configuration instead (without --arch auto; any other choice than Auto in the Train view)${folds !== null ? `, use ${folds} folds` : ''}, or add and label more rows`,
    reasonDetails(
      'CV_AUTO_TOO_FEW_ROWS',
      { folds: k, rows, left },
      folds !== null ? { remedy: { folds } } : {},
    ),
  );
}

/**
 * Trains `request.method` on every fold of the dataset's fold scheme (created if needed),
 * one stored run per fold, and records the evaluation. Each fold's run is linked to the
 * evaluation as soon as it starts. A cancelled, interrupted (the studio stopped) or failed
 * fold marks the evaluation so and rethrows; runs finished before stay. With
 * `request.continueId`, that stopped evaluation is continued instead (same scheme, tasks
 * and method; reopened by `EvaluationStore.reopenCrossValidation`, which unlinks and
 * deletes its unfinished fold runs): only the folds without a completed run are trained,
 * and `hooks.onFold` is called for those only (with their number among all folds).
 * @returns the completed evaluation with its fold runs.
 * @throws MtlError from configuration checks (nothing stored), or from a fold's training;
 *   TRAINING_CANCELLED/TRAINING_INTERRUPTED (see stoppedBy) with nothing stored when
 *   `hooks.signal` was already aborted.
 */
export async function crossValidate(
  store: ProjectStore,
  request: CrossValidationRequest,
  hooks: CrossValidationHooks = {},
): Promise<CrossValidationInfo> {
  if (request.continueId !== undefined) {
    // Continued as it was begun: its stored tasks and method, whatever the request says.
    const stopped = await store.evaluation.crossValidation(request.continueId);
    request = { ...request, tasks: stopped.tasks, method: stopped.method };
  }
  if (request.method.kind === 'fixed') {
    validateConfig({ ...DEFAULT_TRAIN_CONFIG, ...request.method.config });
  } else if (request.method.base) {
    validateConfig({ ...DEFAULT_TRAIN_CONFIG, ...request.method.base });
  }
  // Stopped before it began (e.g. Ctrl-C while the project was read): no fold scheme and no
  // evaluation are stored.
  if (hooks.signal?.aborted) throw stoppedBy(hooks.signal);
  const { dataset, tasks } = await checkedTasks(store, request);
  // A weight for a task not trained: refused before a fold scheme or evaluation is stored.
  checkTaskWeights(
    request.method.kind === 'fixed' ? request.method.config : (request.method.base ?? {}),
    tasks,
  );
  // A task never labelled: refused before a fold scheme or evaluation is stored, as a run on
  // the split is (no "failed" cross-validation that its continuation would fail again).
  await checkTasksLabelled(store, request.datasetId, tasks);
  // A trunk that cannot read the dataset (the MLP on images, the CNN on a table): refused
  // before anything is stored; a stopped cross-validation stored so says it cannot be
  // continued, instead of failing fold after fold.
  checkTrunk(
    dataset,
    request.method.kind === 'fixed' ? request.method.config.trunk : request.method.base?.trunk,
    request.continueId,
  );
  let scheme: FoldSchemeInfo;
  let evaluation: CrossValidationInfo;
  if (request.continueId !== undefined) {
    const stopped = await store.evaluation.crossValidation(request.continueId);
    if (stopped.datasetId !== request.datasetId)
      throw new MtlError(
        'BAD_REQUEST',
        `Cross-validation ${stopped.id} belongs to dataset ${stopped.datasetId}, not ${request.datasetId}`,
      );
    scheme = await store.splits.foldScheme(stopped.schemeId);
    await store.evaluation.reopenCrossValidation(stopped.id);
    evaluation = await store.evaluation.crossValidation(stopped.id);
  } else {
    const plan = await foldPlanOf(store, request.datasetId, request.plan);
    // Auto on too few rows: every fold's search would fail; said before anything is stored.
    if (request.method.kind === 'auto') checkAutoFolds(dataset, plan.k, dataset.rowCount);
    scheme = await ensureFoldScheme(store, request.datasetId, plan);
    evaluation = await store.evaluation.createCrossValidation({
      schemeId: scheme.id,
      tasks,
      method: request.method,
    });
  }
  /** Folds whose run completed (kept when continuing): "repeat/fold". */
  const kept = new Set(evaluation.runs.map((r) => `${r.repeat}/${r.fold}`));
  hooks.onEvaluation?.(evaluation);
  /** The link of the fold run now training, written as soon as its run row exists. */
  let linking: Promise<void> | null = null;
  try {
    for (const [i, fold] of scheme.folds.entries()) {
      if (kept.has(`${fold.repeat}/${fold.fold}`)) continue;
      hooks.onFold?.(i + 1, scheme.folds.length, fold);
      // Stopped as this fold begins: its run is not stored, its process not started.
      if (hooks.signal?.aborted) throw stoppedBy(hooks.signal);
      linking = null;
      // Linked when it starts, not when it ends: a fold stopped while it trains (cancel,
      // server stop, crash) stays listed with its evaluation.
      const foldHooks: TrainHooks = {
        ...hooks,
        onStarted: (started) => {
          const link = store.evaluation.addFoldRun(
            evaluation.id,
            fold.repeat,
            fold.fold,
            started.id,
          );
          // Handled at once (a failed link rejecting while the fold trains would otherwise be
          // an unhandled rejection, which ends the CLI); `linking` is still awaited below, so
          // its error surfaces when the fold returns.
          link.catch(() => undefined);
          linking = link;
          hooks.onStarted?.(started);
        },
      };
      const run: RunInfo =
        request.method.kind === 'fixed'
          ? await trainRun(
              store,
              {
                datasetId: request.datasetId,
                tasks,
                config: request.method.config,
                splitId: fold.splitId,
              },
              // A fold is not resumed on its own: a stopped fold is trained again from its
              // first epoch when the evaluation is continued (the finished folds are kept).
              { ...foldHooks, checkpoints: false },
            )
          : await trainAutoRun(
              store,
              {
                datasetId: request.datasetId,
                tasks,
                splitId: fold.splitId,
                budgetSeconds: request.method.budgetSeconds,
                seed: request.method.seed,
                brackets: request.method.brackets,
                base: request.method.base,
              },
              foldHooks,
            );
      await (linking ?? store.evaluation.addFoldRun(evaluation.id, fold.repeat, fold.fold, run.id));
      hooks.onFoldRun?.(await store.training.getRun(run.id));
    }
  } catch (err) {
    // The fold run that stopped stays linked (a failed link is not the cause to report).
    await (linking as Promise<void> | null)?.catch(() => undefined);
    // Stopped by the studio going away (server stop, SIGTERM): interrupted, as its fold run.
    const code = err instanceof MtlError ? err.code : null;
    await store.evaluation.finishCrossValidation(
      evaluation.id,
      code === 'TRAINING_INTERRUPTED'
        ? 'interrupted'
        : code === 'TRAINING_CANCELLED'
          ? 'cancelled'
          : 'failed',
      err instanceof Error ? err.message : String(err),
    );
    throw err;
  }
  await store.evaluation.finishCrossValidation(evaluation.id, 'completed');
  return store.evaluation.crossValidation(evaluation.id);
}

/**
 * Refuses a cross-validation whose trunk cannot read dataset `dataset` (trainingJobs.ts
 * trunkFor: reasons TRUNK_MLP_ON_IMAGES, TRUNK_CNN_ON_TABLE); when it continues stopped
 * cross-validation `continueId`, with reasons CV_CONTINUE_MLP_ON_IMAGES or
 * CV_CONTINUE_CNN_ON_TABLE, which say it cannot be continued and to start a new one with the
 * other trunk (every fold of it would be refused alike).
 * @param trunk the stored or requested trunk (undefined: the dataset's default, which fits).
 * @throws MtlError('BAD_REQUEST') as above.
 */
export function checkTrunk(
  dataset: DatasetInfo,
  trunk: TrainConfig['trunk'] | undefined,
  continueId?: number,
): void {
  try {
    trunkFor(dataset, trunk);
  } catch (err) {
    if (continueId === undefined || !(err instanceof MtlError)) throw err;
    const params = (err.details?.params ?? {}) as { dataset?: string; column?: string };
    if (err.details?.reason === 'TRUNK_MLP_ON_IMAGES') {
      throw new MtlError(
        'BAD_REQUEST',
        `Cross-validation ${continueId} was started with trunk 'mlp', which cannot read the images of dataset "${dataset.name}" (column "${params.column}"): every fold would fail the same way, so it cannot be continued. Start a new cross-validation with trunk 'cnn' ('train --evaluation cv --trunk cnn', or the CNN trunk in the studio).`,
        reasonDetails('CV_CONTINUE_MLP_ON_IMAGES', {
          id: continueId,
          dataset: dataset.name,
          column: params.column ?? '',
        }),
      );
    }
    if (err.details?.reason === 'TRUNK_CNN_ON_TABLE') {
      throw new MtlError(
        'BAD_REQUEST',
        `Cross-validation ${continueId} was started with trunk 'cnn', and dataset "${dataset.name}" is a table: every fold would fail the same way, so it cannot be continued. Start a new cross-validation with trunk 'mlp'.`,
        reasonDetails('CV_CONTINUE_CNN_ON_TABLE', { id: continueId, dataset: dataset.name }),
      );
    }
    throw err;
  }
}

/** JSON with object keys sorted at every level: two equal methods give the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether a cross-validation stopped and can be continued (shared/evaluation.ts). */
/**
 * The dataset and the task names a cross-validation `request` trains (all of the dataset's
 * when it names none, else those it names, in its order), checked as its first fold would
 * check them: refused before a fold scheme or evaluation is stored, with the words of a run on
 * the split (found by a new user: `train --tasks typ` printed "fold 1 of 5", then failed, and
 * left a "failed" cross-validation that its continuation failed again).
 * @throws the no-task error when the dataset has no task; the unknown-task error of
 *   tasksByName for a name it lacks; Auto's budget and bracket errors (checkAutoOptions).
 */
async function checkedTasks(
  store: ProjectStore,
  request: CrossValidationRequest,
): Promise<{ dataset: DatasetInfo; tasks: string[] }> {
  const [dataset, allTasks] = await Promise.all([
    store.datasets.get(request.datasetId),
    store.tasks.list(request.datasetId),
  ]);
  if (allTasks.length === 0) throw noTaskError(dataset);
  const tasks = request.tasks
    ? tasksByName(dataset, allTasks, request.tasks).map((t) => t.name)
    : allTasks.map((t) => t.name);
  // Auto's budget and brackets, as each fold's trainAutoRun would check them.
  if (request.method.kind === 'auto') checkAutoOptions(request.method);
  return { dataset, tasks };
}

export { isContinuable };

/**
 * The latest stopped cross-validation (see {@link isContinuable}) that `request` would
 * start again: same dataset, the fold scheme `request.plan` gives (ensureFoldScheme, which
 * may store it), the same tasks in the same order (all of the dataset's when none are
 * named) and the same method (every stored field equal). Null when there is none.
 * @throws the errors of ensureFoldScheme.
 */
export async function findContinuableCrossValidation(
  store: ProjectStore,
  request: CrossValidationRequest,
): Promise<CrossValidationInfo | null> {
  const { tasks } = await checkedTasks(store, request);
  const scheme = await ensureFoldScheme(store, request.datasetId, request.plan);
  const method = canonicalJson(request.method);
  const matches = (await store.evaluation.crossValidations(request.datasetId)).filter(
    (e) =>
      isContinuable(e) &&
      e.schemeId === scheme.id &&
      e.tasks.join('\n') === tasks.join('\n') &&
      canonicalJson(e.method) === method,
  );
  return matches.at(-1) ?? null;
}

/**
 * The request that continues stopped cross-validation `evaluationId` (its dataset, tasks
 * and method as stored; `continueId` set), for {@link crossValidate}.
 * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST') when it is
 *   running or completed.
 */
export async function continueRequest(
  store: ProjectStore,
  evaluationId: number,
): Promise<CrossValidationRequest> {
  const e = await store.evaluation.crossValidation(evaluationId);
  if (!isContinuable(e))
    throw new MtlError(
      'BAD_REQUEST',
      `Cross-validation ${e.id} is ${e.status}; only a stopped one (cancelled, interrupted or failed) can be continued`,
    );
  return { datasetId: e.datasetId, tasks: e.tasks, method: e.method, continueId: e.id };
}
