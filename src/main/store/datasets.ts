/**
 * Datasets of a project: their row in `datasets`, their columns (`columns`: name, type,
 * role, profile) and the typed table of their rows. The rows of dataset N live in
 * `rows_N` (`row_id INTEGER PRIMARY KEY, c0, c1, …`); user-supplied column names never
 * reach SQL text, only the positional names `c<k>` do.
 *
 * Also exports the lookups other store domains need (rows table name, columns of a
 * dataset), so each table is read in one place.
 */
import type { RowFilter } from '../../shared/contract';
import type {
  ColumnInfo,
  ColumnRole,
  ColumnType,
  DatasetInfo,
  PixelImage,
} from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { BulkInserter, type Database, type SqlExecutor, type SqlValue } from './database';
import { filterTerm } from './rowFilters';
import { fromJson, now, requireId, toJson } from './sqlCodec';

/** A cell as stored: REAL for numeric, INTEGER 0/1 for boolean, TEXT otherwise, null = missing. */
export type CellValue = number | string | null;

/**
 * Rows of a dataset to import: one row at a time (any async iterable of rows), or, when
 * it also has `batches`, the same rows in batches (what {@link DatasetStore.create} reads
 * then: no promise per row).
 */
export type RowSource = AsyncIterable<CellValue[]> & {
  batches?: AsyncIterable<CellValue[][]>;
};

/** Column definition of a dataset about to be imported. */
export interface NewColumn {
  index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: ColumnInfo['profile'];
}

/** Dataset about to be imported. */
export interface NewDataset {
  name: string;
  sourceName: string;
  encoding: string;
  delimiter: string;
  columns: NewColumn[];
}

/** A row of `datasets` as SQLite returns it. */
export interface DatasetRow {
  id: number;
  name: string;
  source_name: string;
  encoding: string;
  delimiter: string;
  row_count: number;
  imported_at: string;
  pixel_image: string | null;
}

/** A row of `columns` as SQLite returns it. */
export interface ColumnRow {
  dataset_id: number;
  position: number;
  source_index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: string;
}

/** Rows reported to `onRows` between two progress calls. */
const PROGRESS_EVERY_ROWS = 5000;
/** Largest page `readRows` serves (it feeds a virtualised table, not an export). */
const MAX_PAGE_ROWS = 10_000;
/** Datasets from this many rows get an index on a column when it is first sorted on. */
export const SORT_INDEX_MIN_ROWS = 20_000;
/** SQLite's default SQLITE_MAX_COLUMN is 2000, and `row_id` takes one. */
const MAX_DATASET_COLUMNS = 1999;

const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'text', 'image'];
const COLUMN_ROLES: readonly ColumnRole[] = ['input', 'target', 'ignore'];

/** Name of the rows table of a dataset; `datasetId` is a validated integer, never text. */
export function rowsTable(datasetId: number): string {
  return `rows_${requireId(datasetId, 'Dataset')}`;
}

/** SQL name of the column at `position` in a rows table. */
export function cellColumn(position: number): string {
  return `c${position}`;
}

function sqlTypeOf(type: ColumnType): 'REAL' | 'INTEGER' | 'TEXT' {
  if (type === 'numeric') return 'REAL';
  if (type === 'boolean') return 'INTEGER';
  return 'TEXT';
}

/** Base name of a path written on any OS ("C:\\data\\a.csv" and "/home/x/a.csv" → "a.csv"). */
function baseNameOf(sourceName: string): string {
  const parts = sourceName.split(/[\\/]/);
  return parts[parts.length - 1];
}

function toColumnInfo(c: ColumnRow): ColumnInfo {
  return {
    index: c.source_index,
    name: c.name,
    type: c.type,
    role: c.role,
    profile: fromJson<ColumnInfo['profile']>(c.profile),
  };
}

function toDatasetInfo(d: DatasetRow, columns: ColumnRow[]): DatasetInfo {
  return {
    id: d.id,
    name: d.name,
    sourceName: d.source_name,
    encoding: d.encoding,
    delimiter: d.delimiter,
    rowCount: d.row_count,
    columns: columns.map(toColumnInfo),
    importedAt: d.imported_at,
    pixelImage: d.pixel_image === null ? null : fromJson<PixelImage>(d.pixel_image),
  };
}

