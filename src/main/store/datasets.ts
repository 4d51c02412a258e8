/**
 * Datasets of a project: their row in `datasets`, their columns (`columns`: name, type,
 * role, profile) and the typed table of their rows. The rows of dataset N live in
 * `rows_N` (`row_id INTEGER PRIMARY KEY, c0, c1, …`); user-supplied column names never
 * reach SQL text, only the positional names `c<k>` do.
 *
 * Also exports the lookups other store domains need (rows table name, columns of a
 * dataset), so each table is read in one place. Importing a dataset's columns and rows
 * (insertDataset, NewDataset, RowSource) lives in store/datasetImports.ts, re-exported here.
 */
import type { ColumnInfo, ColumnRole, DatasetInfo, PixelImage } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { Database } from './database';
import { insertDataset, type NewDataset, type RowSource } from './datasetImports';
import {
  cellColumn,
  COLUMN_ROLES,
  columnsOf,
  findColumn,
  requireDataset,
  rowsTable,
  type CellValue,
  type ColumnRow,
  type DatasetRow,
} from './datasetTables';
import { packable, rangeCondition, readPackedColumns, type ColumnRange } from './columnReads';
import { cellValue, readRowsPage, type RowsPage, type RowsQuery } from './rowPages';
import { contentVersions } from './datasetVersions';
import { SortIndexes } from './sortIndexes';
import { fromJson, toJson } from './sqlCodec';

export {
  cellColumn,
  columnsOf,
  findColumn,
  requireDataset,
  rowsTable,
  type CellValue,
  type ColumnRow,
  type DatasetRow,
} from './datasetTables';
export { type RowsPage, type RowsQuery } from './rowPages';
export { SORT_INDEX_MIN_ROWS, TOP_N_MAX_ROWS } from './sortIndexes';

export {
  insertDataset,
  type LiteralBatch,
  type NewColumn,
  type NewDataset,
  type RowSource,
} from './datasetImports';

function toColumnInfo(c: ColumnRow): ColumnInfo {
  return {
    index: c.source_index,
    name: c.name,
    type: c.type,
    role: c.role,
    profile: fromJson<ColumnInfo['profile']>(c.profile),
  };
}

/** @param contentVersion from store/datasetVersions.ts. */
function toDatasetInfo(d: DatasetRow, columns: ColumnRow[], contentVersion: string): DatasetInfo {
  return {
    id: d.id,
    name: d.name,
    sourceName: d.source_name,
    encoding: d.encoding,
    delimiter: d.delimiter,
    rowCount: d.row_count,
    columns: columns.map(toColumnInfo),
    importedAt: d.imported_at,
    // Absent (undefined) in a file older than schema v7, read unmigrated when damaged.
    pixelImage: d.pixel_image == null ? null : fromJson<PixelImage>(d.pixel_image),
    contentVersion,
  };
}

/**
 * The datasets of one open project (`ProjectStore.datasets`). Errors are MtlErrors as
 * described on {@link ProjectStore}.
 */
export class DatasetStore {
  /**
   * @param db the project's connection.
   * @param sortIndexes the sort indexes of its file (built in the background).
   */
  constructor(
    private readonly db: Database,
    private readonly sortIndexes: SortIndexes = new SortIndexes(db),
  ) {}

  /** The file was opened damaged (read-only, unmigrated): versions read no label batch. */
  private get damaged(): boolean {
    return this.db.readOnly?.damaged === true;
  }

  /**
   * Import a dataset: its row, its columns and a typed rows table `rows_<id>` filled from
   * `rows`, all in ONE transaction. Cell k of each row belongs to `dataset.columns[k]`;
   * row_id is the 1-based row number. Rows are written in batches through a prepared
   * statement (or, from `rows.literalBatches`, as statement text of a few thousand rows)
   * and the iterator is read at most one statement ahead of the writes, so memory stays
   * bounded for any number of rows. `onRows(rowsWritten)` is called every 5,000 rows and once at
   * the end. `sourceName` is reduced to its base name.
   *
   * If `rows` (or `onRows`) throws — a parse error, a cancellation — the transaction is
   * rolled back and that same error is rethrown: the project is exactly as before.
   *
   * @throws MtlError('BAD_REQUEST') for duplicate or invalid column definitions, or a row
   *   whose length differs from the column count (naming the row); errors of `rows`.
   */
  async create(
    dataset: NewDataset,
    rows: RowSource,
    onRows?: (rowsWritten: number) => void,
  ): Promise<DatasetInfo> {
    const id = await this.db.transaction((tx) => insertDataset(tx, dataset, () => rows, onRows));
    return this.get(id);
  }

