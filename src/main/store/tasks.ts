/**
 * Tasks of a project (`tasks`): a name, a target column, ordered classes, binary or
 * multiclass, an optional weight. Defining a task makes its column a target.
 */
import { MAX_DATASET_COLUMNS, type ColumnProfile, type TaskInfo } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';
import type { Database, SqlExecutor } from './database';
import { cellColumn, columnsOf, requireDataset, rowsTable } from './datasetTables';
import { fromJson, toJson } from './sqlCodec';

/** A row of `tasks` as SQLite returns it. */
interface TaskRow {
  id: number;
  dataset_id: number;
  name: string;
  target_column: string;
  classes: string;
  kind: 'binary' | 'multiclass';
  weight: number | null;
}

function toTaskInfo(t: TaskRow): TaskInfo {
  return {
    id: t.id,
    datasetId: t.dataset_id,
    name: t.name,
    targetColumn: t.target_column,
    classes: fromJson<string[]>(t.classes),
    kind: t.kind,
    weight: t.weight,
  };
}

/** The tasks of one open project (`ProjectStore.tasks`). */
export class TaskStore {
  constructor(private readonly db: Database) {}

  /**
   * Define a classification task on a dataset and make its target column's role 'target'.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('TASK_INVALID') for an
   *   empty or already used name, an unknown target column, a column that is already the
   *   target of another task, fewer than 2 or duplicate classes, 'binary' without exactly
   *   2 classes, or a weight that is not a finite number ≥ 0.
   */
  async create(task: Omit<TaskInfo, 'id'>): Promise<TaskInfo> {
    return (await this.createMany([task]))[0];
  }

  /**
   * Define several tasks at once, all or none (one transaction): a task refused for any
   * reason of {@link create} — or clashing with an earlier one of the same call — leaves
   * the project without any of them.
   * @param replacing ids of tasks deleted first, in the same transaction (as
   *   {@link delete}): a refused task keeps them (e.g. re-adding a task with a new class order).
   * @returns the tasks in the order given.
   * @throws as {@link create}, for the first task refused; as {@link delete} for `replacing`.
   */
  async createMany(
    tasks: readonly Omit<TaskInfo, 'id'>[],
    replacing: readonly number[] = [],
  ): Promise<TaskInfo[]> {
    const names = tasks.map(checkedTaskName);
    return this.db.transaction(async (tx) => {
      for (const id of replacing) await deleteTask(tx, id);
      const created: TaskInfo[] = [];
      for (const [i, task] of tasks.entries()) {
        created.push(await insertTask(tx, task, names[i]));
      }
      return created;
    });
  }

  /** Tasks of a dataset in creation order (empty for an unknown dataset). */
  async list(datasetId: number): Promise<TaskInfo[]> {
    const rows = await this.db.all<TaskRow>(
      'SELECT * FROM tasks WHERE dataset_id = ? ORDER BY id',
      [datasetId],
    );
    return rows.map(toTaskInfo);
  }

  /**
   * The classes of every task of the project, in one read (services/externalChanges.ts keeps
   * them between two checks of the file, to tell the classes another program changed).
   * @returns dataset id → task name → its ordered classes.
   */
  async classesOfAll(): Promise<Map<number, Map<string, string[]>>> {
    const rows = await this.db.all<Pick<TaskRow, 'dataset_id' | 'name' | 'classes'>>(
      'SELECT dataset_id, name, classes FROM tasks ORDER BY id',
    );
    const out = new Map<number, Map<string, string[]>>();
    for (const r of rows) {
      let tasks = out.get(r.dataset_id);
      if (!tasks) out.set(r.dataset_id, (tasks = new Map()));
      tasks.set(r.name, fromJson<string[]>(r.classes));
    }
    return out;
  }

  /**
   * Appends a class to a task's ordered classes (labelling met a new class). Runs that
   * trained the task keep the classes they were trained with; a binary task becomes
   * multiclass.
   * @returns the task as updated.
   * @throws MtlError('NOT_FOUND') for an unknown task; MtlError('TASK_INVALID') for an empty
   *   name or a class the task already has.
   */
  async appendClass(id: number, className: string): Promise<TaskInfo> {
    const name = className.trim();
    if (name === '') throw new MtlError('TASK_INVALID', 'A class name must not be empty');
    return this.db.transaction((tx) => appendTaskClass(tx, id, name));
  }