function validateNewColumns(columns: NewColumn[]): void {
  if (columns.length > MAX_DATASET_COLUMNS) {
    throw new MtlError(
      'BAD_REQUEST',
      `A dataset can have at most ${MAX_DATASET_COLUMNS} columns, got ${columns.length}`,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new MtlError('BAD_REQUEST', `Column name "${c.name}" appears twice`);
    }
    seen.add(c.name);
    if (!COLUMN_TYPES.includes(c.type)) {
      throw new MtlError('BAD_REQUEST', `Column "${c.name}" has unknown type "${String(c.type)}"`);
    }
    if (!COLUMN_ROLES.includes(c.role)) {
      throw new MtlError('BAD_REQUEST', `Column "${c.name}" has unknown role "${String(c.role)}"`);
    }
  }
}

/**
 * The `datasets` row of `id`.
 * @throws MtlError('NOT_FOUND') for an unknown id.
 */
export async function requireDataset(tx: SqlExecutor, id: number): Promise<DatasetRow> {
  const row = await tx.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [id]);
  if (!row) throw new MtlError('NOT_FOUND', `Dataset ${id} not found`);
  return row;
}

/** Columns of a dataset in rows-table order. @throws MtlError('NOT_FOUND') for no dataset. */
export async function columnsOf(tx: SqlExecutor, datasetId: number): Promise<ColumnRow[]> {
  await requireDataset(tx, datasetId);
  return tx.all<ColumnRow>('SELECT * FROM columns WHERE dataset_id = ? ORDER BY position', [
    datasetId,
  ]);
}

/**
 * The column named `name` among `columns`.
 * @throws MtlError('NOT_FOUND') naming the column and the dataset.
 */
export function findColumn(columns: ColumnRow[], name: string, datasetId: number): ColumnRow {
  const column = columns.find((c) => c.name === name);
  if (!column) {
    throw new MtlError('NOT_FOUND', `Column "${name}" not found in dataset ${datasetId}`, {
      column: name,
      datasetId,
    });
  }
  return column;
}

/**
 * The datasets of one open project (`ProjectStore.datasets`). Errors are MtlErrors as
 * described on {@link ProjectStore}.
 */
export class DatasetStore {
  constructor(private readonly db: Database) {}

  /**
   * Import a dataset: its row, its columns and a typed rows table `rows_<id>` filled from
   * `rows`, all in ONE transaction. Cell k of each row belongs to `dataset.columns[k]`;
   * row_id is the 1-based row number. Rows are written in batches through a prepared
   * statement and the iterator is not read ahead of the writes, so memory stays bounded
   * for any number of rows. `onRows(rowsWritten)` is called every 5,000 rows and once at
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
    const columns = dataset.columns;
    validateNewColumns(columns);
    const name = dataset.name.trim();
    if (name === '') throw new MtlError('BAD_REQUEST', 'Dataset name must not be empty');
    const importedAt = now();

    const id = await this.db.transaction(async (tx) => {
      const { lastID } = await tx.run(
        `INSERT INTO datasets (name, source_name, encoding, delimiter, row_count, imported_at)
         VALUES (?, ?, ?, ?, 0, ?)`,
        [name, baseNameOf(dataset.sourceName), dataset.encoding, dataset.delimiter, importedAt],
      );
      const columnInserter = new BulkInserter(tx, 'columns', [
        'dataset_id',
        'position',
        'source_index',
        'name',
        'type',
        'role',
        'profile',
      ]);
      try {
        for (const [position, c] of columns.entries()) {
          await columnInserter.add([
            lastID,
            position,
            c.index,
            c.name,
            c.type,
            c.role,
            toJson(c.profile),
          ]);
        }
        await columnInserter.flush();
      } finally {
        await columnInserter.finalize();
      }

      const table = rowsTable(lastID);
      const definitions = columns.map((c, k) => `${cellColumn(k)} ${sqlTypeOf(c.type)}`);
      await tx.exec(
        `CREATE TABLE ${table} (${['row_id INTEGER PRIMARY KEY', ...definitions].join(', ')})`,
      );

      // row_id is left to SQLite: in a new table it numbers rows 1, 2, … in insert order
      // (one bound value less per row; binding is most of an import's time).
      const cells = columns.map((_c, k) => cellColumn(k));
      const rowInserter = new BulkInserter(tx, table, cells);
      let rowNumber = 0;
      let reported = 0;
      const badRow = (row: CellValue[]): MtlError =>
        new MtlError(
          'BAD_REQUEST',
          `Row ${rowNumber} of "${baseNameOf(dataset.sourceName)}" has ${row.length} cells, expected ${columns.length}`,
          { row: rowNumber },
        );
      const report = (): void => {
        if (onRows && rowInserter.written - reported >= PROGRESS_EVERY_ROWS) {
          reported = rowInserter.written;
          onRows(reported);
        }
      };
      try {
        if (rows.batches) {
          for await (const batch of rows.batches) {
            for (const row of batch) {
              rowNumber += 1;
              if (row.length !== columns.length) throw badRow(row);
              rowInserter.push(row);
            }
            await rowInserter.writeFull();
            report();
          }
        } else {
          for await (const row of rows) {
            rowNumber += 1;
            if (row.length !== columns.length) throw badRow(row);
            rowInserter.push(row);
            await rowInserter.writeFull();
            report();
          }
        }
        await rowInserter.flush();
      } finally {
        await rowInserter.finalize();
      }
      if (rowNumber === 0 || reported !== rowNumber) onRows?.(rowNumber);
      await tx.run('UPDATE datasets SET row_count = ? WHERE id = ?', [rowNumber, lastID]);
      return lastID;
    });
    return this.get(id);
  }

  /** All datasets of the project, oldest first, with their columns. */
  async list(): Promise<DatasetInfo[]> {
    return this.db.transaction(async (tx) => {
      const datasets = await tx.all<DatasetRow>('SELECT * FROM datasets ORDER BY id');
      const columns = await tx.all<ColumnRow>(
        'SELECT * FROM columns ORDER BY dataset_id, position',
      );
      return datasets.map((d) =>
        toDatasetInfo(
          d,
          columns.filter((c) => c.dataset_id === d.id),
        ),
      );
    }, 'DEFERRED');
  }

