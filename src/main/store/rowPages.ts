/**
 * Pages of a dataset's rows for the data table (part of the datasets domain): filtered and
 * sorted in SQLite, with the sort indexes of large datasets (built in the background, see
 * sortIndexes.ts) and row-id range reads.
 */
import type { RowFilter } from '../../shared/contract';
import { MtlError } from '../../shared/errors';
import type { Database, SqlExecutor, SqlValue } from './database';
import {
  cellColumn,
  columnsOf,
  findColumn,
  requireDataset,
  rowsTable,
  type CellValue,
  type ColumnRow,
} from './datasetTables';
import { rankedPage, type RankedBands } from './rankedPages';
import { filterTerm } from './rowFilters';
import type { SortIndexes } from './sortIndexes';

export { SORT_INDEX_MIN_ROWS } from './sortIndexes';

/** Largest page served (it feeds a virtualised table, not an export). */
const MAX_PAGE_ROWS = 10_000;

/** What a page of rows is asked with (see {@link readRowsPage}). */
export interface RowsQuery {
  offset: number;
  limit: number;
  orderBy?: string;
  descending?: boolean;
  filters?: RowFilter[];
  /** False: do not count the matching rows (`total` is null). */
  count?: boolean;
  /** Only these rows. */
  rowIds?: number[];
  /**
   * Text cells longer than this many characters (Unicode code points) are cut to it, and
   * their column indices listed in the row's `cut` (the table view: a 1 MB cell is not
   * sent to draw one line; `cellValue` reads it whole). Unset: cells are whole.
   */
  maxTextLength?: number;
}

/** A page of rows, cells in column order. */
export interface RowsPage {
  total: number | null;
  rows: PageRow[];
}

/** A row of a page: its id, its cells in column order, the indices of cells cut short. */
export interface PageRow {
  rowId: number;
  values: CellValue[];
  /** Indices of the text cells cut to `maxTextLength` (absent when none was). */
  cut?: number[];
}

/**
 * `DatasetStore.readRows` (its documentation), on the database `db`, with the sort indexes
 * of its file `indexes`.
 */
export async function readRowsPage(
  db: Database,
  indexes: SortIndexes,
  datasetId: number,
  query: RowsQuery,
): Promise<RowsPage> {
  const { offset, limit } = query;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new MtlError('BAD_REQUEST', `offset must be a whole number ≥ 0, got ${String(offset)}`);
  }
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_PAGE_ROWS) {
    throw new MtlError(
      'BAD_REQUEST',
      `limit must be a whole number from 0 to ${MAX_PAGE_ROWS}, got ${String(limit)}`,
    );
  }
  let sorted: { position: number; rowCount: number } | null = null;
  let ranked = false;
  if (query.orderBy !== undefined) {
    // Before the read transaction: a page that waits for the index must see it committed.
    sorted = await sortedColumn(db, datasetId, query.orderBy);
    const end = offset + limit;
    // A deep page of the whole table while its index is being built: rank selection in one
    // scan (rankedPages.ts) rather than a wait for the build.
    ranked =
      !query.filters?.length &&
      !query.rowIds &&
      (await indexes.waitsFor(datasetId, sorted.position, sorted.rowCount, end));
    if (ranked) indexes.afterPage(datasetId, sorted.position, sorted.rowCount);
    else await indexes.beforePage(datasetId, sorted.position, sorted.rowCount, end);
  }
  let page = await readPage(db, datasetId, query, ranked ? sorted : null, indexes.bands);
  if (page === null && sorted) {
    // The sample's band missed the page (rare): wait for the index as before.
    await indexes.beforePage(datasetId, sorted.position, sorted.rowCount, offset + limit);
    page = await readPage(db, datasetId, query, null, indexes.bands);
  }
  if (sorted) {
    indexes.afterPage(datasetId, sorted.position, sorted.rowCount);
    // A first sort: the sample a jump deeper would start from, drawn now (a ranked page
    // has kept its own).
    if (!ranked && !query.filters?.length && !query.rowIds) {
      indexes.sampleSoon(datasetId, sorted.position, sorted.rowCount);
    }
  }
  return page!;
}

/**
 * The page's read transaction (see {@link readRowsPage}); with `ranked` (the sorted column
 * and row count), by rank selection (keeping its band in `bands`), or null when that
 * missed the page.
 */