  /**
   * Define a task on a NEW column, empty in every row, for labelling from scratch (e.g. a
   * folder of images imported without labels): in one transaction the dataset gains a
   * categorical column named `task.targetColumn` (role 'target', every cell missing),
   * appended after the others, and the task is created on it. Labels then fill it (the
   * Label view, `labels import`). A categorical column of that name that holds no value
   * (the one a deleted task to label leaves, role 'ignore') is reused instead.
   * @returns the task created.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('TASK_INVALID') when the
   *   dataset already has a column of that name holding values (or an empty one of another
   *   type, or one whose role is not 'ignore'), already has {@link MAX_DATASET_COLUMNS}
   *   columns, or for any reason of {@link create}. A refusal changes nothing.
   */
  async createOnNewColumn(task: Omit<TaskInfo, 'id'>): Promise<TaskInfo> {
    return (await this.createManyOnNewColumns([task]))[0];
  }

  /**
   * Several tasks to label from scratch at once, all or none (one transaction), each as
   * {@link createOnNewColumn}: a task refused for any of its reasons — or clashing with an
   * earlier one of the same call — leaves the project without any of them.
   * @returns the tasks created, in the order given.
   * @throws as {@link createOnNewColumn}, for the first task refused.
   */
  async createManyOnNewColumns(tasks: readonly Omit<TaskInfo, 'id'>[]): Promise<TaskInfo[]> {
    const checked = tasks.map((task) => {
      const column = task.targetColumn.trim();
      if (column === '') throw new MtlError('TASK_INVALID', 'Column name must not be empty');
      return { task, name: checkedTaskName(task), column };
    });
    return this.db.transaction(async (tx) => {
      const created: TaskInfo[] = [];
      for (const c of checked) created.push(await taskOnNewColumn(tx, c.task, c.name, c.column));
      return created;
    });
  }

  /**
   * Delete a task and reset its target column's role to 'input' — 'ignore' when the column
   * holds no value at all (the empty column of a task to label never labelled, as an import
   * makes an all-missing column). Runs that trained it keep their stored results.
   * @returns the id of the task's dataset.
   * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST', reason
   *   TASK_IN_TRAINING) while a run of the task is queued or running, in this process or
   *   another (mark runs whose process is gone interrupted first:
   *   TrainingStore.interruptOrphanedRuns).
   */
  async delete(id: number): Promise<number> {
    return this.db.transaction((tx) => deleteTask(tx, id));
  }
}

/** A task by id inside a transaction. @throws MtlError('NOT_FOUND') for an unknown id. */
async function requireTask(tx: SqlExecutor, id: number): Promise<TaskInfo> {
  const row = await tx.get<TaskRow>('SELECT * FROM tasks WHERE id = ?', [id]);
  if (!row)
    throw new MtlError('NOT_FOUND', `Task ${id} not found`, reasonDetails('TASK_MISSING', { id }));
  return toTaskInfo(row);
}

/** Stores a task's classes; two classes make it binary, any other count multiclass. */
async function writeClasses(tx: SqlExecutor, task: TaskInfo, classes: string[]): Promise<TaskInfo> {
  const kind = classes.length === 2 ? 'binary' : 'multiclass';
  await tx.run('UPDATE tasks SET classes = ?, kind = ? WHERE id = ?', [
    toJson(classes),
    kind,
    task.id,
  ]);
  return { ...task, classes, kind };
}

/**
 * Inside a transaction: appends class `name` (already trimmed, not empty) to task `id`, as
 * TaskStore.appendClass does.
 * @returns the task as updated.
 * @throws MtlError('NOT_FOUND') for an unknown task; MtlError('TASK_INVALID') for a class the
 *   task already has.
 */
export async function appendTaskClass(
  tx: SqlExecutor,
  id: number,
  name: string,
): Promise<TaskInfo> {
  const task = await requireTask(tx, id);
  if (task.classes.includes(name)) {
    throw new MtlError('TASK_INVALID', `Task "${task.name}" already has a class "${name}"`);
  }
  return writeClasses(tx, task, [...task.classes, name]);
}

/**
 * Inside a transaction: removes class `name` from task `id` (the undo of the label batch that
 * created it; the caller checks that no label uses it).
 * @returns the 0-based position it had, or -1 when the task does not have it (nothing changed).
 * @throws MtlError('NOT_FOUND') for an unknown task.
 */
export async function removeTaskClass(tx: SqlExecutor, id: number, name: string): Promise<number> {
  const task = await requireTask(tx, id);
  const at = task.classes.indexOf(name);
  if (at >= 0)
    await writeClasses(
      tx,
      task,
      task.classes.filter((c) => c !== name),
    );
  return at;
}

/**
 * Inside a transaction: puts class `name` back into task `id` at 0-based `position` (clamped
 * to the end), as the redo of the label batch that created it.
 * @returns whether it was inserted (false: the task has it already).
 * @throws MtlError('NOT_FOUND') for an unknown task.
 */
export async function insertTaskClass(
  tx: SqlExecutor,
  id: number,
  name: string,
  position: number,
): Promise<boolean> {
  const task = await requireTask(tx, id);
  if (task.classes.includes(name)) return false;
  const classes = [...task.classes];
  classes.splice(Math.min(Math.max(position, 0), classes.length), 0, name);
  await writeClasses(tx, task, classes);
  return true;
}

