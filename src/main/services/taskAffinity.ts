/**
 * Task affinity of a dataset's tasks (engine/taskAffinity.ts, Fifty et al., NeurIPS 2021):
 * a quick dedicated pass of a hard-sharing network on the training rows of the dataset's
 * split, measured in this process (a few seconds on a table; bounded by `steps`). Every
 * result is stored in the project (`task_affinities`) and read back by
 * {@link storedTaskAffinity}, with what changed since it was computed.
 */
import type { TaskAffinityView } from '../../shared/contract/evaluation';
import {
  DEFAULT_TRAIN_CONFIG,
  type StoredTaskAffinity,
  type TaskInfo,
  type TrainConfig,
} from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { selectBackend } from '../engine/backend';
import { splitIndices } from '../engine/job';
import { encodeLabels, fitPreprocessing, transform } from '../engine/preprocessing';
import { DEFAULT_AFFINITY_STEPS, taskAffinity } from '../engine/taskAffinity';
import type { ProjectStore } from '../store/projectStore';
import { assignNewlyLabelledRows } from './labels';
import { ensureSplit, prepareJob, type UnscoredTasksDetails } from './training';
import { defaultBusyRetry, retryWhileBusy } from './trainingWrites';
import { shellWord } from '../../shared/shellWord';

/** Options of {@link estimateTaskAffinity}. */
export interface AffinityRequest {
  datasetId: number;
  /** Tasks to relate (default: all, at least 2, at most MAX_AFFINITY_TASKS of engine/taskAffinity.ts). */
  tasks?: string[];
  /** Split whose training rows are used (default: the dataset's latest split). */
  splitId?: number;
  /** Optimizer steps of the pass (default 300). */
  steps?: number;
  config?: Partial<TrainConfig>;
}

/**
 * Refuses an affinity over one task before a split is read: relating tasks needs two.
 * Found by a new user: a dataset of one task on a small table was refused with "no
 * labelled row in the test split", which a second task would not have changed. A dataset
 * without a task is left to prepareJob (noTaskError). The advice names the command that adds
 * a task with the placeholder `-p <project>` (the CLI fills in the project, as for noTaskError);
 * the reason (details.reason) lets the studio say it with its own words, in the user's language.
 * @throws MtlError('BAD_REQUEST') when the dataset has exactly one task (reason
 *   AFFINITY_ONE_TASK, or AFFINITY_ONE_TASK_NO_COLUMN without a categorical column for a
 *   second), or `request.tasks` names fewer than 2 (AFFINITY_ONE_CHOSEN, AFFINITY_NONE_CHOSEN).
 */
export async function refuseFewerThanTwoTasks(
  store: ProjectStore,
  request: Pick<AffinityRequest, 'datasetId' | 'tasks'>,
): Promise<void> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(request.datasetId),
    store.tasks.list(request.datasetId),
  ]);
  if (tasks.length === 0) return;
  if (request.tasks !== undefined && request.tasks.length < 2 && tasks.length >= 2) {
    const names = tasks.map((t) => t.name).join(', ');
    throw new MtlError(
      'BAD_REQUEST',
      `Task affinity relates tasks: it needs at least 2, and ${request.tasks.length === 0 ? 'none was' : `only "${request.tasks[0]}" was`} chosen; choose 2 or more of ${names}`,
      request.tasks.length === 0
        ? reasonDetails('AFFINITY_NONE_CHOSEN', { tasks: names })
        : reasonDetails('AFFINITY_ONE_CHOSEN', { chosen: request.tasks[0], tasks: names }),
    );
  }
  if (tasks.length >= 2) return;
  const used = new Set(tasks.map((t) => t.targetColumn));
  const candidates = dataset.columns
    .filter((c) => (c.type === 'categorical' || c.type === 'boolean') && !used.has(c.name))
    .map((c) => c.name);
  const columns = `${candidates.slice(0, 5).join(', ')}${candidates.length > 5 ? ', …' : ''}`;
  const add =
    candidates.length > 0
      ? `add another task: a categorical column, here ${columns} (mtl-studio tasks -p <project> --add ${shellWord(candidates[0])}, or the Tasks view), or label a new one (--new NAME=class1,class2)`
      : 'add another task: label a new one (mtl-studio tasks -p <project> --new NAME=class1,class2, or the Tasks view)';
  const params = { dataset: dataset.name, task: tasks[0].name };
  throw new MtlError(
    'BAD_REQUEST',
    `Task affinity relates tasks: it needs at least 2, and dataset "${dataset.name}" has only one ("${tasks[0].name}"); ${add}.`,
    candidates.length > 0
      ? reasonDetails('AFFINITY_ONE_TASK', { ...params, columns }, { candidates })
      : reasonDetails('AFFINITY_ONE_TASK_NO_COLUMN', params),
  );
}

