/**
 * Labels as a CSV file: export a dataset's labels (one row per item, one column per task)
 * and import such a file back — by row id or image path — as one undoable batch of source
 * 'import', reporting the labels that conflict with the project's.
 */
import { quotedNames, similarClass, similarClassWarning } from '../../shared/classList';
import { didYouMean } from '../../shared/similarName';
import Papa from 'papaparse';
import type { LabelConflict, LabelsFileWritten, LabelsImport } from '../../shared/contract';
import type { ColumnType, TaskInfo } from '../../shared/domain';
import { statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';
import {
  refuseMissingFolder,
  refuseUnsafeOutput,
  writeFileAtomically,
} from '../export/outputGuard';
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
      `Dataset "${dataset.name}" has no task "${options.task}"; tasks: ${quotedNames(
        allTasks.map((t) => t.name),
        'none',
      )}.${didYouMean(
        options.task,
        allTasks.map((t) => t.name),
      )}`,
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

export type { LabelConflict, LabelsImport } from '../../shared/contract';

/**
 * Imports a labels file (as written by {@link exportLabels}; any encoding and delimiter
 * the CSV import reads) into a dataset. Items are found by `row_id` or, in image datasets,
 * by the image path column (a line giving both must name one image); columns named after
 * tasks carry classes; an empty cell leaves the label as it is. A label that differs from the project's is a conflict: reported and
 * kept, or written with `overwrite`. All labels are written as ONE batch (source 'import',
 * undone together); nothing is written when the file has an error.
 * @param options `overwrite` conflicting labels; `addClasses` adds unknown classes to their
 *   task instead of refusing them — only those a label written by this import holds (a class
 *   only a kept conflict uses is not added); in the batch's transaction: undoing the import
 *   removes them; one differing from a class only by case or spaces is added with a warning;
 *   `origin` names the studio tab importing: only its Undo takes the import back (without it —
 *   the CLI — no tab's Undo does, store/labels.ts);
 *   `dryRun` checks the whole file and answers what it would do (`applied`: labels it would
 *   write), writing nothing (`batch` null) — the studio's preview before it imports. A dry
 *   run without `addClasses` does not refuse unknown classes: it lists them in
 *   `unknownClasses` and counts their labels as an import with `addClasses` would.
 * @throws MtlError('NOT_FOUND') for a missing file or dataset; MtlError('CSV_PARSE') naming
 *   the file, line and column for a file without a key column, an unknown column, an
 *   unknown row id or path, a row id and a path naming two images, or an item listed
 *   twice; MtlError('TASK_INVALID') likewise for a value the target column cannot hold
 *   (reason LABELS_BAD_VALUE: task, value, file, line), and (not in a dry run) for an
 *   unknown class without `addClasses`, with reason LABELS_UNKNOWN_CLASS (params task, className, classes,
 *   file, line).
 */
export async function importLabels(
  store: ProjectStore,
  datasetId: number,
  path: string,
  options: { overwrite?: boolean; addClasses?: boolean; dryRun?: boolean; origin?: string } = {},
): Promise<LabelsImport> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const format = await resolveCsvFormat(path);
  // A labels file's import has no --bad-lines option: its errors do not offer one.
  const table = await openCsvTable(path, format.dialect, true, { badLinesSkippable: false });
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
        `not a task of dataset "${dataset.name}" (tasks: ${quotedNames(
          tasks.map((t) => t.name),
          'none',
        )};${didYouMean(
          name,
          tasks.map((t) => t.name),
        )})`.replace(/;\)$/, ')'),
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
  // Classes of the file its task lacks, in order of first use, with that line; `used`: the
  // ones a label this import writes holds (only those are added: a kept conflict adds none).
  const unknown: { task: string; className: string; line: number; used: boolean }[] = [];
  const seen = new Map<number, number>();
  const writes: LabelWrite[] = [];
  const conflicts: LabelConflict[] = [];
  let unchanged = 0;
  /** The row of the image `written` names (exact stored path, else its key), or a refusal. */
  const rowOfPath = (written: string, line: number): number => {
    const found = byPath.get(written) ?? byKey.get(imagePathKey(written));
    if (found === -1) {
      throw csvError(
        { file, line, column: image!.name },
        `"${written}" matches several images of dataset "${dataset.name}" once normalised (Unicode NFC, '/'); write the path exactly as stored`,
      );
    }
    if (found === undefined) {
      throw csvError(
        { file, line, column: image!.name },
        `no image "${written}" in dataset "${dataset.name}"`,
      );
    }
    return found;
  };
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
      // Both given: they must name the same image. A file exported from another project of
      // the same images has other row ids: labelling by row_id alone wrote other images than
      // the paths the report named (found by a new user).
      if (pathIndex >= 0 && fields[pathIndex] !== '') {
        const byPathRow = rowOfPath(fields[pathIndex], record.line);
        if (byPathRow !== rowId) {
          throw csvError(
            { file, line: record.line, column: image!.name },
            `row_id ${rowId} and "${fields[pathIndex]}" name different images of dataset "${dataset.name}" (that path is row ${byPathRow}); for a file from another project, empty its ${ROW_ID_COLUMN} column to find the images by path`,
          );
        }
      }
    } else if (pathIndex >= 0) {
      rowId = rowOfPath(fields[pathIndex], record.line);
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
          reasonDetails('LABELS_BAD_VALUE', { task: task.name, value, file, line: record.line }),
        );
      }
      // As the project spells it ("2.0" in a numeric column is class "2").
      const label = cellToLabel(cell, type, booleanNamesOfClasses(task.classes))!;
      const known = classes.get(task.name)!;
      let newClass = known.includes(label)
        ? undefined
        : unknown.find((c) => c.task === task.name && c.className === label);
      if (!known.includes(label) && newClass === undefined) {
        if (type === 'boolean') {
          throw csvError(
            { file, line: record.line, column: task.name },
            `"${value}" is not a class of task "${task.name}" (${quotedNames(known)})`,
            'TASK_INVALID',
            reasonDetails('LABELS_BAD_VALUE', { task: task.name, value, file, line: record.line }),
          );
        }
        // The dry run goes on: it lists unknown classes as a finding (see LabelsImport).
        if (!options.addClasses && !options.dryRun) {
          const params = {
            task: task.name,
            className: label,
            classes: quotedNames(known),
            file,
            line: record.line,
          };
          throw csvError(
            { file, line: record.line, column: task.name },
            `"${value}" is not a class of task "${task.name}" (${params.classes}); import with --add-classes to add it`,
            'TASK_INVALID',
            reasonDetails('LABELS_UNKNOWN_CLASS', params),
          );
        }
        newClass = { task: task.name, className: label, line: record.line, used: false };
        unknown.push(newClass);
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
      if (newClass !== undefined) newClass.used = true;
    }
  }
  // Added (or, in a dry run, that would be): the new classes a written label holds.
  const added: LabelsImport['addedClasses'] = options.addClasses
    ? unknown.filter((c) => c.used).map((c) => ({ task: c.task, className: c.className }))
    : [];
  // A new class differing from a class of its task (or one listed before it) only by case or
  // spaces: listed with a warning.
  const listed = options.addClasses ? added : unknown;
  const similar: LabelsImport['similarClasses'] = [];
  listed.forEach((c, i) => {
    const before = listed.slice(0, i).filter((o) => o.task === c.task);
    const existing = similarClass(c.className, [
      ...classes.get(c.task)!,
      ...before.map((o) => o.className),
    ]);
    if (existing !== null) similar.push({ task: c.task, className: c.className, existing });
  });
  const result = {
    unchanged,
    conflicts,
    overwritten: options.overwrite ? conflicts.length : 0,
    addedClasses: added,
    unknownClasses: options.addClasses
      ? []
      : unknown.map((c) => ({ task: c.task, className: c.className, line: c.line })),
    similarClasses: similar,
    warnings: similar.map((c) => similarClassWarning(c.task, c.className, c.existing)),
  };
  if (options.dryRun) return { applied: writes.length, ...result, batch: null };
  // New classes and every label in one transaction, one batch: its undo removes the classes.
  // `origin`: the studio tab importing (its Undo takes the import back); none from the CLI,
  // whose import no tab undoes.
  const batch = await store.labels.write(
    datasetId,
    writes,
    'import',
    added,
    options.origin ?? null,
  );
  return { applied: batch.changes.length, ...result, batch: batch.batch };
}