/**
 * Inside a transaction: the new empty categorical column of a task to label and the task on
 * it (see TaskStore.createOnNewColumn, whose checks and errors these are).
 * @param name the task's checked name; `column` its trimmed, non-empty target column.
 */
async function taskOnNewColumn(
  tx: SqlExecutor,
  task: Omit<TaskInfo, 'id'>,
  name: string,
  column: string,
): Promise<TaskInfo> {
  const dataset = await requireDataset(tx, task.datasetId);
  const columns = await columnsOf(tx, task.datasetId);
  const taken = await tx.get<{ name: string }>(
    'SELECT name FROM tasks WHERE dataset_id = ? AND (name = ? OR target_column = ?)',
    [task.datasetId, name, column],
  );
  if (taken) {
    throw new MtlError(
      'TASK_INVALID',
      `Dataset "${dataset.name}" already has a task "${taken.name}" on that name or column; give the new task another name.`,
      reasonDetails('LABEL_TASK_TAKEN', { name: taken.name }),
    );
  }
  const existing = columns.find((c) => c.name === column);
  if (existing) {
    // The empty column a deleted task to label left behind (role 'ignore', every cell
    // missing) is taken up again rather than refused: the same task, recreated.
    const cell = cellColumn(existing.position);
    const held = await tx.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${rowsTable(task.datasetId)}
             WHERE ${cell} IS NOT NULL AND ${cell} <> '' LIMIT 1)`,
    );
    // Only that leftover: an empty column the user set to input (or imported empty and
    // kept) is theirs, not a task's.
    const empty = (held?.n ?? 0) === 0;
    if (existing.type === 'categorical' && existing.role === 'ignore' && empty) {
      return insertTask(tx, { ...task, targetColumn: column }, name);
    }
    throw new MtlError(
      'TASK_INVALID',
      !empty && (existing.type === 'image' || existing.type === 'text')
        ? // Not `tasks --add`: an image or text column cannot be a task's target (found by a
          // new user: the suggested command failed with "Column path is image").
          `Dataset "${dataset.name}" already has ${existing.type === 'image' ? 'an image' : 'a text'} column "${column}" holding values, which cannot be a task's target; give the new task another name.`
        : !empty
          ? `Dataset "${dataset.name}" already has a column "${column}" holding values; to predict it, add it as a task's target column (Tasks view, or \`tasks --add ${shellWord(column)}\`), or give the new task another name.`
          : existing.type !== 'categorical'
            ? `Dataset "${dataset.name}" already has an empty ${existing.type} column "${column}"; a task to label needs a categorical column: give the new task another name.`
            : `Dataset "${dataset.name}" already has an empty column "${column}" with role ${existing.role}; only an ignored empty column (the one a deleted task leaves) is taken up: set its role to ignore, or give the new task another name.`,
    );
  }
  if (columns.length >= MAX_DATASET_COLUMNS) {
    throw new MtlError(
      'TASK_INVALID',
      `Dataset "${dataset.name}" already has ${columns.length} columns, the most a dataset may have.`,
    );
  }
  const position = columns.reduce((max, c) => Math.max(max, c.position), -1) + 1;
  const profile: ColumnProfile = {
    missing: dataset.row_count,
    distinct: 0,
    numeric: null,
    topCategories: [],
  };
  await tx.run(
    `INSERT INTO columns (dataset_id, position, source_index, name, type, role, profile)
         VALUES (?, ?, ?, ?, 'categorical', 'target', ?)`,
    [task.datasetId, position, position, column, toJson(profile)],
  );
  // A categorical cell is TEXT (datasets.ts, sqlType); every row starts missing (NULL).
  await tx.run(`ALTER TABLE ${rowsTable(task.datasetId)} ADD COLUMN ${cellColumn(position)} TEXT`);
  return insertTask(tx, { ...task, targetColumn: column }, name);
}

/**
 * Deletes a task inside a transaction; its target column becomes an input again, or
 * 'ignore' when every cell of it is missing (no model should read an empty column).
 * @returns the task's dataset id.
 * @throws MtlError('NOT_FOUND') for an unknown task; MtlError('BAD_REQUEST', reason
 *   TASK_IN_TRAINING) while a run queued or running trains it.
 */