  /** All datasets of the project, oldest first, with their columns. */
  async list(): Promise<DatasetInfo[]> {
    return this.db.transaction(async (tx) => {
      const datasets = await tx.all<DatasetRow>('SELECT * FROM datasets ORDER BY id');
      const columns = await tx.all<ColumnRow>(
        'SELECT * FROM columns ORDER BY dataset_id, position',
      );
      const stored = datasets.map((dataset) => ({
        dataset,
        columns: columns.filter((c) => c.dataset_id === dataset.id),
      }));
      const versions = await contentVersions(tx, stored, { damaged: this.damaged });
      return stored.map((d, k) => toDatasetInfo(d.dataset, d.columns, versions[k]));
    }, 'DEFERRED');
  }

  /**
   * One dataset with its columns (in rows-table order).
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async get(id: number): Promise<DatasetInfo> {
    return this.db.transaction(async (tx) => {
      const dataset = await requireDataset(tx, id);
      const columns = await columnsOf(tx, id);
      const [version] = await contentVersions(tx, [{ dataset, columns }], {
        damaged: this.damaged,
      });
      return toDatasetInfo(dataset, columns, version);
    }, 'DEFERRED');
  }

  /**
   * Delete a dataset, its rows table, and (by cascade) its columns, tasks, splits, runs,
   * results, predictions, models, assets and label events. One transaction.
   * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST', reason
   *   DATASET_IN_TRAINING) while a run of the dataset is queued or running, in this process
   *   or another (found by a new user: the studio deleted a dataset the CLI was training on,
   *   and the CLI ended with "Run 11 not found"). Mark runs whose process is gone as
   *   interrupted first (TrainingStore.interruptOrphanedRuns), so they do not block.
   */
  async delete(id: number): Promise<void> {
    // A sort index being built on its rows would hold the write lock: stop it first.
    await this.sortIndexes.forget(id);
    await this.db.transaction(async (tx) => {
      await requireDataset(tx, id);
      const training = await tx.get<{ id: number }>(
        `SELECT id FROM runs WHERE dataset_id = ? AND status IN ('queued', 'running')
         ORDER BY id LIMIT 1`,
        [id],
      );
      if (training) {
        throw new MtlError(
          'BAD_REQUEST',
          `Run ${training.id} is training on this dataset; cancel it before deleting the dataset.`,
          reasonDetails('DATASET_IN_TRAINING', { id: training.id }, { runId: training.id }),
        );
      }
      await tx.run('DELETE FROM datasets WHERE id = ?', [id]);
      await tx.exec(`DROP TABLE IF EXISTS ${rowsTable(id)}`);
    });
  }

  /**
   * Set the role of a column.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column; MtlError('BAD_REQUEST')
   *   for an unknown role; MtlError('TASK_INVALID') when the column is the target of a
   *   task and `role` is not 'target' (its labels would leak into the inputs): delete the
   *   task first.
   */
  async setColumnRole(datasetId: number, column: string, role: ColumnRole): Promise<void> {
    if (!COLUMN_ROLES.includes(role)) {
      throw new MtlError('BAD_REQUEST', `Unknown column role "${String(role)}"`);
    }
    await this.db.transaction(async (tx) => {
      findColumn(await columnsOf(tx, datasetId), column, datasetId);
      if (role !== 'target') {
        const task = await tx.get<{ name: string }>(
          'SELECT name FROM tasks WHERE dataset_id = ? AND target_column = ?',
          [datasetId, column],
        );
        if (task) {
          throw new MtlError(
            'TASK_INVALID',
            `Column "${column}" is the target of task "${task.name}"; delete the task before making it ${role}`,
            reasonDetails('COLUMN_IS_TASK_TARGET', { column, task: task.name }),
          );
        }
      }
      await tx.run('UPDATE columns SET role = ? WHERE dataset_id = ? AND name = ?', [
        role,
        datasetId,
        column,
      ]);
    });
  }

