/**
 * Defining classification tasks over a dataset's columns, and what the task wizard shows
 * about them: classes, class balance, label coverage and warnings.
 */
import { quotedNames } from '../../shared/classList';
import { didYouMean } from '../../shared/similarName';
import type { Cell, TaskWarning } from '../../shared/contract';
import type { ColumnInfo, TaskInfo } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';
import {
  booleanNamesOfClasses,
  booleanNamesOfColumn,
  trimCell,
  type BooleanNames,
} from '../data/cellValues';
import { cellToLabel } from '../engine/preprocessing';
import type { ProjectStore } from '../store/projectStore';

/** Most classes a task may have: more is almost surely an identifier or a free-text column. */
export const MAX_CLASSES = 100;

/** A request to define one task. */
export interface TaskRequest {
  /** Target column name. */
  column: string;
  /** Task name; defaults to the column name. */
  name?: string;
  /** Class order; defaults to the sorted distinct values (numeric-aware). Must list every value. */
  classes?: string[];
  weight?: number | null;
}

/** A task with its class balance, as the task wizard and `mtl-studio tasks` show it. */
export interface TaskSummary extends TaskInfo {
  /** Rows per class, in class order. */
  classCounts: number[];
  /** Rows lacking the label (they still train the other tasks). */
  missing: number;
  warnings: string[];
  /** Inputs that determine this task exactly (see {@link leakageWarnings}). */
  leakage?: TaskWarning[];
}

/** Fewer labelled rows than this in a class triggers a FEW_ROWS warning. */
export const MIN_ROWS_PER_CLASS = 5;

/** The labels of a column's cells: rows per distinct label, and rows without a label. */
export interface LabelCounts {
  /** Rows per distinct label, in order of first appearance. */
  counts: Map<string, number>;
  /** Rows whose cell is missing. */
  missing: number;
}

/**
 * Counts the class labels of a column's cells (booleans by `names`, the column's own by
 * default: "no"/"yes" for a file that spells them so, else "false"/"true"; numbers as their
 * decimal text; see cellToLabel).
 * @param values the column's cells, one per row.
 * @param names a boolean column's [false, true] labels (a task's: booleanNamesOfClasses).
 */
export function countLabels(
  values: readonly Cell[],
  column: ColumnInfo,
  names: BooleanNames = booleanNamesOfColumn(column),
): LabelCounts {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    const label = cellToLabel(v, column.type, names);
    if (label === null) missing++;
    else counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return { counts, missing };
}

/**
 * Distinct labels of a column in their default order: false before true for booleans (in
 * the column's spelling: "no", "yes"), numeric order for numbers, natural (numeric-aware)
 * string order otherwise.
 */
