/**
 * Labelling a dataset: the Label view's overview (per-task progress, class counts, what
 * changed since the last run), its items in filter and queue order, Recent edits (the label
 * history), the rounds chart, and two things training needs: the split assignment of rows
 * labelled since a split was made, and the label version of each task a run trains on.
 * Writing labels (edits, undo, redo, classes added) is services/labelEdits.ts.
 */
import { quotedNames } from '../../shared/classList';
import { createHash } from 'node:crypto';
import type {
  LabelFilter,
  LabelHistoryEntry,
  LabelItem,
  LabelOrder,
  LabelOrdering,
  LabelOverview,
  LabelRound,
  TaskLabelProgress,
} from '../../shared/contract';
import type {
  ColumnType,
  DatasetInfo,
  RunInfo,
  RunLabelVersion,
  SplitInfo,
  SplitName,
  TaskInfo,
} from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import {
  booleanNamesOfClasses,
  booleanNamesOfColumn,
  booleanOfName,
  DEFAULT_BOOLEAN_NAMES,
} from '../data/cellValues';
import { cellToLabel, type RawCell } from '../engine/preprocessing';
import { extendSplit } from '../engine/split';
import type { CellValue, ProjectStore } from '../store/projectStore';
import {
  disagreeingTasks,
  rankDisagreements,
  rankRows,
  readTaskLabels,
  runPredictions,
  suggestionsFor,
  type RunPredictions,
  type TaskLabels,
} from './labelQueue';

/**
 * The stored cell of a class label in a target column of type `type` (the inverse of
 * cellToLabel): booleans → 0/1 (the task's classes as the file spells them, "no"/"yes", or
 * any other boolean word: "false"/"true", "f"/"t", "0"/"1"), numbers → their value, text
 * as is.
 * @throws MtlError('TASK_INVALID') for a boolean column and another label, or a numeric
 *   column and a label that is not a finite number.
 */
export function labelToCell(
  label: string,
  type: ColumnType,
  task: { name: string; classes: readonly string[] },
): CellValue {
  if (type === 'boolean') {
    const value = booleanOfName(label);
    if (value !== null) return value ? 1 : 0;
    const [no, yes] = booleanNamesOfClasses(task.classes);
    throw new MtlError(
      'TASK_INVALID',
      `Task "${task.name}" has a boolean target; its classes are ${no} and ${yes}, not "${label}".`,
    );
  }
  if (type === 'numeric') {
    const n = Number(label);
    if (label.trim() === '' || !Number.isFinite(n)) {
      throw new MtlError(
        'TASK_INVALID',
        `Task "${task}" has a numeric target; "${label}" is not a number.`,
      );
    }
    return n;
  }
  return label;
}

/** A task of the dataset by name. @throws MtlError('NOT_FOUND') naming the tasks. */
export function findTask(tasks: readonly TaskInfo[], name: string, dataset: DatasetInfo): TaskInfo {
  const task = tasks.find((t) => t.name === name);
  if (!task) {
    throw new MtlError(
      'NOT_FOUND',
      `Dataset "${dataset.name}" has no task "${name}"; tasks: ${quotedNames(
        tasks.map((t) => t.name),
        'none',
      )}.`,
    );
  }
  return task;
}

/** The type of a task's target column (categorical when the column is not found). */
export function columnTypeOf(dataset: DatasetInfo, task: TaskInfo): ColumnType {
  return dataset.columns.find((c) => c.name === task.targetColumn)?.type ?? 'categorical';
}

/** The completed runs of a list, newest first. */
export function completedNewestFirst(runs: readonly RunInfo[]): RunInfo[] {
  return runs.filter((r) => r.status === 'completed').sort((a, b) => b.id - a.id);
}

/**
 * What changed for `task` since the newest completed run that trained it and recorded its
 * label version (the overview's `lastRun`): classes that run did not know, and the labels
 * that differ now from the labels it trained on (net: an edit undone counts none).
 * @param since the dataset's completed runs, newest first, and their label versions.
 * @returns null when no such run exists.
 */
export async function lastRunOf(
  store: ProjectStore,
  datasetId: number,
  task: TaskInfo,
  since: { completed: readonly RunInfo[]; versions: Map<number, RunLabelVersion[]> },
): Promise<TaskLabelProgress['lastRun']> {
  for (const run of since.completed) {
    const version = since.versions.get(run.id)?.find((v) => v.task === task.name);
    if (!version) continue;
    const edits = await store.labels.changedLabelCount(datasetId, task.name, version.lastEvent);
    return {
      runId: run.id,
      labelled: version.labelled,
      newClasses: task.classes.filter((c) => !version.classes.includes(c)),
      editsSince: edits,
    };
  }
  return null;
}

