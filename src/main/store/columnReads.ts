/**
 * Reading whole columns of a rows table without one JavaScript object per row.
 *
 * node-sqlite3 hands every result row to JavaScript as an object (one property per
 * column), built on the main thread: for a 1 000 000-row table of 11 columns that is ≈ 7 s
 * of CPU and most of a training run's garbage collection. Here SQLite itself concatenates
 * each column of a window of rows into one JSON array text (`group_concat`, in SQLite's
 * thread), and the main thread runs one `JSON.parse` per column: numbers come back as
 * plain doubles (an array without nulls is stored unboxed by V8), with no per-row objects.
 *
 * Exactness: a REAL is rendered by SQLite's own real-to-text conversion, which since
 * SQLite 3.43 writes the shortest decimal (at most 17 significant digits) that reads back
 * as the same double; `JSON.parse` reads it correctly rounded, so every value is the same
 * double as `sqlite3_column_double` gives (checked against the row-object path on every
 * cell in test/store/columnReads.test.ts). `json_quote` would not do: it writes 15 digits.
 * ±Infinity (which that conversion writes as `Inf`) goes through `quote()` (9.0e+999). TEXT
 * goes through `json_quote` (exact), INTEGER as its decimal text, NULL as `null`.
 */
import type { SplitName } from '../../shared/domain';
import type { SqlExecutor } from './database';
import { cellColumn, rowsTable, type CellValue, type ColumnRow } from './datasetTables';

/** Most rows per statement: bounds each column's text (≈ 20 bytes per number). */
export const WINDOW_ROWS = 65_536;

/** Rows to read: fromRowId ≤ row_id ≤ toRowId, and with `inSplit` only those in one part of a split. */
export interface ColumnRange {
  fromRowId: number;
  toRowId: number;
  inSplit?: { splitId: number; part: SplitName };
}

/**
 * WHERE condition (on `row_id`) and its parameters for a range: `row_id > after AND
 * row_id <= toRowId`, where `after` defaults to fromRowId − 1 (windows pass their own).
 */
export function rangeCondition(
  range: ColumnRange,
  after = range.fromRowId - 1,
): { sql: string; params: (number | string)[] } {
  const between = 'row_id > ? AND row_id <= ?';
  if (!range.inSplit) return { sql: between, params: [after, range.toRowId] };
  return {
    sql: `${between} AND row_id IN (SELECT row_id FROM split_rows WHERE split_id = ? AND split = ? AND ${between})`,
    params: [after, range.toRowId, range.inSplit.splitId, range.inSplit.part, after, range.toRowId],
  };
}

/** Column types stored as short cells (REAL, INTEGER 0/1, TEXT categories). */
const PACKABLE = new Set(['numeric', 'boolean', 'categorical']);

/**
 * Whether {@link readPackedColumns} may read these columns: numeric, boolean and
 * categorical ones (free text and image paths can be long, so a window of them could
 * exceed a JavaScript string's size; they keep the row-by-row path).
 */
export function packable(columns: ColumnRow[]): boolean {
  return columns.every((c) => PACKABLE.has(c.type));
}

/**
 * SQL for one cell as a JSON value (see the module comment for exactness), testing first
 * for the storage class the column's type is stored as (REAL or INTEGER for numeric and
 * boolean, TEXT for categorical); any other class still comes out exact (a BLOB fails,
 * naming json_quote: no column of these types holds one).
 */
function jsonCell(column: string, type: string): string {
  // ±Infinity renders as `Inf`, not JSON: quote() writes 9.0e+999, which JSON.parse reads as ±Infinity.
  const any = `CASE typeof(${column}) WHEN 'null' THEN 'null' WHEN 'text' THEN json_quote(${column}) WHEN 'real' THEN iif(${column} > -1e999 AND ${column} < 1e999, ${column}, quote(${column})) WHEN 'integer' THEN ${column} ELSE json_quote(${column}) END`;
  return type === 'categorical'
    ? `iif(typeof(${column}) = 'text', json_quote(${column}), ${any})`
    : // A finite REAL or any INTEGER (text compares greater than every number, NULL fails).
      `iif(${column} > -1e999 AND ${column} < 1e999, ${column}, ${any})`;
}

/**
 * Reads `wanted` columns of dataset `datasetId` (row ids ascending) in windows of
 * {@link WINDOW_ROWS} rows, each window one statement returning one JSON text per column.
 * Must run inside a transaction (`tx`) so the windows see one snapshot.
 * @param range only rows with fromRowId ≤ row_id ≤ toRowId (and, with `inSplit`, in that part of the split).
 * @returns row ids and, per wanted column (same order), the stored values: number for
 *   REAL/INTEGER, string for TEXT, null for missing, as node-sqlite3's row objects give.
 * @throws whatever the statement throws (a STORE error), and an Error if SQLite ever
 *   concatenated a window out of row order (checked on the row ids).
 */
export async function readPackedColumns(
  tx: SqlExecutor,
  datasetId: number,
  wanted: ColumnRow[],
  range?: ColumnRange,
): Promise<{ rowIds: number[]; arrays: CellValue[][] }> {
  const names = wanted.map((c) => cellColumn(c.position));
  const whole: ColumnRange = range ?? {
    fromRowId: Number.MIN_SAFE_INTEGER + 1,
    toRowId: Number.MAX_SAFE_INTEGER,
  };
  const inner = `SELECT row_id${names.map((n) => `, ${n}`).join('')} FROM ${rowsTable(datasetId)} WHERE ${rangeCondition(whole).sql} ORDER BY row_id LIMIT ${WINDOW_ROWS}`;
  const sql = `SELECT count(*) AS n, max(row_id) AS last, group_concat(row_id) AS ids${names
    .map((n, k) => `, group_concat(${jsonCell(n, wanted[k].type)}) AS v${k}`)
    .join('')} FROM (${inner})`;
  let after = whole.fromRowId - 1;
  const last = whole.toRowId;
  let rowIds: number[] = [];
  let arrays: CellValue[][] = names.map(() => []);
  for (let window = 0; after < last; window++) {
    const row = await tx.get<Record<string, string | number | null>>(
      sql,
      rangeCondition(whole, after).params,
    );
    const n = Number(row?.n ?? 0);
    if (n === 0) break;
    const ids = JSON.parse(`[${row!.ids as string}]`) as number[];
    for (let i = 1; i < n; i++) {
      if (!(ids[i] > ids[i - 1])) throw new Error('SQLite concatenated rows out of row order');
    }
    const parts = names.map((_, k) => JSON.parse(`[${row![`v${k}`] as string}]`) as CellValue[]);
    if (window === 0) {
      rowIds = ids;
      arrays = parts;
    } else {
      appendTo(rowIds, ids);
      parts.forEach((part, k) => appendTo(arrays[k], part));
    }
    after = Number(row!.last);
    if (n < WINDOW_ROWS) break;
  }
  return { rowIds, arrays };
}

/** Appends `source` to `target` in place (no spread: windows can exceed argument limits). */
function appendTo<T>(target: T[], source: T[]): void {
  for (let i = 0; i < source.length; i++) target.push(source[i]);
}