export function defaultClassOrder(labels: Iterable<string>, column: ColumnInfo): string[] {
  const values = [...labels];
  if (column.type === 'boolean')
    return booleanNamesOfColumn(column).filter((v) => values.includes(v));
  if (column.type === 'numeric') return values.sort((a, b) => Number(a) - Number(b));
  return values.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** FEW_ROWS warnings listed one by one; past this, one MANY_SMALL_CLASSES sums up the rest. */
export const MAX_FEW_ROWS_LISTED = 3;

/**
 * Warnings about class balance and label coverage, as codes the UI translates: ONE_CLASS
 * (error), FEW_ROWS per class under {@link MIN_ROWS_PER_CLASS} (the first
 * {@link MAX_FEW_ROWS_LISTED}; MANY_SMALL_CLASSES counts the others: a measurement used as
 * a target has as many classes as values), MISSING_LABELS; or only NO_LABELS when no row
 * carries any of the classes yet.
 * @param classes class labels in order; `counts[i]` rows carry `classes[i]`.
 * @param missing rows without a label.
 */
export function balanceWarnings(
  classes: string[],
  counts: number[],
  missing: number,
): TaskWarning[] {
  const warnings: TaskWarning[] = [];
  // A task to label from scratch (or one whose labels were all cleared): one warning, not
  // "only 0 rows" per class.
  if (classes.length >= 2 && missing > 0 && counts.every((c) => c === 0)) {
    return [{ code: 'NO_LABELS', severity: 'warning', count: missing }];
  }
  if (classes.length === 1) warnings.push({ code: 'ONE_CLASS', severity: 'error', count: 1 });
  const small = classes.flatMap((label, i) =>
    counts[i] < MIN_ROWS_PER_CLASS ? [{ label, count: counts[i] }] : [],
  );
  for (const { label, count } of small.slice(0, MAX_FEW_ROWS_LISTED))
    warnings.push({ code: 'FEW_ROWS', severity: 'warning', label, count });
  if (small.length > MAX_FEW_ROWS_LISTED) {
    const count = small.length - MAX_FEW_ROWS_LISTED;
    warnings.push({ code: 'MANY_SMALL_CLASSES', severity: 'warning', count });
  }
  if (missing > 0) warnings.push({ code: 'MISSING_LABELS', severity: 'warning', count: missing });
  return warnings;
}

/** Inputs with more distinct values than this are not checked for leakage (identifiers). */
export const MAX_LEAKAGE_VALUES = 50;

/**
 * Target leakage: an input column that determines a task's label exactly — every value of
 * the input occurs with a single class, over the rows that have both — is almost always
 * derived from the target (e.g. `label_name` next to `label`). Inputs with fewer than two
 * values, more than {@link MAX_LEAKAGE_VALUES}, more than half as many values as rows
 * (most values seen once: no evidence), or that occur on fewer than half of the labelled
 * rows are not flagged. Nor is any input of a task with fewer than two classes among its
 * labels: one class goes with every value of every column (found by a new user: a task
 * declared `--classes const=A,B` whose rows were all A was "determined exactly" by each input).
 * @param inputs input columns with their [n] values; @param labels [n] task labels (null = missing).
 * @returns one INPUT_DETERMINES_TARGET warning per such input.
 */
export function leakageWarnings(
  inputs: { column: ColumnInfo; values: readonly Cell[] }[],
  labels: readonly (string | null)[],
): TaskWarning[] {
  const labelled = labels.filter((l) => l !== null).length;
  if (new Set(labels.filter((l) => l !== null)).size < 2) return [];
  const warnings: TaskWarning[] = [];
  for (const { column, values } of inputs) {
    if (column.type === 'text' || column.type === 'image') continue;
    const classOf = new Map<string, string>();
    let consistent = true;
    let covered = 0;
    for (let i = 0; i < labels.length && consistent; i++) {
      const label = labels[i];
      const v = values[i];
      if (label === null || v === null) continue;
      covered++;
      const key = String(v);
      const seen = classOf.get(key);
      if (seen === undefined) {
        classOf.set(key, label);
        if (classOf.size > MAX_LEAKAGE_VALUES) consistent = false;
      } else if (seen !== label) consistent = false;
    }
    // Evidence needs repeats: a value seen once "determines" its row's class trivially, so a
    // continuous measurement on a small table (one distinct value per row) proves nothing.
    // Flag only when the values occur twice on average (distinct ≤ covered / 2).
    if (consistent && classOf.size >= 2 && covered >= labelled / 2 && classOf.size * 2 <= covered) {
      warnings.push({ code: 'INPUT_DETERMINES_TARGET', severity: 'warning', column: column.name });
    }
  }
  return warnings;
}

/**
 * The English warning for an input that determines a task exactly (INPUT_DETERMINES_TARGET),
 * naming the command that sets it to ignore. Where the project is known (the CLI), runnable
 * as shown, the words quoted for a POSIX shell, e.g. `… set it to ignore (mtl-studio columns
 * -p p.mtlproj -d 1 --role 'pet name'=ignore).`; else `(in the studio's column panel, or
 * mtl-studio columns -p <project> --role 'pet name'=ignore)`. A placeholder (`<project>`,
 * `<column>` when the column is absent) is never quoted.
 * @param column the input column's name
 * @param at the project file and dataset id the command is for, when known
 */
export function leakageWarningText(
  column: string | undefined,
  at?: { project: string; datasetId: number },
): string {
  const role = `--role ${column === undefined ? '<column>' : shellWord(column)}=ignore`;
  const how = at
    ? `mtl-studio columns -p ${shellWord(at.project)} -d ${at.datasetId} ${role}`
    : `in the studio's column panel, or mtl-studio columns -p <project> ${role}`;
  return `Input column "${column ?? '<column>'}" determines this task exactly; if it is derived from the target, set it to ignore (${how}).`;
}

/**
 * A balance warning in English for the CLI (the UI translates the code itself); a leakage
 * warning names the command for `at` (project and dataset) when given.
 */
function balanceWarningText(
  warning: TaskWarning,
  rows: number,
  at?: { project: string; datasetId: number },
): string {
  switch (warning.code) {
    case 'FEW_ROWS':
      return `Class "${warning.label}" has only ${warning.count} ${warning.count === 1 ? 'row' : 'rows'}; its scores will be unreliable.`;
    case 'MANY_SMALL_CLASSES':
      return `${warning.count === 1 ? '1 more class has' : `${warning.count} more classes have`} fewer than ${MIN_ROWS_PER_CLASS} rows: is this a measurement rather than a category? Bin it into a few classes first.`;
    case 'NO_LABELS':
      return `No row is labelled yet (${warning.count} of ${rows} rows): label some (the Label view, mtl-studio labels import) before training.`;
    case 'MISSING_LABELS':
      return warning.count === 1
        ? `1 of ${rows} rows lacks a label; it trains the other tasks only.`
        : `${warning.count} of ${rows} rows lack a label; they train the other tasks only.`;
    case 'ONE_CLASS':
      return `Only ${warning.count} class: a task needs at least two.`;
    case 'INPUT_DETERMINES_TARGET':
      return leakageWarningText(warning.column, at);
    default:
      return warning.code;
  }
}

/**
 * The refusal of `--remove NAME` (`name`) that is none of `tasks`, the dataset's tasks:
 * "No task "OCUPATION" to remove; tasks: "INCOME", "OCCUPATION". Did you mean "OCCUPATION"?"
 * (found by a new user: it listed neither the tasks nor a suggestion).
 */
export function noTaskToRemove(name: string, tasks: readonly { name: string }[]): MtlError {
  const names = tasks.map((t) => t.name);
  return new MtlError(
    'TASK_INVALID',
    `No task "${name}" to remove; tasks: ${quotedNames(names, 'none')}.${didYouMean(name, names)}`,
  );
}

/**
 * Creates tasks on a dataset, first removing the tasks named in `replace` in the same
 * transaction (a refused request keeps them: `--remove T --add T --classes T=…`).
 * @returns the created tasks with their class balance.
 * All or none: every request is checked first, then all tasks are created in one
 * transaction, so a refused request (whatever its place in the list) adds no task.
 * @throws MtlError('TASK_INVALID') when a column is unknown, has no values, is text/image, has fewer than 2
 *   or more than {@link MAX_CLASSES} classes, `classes` (each trimmed of ASCII whitespace)
 *   has an empty class or omits a value present in the data (for a boolean column: is not
 *   its two names, e.g. "no" and "yes", in either order),
 *   or two requests (or a request and an existing task) share a name or column — naming
 *   the first such request, or when `replace` names no task; MtlError('NOT_FOUND') for an
 *   unknown dataset.
 */
export async function defineTasks(
  store: ProjectStore,
  datasetId: number,
  requests: TaskRequest[],
  replace: readonly string[] = [],
): Promise<TaskSummary[]> {
  const dataset = await store.datasets.get(datasetId);
  const existing = await store.tasks.list(datasetId);
  const replacing = replace.map((name) => {
    const task = existing.find((t) => t.name === name);
    if (!task) throw noTaskToRemove(name, existing);
    return task.id;
  });
  const checked: { task: Omit<TaskInfo, 'id'>; column: ColumnInfo; values: readonly Cell[] }[] = [];
  for (const req of requests) {
    const column = dataset.columns.find((c) => c.name === req.column);
    if (!column) {
      throw new MtlError(
        'TASK_INVALID',
        // Ends with the close names (found by a new user: `--add Typee` listed the columns
        // but did not point at "type"), as the other typo refusals do.
        `Dataset "${dataset.name}" has no column "${req.column}"; columns: ${quotedNames(
          dataset.columns.map((c) => c.name),
          'none',
        )}.${didYouMean(
          req.column,
          dataset.columns.map((c) => c.name),
        )}`,
      );
    }
    if (column.profile.distinct === 0 && column.profile.missing === dataset.rowCount) {
      // Inferred as text only because there is nothing to infer from: say so.
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" has no values (all ${dataset.rowCount} rows are missing); a task needs a categorical column.`,
        reasonDetails('TASK_COLUMN_EMPTY', { column: column.name, rows: dataset.rowCount }),
      );
    }
    if (column.type === 'text') {
      // A column's type is fixed at import (no path changes it afterwards): name the way to
      // read it as categories (found by a new user: the error named no fix).
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" is text; a task needs a categorical column. A column's type is set at import: import the file again with it read as categorical (mtl-studio import <csv> -p <project> --type ${shellWord(`${column.name}=categorical`)}; in the studio, its type in the import's columns).`,
        reasonDetails('TASK_COLUMN_TEXT', { column: column.name }),
      );
    }
    if (column.type === 'image') {
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" is ${column.type}; a task needs a categorical column.`,
      );
    }
    const { values } = await store.datasets.readColumns(datasetId, [column.name]);
    const labels = new Set(countLabels(values[column.name], column).counts.keys());
    if (labels.size > MAX_CLASSES) {
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" has ${labels.size} distinct values; a task may have at most ${MAX_CLASSES} classes.`,
      );
    }
    // Given classes are trimmed as cells are at import (ASCII whitespace, trimCell), so
    // ' Student' from `--classes 'job=Retired, Student'` names the stored 'Student'.
    const given = req.classes?.map(trimCell);
    const empty = given?.findIndex((c) => c === '') ?? -1;
    if (empty >= 0) {
      throw new MtlError(
        'TASK_INVALID',
        `Class ${empty + 1} of the class order for "${column.name}" is empty.`,
      );
    }
    const classes = given ?? defaultClassOrder(labels, column);
    const names = booleanNamesOfColumn(column);
    if (
      given &&
      column.type === 'boolean' &&
      (classes.length !== 2 || !names.every((n) => classes.includes(n)))
    ) {
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" is boolean; its classes are ${quotedNames(names)} (in either order).`,
      );
    }
    const unknown = [...labels].filter((l) => !classes.includes(l));
    if (unknown.length > 0) {
      throw new MtlError(
        'TASK_INVALID',
        `Class order for "${column.name}" misses ${unknown.length === 1 ? 'a value' : `${unknown.length} values`} present in the data: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}.`,
      );
    }
    if (new Set(classes).size !== classes.length) {
      throw new MtlError('TASK_INVALID', `Class order for "${column.name}" lists a class twice.`);
    }
    if (classes.length < 2) {
      throw new MtlError(
        'TASK_INVALID',
        `Column "${column.name}" has ${classes.length} class (${quotedNames(classes, 'none')}); a task needs at least 2.`,
        reasonDetails('TASK_ONE_CLASS', {
          column: column.name,
          count: classes.length,
          classes: quotedNames(classes, '—'),
        }),
      );
    }
    const name = (req.name ?? column.name).trim();
    if (name === '' || name === '__proto__') {
      throw new MtlError(
        'TASK_INVALID',
        `"${name}" cannot be a task name; pass another with a name.`,
      );
    }
    checked.push({
      task: {
        datasetId,
        name,
        targetColumn: column.name,
        classes,
        kind: classes.length === 2 ? 'binary' : 'multiclass',
        weight: req.weight ?? null,
      },
      column,
      values: values[column.name],
    });
  }
  const created = await store.tasks.createMany(
    checked.map((c) => c.task),
    replacing,
  );
  return created.map((task, i) => summarise(task, checked[i].column, checked[i].values));
}

