/**
 * A sorted page far from the top of a large table whose sort index is still being built
 * (part of the datasets domain, see sortIndexes.ts): found by rank selection in one scan
 * instead of a full sort.
 *
 * The rows of rank `offset … offset + limit − 1` in the order `c ASC|DESC NULLS LAST,
 * row_id ASC|DESC` are found in three steps, all in one read transaction:
 * 1. A uniform random sample of the rows (≈ {@link SAMPLE_ROWS} row ids drawn in the
 *    row-id range, looked up through the primary key: a few milliseconds), sorted by
 *    SQLite in the page's order. Its order statistics bound the keys of the wanted ranks:
 *    the sample index of rank r is binomial, mean r·n/N, so the sample keys
 *    {@link Z_MARGIN} standard deviations either side give a band of keys holding the
 *    page with near certainty (the "sample, then select" idea of Floyd & Rivest,
 *    "Expected time bounds for selection", CACM 18(3), 1975).
 * 2. One scan of the table counts the rows before the band's first key and collects the
 *    row ids of the band, sorted by SQLite (`json_group_array(… ORDER BY …)`). The bounds
 *    compare the cell alone when few sampled rows tie with them (the tied rows all fall
 *    in the band), else (cell, row_id) pairs, so heavy ties do not swell the band; a key
 *    with a missing cell lies among the missing cells, last, in row-id order.
 * 3. The page is the slice of the band at `offset − before`; its cells are read by row id.
 * The answer is exact or nothing: when the band does not cover the page (the sample was
 * unlucky, ≈ 3·10⁻⁵ per bound at 4 σ) the function returns null and the caller waits for
 * the index as before. The last band of each sorted column is kept ({@link RankedBands})
 * while the file is unchanged, so the pages next to a jump (the table asks for two or
 * three at once) and the scrolling after it are read by row id, without another scan.
 * Comparisons are SQLite's own (against keys read from the same column), so they agree
 * with the ORDER BY for every storage class and collation.
 */
import type { SqlExecutor, SqlValue } from './database';
import { cellColumn, type CellValue } from './datasetTables';

/** Row ids drawn for the sample (some may miss when ids have gaps). */
export const SAMPLE_ROWS = 4096;
/** Standard deviations of the sample rank kept either side of the page. */
const Z_MARGIN = 4;
/** Fewer sample rows than this: not worth trying (the caller waits for the index). */
const MIN_SAMPLE_HITS = 256;
/** A band expected to hold more rows than this is not collected (memory, sort time). */
const MAX_BAND_ROWS = 300_000;
/** Bands kept per project file (the most recently read). */
const KEPT_BANDS = 4;

/** A band of the order found by one scan: the row ids from rank `before` on, in order. */
interface Band {
  /** The file's state when it was read (see {@link RankedBands}). */
  version: string;
  before: number;
  ids: number[];
  /** True when the band runs to the end of the order (no upper bound). */
  toEnd: boolean;
}

/**
 * The last band read for each sorted column and direction of one project file, valid while
 * the file is unchanged: `PRAGMA data_version` (commits of other connections, e.g. an index
 * build) and `total_changes()` (writes of this one, e.g. a label) both as they were.
 */
export class RankedBands {
  private readonly bands = new Map<string, Band>();

  /** The kept band of the column, if any. */
  get(table: string, position: number, descending: boolean): Band | undefined {
    return this.bands.get(`${table}/${position}/${descending}`);
  }

  /**
   * Keeps `band` as the column's last one (one per column and direction; the
   * {@link KEPT_BANDS} most recent in all, each up to MAX_BAND_ROWS ids).
   */
  set(table: string, position: number, descending: boolean, band: Band): void {
    const key = `${table}/${position}/${descending}`;
    this.bands.delete(key);
    this.bands.set(key, band);
    // A Map iterates in insertion order: the first key is the least recently read.
    while (this.bands.size > KEPT_BANDS) this.bands.delete(this.bands.keys().next().value!);
  }

  /** Forgets the bands of a rows table (its dataset deleted, or its index built). */
  forget(table: string, position?: number): void {
    const prefix = position === undefined ? `${table}/` : `${table}/${position}/`;
    for (const key of [...this.bands.keys()]) if (key.startsWith(prefix)) this.bands.delete(key);
  }
}

/** What {@link rankedPage} is asked for. */
export interface RankedPageQuery {
  /**
   * The rows table (`rows_<id>`) and the names its cells are read under, in column order
   * (`c0`, `c1`, …, or the aliases of `selects`).
   */
  table: string;
  cells: string[];
  /** What the page selects for each cell (an expression `AS` its name); default: the cells. */
  selects?: string[];
  /** The cell column sorted on. */
  position: number;
  descending: boolean;
  offset: number;
  limit: number;
  /** Rows in the table (every row: no filter). */
  rowCount: number;
  /** Where the last band of each column is kept (none: no band is kept). */
  bands?: RankedBands;
  /** Tests only: sample size and margin, to provoke a band that misses the page. */
  sampleRows?: number;
  zMargin?: number;
  /** Uniform draws in [0, 1) for the sample (default Math.random; tests pass a seeded one). */
  random?: () => number;
}

