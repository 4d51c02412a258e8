/**
 * Label edits of a dataset: labels set, undone and redone, and classes added on their own —
 * each one batch of the store's label log (store/labels.ts writes the cells and their events
 * in one transaction), answered as the Label view takes it (LabelEditResult: the changes as
 * class labels, the touched tasks' classes and "changed since run" figures, Recent edits,
 * the stacks) and told, once committed, to whoever listens (LabelsWritten: the handlers send
 * `labels.changed`). Reading labels (overview, queue order, items) is services/labels.ts.
 */
import {
  MAX_EVENT_LABEL_CHANGES,
  RECENT_LABEL_EVENTS,
  type LabelChangeView,
  type LabelClassChange,
  type LabelEditResult,
  type LabelsChangedEvent,
} from '../../shared/contract';
import type { ColumnType, DatasetInfo, LabelSource, TaskInfo } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { MtlError } from '../../shared/errors';
import {
  booleanNamesOfClasses,
  booleanNamesOfColumn,
  DEFAULT_BOOLEAN_NAMES,
} from '../data/cellValues';
import { cellToLabel } from '../engine/preprocessing';
import type { LabelBatch, LabelChange, LabelOrigin } from '../store/labels';
import type { ProjectStore } from '../store/projectStore';
import {
  columnTypeOf,
  completedNewestFirst,
  findTask,
  labelHistory,
  labelToCell,
  lastRunOf,
} from './labels';

/** A label batch just committed, as {@link LabelsWritten} is told it. */
export interface LabelsWrite {
  batch: number;
  /** For an undo or redo: the edit batch it reverted or re-applied; else null. */
  reverts: number | null;
  /** Label cells it changed (0: classes only). */
  cells: number;
  /** Classes it added to tasks or removed from them. */
  classChanges: LabelClassChange[];
  /** The action's answer, read after the commit; null when that read failed. */
  result: LabelEditResult | null;
  /** The dataset as read for that answer (after the commit); null when the read failed. */
  dataset: DatasetInfo | null;
}

/**
 * Told that a label write, undo, redo or class added committed a batch (cells changed, or
 * classes only), once its answer is read back — or, when that read fails, with the answer
 * null: a write the project saved is reported even if a later read fails. Not told when
 * nothing changed (no batch).
 */
export type LabelsWritten = (written: LabelsWrite) => void;

/**
 * Label changes as the studio shows them (class labels: a boolean column's names, a number
 * as text), in the order given.
 * @param dataset the dataset the changes are of, for its target columns' types and names.
 */
export function changeViews(
  dataset: DatasetInfo,
  changes: readonly LabelChange[],
): LabelChangeView[] {
  const columnOf = new Map(dataset.columns.map((c) => [c.name, c]));
  return changes.map((c) => {
    const column = columnOf.get(c.column);
    const type = column?.type ?? 'categorical';
    // The column's names are its task's classes (defineTasks takes them as they are).
    const names = column ? booleanNamesOfColumn(column) : DEFAULT_BOOLEAN_NAMES;
    return {
      rowId: c.rowId,
      task: c.task,
      oldLabel: cellToLabel(c.oldValue, type, names),
      newLabel: cellToLabel(c.newValue, type, names),
    };
  });
}

/**
 * The tasks named in `touched`, as the overview now says them (LabelEditResult.tasks): their
 * ordered classes and what changed since their last run; in the dataset's task order, a name
 * it has no task of left out.
 */
export async function touchedTasks(
  store: ProjectStore,
  datasetId: number,
  touched: ReadonlySet<string>,
): Promise<LabelEditResult['tasks']> {
  if (touched.size === 0) return [];
  const [tasks, versions, runs] = await Promise.all([
    store.tasks.list(datasetId),
    store.labels.runVersions(datasetId),
    store.training.listRuns(datasetId),
  ]);
  const since = { completed: completedNewestFirst(runs), versions };
  const out: LabelEditResult['tasks'] = [];
  for (const task of tasks) {
    if (!touched.has(task.name)) continue;
    out.push({
      task: task.name,
      classes: task.classes,
      lastRun: await lastRunOf(store, datasetId, task, since),
    });
  }
  return out;
}