/**
 * Defines a task to label from scratch: a new categorical column, empty in every row, and
 * a task on it with the given classes in that order (for a dataset without labels, e.g. a
 * flat folder of images). Class names are trimmed; more classes can be added while
 * labelling.
 * @param name the task's name, also the new column's.
 * @returns the task with its (empty) class balance.
 * @throws MtlError('TASK_INVALID') for an empty or reserved name, one the dataset already
 *   uses for a column, fewer than 2 classes, more than {@link MAX_CLASSES}, an empty class
 *   or one listed twice; MtlError('NOT_FOUND') for an unknown dataset.
 */
export async function createLabelTask(
  store: ProjectStore,
  datasetId: number,
  name: string,
  classes: readonly string[],
): Promise<TaskSummary> {
  return (await createLabelTasks(store, datasetId, [{ name, classes }]))[0];
}

/**
 * Defines several tasks to label from scratch at once (`tasks --new a=x,y --new b=u,v`),
 * all or none: each checked as {@link createLabelTask}, then all created in one transaction.
 * @returns the tasks with their (empty) class balances, in the order given.
 * @throws as {@link createLabelTask}, for the first task refused (none is created);
 *   MtlError('TASK_INVALID') for a task name given twice.
 */
export async function createLabelTasks(
  store: ProjectStore,
  datasetId: number,
  specs: readonly { name: string; classes: readonly string[] }[],
): Promise<TaskSummary[]> {
  const checked = specs.map((s) => checkedLabelTask(s.name, s.classes));
  const twice = checked.find((c, i) => checked.findIndex((d) => d.name === c.name) !== i);
  if (twice) throw new MtlError('TASK_INVALID', `Task "${twice.name}" is given twice.`);
  const tasks = await store.tasks.createManyOnNewColumns(
    checked.map((c) => ({
      datasetId,
      name: c.name,
      targetColumn: c.name,
      classes: c.classes,
      kind: c.classes.length === 2 ? 'binary' : 'multiclass',
      weight: null,
    })),
  );
  const dataset = await store.datasets.get(datasetId);
  const { values } = await store.datasets.readColumns(
    datasetId,
    tasks.map((t) => t.targetColumn),
  );
  return tasks.map((task) =>
    summarise(
      task,
      dataset.columns.find((c) => c.name === task.targetColumn)!,
      values[task.targetColumn],
    ),
  );
}

