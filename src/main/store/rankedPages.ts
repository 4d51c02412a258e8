/**
 * A sorted page far from the top of a large table whose sort index is still being built
 * (part of the datasets domain, see sortIndexes.ts): found by rank selection in one scan
 * instead of a full sort.
 *
 * The rows of rank `offset … offset + limit − 1` in the order `c ASC|DESC NULLS LAST,
 * row_id ASC|DESC` are found in three steps, all in one read transaction:
 * 1. A uniform random sample of the rows (≈ {@link SAMPLE_ROWS} row ids drawn in the
 *    row-id range, looked up through the primary key: ≈ 15 ms at a million rows), sorted
 *    by SQLite. Its order statistics bound the keys of the wanted ranks: the sample index
 *    of rank r is binomial, mean r·n/N, so the sample keys {@link Z_MARGIN} standard
 *    deviations either side give a band of keys holding the page with near certainty (the
 *    "sample, then select" idea of Floyd & Rivest, "Expected time bounds for selection",
 *    CACM 18(3), 1975). The sample is kept per column while the file is unchanged
 *    ({@link RankedBands}), and {@link keepSample} draws it right after the first sorted
 *    page of a column (sortIndexes.ts), so a jump right after a first sort finds it drawn.
 * 2. One scan of the table reads the rows up to the band's last key (`WHERE`: the rows
 *    after it cost one comparison each), counts them and collects the row ids of the band,
 *    sorted by SQLite (`json_group_array(… ORDER BY …)`); the rows before the band are
 *    the count less the band. The bounds compare the cell alone when few sampled rows tie
 *    with them (the tied rows all fall in the band), else (cell, row_id) pairs, so heavy
 *    ties do not swell the band; a key with a missing cell lies among the missing cells,
 *    last, in row-id order.
 * 3. The page is the slice of the band at `offset − before`; its cells are read by row id.
 * The band is read {@link Z_NARROW} standard deviations wide first (fewer rows to sort),
 * and {@link Z_MARGIN} wide when that did not cover the page (≈ 0.3 % of pages). The
 * answer is exact or nothing: when the wide band does not cover the page either (the
 * sample was unlucky, ≈ 3·10⁻⁵ per bound at 4 σ) the function returns null and the caller
 * waits for the index as before. The last band of each sorted column is kept too, so the
 * pages next to a jump (the table asks for two or three at once) and the scrolling after
 * it are read by row id, without another scan. Comparisons are SQLite's own (against keys
 * read from the same column), so they agree with the ORDER BY for every storage class and
 * collation.
 */
import type { SqlExecutor, SqlValue } from './database';
import { cellColumn, type CellValue } from './datasetTables';

/** Row ids drawn for the sample (some may miss when ids have gaps). */
export const SAMPLE_ROWS = 4096;
/** Standard deviations of the sample rank kept either side of the page. */
const Z_MARGIN = 4;
/**
 * The same for the band read first: three quarters of the wide band's rows to sort (the
 * sort is most of a scan's cost). It misses the page with probability ≈ 2.7·10⁻³ (1.35·10⁻³
 * per bound); the wide band is read then, in a second scan.
 */
const Z_NARROW = 3;
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

/** A sample of a column's keys, in the ascending order `c ASC NULLS LAST, row_id ASC`. */
interface Sample {
  /** The file's state when it was drawn (see {@link RankedBands}). */
  version: string;
  keys: Key[];
}

/**
 * The last band read for each sorted column and direction of one project file, and the
 * sample of each column's keys, valid while the file is unchanged: `PRAGMA data_version`
 * (commits of other connections, e.g. an index build) and `total_changes()` (writes of
 * this one, e.g. a label) both as they were.
 */
export class RankedBands {
  private readonly bands = new Map<string, Band>();
  private readonly samples = new Map<string, Sample>();

  /** The kept band of the column, if any. */
  get(table: string, position: number, descending: boolean): Band | undefined {
    return this.bands.get(`${table}/${position}/${descending}`);
  }

  /**
   * Keeps `band` as the column's last one (one per column and direction; the
   * {@link KEPT_BANDS} most recent in all, each up to MAX_BAND_ROWS ids).
   */
  set(table: string, position: number, descending: boolean, band: Band): void {
    keepRecent(this.bands, `${table}/${position}/${descending}`, band);
  }

  /** The kept sample of the column's keys (ascending order), if any. */
  sample(table: string, position: number): Sample | undefined {
    return this.samples.get(`${table}/${position}/`);
  }

  /**
   * Keeps `sample` for the column (one per column; the {@link KEPT_BANDS} most recent in
   * all, each up to {@link SAMPLE_ROWS} keys).
   */
  keepSample(table: string, position: number, sample: Sample): void {
    keepRecent(this.samples, `${table}/${position}/`, sample);
  }