/**
 * What a store batch did, as the Label view takes it: its changes as class labels, the classes
 * and "since the last run" figures of the tasks it touched, the newest label events and
 * `origin`'s stacks after it (LabelEditResult). `written` is told once it is read (or its read
 * failed).
 */
async function editResult(
  store: ProjectStore,
  datasetId: number,
  batch: LabelBatch | null,
  origin: LabelOrigin,
  written?: LabelsWritten,
): Promise<LabelEditResult> {
  const tell = (result: LabelEditResult | null, dataset: DatasetInfo | null): void => {
    if (!written || !batch || batch.batch === null) return;
    written({
      batch: batch.batch,
      reverts: batch.reverts,
      cells: batch.changes.length,
      classChanges: batch.classes,
      result,
      dataset,
    });
  };
  const touched = new Set([
    ...(batch?.changes ?? []).map((c) => c.task),
    ...(batch?.classes ?? []).map((c) => c.task),
  ]);
  let dataset: DatasetInfo;
  let result: LabelEditResult;
  try {
    let depth: { undo: number; redo: number };
    let recent: LabelEditResult['recent'];
    let tasks: LabelEditResult['tasks'];
    [dataset, depth, recent, tasks] = await Promise.all([
      store.datasets.get(datasetId),
      store.labels.stackDepth(datasetId, origin),
      labelHistory(store, datasetId, { limit: RECENT_LABEL_EVENTS }),
      touchedTasks(store, datasetId, touched),
    ]);
    result = {
      batch: batch?.batch ?? null,
      reverts: batch?.reverts ?? null,
      source: batch?.source ?? 'user',
      changes: changeViews(dataset, batch?.changes ?? []),
      skipped: (batch?.skipped ?? []).map((c) => ({ rowId: c.rowId, task: c.task })),
      classChanges: batch?.classes ?? [],
      tasks,
      recent,
      undo: depth.undo,
      redo: depth.redo,
    };
  } catch (err) {
    tell(null, null);
    throw err;
  }
  tell(result, dataset);
  return result;
}

/**
 * Sets labels (null = missing) as one undoable batch; each changed cell and its audit event
 * are written in one transaction, with the classes the batch creates.
 * @param source 'user', 'suggestion' (the model's class accepted) or 'import'.
 * @param written told once the batch is committed (see LabelsWritten).
 * @param newClasses classes typed new while labelling, appended to their task in the same
 *   transaction (checked as {@link addClass} checks them); `changes` may use them. Undoing the
 *   batch removes them again when no label holds them; redoing it brings them back.
 * @throws MtlError('NOT_FOUND') for an unknown dataset, task or row;
 *   MtlError('TASK_INVALID') for a label that is not one of the task's classes (nor a new
 *   class of this call), or a new class refused as by {@link addClass};
 *   MtlError('BAD_REQUEST') for the same row and task twice. A refusal writes nothing.
 * @param origin the studio tab writing (the batch goes on its undo stack; the answer's stacks
 *   are its own), or null for no tab (store/labels.ts).
 */