/**
 * Per-task progress and class counts, undo/redo depth of `origin` (a studio tab's own stacks;
 * null: those of no tab, store/labels.ts), and for each task what changed since the newest
 * completed run that trained it: new classes and label edits.
 * @throws MtlError('NOT_FOUND') for an unknown dataset.
 */
export async function labelOverview(
  store: ProjectStore,
  datasetId: number,
  origin: string | null = null,
): Promise<LabelOverview> {
  const [dataset, tasks, counts, versions, runs, depth] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
    store.labels.valueCounts(datasetId),
    store.labels.runVersions(datasetId),
    store.training.listRuns(datasetId),
    store.labels.stackDepth(datasetId, origin),
  ]);
  const targets = new Set(tasks.map((t) => t.targetColumn));
  const image = dataset.columns.find((c) => c.type === 'image') ?? null;
  const since = { completed: completedNewestFirst(runs), versions };
  const progress: TaskLabelProgress[] = [];
  for (const task of tasks) {
    const type = columnTypeOf(dataset, task);
    const byClass = new Map<string, number>();
    for (const [value, n] of counts.get(task.name) ?? []) {
      const label = cellToLabel(value, type, booleanNamesOfClasses(task.classes));
      if (label !== null) byClass.set(label, (byClass.get(label) ?? 0) + n);
    }
    const classCounts = task.classes.map((c) => byClass.get(c) ?? 0);
    const lastRun = await lastRunOf(store, datasetId, task, since);
    progress.push({
      task: task.name,
      column: task.targetColumn,
      classes: task.classes,
      kind: task.kind,
      classCounts,
      labelled: classCounts.reduce((a, b) => a + b, 0),
      total: dataset.rowCount,
      lastRun,
    });
  }
  return {
    datasetId,
    rows: dataset.rowCount,
    imageColumn: image?.name ?? null,
    cardColumns: dataset.columns
      .filter((c) => c.role === 'input' && c.type !== 'image' && !targets.has(c.name))
      .map((c) => c.name),
    tasks: progress,
    undo: depth.undo,
    redo: depth.redo,
  };
}

/**
 * The latest label events of a dataset (newest first, as the store's history) with their
 * class labels: a boolean cell 1 / 0 as its column's class names (its task's classes), the
 * names the labelling grid shows, as edit results name them.
 * @param options `limit` (default 100), `rowId` for one item's events.
 * @throws MtlError('NOT_FOUND') for an unknown dataset.
 */
export async function labelHistory(
  store: ProjectStore,
  datasetId: number,
  options: { limit?: number; rowId?: number } = {},
): Promise<LabelHistoryEntry[]> {
  const [dataset, events] = await Promise.all([
    store.datasets.get(datasetId),
    store.labels.history(datasetId, options),
  ]);
  const columnOf = new Map(dataset.columns.map((c) => [c.name, c]));
  return events.map((e) => {
    const column = columnOf.get(e.column);
    const type = column?.type ?? 'categorical';
    const names = column ? booleanNamesOfColumn(column) : DEFAULT_BOOLEAN_NAMES;
    return {
      ...e,
      oldLabel: cellToLabel(e.oldValue, type, names),
      newLabel: cellToLabel(e.newValue, type, names),
    };
  });
}

/** Indices (into `labels.rowIds`) of the rows a filter keeps. */
function filterRows(
  filter: LabelFilter,
  labels: TaskLabels,
  tasks: readonly TaskInfo[],
  dataset: DatasetInfo,
  predictions: RunPredictions | null,
): number[] {
  const n = labels.rowIds.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const column = (name: string): (string | null)[] =>
    labels.labels.get(findTask(tasks, name, dataset).name)!;
  const every = [...labels.labels.values()];
  switch (filter.kind) {
    case 'all':
      return all;
    case 'unlabelled': {
      if (filter.task !== undefined) {
        const c = column(filter.task);
        return all.filter((i) => c[i] === null);
      }
      return all.filter((i) => every.some((c) => c[i] === null));
    }
    case 'labelled': {
      if (filter.task !== undefined) {
        const c = column(filter.task);
        return all.filter((i) => c[i] !== null);
      }
      return all.filter((i) => every.length > 0 && every.every((c) => c[i] !== null));
    }
    case 'class': {
      const c = column(filter.task);
      return all.filter((i) => c[i] === filter.className);
    }
    case 'disagree': {
      if (!predictions) {
        throw new MtlError('BAD_REQUEST', 'The disagreement filter needs a run (runId).');
      }
      const checked = disagreeChecked(filter, tasks, dataset, predictions);
      return all.filter((i) => disagreeingTasks(predictions, labels, i, checked).length > 0);
    }
  }
}