  /** Forgets the bands and samples of a rows table (its dataset deleted, or its index built). */
  forget(table: string, position?: number): void {
    const prefix = position === undefined ? `${table}/` : `${table}/${position}/`;
    for (const map of [this.bands, this.samples] as Map<string, unknown>[]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
  }
}

/** Sets `map[key] = value` as the most recent entry, dropping the oldest past KEPT_BANDS. */
function keepRecent<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  // A Map iterates in insertion order: the first key is the least recently kept.
  while (map.size > KEPT_BANDS) map.delete(map.keys().next().value!);
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
  /**
   * Tests only: sample size, and the margins of the bands tried in turn (standard
   * deviations), to provoke bands that miss the page.
   */
  sampleRows?: number;
  zMargins?: number[];
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

  const version = await fileVersion(tx);
  let band = query.bands?.get(table, position, descending) ?? null;
  if (!band || band.version !== version || !covers(band)) {
    const sample = await sampleOf(tx, query, c, version);
    if (sample === null) return null;
    // A narrow band first (its sort is most of a scan's cost), the wide one when that
    // missed the page (≈ 0.3 % of pages: a second scan).
    band = null;
    for (const z of query.zMargins ?? [Z_NARROW, Z_MARGIN]) {
      const read = await readBand(tx, query, c, order, version, sample, z);
      if (read !== null && covers(read)) {
        band = read;
        break;
      }
    }
    if (band === null) return null;
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
 * Draws a sample of the keys of cell column `position` of `table` (step 1 of the module
 * documentation) and keeps it in `bands`, unless a sample drawn from the file as it is now
 * is kept already, inside the caller's read transaction `tx`. Called in the background
 * after the first sorted page of a large column (sortIndexes.ts), so that a jump right
 * after it finds the sample drawn (≈ 15 ms at a million rows, {@link SAMPLE_ROWS} primary
 * key look-ups). `random`: uniform draws in [0, 1) (default Math.random).
 * Throws MtlError('STORE') on an SQLite error (e.g. the table was dropped meanwhile).
 */
export async function keepSample(
  tx: SqlExecutor,
  table: string,
  position: number,
  bands: RankedBands,
  random: () => number = Math.random,
): Promise<void> {
  const version = await fileVersion(tx);
  if (bands.sample(table, position)?.version === version) return;
  const keys = await drawSample(tx, table, cellColumn(position), SAMPLE_ROWS, random);
  bands.keepSample(table, position, { version, keys });
}

/**
 * The state of the file the connection sees: `PRAGMA data_version` (changes when another
 * connection commits) and `total_changes()` (rows this connection wrote), joined.
 */
async function fileVersion(tx: SqlExecutor): Promise<string> {
  const state = await tx.get<{ data: number; changes: number }>(
    'SELECT (SELECT data_version FROM pragma_data_version) AS data, total_changes() AS changes',
  );
  return `${state?.data}/${state?.changes}`;
}

/**
 * A uniform random sample of about `size` keys of cell `c` (distinct row ids drawn in the
 * row-id range and looked up, some missing where ids have gaps), in the ascending order
 * `c ASC NULLS LAST, row_id ASC` as SQLite sorts them; empty for an empty table.
 */
async function drawSample(
  tx: SqlExecutor,
  table: string,
  c: string,
  size: number,
  random: () => number,
): Promise<Key[]> {
  const range = await tx.get<{ lo: number | null; hi: number | null }>(
    `SELECT (SELECT MIN(row_id) FROM ${table}) AS lo, (SELECT MAX(row_id) FROM ${table}) AS hi`,
  );
  if (!range || range.lo === null || range.hi === null) return [];
  const span = range.hi - range.lo + 1;
  const draws = Math.min(size, span);
  const ids = new Set<number>();
  // Distinct uniform draws (a partial Fisher–Yates would need the whole range in memory).
  while (ids.size < draws) ids.add(range.lo + Math.floor(random() * span));
  // In id order: neighbouring look-ups share the pages of the primary key's b-tree.
  const sorted = [...ids].sort((a, b) => a - b);
  return tx.all<Key>(
    `SELECT row_id, ${c} AS v FROM ${table} WHERE row_id IN (SELECT value FROM json_each(?))
      ORDER BY ${c} ASC NULLS LAST, row_id ASC`,
    [JSON.stringify(sorted)],
  );
}

/**
 * Keys in the ascending order `c ASC NULLS LAST, row_id ASC` put in the page's order: as
 * they are, or for `c DESC NULLS LAST, row_id DESC` the keys with a cell reversed, then
 * those without one reversed (the missing cells stay last). Reversing a strict total order
 * gives its converse, so no value is compared here.
 */
function inOrder(ascending: Key[], descending: boolean): Key[] {
  if (!descending) return ascending;
  const missing = ascending.findIndex((k) => k.v === null);
  const cut = missing < 0 ? ascending.length : missing;
  return [...ascending.slice(0, cut).reverse(), ...ascending.slice(cut).reverse()];
}

/**
 * The sample of the sorted column's keys in the page's order (step 1 of the module
 * documentation): the kept one when the file is unchanged since it was drawn (`version`),
 * else one drawn now (and kept; tests that size the sample draw their own). Null when too
 * few rows were found to bound ranks with.
 */
async function sampleOf(
  tx: SqlExecutor,
  query: RankedPageQuery,
  c: string,
  version: string,
): Promise<Key[] | null> {
  const { table, position, rowCount } = query;
  let keys: Key[];
  const kept = query.sampleRows === undefined ? query.bands?.sample(table, position) : undefined;
  if (kept && kept.version === version) keys = kept.keys;
  else {
    const random = query.random ?? Math.random;
    keys = await drawSample(tx, table, c, query.sampleRows ?? SAMPLE_ROWS, random);
    if (query.sampleRows === undefined) query.bands?.keepSample(table, position, { version, keys });
  }
  if (keys.length < MIN_SAMPLE_HITS && keys.length < rowCount) return null;
  return inOrder(keys, query.descending);
}

/**
 * One band of the order around the page `query` asks for (step 2 of the module
 * documentation), bounded by the keys of `sample` (in the page's order) `z` standard
 * deviations either side of the page's ranks, read from the file in the state `version`;
 * null when the band would be too large.
 */
async function readBand(
  tx: SqlExecutor,
  query: RankedPageQuery,
  c: string,
  order: string,
  version: string,
  sample: Key[],
  z: number,
): Promise<Band | null> {
  const { table, descending, offset, limit, rowCount } = query;
  const n = sample.length;

  // Sample indices bounding ranks offset and offset + limit − 1 (binomial, mean p·n).
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

  // Value-only bounds (cheaper to test per row) take every row tied with a bound into the
  // band; row-id pairs when ties would swell it.
  const tiedFrom = lo && lo.v !== null ? firstEqual(sample, kLo) : Math.max(kLo, 0);
  const tiedTo = hi && hi.v !== null ? lastEqual(sample, kHi) : Math.min(kHi, n - 1);
  const valueOnly =
    tiedTo - tiedFrom <= 2 * (Math.min(kHi, n - 1) - Math.max(kLo, 0)) + 8 &&
    ((tiedTo - tiedFrom + 1) / n) * rowCount <= MAX_BAND_ROWS;
  const { from, upTo } = bandSql(c, descending, lo, hi, valueOnly);
  // The rows up to the band's end, counted; those of the band collected in order. The rows
  // before the band are the others.
  const scan = await tx.get<{ upTo: number; band: string | null }>(
    `SELECT COUNT(*) AS upTo,
            json_group_array(row_id ORDER BY ${order}) ${from ? `FILTER (WHERE ${from.sql})` : ''} AS band
       FROM ${table} ${upTo ? `WHERE ${upTo.sql}` : ''}`,
    [...(from?.params ?? []), ...(upTo?.params ?? [])],
  );
  const ids = JSON.parse(scan?.band ?? '[]') as number[];
  // Exact for the page only when the band starts at or before it and reaches its end (or
  // the table's end when unbounded above): the caller checks.
  return { version, before: (scan?.upTo ?? 0) - ids.length, ids, toEnd: hi === null };
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
 * ASC|DESC`: `from`, the rows at or after the key `lo` (null when `lo` is: the band starts
 * at the top), and `upTo`, the rows at or before the key `hi` (null when `hi` is: the band
 * runs to the end); the band is the rows meeting both, and the rows meeting `upTo` but not
 * `from` are those before it. A key with a missing cell lies among the missing cells,
 * which come last in row-id order. With `valueOnly`, keys with a cell compare by the cell
 * alone: the rows tied with `lo` count in the band, not before it, and those tied with
 * `hi` too, so the band stays one contiguous stretch of the order. Row values and NULL
 * comparisons are SQLite's own, so the conditions agree with the ORDER BY for every
 * storage class.
 */
export function bandSql(
  c: string,
  descending: boolean,
  lo: Key | null,
  hi: Key | null,
  valueOnly: boolean,
): { from: Sql | null; upTo: Sql | null } {
  const ge = descending ? '<=' : '>=';
  const le = descending ? '>=' : '<=';
  const compare = (op: string, key: Key): Sql =>
    valueOnly
      ? { sql: `${c} ${op} ?`, params: [key.v] }
      : { sql: `(${c}, row_id) ${op} (?, ?)`, params: [key.v, key.row_id] };

  let from: Sql | null = null;
  if (lo && lo.v === null) {
    from = { sql: `${c} IS NULL AND row_id ${ge} ?`, params: [lo.row_id] };
  } else if (lo) {
    const after = compare(ge, lo);
    // A missing cell compares as NULL, yet comes after every cell: in the band when the
    // band may reach the missing cells (hi is one of them, or there is no hi); `upTo`
    // leaves them out otherwise.
    from =
      hi && hi.v !== null ? after : { sql: `(${after.sql} OR ${c} IS NULL)`, params: after.params };
  }
  let upTo: Sql | null = null;
  if (hi && hi.v === null) {
    upTo = { sql: `(${c} IS NOT NULL OR row_id ${le} ?)`, params: [hi.row_id] };
  } else if (hi) {
    upTo = compare(le, hi);
  }
  return { from, upTo };
}
