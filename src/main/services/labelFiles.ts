/**
 * Labels as a CSV file: export a dataset's labels (one row per item, one column per task)
 * and import such a file back — by row id or image path — as one undoable batch of source
 * 'import', reporting the labels that conflict with the project's.
 */
import { formatClassNames, similarClass, similarClassWarning } from '../../shared/classList';
import Papa from 'papaparse';
import type { ColumnType, TaskInfo } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { booleanNamesOfClasses, trimCell } from '../data/cellValues';
import { imagePathKey } from '../data/images/source';
import { csvError } from '../data/csvErrors';
import { resolveCsvFormat } from '../data/csvFormat';
import { openCsvTable } from '../data/csvTable';
import { cellToLabel } from '../engine/preprocessing';
import type { LabelWrite } from '../store/labels';
import type { ProjectStore } from '../store/projectStore';
import { labelToCell } from './labels';
import { readTaskLabels } from './labelQueue';

/** Header of the row id column of a labels file. */
export const ROW_ID_COLUMN = 'row_id';

/** A labels file as text, and what it holds. */
export interface LabelsExport {
  csv: string;
  rows: number;
  tasks: string[];
  /** Header of the image path column, or null (not an image dataset). */
  pathColumn: string | null;
}

/**
 * The labels of a dataset as CSV: `row_id`, the image path (image datasets), then one column
 * per task (or only `task`) holding the class; an empty cell is a missing label.
 * @throws MtlError('NOT_FOUND') for an unknown dataset or task.
 */