/**
 * Measures inter-task affinity, recommends a grouping and stores both in the project (one
 * transaction, after the pass; labels and tasks are read before it, so an edit made during
 * the pass shows as a change since).
 * @returns the stored result (`changedSince` all zero/false; `id` null when the project is
 *   read-only and it could not be stored).
 * Rows labelled since the split was made join it first (assignNewlyLabelledRows, as a
 * training run does), unless the project is read-only.
 * @throws MtlError('BAD_REQUEST') for fewer than 2 (see {@link refuseFewerThanTwoTasks}) or
 *   more than MAX_AFFINITY_TASKS tasks;
 *   MtlError('SPLIT_INVALID') for tasks without a labelled row in the test split (details:
 *   see {@link UnlabelledTasksDetails}); other errors of {@link prepareJob}.
 */
export async function estimateTaskAffinity(
  store: ProjectStore,
  request: AffinityRequest,
): Promise<TaskAffinityView> {
  await refuseFewerThanTwoTasks(store, request);
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...request.config, dropout: 0 };
  const split = request.splitId
    ? await store.splits.get(request.splitId)
    : await ensureSplit(store, request.datasetId);
  // As trainRun: rows labelled since the split was made join it (else "Row N has no split").
  if (!store.readOnly)
    await retryWhileBusy(() => assignNewlyLabelledRows(store, split.id), defaultBusyRetry());
  const lastLabelEvent = await store.labels.lastEventId(request.datasetId);
  const input = await prepareJob(store, request.datasetId, request.tasks, split.id, config).catch(
    async (err: unknown) => {
      // A failed read of the names must not hide prepareJob's own error.
      const names =
        request.tasks ??
        (await store.tasks.list(request.datasetId).then(
          (tasks) => tasks.map((t) => t.name),
          () => null,
        ));
      throw names ? unlabelledTaskError(names, err) : err;
    },
  );
  // The tasks as the pass reads them (listed before it), so a task deleted, renamed or
  // redefined during the pass shows as changed since.
  const listed = definitionsOf(await store.tasks.list(request.datasetId));
  const definitions = input.targets.map(({ task }) => {
    const definition = listed.find(
      (d) => d.name === task.name && JSON.stringify(d.classes) === JSON.stringify(task.classes),
    );
    if (!definition) {
      throw new MtlError(
        'BAD_REQUEST',
        `Task "${task.name}" changed while the task affinity was being prepared; measure again`,
      );
    }
    return definition;
  });
  await selectBackend(config.backend);
  const { train } = splitIndices(input.assignment);
  const preprocessing = fitPreprocessing(input.inputs, train);
  const features = transform(
    preprocessing,
    Object.fromEntries(input.inputs.map((c) => [c.name, c.values])),
  );
  const steps = request.steps ?? DEFAULT_AFFINITY_STEPS;
  const result = await taskAffinity(
    features,
    preprocessing.featureNames.length,
    input.targets.map((t) => encodeLabels(t.values, t.task.classes, t.type)),
    train,
    { tasks: input.targets.map((t) => t.task), config, steps },
  );
  const record = {
    datasetId: request.datasetId,
    tasks: result.tasks,
    taskDefinitions: result.tasks.map((name) => definitions.find((d) => d.name === name)!),
    parameters: { splitId: split.id, steps, config: request.config ?? {} },
    affinity: result.affinity,
    groups: result.groups,
    samples: result.samples,
    lastLabelEvent,
    method: 'lookahead' as const,
  };
  // A read-only project (opened while another process writes it, or damaged) still shows
  // the result, unstored (id null).
  const stored = store.readOnly
    ? { ...record, id: null, computedAt: new Date().toISOString() }
    : await store.evaluation.saveTaskAffinity(record);
  return viewOf(store, stored, request.tasks === undefined);
}

/**
 * The details of the affinity pass's SPLIT_INVALID error for tasks without a labelled row in
 * the test split, from which a caller words its own advice (the CLI adds the command that
 * measures without them):
 * - `task`, `labelled`, `rows`: the first such task (as prepareJob's error);
 * - `unlabelled`: every such task among those measured, in task order;
 * - `others`: the tasks measured, less all of those;
 * - `problem`: the sentence naming them, e.g. `Task "mood" has no labelled row (344 rows in
 *   all), so its affinity to the other tasks cannot be measured`;
 * - `remedy`: `label some of its rows` (`more`: some are labelled, none in the test split;
 *   `their`: several tasks);
 * - `without`: `it` or `them`, as in "measure without it".
 */
export interface UnlabelledTasksDetails extends UnscoredTasksDetails {
  others: string[];
  problem: string;
  remedy: string;
  without: 'it' | 'them';
}