export async function setLabels(
  store: ProjectStore,
  datasetId: number,
  changes: readonly { rowId: number; task: string; label: string | null }[],
  source: LabelSource,
  written?: LabelsWritten,
  newClasses: readonly { task: string; className: string }[] = [],
  origin: LabelOrigin = null,
): Promise<LabelEditResult> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const created = new Map(tasks.map((t) => [t.name, [...t.classes]]));
  const checkedClasses = newClasses.map((c) => {
    const task = findTask(tasks, c.task, dataset);
    const classes = created.get(task.name)!;
    const className = checkedNewClass(c.className, task, columnTypeOf(dataset, task), classes);
    classes.push(className);
    return { task: task.name, className };
  });
  const writes = changes.map((c) => {
    const task = findTask(tasks, c.task, dataset);
    const classes = created.get(task.name)!;
    if (c.label !== null && !classes.includes(c.label)) {
      throw new MtlError(
        'TASK_INVALID',
        `"${c.label}" is not a class of task "${task.name}" (${quotedNames(classes)}); add it as a new class first.`,
        { task: task.name, label: c.label },
      );
    }
    const value = c.label === null ? null : labelToCell(c.label, columnTypeOf(dataset, task), task);
    return { rowId: c.rowId, task: task.name, value };
  });
  const batch = await store.labels.write(datasetId, writes, source, checkedClasses, origin);
  return editResult(store, datasetId, batch, origin, written);
}

/**
 * Undoes the newest labelling action `origin` made on the dataset (compensating events;
 * survives restarts). Never another origin's: another tab's edits, a CLI import. A cell of
 * that action another origin changed since is not overwritten: it keeps the later label and
 * is named in `skipped`, the action's other cells are undone (store/labels.ts undo).
 * @param written told once the undo is committed (see LabelsWritten).
 * @param origin the studio tab asking, or null for no tab (the CLI's and old batches).
 * @returns what changed; `batch` null when there was nothing to undo.
 */
export async function undoLabels(
  store: ProjectStore,
  datasetId: number,
  written?: LabelsWritten,
  origin: LabelOrigin = null,
): Promise<LabelEditResult> {
  const batch = await store.labels.undo(datasetId, origin);
  return editResult(store, datasetId, batch, origin, written);
}

/**
 * Redoes the action `origin` undone last; cells another origin changed since are kept and
 * named in `skipped`, as for {@link undoLabels}.
 * @param written told once the redo is committed (see LabelsWritten).
 * @param origin the studio tab asking, or null for no tab.
 * @returns what changed; `batch` null when nothing to redo.
 */
export async function redoLabels(
  store: ProjectStore,
  datasetId: number,
  written?: LabelsWritten,
  origin: LabelOrigin = null,
): Promise<LabelEditResult> {
  const batch = await store.labels.redo(datasetId, origin);
  return editResult(store, datasetId, batch, origin, written);
}

/**
 * A new class name for `task` as it will be stored: trimmed, and one its target column can
 * hold.
 * @param classes the task's classes so far (with any added earlier in the same request).
 * @throws MtlError('TASK_INVALID') for an empty name, a boolean target (only false/true), a
 *   numeric target and a name that is not a number, or a class the task has.
 */
function checkedNewClass(
  className: string,
  task: TaskInfo,
  type: ColumnType,
  classes: readonly string[],
): string {
  const name = className.trim();
  if (type === 'boolean') {
    const [no, yes] = booleanNamesOfClasses(task.classes);
    throw new MtlError(
      'TASK_INVALID',
      `Task "${task.name}" has a boolean target; it cannot have classes besides ${no} and ${yes}.`,
    );
  }
  if (name === '') throw new MtlError('TASK_INVALID', 'A class name must not be empty');
  labelToCell(name, type, task);
  if (classes.includes(name)) {
    throw new MtlError('TASK_INVALID', `Task "${task.name}" already has a class "${name}"`);
  }
  return name;
}

/**
 * Adds a class to a task on its own (the Label view with no item selected): appended to its
 * ordered classes as a label batch of its own that changes no cell, so Undo removes it (when
 * no label holds it) and Redo brings it back, like any label action (store/labels.ts
 * BATCH_MARKER_ROW). A class typed new for the item being labelled goes with its label
 * instead ({@link setLabels} `newClasses`), as one batch. Existing runs keep the
 * classes they were trained with (the overview and the task view then say that retraining is
 * needed).
 * @param written told once the batch is committed (see LabelsWritten).
 * @param origin the studio tab adding it (its Undo removes the class), or null for no tab.
 * @returns the batch's result: no change, the class added (`classChanges`), the task's
 *   classes now (`tasks`).
 * @throws MtlError('NOT_FOUND') for an unknown task; MtlError('TASK_INVALID') for a class
 *   it has, an empty name, a boolean target (only false/true) or a numeric target and a
 *   name that is not a number.
 */