/** The tasks the disagreement filter compares: its task, else every task the run predicts. */
function disagreeChecked(
  filter: Extract<LabelFilter, { kind: 'disagree' }>,
  tasks: readonly TaskInfo[],
  dataset: DatasetInfo,
  predictions: RunPredictions,
): string[] {
  const names =
    filter.task !== undefined
      ? [findTask(tasks, filter.task, dataset).name]
      : tasks.map((t) => t.name);
  return names.filter((t) => predictions.tasks.has(t));
}

/**
 * The row ids of the items a filter keeps, in row order or least confident first (a run's
 * uncertainty; rows it does not rank — none of the considered labels missing — follow in
 * row order, with confidence null). Under the disagreement filter the rows are ranked on
 * the tasks where they disagree with the run, or on the order's task
 * ({@link rankDisagreements}).
 * @throws MtlError('BAD_REQUEST') when uncertainty order or the disagreement filter lacks
 *   a run, or as runPredictions; MtlError('NOT_FOUND') for an unknown task.
 */
export async function labelOrdering(
  store: ProjectStore,
  datasetId: number,
  query: { filter: LabelFilter; order: LabelOrder; runId?: number; limit?: number },
): Promise<LabelOrdering> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const labels = await readTaskLabels(store, datasetId, tasks);
  if (query.order.kind === 'uncertainty' && query.runId === undefined) {
    throw new MtlError('BAD_REQUEST', 'Uncertainty order needs a run (runId) whose model ranks.');
  }
  const predictions =
    query.runId !== undefined ? await runPredictions(store, datasetId, query.runId) : null;
  const rows = filterRows(query.filter, labels, tasks, dataset, predictions);
  const limit = query.limit ?? rows.length;
  if (query.order.kind === 'row' || !predictions) {
    return {
      rowIds: rows.slice(0, limit).map((i) => labels.rowIds[i]),
      confidence: null,
      total: rows.length,
    };
  }
  const { strategy, task } = query.order;
  // Disagreeing rows are labelled: ranked on the tasks where they disagree, not the missing.
  const ranked =
    query.filter.kind === 'disagree'
      ? rankDisagreements(
          predictions,
          labels,
          rows,
          strategy,
          disagreeChecked(query.filter, tasks, dataset, predictions),
          task,
        )
      : rankRows(predictions, labels, rows, strategy, task);
  const rankedIds = new Set(ranked.map((r) => r.rowId));
  const rest = rows.map((i) => labels.rowIds[i]).filter((id) => !rankedIds.has(id));
  return {
    rowIds: [...ranked.map((r) => r.rowId), ...rest].slice(0, limit),
    confidence: [...ranked.map((r) => r.confidence), ...rest.map(() => null)].slice(0, limit),
    total: rows.length,
  };
}

/**
 * Items to show: the card's cells (input columns, and the image path), the current label
 * per task, and with a run its suggested class and probability per task.
 * @throws MtlError('NOT_FOUND') for an unknown dataset; as runPredictions for the run.
 */
export async function labelItems(
  store: ProjectStore,
  datasetId: number,
  rowIds: number[],
  runId?: number,
): Promise<LabelItem[]> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const predictions = runId !== undefined ? await runPredictions(store, datasetId, runId) : null;
  if (rowIds.length === 0) return [];
  const page = await store.datasets.readRows(datasetId, {
    offset: 0,
    limit: rowIds.length,
    rowIds,
  });
  const targets = new Map(tasks.map((t) => [t.targetColumn, t]));
  const byId = new Map(
    page.rows.map((row) => {
      const values: LabelItem['values'] = {};
      const labels: LabelItem['labels'] = {};
      dataset.columns.forEach((c, k) => {
        const task = targets.get(c.name);
        if (task)
          labels[task.name] = cellToLabel(
            row.values[k],
            c.type,
            booleanNamesOfClasses(task.classes),
          );
        else if (c.role === 'input' || c.type === 'image') values[c.name] = row.values[k];
      });
      const suggestions = predictions ? suggestionsFor(predictions, row.rowId) : null;
      return [row.rowId, { rowId: row.rowId, values, labels, suggestions }] as const;
    }),
  );
  // In the order asked for; unknown ids are left out.
  return rowIds.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

/**
 * Every completed run that recorded its label versions, as a round of labelling: rows
 * labelled per task when it trained and its test macro-F1 (for the labels-vs-score chart,
 * and Compare's note on runs trained on different labels). Oldest first.
 */
export async function labelRounds(store: ProjectStore, datasetId: number): Promise<LabelRound[]> {
  const [runs, versions] = await Promise.all([
    store.training.listRuns(datasetId),
    store.labels.runVersions(datasetId),
  ]);
  return runs
    .filter((r) => r.status === 'completed' && versions.has(r.id))
    .map((r) => ({
      runId: r.id,
      arch: r.config.arch,
      weighting: r.config.weighting,
      finishedAt: r.finishedAt,
      tasks: Object.fromEntries(
        versions
          .get(r.id)!
          .map((v) => [
            v.task,
            { labelled: v.labelled, hash: v.hash, macroF1: r.results?.[v.task]?.macroF1 ?? null },
          ]),
      ),
    }));
}

