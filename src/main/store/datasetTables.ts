/**
 * The tables of the datasets domain as other store modules read them: the rows of
 * `datasets` and `columns`, the name of a dataset's rows table and of its cells, and the
 * lookups that throw NOT_FOUND. User-supplied column names never reach SQL text, only the
 * positional names `c<k>` do.
 */
import type { ColumnRole, ColumnType } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { SqlExecutor } from './database';
import { requireId } from './sqlCodec';

/** A cell as stored: REAL for numeric, INTEGER 0/1 for boolean, TEXT otherwise, null = missing. */
export type CellValue = number | string | null;

/** The column types a dataset's `columns` may hold (ColumnInfo.type). */
export const COLUMN_TYPES: readonly ColumnType[] = [
  'numeric',
  'categorical',
  'boolean',
  'text',
  'image',
];

/** The roles a column may have (ColumnInfo.role). */
export const COLUMN_ROLES: readonly ColumnRole[] = ['input', 'target', 'ignore'];

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

/** Name of the rows table of a dataset; `datasetId` is a validated integer, never text. */
export function rowsTable(datasetId: number): string {
  return `rows_${requireId(datasetId, 'Dataset')}`;
}

/** SQL name of the column at `position` in a rows table. */
export function cellColumn(position: number): string {
  return `c${position}`;
}

/**
 * The `datasets` row of `id`.
 * @throws MtlError('NOT_FOUND') for an unknown id.
 */
export async function requireDataset(tx: SqlExecutor, id: number): Promise<DatasetRow> {
  const row = await tx.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [id]);
  if (!row) {
    throw new MtlError(
      'NOT_FOUND',
      `Dataset ${id} not found`,
      reasonDetails('DATASET_MISSING', { id }),
    );
  }
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
 * @throws MtlError('NOT_FOUND') naming the column, the dataset and its columns (the first
 *   20, then how many in all), e.g. `Column "nosuch" not found in dataset 1; its columns are
 *   species, island, sex` (found by a new user: the message named none).
 */
export function findColumn(columns: ColumnRow[], name: string, datasetId: number): ColumnRow {
  const column = columns.find((c) => c.name === name);
  if (!column) {
    const names = columns.map((c) => JSON.stringify(c.name));
    const shown =
      names.length > 20
        ? `${names.slice(0, 20).join(', ')}, … (${names.length} in all)`
        : names.join(', ');
    throw new MtlError(
      'NOT_FOUND',
      `Column "${name}" not found in dataset ${datasetId}; its columns are ${shown}`,
      reasonDetails('COLUMN_MISSING', { column: name }, { column: name, datasetId }),
    );
  }
  return column;
}