/**
 * prepareJob's error for tasks without a labelled row in the test split (its details list
 * them all), worded for the affinity pass (it measures no run) and naming each, e.g.
 * `Task "mood" has no labelled row (344 rows in all), so its affinity to the other tasks
 * cannot be measured; label some of its rows, or measure without it.` Details: see
 * {@link UnlabelledTasksDetails}. Any other error is returned as it is.
 * @param names the tasks measured, in order.
 */
function unlabelledTaskError(names: string[], err: unknown): unknown {
  if (!(err instanceof MtlError) || err.code !== 'SPLIT_INVALID' || !err.details?.unlabelled) {
    return err;
  }
  const { unlabelled } = err.details as unknown as UnscoredTasksDetails;
  const rows = unlabelled[0].rows;
  const none = unlabelled.every((u) => u.labelled === 0);
  let problem: string;
  if (unlabelled.length === 1) {
    const { task, labelled } = unlabelled[0];
    const why =
      labelled === 0
        ? `has no labelled row (${rows} rows in all)`
        : `has no labelled row in the test split (${labelled} of its ${rows} rows are labelled, none of them there)`;
    problem = `Task "${task}" ${why}, so its affinity to the other tasks cannot be measured`;
  } else {
    const listed = unlabelled.map((u) => `"${u.task}"`);
    const each = unlabelled
      .map((u) => `"${u.task}" ${u.labelled === 0 ? 'none' : `${u.labelled}`} labelled`)
      .join(', ');
    problem =
      `Tasks ${listed.slice(0, -1).join(', ')} and ${listed.at(-1)} have no labelled row ` +
      `${none ? '' : 'in the test split '}(${rows} rows in all${none ? '' : `: ${each}`}), ` +
      `so their affinity to the other tasks cannot be measured`;
  }
  const one = unlabelled.length === 1;
  const details: UnlabelledTasksDetails = {
    ...unlabelled[0],
    unlabelled,
    everyTask: unlabelled.length === names.length,
    others: names.filter((t) => !unlabelled.some((u) => u.task === t)),
    problem,
    remedy: `label ${none ? 'some' : 'more'} of ${one ? 'its' : 'their'} rows`,
    without: one ? 'it' : 'them',
  };
  return new MtlError(
    err.code,
    `${problem}; ${details.remedy}, or measure without ${details.without}.`,
    details as unknown as Record<string, unknown>,
  );
}

/**
 * The newest stored task affinity of a dataset (over exactly `tasks` when given, in any
 * order), with what changed since it was computed; null when none was computed.
 * @throws MtlError('NOT_FOUND') for an unknown dataset.
 */
export async function storedTaskAffinity(
  store: ProjectStore,
  datasetId: number,
  tasks?: string[],
): Promise<TaskAffinityView | null> {
  await store.datasets.get(datasetId);
  const stored = await store.evaluation.storedTaskAffinity(datasetId, { tasks });
  return stored ? viewOf(store, stored, tasks === undefined) : null;
}

/** Name, target column and classes of each task: what a stored affinity depends on. */
function definitionsOf(tasks: TaskInfo[]): StoredTaskAffinity['taskDefinitions'] {
  return tasks.map((t) => ({ name: t.name, targetColumn: t.targetColumn, classes: t.classes }));
}

/**
 * A stored affinity as the Compare view and the CLI show it: labels of its tasks that differ
 * now from when it was computed (LabelStore.changedLabelCount: an edit and its undo count
 * nothing), and whether its tasks were deleted, renamed or redefined (target, classes)
 * since — or, with `allTasks` (it stands for all the dataset's tasks: read or measured
 * without a task filter), whether the dataset has a task it does not cover (added since).
 */
async function viewOf(
  store: ProjectStore,
  stored: Omit<StoredTaskAffinity, 'id'> & { id: number | null },
  allTasks: boolean,
): Promise<TaskAffinityView> {
  const now = definitionsOf(await store.tasks.list(stored.datasetId));
  const tasksChanged =
    stored.taskDefinitions.some((was) => {
      const is = now.find((d) => d.name === was.name);
      return !is || JSON.stringify(is) !== JSON.stringify(was);
    }) ||
    (allTasks && now.some((d) => !stored.tasks.includes(d.name)));
  let labels = 0;
  for (const task of stored.tasks) {
    labels += await store.labels.changedLabelCount(stored.datasetId, task, stored.lastLabelEvent);
  }
  return {
    id: stored.id,
    tasks: stored.tasks,
    affinity: stored.affinity,
    groups: stored.groups,
    samples: stored.samples,
    method: stored.method,
    splitId: stored.parameters.splitId,
    steps: stored.parameters.steps,
    computedAt: stored.computedAt,
    changedSince: {
      labels,
      tasks: tasksChanged,
    },
  };
}