/**
 * The label version of each task a run trains on: its classes, labelled rows, and the
 * SHA-256 of "row_id<TAB>label<LF>" over its labelled rows in row order — equal labels
 * give equal hashes whatever their history.
 * @param rowIds [n] row ids; @param targets per task its classes and [n] raw target cells.
 * @param lastEvent the dataset's newest label event id (0: none).
 */
export function labelVersionsOf(
  rowIds: readonly number[],
  targets: readonly {
    task: { name: string; classes: string[] };
    type: ColumnType;
    values: readonly RawCell[];
  }[],
  lastEvent: number,
): RunLabelVersion[] {
  return targets.map((t) => {
    const hash = createHash('sha256');
    let labelled = 0;
    const names = booleanNamesOfClasses(t.task.classes);
    t.values.forEach((v, i) => {
      const label = cellToLabel(v, t.type, names);
      if (label === null) return;
      labelled++;
      hash.update(`${rowIds[i]}\t${label}\n`);
    });
    return {
      task: t.task.name,
      classes: [...t.task.classes],
      labelled,
      hash: hash.digest('hex'),
      lastEvent,
    };
  });
}

/**
 * Rows with at least one task label (all rows when the dataset has no task yet): the rows a
 * new split assigns. Unlabelled rows train nothing; they join the split once labelled
 * (see {@link assignNewlyLabelledRows}).
 */
export async function labelledRowIds(store: ProjectStore, datasetId: number): Promise<number[]> {
  const tasks = await store.tasks.list(datasetId);
  const labels = await readTaskLabels(store, datasetId, tasks);
  if (tasks.length === 0) return labels.rowIds;
  const columns = [...labels.labels.values()];
  return labels.rowIds.filter((_id, i) => columns.some((c) => c[i] !== null));
}

/**
 * Gives rows labelled since split `splitId` was made a train/validation/test assignment by
 * the split's own seeded, stratified rule (engine/split.ts extendSplit), without moving any
 * row it already assigns — earlier runs on the split keep their rows.
 * Safe when several runs start on one split at once: the extension is written only if the
 * split is still as it was read (store.splits.extendIfUnchanged), otherwise computed again.
 * @returns the split, with its counts after the new rows joined.
 * @throws MtlError('NOT_FOUND') for an unknown split; MtlError('STORE') when the split
 *   changed under 20 attempts in a row.
 */
export async function assignNewlyLabelledRows(
  store: ProjectStore,
  splitId: number,
): Promise<SplitInfo> {
  // Computed from a read of the split, written only if the split is still as read (two runs
  // starting together on one split both see the same new rows; the later writer recomputes
  // and finds them assigned). Each retry follows another writer's extension, and every
  // extension assigns all rows then labelled, so a few retries always suffice.
  for (let attempt = 1; ; attempt++) {
    const split = await store.splits.get(splitId);
    const assigned = await store.splits.assignment(splitId);
    const inSplit = new Set(assigned.rowIds);
    const fresh = (await labelledRowIds(store, split.datasetId)).filter((id) => !inSplit.has(id));
    if (fresh.length === 0) return split;
    const assignment = await extensionOf(store, split, assigned, fresh);
    const extended = await store.splits.extendIfUnchanged(
      splitId,
      assigned.rowIds.length,
      fresh,
      assignment,
    );
    if (extended) return extended;
    if (attempt >= 20) {
      throw new MtlError(
        'STORE',
        `Split ${splitId} kept changing while its newly labelled rows were assigned; try again.`,
      );
    }
  }
}

/** Train/validation/test of `fresh` rows joining `split` (engine/split.ts extendSplit). */
async function extensionOf(
  store: ProjectStore,
  split: SplitInfo,
  assigned: { rowIds: number[]; assignment: SplitName[] },
  fresh: number[],
): Promise<SplitName[]> {
  let strataOf: ((rowIds: number[]) => (string | null)[]) | null = null;
  if (split.stratifiedOn !== null) {
    const dataset = await store.datasets.get(split.datasetId);
    const column = dataset.columns.find((c) => c.name === split.stratifiedOn);
    if (column) {
      const read = await store.datasets.readColumns(split.datasetId, [column.name]);
      const position = new Map(read.rowIds.map((id, i) => [id, i]));
      const values = read.values[column.name];
      strataOf = (ids) =>
        ids.map((id) => cellToLabel(values[position.get(id)!] ?? null, column.type));
    }
  }
  return extendSplit(
    { strata: strataOf ? strataOf(assigned.rowIds) : null, assignment: assigned.assignment },
    strataOf ? strataOf(fresh) : null,
    fresh.length,
    split.fractions,
    split.seed,
  );
}