export async function exportLabels(
  store: ProjectStore,
  datasetId: number,
  options: { task?: string } = {},
): Promise<LabelsExport> {
  const [dataset, allTasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const tasks =
    options.task === undefined ? allTasks : allTasks.filter((t) => t.name === options.task);
  if (options.task !== undefined && tasks.length === 0) {
    throw new MtlError(
      'NOT_FOUND',
      `Dataset "${dataset.name}" has no task "${options.task}"; tasks: ${allTasks.map((t) => t.name).join(', ') || 'none'}.`,
    );
  }
  const image = dataset.columns.find((c) => c.type === 'image') ?? null;
  const labels = await readTaskLabels(store, datasetId, tasks);
  const paths = image
    ? (await store.datasets.readColumns(datasetId, [image.name])).values[image.name]
    : null;
  const header = [ROW_ID_COLUMN, ...(image ? [image.name] : []), ...tasks.map((t) => t.name)];
  const rows = labels.rowIds.map((rowId, i) => [
    rowId,
    ...(paths ? [paths[i] ?? ''] : []),
    ...tasks.map((t) => labels.labels.get(t.name)![i] ?? ''),
  ]);
  return {
    csv: `${Papa.unparse({ fields: header, data: rows }, { newline: '\n' })}\n`,
    rows: rows.length,
    tasks: tasks.map((t) => t.name),
    pathColumn: image?.name ?? null,
  };
}

/** A label of the file that differs from the project's. */
export interface LabelConflict {
  /** 1-based line of the file. */
  line: number;
  rowId: number;
  path?: string;
  task: string;
  /** The project's label, and the file's. */
  current: string;
  imported: string;
}

/** What an import did. */
export interface LabelsImport {
  /** Labels written (missing before, or overwritten). */
  applied: number;
  /** Labels equal to the project's. */
  unchanged: number;
  /** Labels that differ from a label the project has: kept unless `overwrite`. */
  conflicts: LabelConflict[];
  overwritten: number;
  /** Classes added to tasks (with `addClasses`); undoing the import removes them again. */
  addedClasses: { task: string; className: string }[];
  /**
   * Added classes that differ from a class of their task only by letter case or surrounding
   * spaces ("RED" against "red"): added all the same, but worth a look. `existing` is that
   * class (one added earlier by the same file counts too).
   */
  similarClasses: { task: string; className: string; existing: string }[];
  /** One line per similar class, for a person (the CLI's `warning:` lines). */
  warnings: string[];
  /** Batch of the import (undo reverts it whole), or null when nothing was written. */
  batch: number | null;
}

/**
 * Imports a labels file (as written by {@link exportLabels}; any encoding and delimiter
 * the CSV import reads) into a dataset. Items are found by `row_id` or, in image datasets,
 * by the image path column; columns named after tasks carry classes; an empty cell leaves
 * the label as it is. A label that differs from the project's is a conflict: reported and
 * kept, or written with `overwrite`. All labels are written as ONE batch (source 'import',
 * undone together); nothing is written when the file has an error.
 * @param options `overwrite` conflicting labels; `addClasses` adds unknown classes to their
 *   task instead of refusing them (in the batch's transaction: undoing the import removes
 *   them; one differing from a class only by case or spaces is added with a warning).
 * @throws MtlError('NOT_FOUND') for a missing file or dataset; MtlError('CSV_PARSE') naming
 *   the file, line and column for a file without a key column, an unknown column, an
 *   unknown row id or path, or an item listed twice; MtlError('TASK_INVALID') likewise for
 *   an unknown class (without `addClasses`) or a value the target column cannot hold.
 */
export async function importLabels(
  store: ProjectStore,
  datasetId: number,
  path: string,
  options: { overwrite?: boolean; addClasses?: boolean } = {},
): Promise<LabelsImport> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const format = await resolveCsvFormat(path);
  const table = await openCsvTable(path, format.dialect, true);
  const file = table.file;
  const image = dataset.columns.find((c) => c.type === 'image') ?? null;
  const header = table.header;
  const keyIndex = header.indexOf(ROW_ID_COLUMN);
  const pathIndex = image ? header.indexOf(image.name) : -1;
  if (keyIndex < 0 && pathIndex < 0) {
    await table.close();
    throw csvError(
      { file, line: table.headerLine },
      `no "${ROW_ID_COLUMN}"${image ? ` or "${image.name}"` : ''} column to find the items by`,
    );
  }
  const taskColumns: { index: number; task: TaskInfo; type: ColumnType }[] = [];
  for (const [index, name] of header.entries()) {
    if (index === keyIndex || index === pathIndex) continue;
    const task = tasks.find((t) => t.name === name);
    if (!task) {
      await table.close();
      throw csvError(
        { file, line: table.headerLine, column: name },
        `not a task of dataset "${dataset.name}" (tasks: ${tasks.map((t) => t.name).join(', ') || 'none'})`,
      );
    }
    const type = dataset.columns.find((c) => c.name === task.targetColumn)!.type;
    taskColumns.push({ index, task, type });
  }

  const labels = await readTaskLabels(store, datasetId, tasks);
  const position = new Map(labels.rowIds.map((id, i) => [id, i]));
  // Exact stored path first; else its imagePathKey (NFC, '/', no './'), so a path written on
  // macOS (NFD) or Windows ('\\') still matches. A key two images share (-1) matches neither.
  const byPath = new Map<string, number>();
  const byKey = new Map<string, number>();
  if (image) {
    const paths = (await store.datasets.readColumns(datasetId, [image.name])).values[image.name];
    paths.forEach((p, i) => {
      if (p === null) return;
      byPath.set(String(p), labels.rowIds[i]);
      const key = imagePathKey(String(p));
      byKey.set(key, byKey.has(key) ? -1 : labels.rowIds[i]);
    });
  }
  const classes = new Map(taskColumns.map((c) => [c.task.name, [...c.task.classes]]));
  const added: LabelsImport['addedClasses'] = [];
  const similar: LabelsImport['similarClasses'] = [];
  const seen = new Map<number, number>();
  const writes: LabelWrite[] = [];
  const conflicts: LabelConflict[] = [];
  let unchanged = 0;
  for await (const record of table.rows) {
    const fields = record.fields.map(trimCell);
    let rowId: number;
    if (keyIndex >= 0 && fields[keyIndex] !== '') {
      rowId = Number(fields[keyIndex]);
      if (!Number.isSafeInteger(rowId) || !position.has(rowId)) {
        throw csvError(
          { file, line: record.line, column: ROW_ID_COLUMN },
          `"${fields[keyIndex]}" is not a row id of dataset "${dataset.name}"`,
        );
      }
    } else if (pathIndex >= 0) {
      const written = fields[pathIndex];
      const found = byPath.get(written) ?? byKey.get(imagePathKey(written));
      if (found === -1) {
        throw csvError(
          { file, line: record.line, column: image!.name },
          `"${written}" matches several images of dataset "${dataset.name}" once normalised (Unicode NFC, '/'); write the path exactly as stored`,
        );
      }
      if (found === undefined) {
        throw csvError(
          { file, line: record.line, column: image!.name },
          `no image "${fields[pathIndex]}" in dataset "${dataset.name}"`,
        );
      }
      rowId = found;
    } else {
      throw csvError({ file, line: record.line, column: ROW_ID_COLUMN }, 'the row id is empty');
    }
    const earlier = seen.get(rowId);
    if (earlier !== undefined) {
      throw csvError(
        { file, line: record.line },
        `row ${rowId} is listed twice (lines ${earlier} and ${record.line})`,
      );
    }
    seen.set(rowId, record.line);
    for (const { index, task, type } of taskColumns) {
      const value = fields[index];
      if (value === '') continue;
      let cell;
      try {
        cell = labelToCell(value, type, task);
      } catch (err) {
        throw csvError(
          { file, line: record.line, column: task.name },
          (err as Error).message,
          'TASK_INVALID',
        );
      }
      // As the project spells it ("2.0" in a numeric column is class "2").
      const label = cellToLabel(cell, type, booleanNamesOfClasses(task.classes))!;
      const known = classes.get(task.name)!;
      if (!known.includes(label)) {
        if (!options.addClasses || type === 'boolean') {
          throw csvError(
            { file, line: record.line, column: task.name },
            `"${value}" is not a class of task "${task.name}" (${formatClassNames(known)})${type === 'boolean' ? '' : '; import with --add-classes to add it'}`,
            'TASK_INVALID',
          );
        }
        const existing = similarClass(label, known);
        if (existing !== null) similar.push({ task: task.name, className: label, existing });
        known.push(label);
        added.push({ task: task.name, className: label });
      }
      const current = labels.labels.get(task.name)![position.get(rowId)!];
      if (current === label) {
        unchanged++;
        continue;
      }
      if (current !== null) {
        conflicts.push({
          line: record.line,
          rowId,
          ...(pathIndex >= 0 ? { path: fields[pathIndex] } : {}),
          task: task.name,
          current,
          imported: label,
        });
        if (!options.overwrite) continue;
      }
      writes.push({ rowId, task: task.name, value: cell });
    }
  }
  // New classes and every label in one transaction, one batch: its undo removes the classes.
  const batch = await store.labels.write(datasetId, writes, 'import', added);
  return {
    applied: batch.changes.length,
    unchanged,
    conflicts,
    overwritten: options.overwrite ? conflicts.length : 0,
    addedClasses: added,
    similarClasses: similar,
    warnings: similar.map((c) => similarClassWarning(c.task, c.className, c.existing)),
    batch: batch.batch,
  };
}