export async function addClass(
  store: ProjectStore,
  datasetId: number,
  taskName: string,
  className: string,
  written?: LabelsWritten,
  origin: LabelOrigin = null,
): Promise<LabelEditResult> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const task = findTask(tasks, taskName, dataset);
  const name = checkedNewClass(className, task, columnTypeOf(dataset, task), task.classes);
  const batch = await store.labels.write(
    datasetId,
    [],
    'user',
    [{ task: task.name, className: name }],
    origin,
  );
  return editResult(store, datasetId, batch, origin, written);
}

/**
 * What a `labels.changed` event (origin 'elsewhere') tells of label batches another program
 * committed to a dataset (services/externalChanges.ts), so the pages apply them without
 * reading again: their changes as class labels (null when more than
 * MAX_EVENT_LABEL_CHANGES), the classes they changed, the touched tasks as the overview now
 * says them and Recent edits (no stacks: each tab's are its own, and another program's batches
 * move none of them).
 * @param batches the batches, oldest first (StoredLabelBatch numbers and what they revert).
 * @param classesBefore the dataset's task classes (task name → classes) as read before those
 *   batches were seen; null when not known: the class changes are then null too. A class
 *   counts when one of the batches (or the batch an undo or redo of them reverts) created it
 *   and the task has it now but not before ('added'), or the other way round ('removed').
 * @returns every field null when the store cannot be read (a page then reads again).
 */
export async function labelsChangedElsewhere(
  store: ProjectStore,
  datasetId: number,
  batches: readonly { batch: number; reverts: number | null }[],
  classesBefore: ReadonlyMap<string, readonly string[]> | null,
): Promise<Pick<LabelsChangedEvent, 'changes' | 'classChanges' | 'tasks' | 'recent'>> {
  try {
    const numbers = batches.map((b) => b.batch);
    const created = [
      ...numbers,
      ...batches.flatMap((b) => (b.reverts === null ? [] : [b.reverts])),
    ];
    const [dataset, stored, candidates, tasksNow, recent] = await Promise.all([
      store.datasets.get(datasetId),
      store.labels.changesOfBatches(datasetId, numbers, MAX_EVENT_LABEL_CHANGES + 1),
      store.labels.classesOfBatches(datasetId, created),
      store.tasks.list(datasetId),
      labelHistory(store, datasetId, { limit: RECENT_LABEL_EVENTS }),
    ]);
    const changes =
      stored.length > MAX_EVENT_LABEL_CHANGES
        ? null
        : changeViews(dataset, stored).map((c, k) => ({ ...c, batch: stored[k].batch }));
    let classChanges: LabelClassChange[] | null = null;
    if (classesBefore !== null) {
      const now = new Map(tasksNow.map((t) => [t.name, t.classes]));
      classChanges = [];
      for (const c of candidates) {
        const had = classesBefore.get(c.task)?.includes(c.className) ?? false;
        const has = now.get(c.task)?.includes(c.className) ?? false;
        if (had !== has) classChanges.push({ ...c, change: has ? 'added' : 'removed' });
      }
    }
    const touched = new Set([
      ...(changes ?? []).map((c) => c.task),
      ...candidates.map((c) => c.task),
    ]);
    return {
      changes,
      classChanges,
      tasks: changes === null ? null : await touchedTasks(store, datasetId, touched),
      recent,
    };
  } catch {
    return { changes: null, classChanges: null, tasks: null, recent: null };
  }
}