  /**
   * One dataset with its columns (in rows-table order).
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async get(id: number): Promise<DatasetInfo> {
    return this.db.transaction(async (tx) => {
      const dataset = await requireDataset(tx, id);
      return toDatasetInfo(dataset, await columnsOf(tx, id));
    }, 'DEFERRED');
  }

  /**
   * Delete a dataset, its rows table, and (by cascade) its columns, tasks, splits, runs,
   * results, predictions, models, assets and label events. One transaction.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async delete(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await requireDataset(tx, id);
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
   * Whole columns of a dataset: row ids ascending, and for each requested name the raw
   * stored values in the same order (number for REAL/INTEGER, string for TEXT, null for
   * missing). Streams from SQLite, so no intermediate row objects are kept.
   * @param range only rows with fromRowId ≤ row_id ≤ toRowId (a chunk, for training that
   *   streams a large table with bounded memory).
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column (naming both).
   */
  async readColumns(
    datasetId: number,
    columns: string[],
    range?: { fromRowId: number; toRowId: number },
  ): Promise<{ rowIds: number[]; values: Record<string, CellValue[]> }> {
    return this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      const wanted = columns.map((name) => findColumn(all, name, datasetId));
      const rowIds: number[] = [];
      const arrays = wanted.map(() => [] as CellValue[]);
      const select = ['row_id', ...wanted.map((c) => cellColumn(c.position))].join(', ');
      await tx.each<Record<string, CellValue>>(
        `SELECT ${select} FROM ${rowsTable(datasetId)}${range ? ' WHERE row_id BETWEEN ? AND ?' : ''} ORDER BY row_id`,
        range ? [range.fromRowId, range.toRowId] : [],
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
   * {@link SORT_INDEX_MIN_ROWS} rows creates an index on it (kept in the project file,
   * dropped with the dataset), so any page of a sorted million-row table is an index walk
   * rather than a sort; unfiltered, unsorted pages are read by row id range.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column;
   *   MtlError('BAD_REQUEST') for a negative offset, a limit outside 0…10,000, or a bad
   *   filter (naming it: a comparison on a text column, an operand that is not a number).
   */
  async readRows(
    datasetId: number,
    query: {
      offset: number;
      limit: number;
      orderBy?: string;
      descending?: boolean;
      filters?: RowFilter[];
      count?: boolean;
      rowIds?: number[];
    },
  ): Promise<{ total: number | null; rows: { rowId: number; values: CellValue[] }[] }> {
    const { offset, limit } = query;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new MtlError('BAD_REQUEST', `offset must be an integer ≥ 0, got ${String(offset)}`);
    }
    if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_PAGE_ROWS) {
      throw new MtlError(
        'BAD_REQUEST',
        `limit must be an integer in 0…${MAX_PAGE_ROWS}, got ${String(limit)}`,
      );
    }
    if (query.orderBy !== undefined) await this.ensureSortIndex(datasetId, query.orderBy);
    return this.db.transaction(async (tx) => {
      const dataset = await requireDataset(tx, datasetId);
      const all = await columnsOf(tx, datasetId);
      const where: string[] = [];
      const params: SqlValue[] = [];
      for (const filter of query.filters ?? []) {
        const column = findColumn(all, filter.column, datasetId);
        const term = filterTerm(filter, {
          name: column.name,
          type: column.type,
          cell: cellColumn(column.position),
        });
        where.push(term.sql);
        params.push(...term.params);
      }
      if (query.rowIds) {
        where.push('row_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(query.rowIds));
      }
      const direction = query.descending ? 'DESC' : 'ASC';
      let order = `row_id ${direction}`;
      if (query.orderBy !== undefined) {
        const cell = cellColumn(findColumn(all, query.orderBy, datasetId).position);
        order = `${cell} ${direction} NULLS LAST, row_id ${direction}`;
      }
      const table = rowsTable(datasetId);
      const cells = all.map((c) => cellColumn(c.position));
      const select = ['row_id', ...cells].join(', ');
      let total: number | null = null;
      let page: Record<string, CellValue>[];
      if (
        where.length === 0 &&
        query.orderBy === undefined &&
        (await rowIdsDense(tx, table, dataset.row_count))
      ) {
        // Row ids are 1…N: a page is a range of them, with no OFFSET walk.
        total = dataset.row_count;
        const first = query.descending ? total - offset - limit + 1 : offset + 1;
        const last = query.descending ? total - offset : offset + limit;
        page = await tx.all<Record<string, CellValue>>(
          `SELECT ${select} FROM ${table} WHERE row_id BETWEEN ? AND ? ORDER BY ${order}`,
          [Math.max(1, first), last],
        );
      } else {
        const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
        if (query.count !== false) {
          const count = await tx.get<{ n: number }>(
            `SELECT COUNT(*) AS n FROM ${table} ${whereSql}`,
            params,
          );
          total = count?.n ?? 0;
        }
        page = await tx.all<Record<string, CellValue>>(
          `SELECT ${select} FROM ${table} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
          [...params, limit, offset],
        );
      }
      if (query.count === false) total = null;
      return {
        total,
        rows: page.map((r) => ({ rowId: r.row_id as number, values: cells.map((c) => r[c]) })),
      };
    }, 'DEFERRED');
  }

  /**
   * Creates (once) the index a sort on `column` walks, for datasets of at least
   * {@link SORT_INDEX_MIN_ROWS} rows: `rows_<id>_sort_c<k>` on `(c<k>)` (SQLite appends the
   * row id, which breaks ties). It lives in the project file and is dropped with the
   * dataset; creating it reads the column once (≈ 1 s per million rows).
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column.
   */
  async ensureSortIndex(datasetId: number, column: string): Promise<void> {
    const { dataset, position } = await this.db.transaction(async (tx) => {
      const found = await requireDataset(tx, datasetId);
      const all = await columnsOf(tx, datasetId);
      return { dataset: found, position: findColumn(all, column, datasetId).position };
    }, 'DEFERRED');
    if (dataset.row_count < SORT_INDEX_MIN_ROWS) return;
    const table = rowsTable(datasetId);
    const cell = cellColumn(position);
    await this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}_sort_${cell} ON ${table}(${cell})`);
  }
}

/**
 * True when the row ids of `table` are exactly 1…`rowCount` (as every import writes them):
 * distinct integers from 1 to rowCount, rowCount of them. MIN and MAX of a rowid are O(1).
 */
async function rowIdsDense(tx: SqlExecutor, table: string, rowCount: number): Promise<boolean> {
  const r = await tx.get<{ lo: number | null; hi: number | null }>(
    `SELECT MIN(row_id) AS lo, MAX(row_id) AS hi FROM ${table}`,
  );
  return r !== undefined && (rowCount === 0 ? r.lo === null : r.lo === 1 && r.hi === rowCount);
}