/**
 * Writes the labels of a dataset ({@link exportLabels}) as a CSV file at `out`, for the
 * studio's Export labels: a name without extension gets `.csv`; written to a temporary file
 * beside it and renamed, so a failure leaves nothing half-written.
 * @param options `task`: only this task; `overwrite` false (default): an existing file is
 *   refused with reason OUTPUT_EXISTS (the studio asks, then sends true).
 * @returns the absolute path written, its size in bytes, its rows and task columns.
 * @throws MtlError('NOT_FOUND', reason FOLDER_MISSING) for a missing folder;
 *   MtlError('BAD_REQUEST') for a folder at `out` or a file above it (NOT_A_FOLDER); what
 *   refuseUnsafeOutput refuses (the project, an SQLite database, a read-only file, an
 *   existing file without `overwrite`); what {@link exportLabels} throws.
 */
export async function saveLabels(
  store: ProjectStore,
  datasetId: number,
  out: string,
  options: { task?: string; overwrite?: boolean } = {},
): Promise<LabelsFileWritten> {
  refuseMissingFolder(out);
  // A folder is refused as such, not given a '.csv' beside it (found by a new user: the CLI
  // ended with Node's EISDIR).
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) {
    throw new MtlError(
      'BAD_REQUEST',
      `"${out}" is a folder: give the labels a file name, e.g. ${join(out, 'labels.csv')}`,
      { path: out },
    );
  }
  const target = resolve(extname(basename(out)) === '' ? `${out}.csv` : out);
  refuseUnsafeOutput(target, { project: store.path, overwrite: options.overwrite ?? false });
  const labels = await exportLabels(store, datasetId, { task: options.task });
  const bytes = new TextEncoder().encode(labels.csv);
  await writeFileAtomically(target, bytes);
  return { path: target, bytes: bytes.byteLength, rows: labels.rows, tasks: labels.tasks };
}
