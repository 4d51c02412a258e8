/**
 * Importing a dataset into a project file: the shapes of what is imported (its columns,
 * {@link NewDataset}, and its rows, {@link RowSource}: one at a time, in batches, or as SQL
 * tuple texts), the checks of its column definitions, and {@link insertDataset}, which
 * writes its row in `datasets`, its `columns` and its typed rows table `rows_<id>` inside
 * the caller's transaction, with progress. Called by `DatasetStore.create`
 * (store/datasets.ts, which re-exports these names) and by store/assets.ts for an image
 * import.
 */
import {
  MAX_DATASET_COLUMNS,
  type ColumnInfo,
  type ColumnRole,
  type ColumnType,
} from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { BulkInserter, LiteralInserter } from './bulkInserts';
import type { SqlExecutor } from './database';
import { cellColumn, COLUMN_ROLES, COLUMN_TYPES, rowsTable, type CellValue } from './datasetTables';
import { now, toJson } from './sqlCodec';

/**
 * Rows of a dataset to import: one row at a time (any async iterable of rows), or, when
 * it also has `batches`, the same rows in batches (what {@link DatasetStore.create} reads
 * then: no promise per row). When it has `literalBatches`, the store reads those instead
 * (see {@link LiteralBatch}) — the CSV import's fast path, written as statement text
 * instead of bound values.
 */
export type RowSource = AsyncIterable<CellValue[]> & {
  batches?: AsyncIterable<CellValue[][]>;
  literalBatches?: AsyncIterable<LiteralBatch>;
};

/**
 * Rows as SQL text: `tuples` is `(v0, v1, …),(…),…` with `rows` tuples of exactly one
 * literal per column each, built with store/sqlLiterals.ts (numbers exact, texts quoted);
 * trusted, never raw user text.
 */
export interface LiteralBatch {
  rows: number;
  tuples: string;
}

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
  /**
   * The final columns when they are known only once every row has been read (a one-pass
   * CSV import: profiles and the exact type are settled at the end): called after the rows
   * are written, inside the transaction; `columns` then give the rows table's storage. Each
   * completed column must keep the name, index and storage (REAL, INTEGER or TEXT) of its
   * column in `columns`, else MtlError('INTERNAL') and nothing is stored.
   */
  completeColumns?: () => NewColumn[];
}

/** Rows reported to `onRows` between two progress calls. */
const PROGRESS_EVERY_ROWS = 5000;

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

function validateNewColumns(columns: NewColumn[]): void {
  if (columns.length > MAX_DATASET_COLUMNS) {
    throw new MtlError(
      'BAD_REQUEST',
      `A dataset can have at most ${MAX_DATASET_COLUMNS} columns, got ${columns.length}`,
      reasonDetails('TOO_MANY_COLUMNS', { max: MAX_DATASET_COLUMNS, count: columns.length }),
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
 * Insert a dataset inside the open transaction `tx`: its row, its columns and a typed rows
 * table `rows_<id>` filled from `rowsFor(id)` (see {@link DatasetStore.create}, which runs
 * it in its own transaction; store/assets.ts runs it with the assets of an image import).
 * @param rowsFor the rows, given the new dataset's id (so a caller can store more per row)
 * @returns the new dataset's id
 * @throws as {@link DatasetStore.create}; the caller's transaction rolls everything back.
 */
export async function insertDataset(
  tx: SqlExecutor,
  dataset: NewDataset,
  rowsFor: (datasetId: number) => RowSource,
  onRows?: (rowsWritten: number) => void,
): Promise<number> {
  const columns = dataset.columns;
  validateNewColumns(columns);
  const name = dataset.name.trim();
  if (name === '')
    throw new MtlError(
      'BAD_REQUEST',
      'Dataset name must not be empty',
      reasonDetails('DATASET_NAME_EMPTY', {}),
    );
  const importedAt = now();

  const { lastID } = await tx.run(
    `INSERT INTO datasets (name, source_name, encoding, delimiter, row_count, imported_at)
       VALUES (?, ?, ?, ?, 0, ?)`,
    [name, baseNameOf(dataset.sourceName), dataset.encoding, dataset.delimiter, importedAt],
  );
  if (!dataset.completeColumns) await insertColumns(tx, lastID, columns);

  const table = rowsTable(lastID);
  const definitions = columns.map((c, k) => `${cellColumn(k)} ${sqlTypeOf(c.type)}`);
  await tx.exec(
    `CREATE TABLE ${table} (${['row_id INTEGER PRIMARY KEY', ...definitions].join(', ')})`,
  );

  const source = rowsFor(lastID);
  // row_id is left to SQLite: in a new table it numbers rows 1, 2, … in insert order
  // (one bound value less per row; binding is most of an import's time).
  const cells = columns.map((_c, k) => cellColumn(k));
  let rowNumber = 0;
  if (source.literalBatches) {
    rowNumber = await insertLiteralRows(tx, table, cells, source.literalBatches, onRows);
  } else {
    const rowInserter = new BulkInserter(tx, table, cells);
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
      if (source.batches) {
        for await (const batch of source.batches) {
          for (const row of batch) {
            rowNumber += 1;
            if (row.length !== columns.length) throw badRow(row);
            rowInserter.push(row);
          }
          await rowInserter.writeFull();
          report();
        }
      } else {
        for await (const row of source) {
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
  }
  if (dataset.completeColumns) {
    const completed = dataset.completeColumns();
    checkCompletedColumns(columns, completed);
    await insertColumns(tx, lastID, completed);
  }
  await tx.run('UPDATE datasets SET row_count = ? WHERE id = ?', [rowNumber, lastID]);
  return lastID;
}

/** Insert the `columns` rows of dataset `datasetId`, in position order. */
async function insertColumns(
  tx: SqlExecutor,
  datasetId: number,
  columns: NewColumn[],
): Promise<void> {
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
        datasetId,
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
}

/**
 * Check that {@link NewDataset.completeColumns} kept each column's name, index and storage.
 * @throws MtlError('INTERNAL') naming the first column that changed.
 */
function checkCompletedColumns(columns: NewColumn[], completed: NewColumn[]): void {
  validateNewColumns(completed);
  const changed =
    completed.length !== columns.length
      ? undefined
      : columns.find(
          (c, k) =>
            completed[k].name !== c.name ||
            completed[k].index !== c.index ||
            sqlTypeOf(completed[k].type) !== sqlTypeOf(c.type),
        );
  if (completed.length !== columns.length || changed) {
    throw new MtlError(
      'INTERNAL',
      `the completed columns of a dataset differ from those its rows were written with${changed ? ` (column "${changed.name}")` : ''}`,
    );
  }
}

/**
 * Write rows given as SQL tuple texts (see {@link RowSource}) into `table` through a
 * {@link LiteralInserter}; progress as in {@link insertDataset}.
 * @returns the number of rows
 */
async function insertLiteralRows(
  tx: SqlExecutor,
  table: string,
  cells: string[],
  batches: AsyncIterable<LiteralBatch>,
  onRows?: (rowsWritten: number) => void,
): Promise<number> {
  const inserter = new LiteralInserter(tx, table, cells);
  let rows = 0;
  let reported = 0;
  try {
    for await (const batch of batches) {
      inserter.push(batch.tuples, batch.rows);
      rows += batch.rows;
      await inserter.writeFull();
      if (onRows && inserter.written - reported >= PROGRESS_EVERY_ROWS) {
        reported = inserter.written;
        onRows(reported);
      }
    }
    await inserter.flush();
  } finally {
    await inserter.finalize();
  }
  if (rows === 0 || reported !== rows) onRows?.(rows);
  return rows;
}
