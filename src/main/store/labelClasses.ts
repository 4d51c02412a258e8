/**
 * Classes created by a label batch (`label_batch_classes`, schema v15): a class typed new
 * while labelling, or added by a labels import, is appended to its task in the SAME
 * transaction as the batch's cells and recorded against the batch. Undoing that batch removes
 * the class again — only a class that batch created, and only when no label of the dataset
 * still holds it after the undo; redoing the batch puts it back at the place it had. A class
 * added on its own in the Label view (`labels.addClass`) is a batch of its own that changes no
 * cell (store/labels.ts BATCH_MARKER_ROW); one added by `tasks` has no batch and is never
 * removed by an undo.
 */
import type { ColumnType } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { MtlError } from '../../shared/errors';
import type { SqlExecutor } from './database';
import { cellColumn, columnsOf, rowsTable, type CellValue } from './datasetTables';
import { appendTaskClass, insertTaskClass, removeTaskClass } from './tasks';

/** A class a label batch creates: appended to task `task` (by name). */
export interface NewClass {
  task: string;
  className: string;
}

/** A class that a write, undo or redo added to, or removed from, a task's classes. */
export interface ClassChange {
  task: string;
  className: string;
  change: 'added' | 'removed';
}

/**
 * The stored cell of class `name` in a target column of type `type` (the store's side of
 * services/labels.ts labelToCell; the service has checked the name already): a number in a
 * numeric column, 1/0 for "true"/"false" in a boolean one, the text otherwise.
 */
function classCell(name: string, type: ColumnType): CellValue {
  if (type === 'numeric') return Number(name);
  if (type === 'boolean') return name === 'true' ? 1 : 0;
  return name;
}

/**
 * Inside the batch's transaction: appends each new class to its task, in order, and — when
 * it has a batch (`batch` not null; store/labels.ts gives one even to a batch of classes
 * only) — records it against the batch with the place it took.
 * @param classes names already trimmed and checked by the caller (services/labels.ts).
 * @returns the classes added, as changes 'added'.
 * @throws MtlError('NOT_FOUND') for a task the dataset does not have (naming its tasks);
 *   MtlError('TASK_INVALID') for a class its task already has. The caller's transaction
 *   then rolls back the whole batch.
 */
export async function createBatchClasses(
  tx: SqlExecutor,
  datasetId: number,
  classes: readonly NewClass[],
  batch: number | null,
): Promise<ClassChange[]> {
  if (classes.length === 0) return [];
  const tasks = await tx.all<{ id: number; name: string }>(
    'SELECT id, name FROM tasks WHERE dataset_id = ? ORDER BY id',
    [datasetId],
  );
  const changes: ClassChange[] = [];
  for (const c of classes) {
    const task = tasks.find((t) => t.name === c.task);
    if (!task) {
      throw new MtlError(
        'NOT_FOUND',
        `Dataset ${datasetId} has no task "${c.task}"; tasks: ${quotedNames(
          tasks.map((t) => t.name),
          'none',
        )}`,
        { task: c.task },
      );
    }
    const updated = await appendTaskClass(tx, task.id, c.className);
    if (batch !== null) {
      await tx.run(
        `INSERT INTO label_batch_classes (batch, task_id, class_name, position)
         VALUES (?, ?, ?, ?)`,
        [batch, task.id, c.className, updated.classes.length - 1],
      );
    }
    changes.push({ task: task.name, className: c.className, change: 'added' });
  }
  return changes;
}

/** The classes batch `batch` created in a dataset, with their task and target column. */
async function classesOfBatch(
  tx: SqlExecutor,
  datasetId: number,
  batch: number,
): Promise<
  { taskId: number; task: string; column: string; className: string; position: number }[]
> {
  const rows = await tx.all<{
    task_id: number;
    name: string;
    target_column: string;
    class_name: string;
    position: number;
  }>(
    `SELECT c.task_id, t.name, t.target_column, c.class_name, c.position
     FROM label_batch_classes c JOIN tasks t ON t.id = c.task_id
     WHERE c.batch = ? AND t.dataset_id = ? ORDER BY c.position`,
    [batch, datasetId],
  );
  return rows.map((r) => ({
    taskId: r.task_id,
    task: r.name,
    column: r.target_column,
    className: r.class_name,
    position: r.position,
  }));
}

/**
 * Inside an undo's transaction, after its cells went back: removes each class edit batch
 * `batch` created whose label no row of the dataset holds any more (a class another batch
 * also labelled with stays). A class the task no longer has is skipped.
 * @returns the classes removed, as changes 'removed'.
 */
export async function removeBatchClasses(
  tx: SqlExecutor,
  datasetId: number,
  batch: number,
): Promise<ClassChange[]> {
  const created = await classesOfBatch(tx, datasetId, batch);
  if (created.length === 0) return [];
  const columns = await columnsOf(tx, datasetId);
  const changes: ClassChange[] = [];
  // Last created first, so each keeps the place it was recorded at when redone.
  for (const c of [...created].reverse()) {
    const column = columns.find((col) => col.name === c.column);
    if (!column) continue;
    const cell = cellColumn(column.position);
    const used = await tx.get(`SELECT 1 FROM ${rowsTable(datasetId)} WHERE ${cell} = ? LIMIT 1`, [
      classCell(c.className, column.type),
    ]);
    if (used) continue;
    if ((await removeTaskClass(tx, c.taskId, c.className)) >= 0) {
      changes.push({ task: c.task, className: c.className, change: 'removed' });
    }
  }
  return changes.reverse();
}

/**
 * Inside a redo's transaction: puts back each class edit batch `batch` created that its task
 * lacks (an undo removed it), at the place it had when created.
 * @returns the classes put back, as changes 'added'.
 */
export async function restoreBatchClasses(
  tx: SqlExecutor,
  datasetId: number,
  batch: number,
): Promise<ClassChange[]> {
  const changes: ClassChange[] = [];
  for (const c of await classesOfBatch(tx, datasetId, batch)) {
    if (await insertTaskClass(tx, c.taskId, c.className, c.position)) {
      changes.push({ task: c.task, className: c.className, change: 'added' });
    }
  }
  return changes;
}
