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
import { MtlError } from '../../shared/errors';
import { selectBackend } from '../engine/backend';
import { splitIndices } from '../engine/job';
import { encodeLabels, fitPreprocessing, transform } from '../engine/preprocessing';
import { DEFAULT_AFFINITY_STEPS, taskAffinity } from '../engine/taskAffinity';
import type { ProjectStore } from '../store/projectStore';
import { ensureSplit, prepareJob } from './training';

/** Options of {@link estimateTaskAffinity}. */
export interface AffinityRequest {
  datasetId: number;
  /** Tasks to relate (default: all, at least 2, at most 8). */
  tasks?: string[];
  /** Split whose training rows are used (default: the dataset's latest split). */
  splitId?: number;
  /** Optimizer steps of the pass (default 300). */
  steps?: number;
  config?: Partial<TrainConfig>;
}

/**
 * Measures inter-task affinity, recommends a grouping and stores both in the project (one
 * transaction, after the pass; labels and tasks are read before it, so an edit made during
 * the pass shows as a change since).
 * @returns the stored result (`changedSince` all zero/false; `id` null when the project is
 *   read-only and it could not be stored).
 * @throws MtlError('BAD_REQUEST') for fewer than 2 or more than 8 tasks;
 *   MtlError('SPLIT_INVALID') for a task without a labelled row (in the test split; details
 *   `task`, `labelled`, `rows`, `others`: the other tasks); other errors of {@link prepareJob}.
 */
export async function estimateTaskAffinity(
  store: ProjectStore,
  request: AffinityRequest,
): Promise<TaskAffinityView> {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...request.config, dropout: 0 };
  const split = request.splitId
    ? await store.splits.get(request.splitId)
    : await ensureSplit(store, request.datasetId);
  const lastLabelEvent = await store.labels.lastEventId(request.datasetId);
  const input = await prepareJob(store, request.datasetId, request.tasks, split.id, config).catch(
    async (err: unknown) => {
      throw await unlabelledTaskError(store, request, err);
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
 * prepareJob's error for a task without a labelled row in the test split, worded for the
 * affinity pass (it measures no run), e.g. `Task "mood" has no labelled row (344 rows in
 * all), so its affinity to the other tasks cannot be measured; label some of its rows, or
 * measure without it.` Details: `task`, `labelled`, `rows`, and `others`: the other tasks
 * measured (the CLI names them for --tasks). Any other error is returned as it is.
 */
async function unlabelledTaskError(
  store: ProjectStore,
  request: AffinityRequest,
  err: unknown,
): Promise<unknown> {
  if (!(err instanceof MtlError) || err.code !== 'SPLIT_INVALID' || !err.details?.task) return err;
  const { task, labelled, rows } = err.details as { task: string; labelled: number; rows: number };
  const tasks = request.tasks ?? (await store.tasks.list(request.datasetId)).map((t) => t.name);
  const why =
    labelled === 0
      ? `has no labelled row (${rows} rows in all)`
      : `has no labelled row in the test split (${labelled} of its ${rows} rows are labelled, none of them there)`;
  return new MtlError(
    err.code,
    `Task "${task}" ${why}, so its affinity to the other tasks cannot be measured; label ${labelled === 0 ? 'some' : 'more'} of its rows, or measure without it.`,
    {
      task,
      labelled,
      rows,
      others: tasks.filter((t) => t !== task),
    },
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