/** A key of the order: the sorted cell and the row id that breaks ties. */
interface Key {
  row_id: number;
  v: CellValue;
}

/**
 * The page of rows `offset … offset + limit − 1` of `table` sorted on cell `position`
 * (missing last, ties by row id, both reversed when descending), read without an index
 * by rank selection (see the module documentation), inside the caller's read transaction
 * `tx`. Returns the rows with their cells in `cells` order, or null when the sample's band
 * missed the page (or the table is too sparse or the band too large to try): the caller
 * then reads the page another way. Throws MtlError('STORE') on an SQLite error.
 */
export async function rankedPage(
  tx: SqlExecutor,
  query: RankedPageQuery,
): Promise<{ rowId: number; values: CellValue[] }[] | null> {
  const { table, position, descending, offset, limit, rowCount } = query;
  const c = cellColumn(position);
  const dir = descending ? 'DESC' : 'ASC';
  const order = `${c} ${dir} NULLS LAST, row_id ${dir}`;
  if (limit === 0 || offset >= rowCount) return [];
  const end = Math.min(offset + limit, rowCount);
  const covers = (band: Band): boolean =>
    offset >= band.before && (band.toEnd || band.before + band.ids.length >= end);

  const state = await tx.get<{ data: number; changes: number }>(
    'SELECT (SELECT data_version FROM pragma_data_version) AS data, total_changes() AS changes',
  );
  const version = `${state?.data}/${state?.changes}`;
  let band = query.bands?.get(table, position, descending) ?? null;
  if (!band || band.version !== version || !covers(band)) {
    band = await readBand(tx, query, c, order);
    if (band === null || !covers(band)) return null;
    band.version = version;
    query.bands?.set(table, position, descending, band);
  }
  const pageIds = band.ids.slice(offset - band.before, offset - band.before + limit);
  if (pageIds.length === 0) return [];

  const select = ['row_id', ...(query.selects ?? query.cells)].join(', ');
  const rows = await tx.all<Record<string, CellValue>>(
    `SELECT ${select} FROM ${table} WHERE row_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(pageIds)],
  );
  const byId = new Map(rows.map((r) => [r.row_id as number, r]));
  return pageIds.map((id) => {
    const row = byId.get(id)!;
    return { rowId: id, values: query.cells.map((cell) => row[cell]) };
  });
}

/**
 * One band of the order around the page `query` asks for (steps 1 and 2 of the module
 * documentation), or null when the sample is too small or the band would be too large.
 */
async function readBand(
  tx: SqlExecutor,
  query: RankedPageQuery,
  c: string,
  order: string,
): Promise<Band | null> {
  const { table, descending, offset, limit, rowCount } = query;

  const range = await tx.get<{ lo: number | null; hi: number | null }>(
    `SELECT (SELECT MIN(row_id) FROM ${table}) AS lo, (SELECT MAX(row_id) FROM ${table}) AS hi`,
  );
  if (!range || range.lo === null || range.hi === null)
    return { version: '', before: 0, ids: [], toEnd: true };
  const span = range.hi - range.lo + 1;
  const draws = Math.min(query.sampleRows ?? SAMPLE_ROWS, span);
  const ids = new Set<number>();
  // Distinct uniform draws (a partial Fisher–Yates would need the whole range in memory).
  const random = query.random ?? Math.random;
  while (ids.size < draws) ids.add(range.lo + Math.floor(random() * span));
  const sample = await tx.all<Key>(
    `SELECT row_id, ${c} AS v FROM ${table} WHERE row_id IN (SELECT value FROM json_each(?)) ORDER BY ${order}`,
    [JSON.stringify([...ids])],
  );
  const n = sample.length;
  if (n < MIN_SAMPLE_HITS && n < rowCount) return null;

  // Sample indices bounding ranks offset and offset + limit − 1 (binomial, mean p·n).
  const z = query.zMargin ?? Z_MARGIN;
  const at = (rank: number, side: -1 | 1): number => {
    const p = Math.min(1, rank / rowCount);
    const mean = p * n;
    const sd = Math.sqrt(n * p * (1 - p));
    return side < 0 ? Math.floor(mean - z * sd) - 1 : Math.ceil(mean + z * sd) + 1;
  };
  const kLo = at(offset, -1);
  const kHi = at(Math.min(offset + limit, rowCount), 1);
  const lo = kLo >= 0 ? sample[kLo] : null;
  const hi = kHi < n ? sample[kHi] : null;
  if (((Math.min(kHi, n) - Math.max(kLo, 0)) / n) * rowCount > MAX_BAND_ROWS) return null;

  // Value-only bounds (cheaper to test per row: ≈ 90 ms instead of ≈ 150 per million rows)
  // take every row tied with a bound into the band; row-id pairs when ties would swell it.
  const tiedFrom = lo && lo.v !== null ? firstEqual(sample, kLo) : Math.max(kLo, 0);
  const tiedTo = hi && hi.v !== null ? lastEqual(sample, kHi) : Math.min(kHi, n - 1);
  const valueOnly =
    tiedTo - tiedFrom <= 2 * (Math.min(kHi, n - 1) - Math.max(kLo, 0)) + 8 &&
    ((tiedTo - tiedFrom + 1) / n) * rowCount <= MAX_BAND_ROWS;
  const sql = bandSql(c, descending, lo, hi, valueOnly);
  const scan = await tx.get<{ before: number; band: string | null }>(
    `SELECT COUNT(*) FILTER (WHERE ${sql.before.sql}) AS before,
            json_group_array(row_id ORDER BY ${order}) FILTER (WHERE ${sql.band.sql}) AS band
       FROM ${table}`,
    [...sql.before.params, ...sql.band.params],
  );
  // Exact for the page only when the band starts at or before it and reaches its end (or
  // the table's end when unbounded above): the caller checks.
  return {
    version: '',
    before: scan?.before ?? 0,
    ids: JSON.parse(scan?.band ?? '[]') as number[],
    toEnd: hi === null,
  };
}

/** A piece of SQL with its positional parameters. */
interface Sql {
  sql: string;
  params: SqlValue[];
}

/** The first index of `sample` whose value equals that at `k` (values are sorted). */
function firstEqual(sample: Key[], k: number): number {
  let i = k;
  while (i > 0 && sample[i - 1].v === sample[k].v) i--;
  return i;
}

/** The last index of `sample` whose value equals that at `k`. */
function lastEqual(sample: Key[], k: number): number {
  let i = k;
  while (i < sample.length - 1 && sample[i + 1].v === sample[k].v) i++;
  return i;
}

/**
 * The conditions of a band scan on cell `c` in the order `c ASC|DESC NULLS LAST, row_id
 * ASC|DESC`: `before`, the rows before the key `lo` (none when `lo` is null: the band
 * starts at the top), and `band`, the rows from `lo` to `hi` both included (to the end
 * when `hi` is null). A key with a missing cell lies among the missing cells, which come
 * last in row-id order. With `valueOnly`, keys with a cell compare by the cell alone: the
 * rows tied with `lo` count in the band, not before it, and those tied with `hi` too, so
 * the band stays one contiguous stretch of the order. Row values and NULL comparisons are
 * SQLite's own, so the conditions agree with the ORDER BY for every storage class.
 */
export function bandSql(
  c: string,
  descending: boolean,
  lo: Key | null,
  hi: Key | null,
  valueOnly: boolean,
): { before: Sql; band: Sql } {
  const lt = descending ? '>' : '<';
  const ge = descending ? '<=' : '>=';
  const le = descending ? '>=' : '<=';
  const compare = (op: string, key: Key): Sql =>
    valueOnly
      ? { sql: `${c} ${op} ?`, params: [key.v] }
      : { sql: `(${c}, row_id) ${op} (?, ?)`, params: [key.v, key.row_id] };
  const all = (parts: Sql[]): Sql => ({
    sql: parts.map((p) => p.sql).join(' AND '),
    params: parts.flatMap((p) => p.params),
  });

  let before: Sql;
  if (!lo) before = { sql: '0', params: [] };
  else if (lo.v === null)
    before = { sql: `(${c} IS NOT NULL OR row_id ${lt} ?)`, params: [lo.row_id] };
  // A missing cell compares as NULL: never counted before a key with a cell.
  else before = compare(lt, lo);

  // Rows of the band with a cell: none when it starts among the missing cells.
  let present: Sql | null = null;
  if (!lo || lo.v !== null) {
    const parts: Sql[] = [];
    if (lo) parts.push(compare(ge, lo));
    if (hi && hi.v !== null) parts.push(compare(le, hi));
    present = parts.length > 0 ? all(parts) : { sql: `${c} IS NOT NULL`, params: [] };
  }
  // Rows of the band without a cell: none when it ends among the cells.
  let missing: Sql | null = null;
  if (!hi || hi.v === null) {
    const parts: Sql[] = [{ sql: `${c} IS NULL`, params: [] }];
    if (lo && lo.v === null) parts.push({ sql: `row_id ${ge} ?`, params: [lo.row_id] });
    if (hi) parts.push({ sql: `row_id ${le} ?`, params: [hi.row_id] });
    missing = all(parts);
  }
  const band =
    present && missing
      ? {
          sql: `(${present.sql}) OR (${missing.sql})`,
          params: [...present.params, ...missing.params],
        }
      : (present ?? missing)!;
  return { before, band };
}