/** A task to label's trimmed name and classes, checked as {@link createLabelTask} says. */
function checkedLabelTask(
  name: string,
  classes: readonly string[],
): { name: string; classes: string[] } {
  const taskName = name.trim();
  if (taskName === '' || taskName === '__proto__') {
    throw new MtlError('TASK_INVALID', `"${taskName}" cannot be a task name.`);
  }
  const trimmed = classes.map((c) => c.trim());
  if (trimmed.some((c) => c === '')) {
    throw new MtlError('TASK_INVALID', `A class of task "${taskName}" has an empty name.`);
  }
  const twice = trimmed.find((c, i) => trimmed.indexOf(c) !== i);
  if (twice !== undefined) {
    throw new MtlError('TASK_INVALID', `Task "${taskName}" lists the class "${twice}" twice.`);
  }
  if (trimmed.length < 2) {
    throw new MtlError(
      'TASK_INVALID',
      `Task "${taskName}" needs at least 2 classes, got ${trimmed.length}${trimmed.length === 1 ? ` (${trimmed[0]})` : ''}.`,
    );
  }
  if (trimmed.length > MAX_CLASSES) {
    throw new MtlError(
      'TASK_INVALID',
      `Task "${taskName}" has ${trimmed.length} classes; a task may have at most ${MAX_CLASSES}.`,
    );
  }
  return { name: taskName, classes: trimmed };
}