async function deleteTask(tx: SqlExecutor, id: number): Promise<number> {
  const task = await tx.get<TaskRow>('SELECT * FROM tasks WHERE id = ?', [id]);
  if (!task)
    throw new MtlError('NOT_FOUND', `Task ${id} not found`, reasonDetails('TASK_MISSING', { id }));
  // A run queued or training on the task would fail or lose its target mid-way (found by a
  // new user: a train starting as the task was removed ended "Dataset 1 has no task named
  // color"). Runs left so by a gone process are marked interrupted first by the caller
  // (TrainingStore.interruptOrphanedRuns).
  const training = await tx.get<{ id: number }>(
    `SELECT id FROM runs WHERE dataset_id = ? AND status IN ('queued', 'running')
       AND EXISTS (SELECT 1 FROM json_each(runs.tasks) WHERE value = ?)
     ORDER BY id LIMIT 1`,
    [task.dataset_id, task.name],
  );
  if (training) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${training.id} is training task "${task.name}"; stop it before removing the task (Ctrl+C in the terminal that trains it, or Cancel in the studio's Train view).`,
      reasonDetails(
        'TASK_IN_TRAINING',
        { id: training.id, task: task.name },
        { runId: training.id },
      ),
    );
  }
  await tx.run('DELETE FROM tasks WHERE id = ?', [id]);
  const column = await tx.get<{ position: number }>(
    'SELECT position FROM columns WHERE dataset_id = ? AND name = ?',
    [task.dataset_id, task.target_column],
  );
  let role: 'input' | 'ignore' = 'input';
  if (column) {
    const cell = cellColumn(column.position);
    const any = await tx.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${rowsTable(task.dataset_id)}
         WHERE ${cell} IS NOT NULL AND ${cell} <> '' LIMIT 1)`,
    );
    if ((any?.n ?? 0) === 0) role = 'ignore';
  }
  await tx.run('UPDATE columns SET role = ? WHERE dataset_id = ? AND name = ?', [
    role,
    task.dataset_id,
    task.target_column,
  ]);
  return task.dataset_id;
}

/**
 * A task's trimmed name, once what can be checked without the file is sound.
 * @throws MtlError('TASK_INVALID') as {@link TaskStore.create}.
 */
function checkedTaskName(task: Omit<TaskInfo, 'id'>): string {
  const name = task.name.trim();
  if (name === '') throw new MtlError('TASK_INVALID', 'Task name must not be empty');
  if (!Array.isArray(task.classes) || task.classes.length < 2) {
    throw new MtlError(
      'TASK_INVALID',
      `Task "${name}" needs at least 2 classes`,
      reasonDetails('TASK_NEEDS_TWO_CLASSES', { task: name }),
    );
  }
  if (new Set(task.classes).size !== task.classes.length) {
    throw new MtlError('TASK_INVALID', `Task "${name}" lists a class twice`);
  }
  if (task.kind !== 'binary' && task.kind !== 'multiclass') {
    throw new MtlError('TASK_INVALID', `Task "${name}" has unknown kind "${String(task.kind)}"`);
  }
  if (task.kind === 'binary' && task.classes.length !== 2) {
    throw new MtlError(
      'TASK_INVALID',
      `Binary task "${name}" needs exactly 2 classes, got ${task.classes.length}`,
    );
  }
  if (task.weight !== null && !(Number.isFinite(task.weight) && task.weight >= 0)) {
    throw new MtlError('TASK_INVALID', `Task "${name}" has invalid weight ${String(task.weight)}`);
  }
  return name;
}

/** Inserts one checked task inside a transaction; its target column becomes 'target'. */
async function insertTask(
  tx: SqlExecutor,
  task: Omit<TaskInfo, 'id'>,
  name: string,
): Promise<TaskInfo> {
  const columns = await columnsOf(tx, task.datasetId);
  if (!columns.some((c) => c.name === task.targetColumn)) {
    throw new MtlError(
      'TASK_INVALID',
      `Target column "${task.targetColumn}" of task "${name}" is not a column of dataset ${task.datasetId}`,
      reasonDetails('TASK_TARGET_MISSING', { column: task.targetColumn, task: name }),
    );
  }
  const clash = await tx.get<{ name: string; target_column: string }>(
    'SELECT name, target_column FROM tasks WHERE dataset_id = ? AND (name = ? OR target_column = ?)',
    [task.datasetId, name, task.targetColumn],
  );
  if (clash?.name === name) {
    throw new MtlError(
      'TASK_INVALID',
      `Dataset ${task.datasetId} already has a task named "${name}"`,
      reasonDetails('TASK_NAME_TAKEN', { name }),
    );
  }
  if (clash) {
    throw new MtlError(
      'TASK_INVALID',
      `Column "${task.targetColumn}" is already the target of task "${clash.name}"`,
    );
  }
  const { lastID } = await tx.run(
    `INSERT INTO tasks (dataset_id, name, target_column, classes, kind, weight)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [task.datasetId, name, task.targetColumn, toJson(task.classes), task.kind, task.weight],
  );
  await tx.run("UPDATE columns SET role = 'target' WHERE dataset_id = ? AND name = ?", [
    task.datasetId,
    task.targetColumn,
  ]);
  return { ...task, name, classes: [...task.classes], id: lastID };
}