  /**
   * Sets the role of many columns at once (bulk roles: "every px* column is an input"), in
   * one transaction: all change or none.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column (naming it);
   *   MtlError('BAD_REQUEST') for an unknown role or no column; MtlError('TASK_INVALID')
   *   when a column is the target of a task and `role` is not 'target' (naming both).
   */
  async setColumnRoles(datasetId: number, columns: string[], role: ColumnRole): Promise<void> {
    if (!COLUMN_ROLES.includes(role)) {
      throw new MtlError('BAD_REQUEST', `Unknown column role "${String(role)}"`);
    }
    if (columns.length === 0) throw new MtlError('BAD_REQUEST', 'No column to set the role of');
    await this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      for (const name of columns) findColumn(all, name, datasetId);
      if (role !== 'target') {
        const targets = await tx.all<{ name: string; target_column: string }>(
          'SELECT name, target_column FROM tasks WHERE dataset_id = ?',
          [datasetId],
        );
        const chosen = new Set(columns);
        const task = targets.find((t) => chosen.has(t.target_column));
        if (task) {
          throw new MtlError(
            'TASK_INVALID',
            `Column "${task.target_column}" is the target of task "${task.name}"; delete the task before making it ${role}`,
            reasonDetails('COLUMN_IS_TASK_TARGET', {
              column: task.target_column,
              task: task.name,
            }),
          );
        }
      }
      await tx.run(
        'UPDATE columns SET role = ? WHERE dataset_id = ? AND name IN (SELECT value FROM json_each(?))',
        [role, datasetId, JSON.stringify(columns)],
      );
    });
  }

  /**
   * Declares which numeric columns form an image (null: none).
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column; MtlError('BAD_REQUEST')
   *   when width × height × channels differs from the number of columns, a column repeats
   *   or is not numeric, or a size is not a positive integer.
   */
  async setPixelImage(datasetId: number, image: PixelImage | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      if (image) {
        const { width, height, channels, columns } = image;
        const sizes = [width, height].every((n) => Number.isSafeInteger(n) && n > 0);
        if (!sizes || (channels !== 1 && channels !== 3)) {
          throw new MtlError(
            'BAD_REQUEST',
            `An image needs a positive width and height and 1 or 3 channels, got ${width} × ${height} × ${channels}`,
          );
        }
        if (width * height * channels !== columns.length) {
          throw new MtlError(
            'BAD_REQUEST',
            `${width} × ${height} × ${channels} = ${width * height * channels} pixel values, but ${columns.length} columns were given`,
          );
        }
        if (new Set(columns).size !== columns.length) {
          throw new MtlError('BAD_REQUEST', 'An image lists a column twice');
        }
        for (const name of columns) {
          const column = findColumn(all, name, datasetId);
          if (column.type !== 'numeric') {
            throw new MtlError(
              'BAD_REQUEST',
              `Column "${name}" is ${column.type}; pixel columns must be numeric`,
            );
          }
        }
      }
      await tx.run('UPDATE datasets SET pixel_image = ? WHERE id = ?', [
        image ? toJson(image) : null,
        datasetId,
      ]);
    });
  }

  /**
   * Renames a dataset (names are unique in a project, compared trimmed).
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('BAD_REQUEST') for an
   *   empty name or one another dataset has (naming it).
   */
  async rename(datasetId: number, name: string): Promise<void> {
    const wanted = name.trim();
    if (wanted === '')
      throw new MtlError(
        'BAD_REQUEST',
        'Dataset name must not be empty',
        reasonDetails('DATASET_NAME_EMPTY', {}),
      );
    await this.db.transaction(async (tx) => {
      await requireDataset(tx, datasetId);
      const other = await tx.get<{ id: number }>(
        'SELECT id FROM datasets WHERE trim(name) = ? AND id != ?',
        [wanted, datasetId],
      );
      if (other) {
        throw new MtlError(
          'BAD_REQUEST',
          `a dataset named "${wanted}" already exists (id ${other.id}); choose another name`,
          reasonDetails(
            'DATASET_NAME_TAKEN',
            { name: wanted },
            { name: wanted, datasetId: other.id },
          ),
        );
      }
      await tx.run('UPDATE datasets SET name = ? WHERE id = ?', [wanted, datasetId]);
    });
  }

  /**
   * Whole columns of a dataset: row ids ascending, and for each requested name the raw
   * stored values in the same order (number for REAL/INTEGER, string for TEXT, null for
   * missing). Numeric, boolean and categorical columns come as one JSON text per column
   * and window of rows, built in SQLite's thread (columnReads.ts: no object per row, exact
   * doubles); other columns stream row by row.
   * @param range only rows with fromRowId ≤ row_id ≤ toRowId (a chunk, for training that
   *   streams a large table with bounded memory); with `inSplit`, only those of them that
   *   split `splitId` puts in `part` (a row the split does not list is left out).
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column (naming both).
   */
  async readColumns(
    datasetId: number,
    columns: string[],
    range?: ColumnRange,
  ): Promise<{ rowIds: number[]; values: Record<string, CellValue[]> }> {
    return this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      const wanted = columns.map((name) => findColumn(all, name, datasetId));
      if (packable(wanted)) {
        const packed = await readPackedColumns(tx, datasetId, wanted, range);
        const values: Record<string, CellValue[]> = {};
        columns.forEach((name, k) => (values[name] = packed.arrays[k]));
        return { rowIds: packed.rowIds, values };
      }
      const rowIds: number[] = [];
      const arrays = wanted.map(() => [] as CellValue[]);
      const select = ['row_id', ...wanted.map((c) => cellColumn(c.position))].join(', ');
      const where = range ? rangeCondition(range) : null;
      await tx.each<Record<string, CellValue>>(
        `SELECT ${select} FROM ${rowsTable(datasetId)}${where ? ` WHERE ${where.sql}` : ''} ORDER BY row_id`,
        where?.params ?? [],
        (row) => {
          rowIds.push(row.row_id as number);
          for (let k = 0; k < wanted.length; k++) {
            arrays[k].push(row[cellColumn(wanted[k].position)]);
          }
        },
      );
      const values: Record<string, CellValue[]> = {};
      columns.forEach((name, k) => (values[name] = arrays[k]));
      return { rowIds, values };
    }, 'DEFERRED');
  }

  /**
   * One page of rows for a virtualised table. Rows are filtered (every condition of
   * `filters` must hold, see rowFilters.ts; and/or the `rowIds` subset), sorted by
   * `orderBy` (missing values last, ties by row id) or by row id, and `limit` rows from
   * `offset` are returned with their cells in column order. `total` is the number of rows
   * after filtering, or null with `count: false` (later pages of the same query need not
   * count again).
   *
   * Speed on large tables: the first sort on a column of a dataset with at least
   * {@link SORT_INDEX_MIN_ROWS} rows starts building an index on it in the background, on
   * a second connection (sortIndexes.ts; kept in the project file, dropped with the
   * dataset; never on a read-only file). Until it is committed, pages near the top are
   * served by SQLite's bounded sorter (one scan) and an unfiltered page deeper than
   * {@link TOP_N_MAX_ROWS} by rank selection (rankedPages.ts: a random sample, then one
   * scan; a filtered one, or one the sample's band missed, waits for the index); then any
   * page of a sorted million-row table is an index walk rather than a sort. Unfiltered, unsorted pages are read by row id range.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column;
   *   MtlError('BAD_REQUEST') for a negative offset, a limit outside 0…10,000, or a bad
   *   filter (naming it: a comparison on a text column, an operand that is not a number).
   */
  async readRows(datasetId: number, query: RowsQuery): Promise<RowsPage> {
    return readRowsPage(this.db, this.sortIndexes, datasetId, query);
  }

  /**
   * The whole value of the cell of row `rowId` in `column` (a page read with
   * `maxTextLength` cuts long text).
   * @throws MtlError('NOT_FOUND') for an unknown dataset, column or row.
   */
  async readCell(datasetId: number, rowId: number, column: string): Promise<CellValue> {
    return cellValue(this.db, datasetId, rowId, column);
  }

  /** Resolves when every sort index build started so far has ended (built or failed). */
  sortIndexesSettled(): Promise<void> {
    return this.sortIndexes.settled();
  }
}