/**
 * Lists a dataset's tasks with class balance, label coverage and warnings, leakage
 * (`leakage`) included, worded by {@link leakageWarningText} with the command for `at`
 * (the project path and dataset the CLI was given) or, without it, for any project.
 */
export async function listTaskSummaries(
  store: ProjectStore,
  datasetId: number,
  at?: { project: string; datasetId: number },
): Promise<TaskSummary[]> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  if (tasks.length === 0) return [];
  const inputs = dataset.columns.filter((c) => c.role === 'input');
  const { values } = await store.datasets.readColumns(datasetId, [
    ...new Set([...tasks.map((t) => t.targetColumn), ...inputs.map((c) => c.name)]),
  ]);
  return tasks.map((task) => {
    const column = dataset.columns.find((c) => c.name === task.targetColumn)!;
    const summary = summarise(task, column, values[task.targetColumn]);
    const names = booleanNamesOfClasses(task.classes);
    const labels = values[task.targetColumn].map((v) => cellToLabel(v, column.type, names));
    const leaks = leakageWarnings(
      inputs
        .filter((c) => c.name !== task.targetColumn)
        .map((c) => ({ column: c, values: values[c.name] })),
      labels,
    );
    summary.warnings.push(
      ...leaks.map((w) => balanceWarningText(w, values[task.targetColumn].length, at)),
    );
    summary.leakage = leaks;
    return summary;
  });
}

/** A task's class balance over its column's cells, with English warnings. */
function summarise(task: TaskInfo, column: ColumnInfo, values: readonly Cell[]): TaskSummary {
  const { counts, missing } = countLabels(values, column, booleanNamesOfClasses(task.classes));
  const classCounts = task.classes.map((c) => counts.get(c) ?? 0);
  const warnings = balanceWarnings(task.classes, classCounts, missing).map((w) =>
    balanceWarningText(w, values.length),
  );
  return { ...task, classCounts, missing, warnings };
}