async function readPage(
  db: Database,
  datasetId: number,
  query: RowsQuery,
  ranked: { position: number; rowCount: number } | null,
  bands: RankedBands,
): Promise<RowsPage | null> {
  const { offset, limit } = query;
  return db.transaction(async (tx) => {
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
    const max = query.maxTextLength;
    // A text cell longer than max: one code point more than max is read, to tell it was.
    // Under another name (t_c<k>): SQLite would sort on the cut value if the alias were c<k>.
    const shorten = (c: ColumnRow): boolean =>
      max !== undefined && c.type !== 'numeric' && c.type !== 'boolean';
    const cells = all.map((c) => (shorten(c) ? 't_' : '') + cellColumn(c.position));
    const selects = all.map((c) => {
      const cell = cellColumn(c.position);
      return shorten(c) ? `substr(${cell}, 1, ${max! + 1}) AS t_${cell}` : cell;
    });
    const finish = (rows: PageRow[]): PageRow[] =>
      max === undefined ? rows : rows.map((row) => cutRow(row, max));
    if (ranked) {
      const rows = await rankedPage(tx, {
        table,
        cells,
        selects,
        position: ranked.position,
        descending: query.descending === true,
        offset,
        limit,
        rowCount: dataset.row_count,
        bands,
      });
      if (rows === null) return null;
      return { total: query.count === false ? null : dataset.row_count, rows: finish(rows) };
    }
    const select = ['row_id', ...selects].join(', ');
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
      if (query.count !== false && where.length === 0) {
        // Unfiltered: every row (rows are only ever added by the import that counted them),
        // so a sort never pays a COUNT(*) over the whole table.
        total = dataset.row_count;
      } else if (query.count !== false) {
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
      rows: finish(
        page.map((r) => ({ rowId: r.row_id as number, values: cells.map((c) => r[c]) })),
      ),
    };
  }, 'DEFERRED');
}

/**
 * The cell position of the column a page is sorted on, and its dataset's row count.
 * @throws MtlError('NOT_FOUND') for an unknown dataset or column.
 */
async function sortedColumn(
  db: Database,
  datasetId: number,
  column: string,
): Promise<{ position: number; rowCount: number }> {
  return db.transaction(async (tx) => {
    const dataset = await requireDataset(tx, datasetId);
    const all = await columnsOf(tx, datasetId);
    return { position: findColumn(all, column, datasetId).position, rowCount: dataset.row_count };
  }, 'DEFERRED');
}

/**
 * True when the row ids of `table` are exactly 1…`rowCount` (as every import writes them):
 * distinct integers from 1 to rowCount, rowCount of them. MIN and MAX of a rowid are O(log n)
 * each in their own subquery; SQLite optimises a lone MIN or MAX only, so
 * `SELECT MIN(row_id), MAX(row_id)` would scan the whole table (≈ 0.3 s at 1 000 000 rows).
 */
async function rowIdsDense(tx: SqlExecutor, table: string, rowCount: number): Promise<boolean> {
  const r = await tx.get<{ lo: number | null; hi: number | null }>(
    `SELECT (SELECT MIN(row_id) FROM ${table}) AS lo, (SELECT MAX(row_id) FROM ${table}) AS hi`,
  );
  return r !== undefined && (rowCount === 0 ? r.lo === null : r.lo === 1 && r.hi === rowCount);
}

/**
 * `row` with each string value longer than `max` code points cut to its first `max`, and
 * their indices in `cut`. Strings are read at most `max + 1` code points long (see the
 * page's SELECT), so counting them is cheap.
 */
function cutRow(row: PageRow, max: number): PageRow {
  let cut: number[] | undefined;
  const values = row.values.map((value, k) => {
    if (typeof value !== 'string' || value.length <= max) return value;
    const points = Array.from(value);
    if (points.length <= max) return value;
    (cut ??= []).push(k);
    return points.slice(0, max).join('');
  });
  return cut ? { ...row, values, cut } : row;
}

/**
 * The whole value of one cell (the table view shows long text cut, see
 * `RowsQuery.maxTextLength`).
 * @throws MtlError('NOT_FOUND') for an unknown dataset, column or row.
 */
export async function cellValue(
  db: Database,
  datasetId: number,
  rowId: number,
  column: string,
): Promise<CellValue> {
  return db.transaction(async (tx) => {
    const all = await columnsOf(tx, datasetId);
    const cell = cellColumn(findColumn(all, column, datasetId).position);
    const row = await tx.get<{ v: CellValue }>(
      `SELECT ${cell} AS v FROM ${rowsTable(datasetId)} WHERE row_id = ?`,
      [rowId],
    );
    if (!row) {
      throw new MtlError('NOT_FOUND', `Row ${rowId} of dataset ${datasetId} not found`);
    }
    return row.v;
  }, 'DEFERRED');
}
