/**
 * Pass 1 of an import: read every data row once, collect per-column statistics and check
 * user-chosen types; then settle each column's type.
 */
import type { ColumnType } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { throwIfCancelled } from './cancellation';
import {
  CellTypeError,
  DEFAULT_GRAMMAR,
  hasNumericMissingTokens,
  isAmbiguousDotBytes,
  toCellValue,
  type CellGrammar,
} from './cellValues';
import { FieldTextCache, fieldText, type ByteBatch } from './csvBytes';
import { cellTypeError } from './csvErrors';
import type { CsvRecord } from './csvStream';
import type { CsvByteTable, CsvTable } from './csvTable';
import { scanPlainDecimalBytes, scannedFastValue } from './plainDecimal';
import { inferColumnType } from './inference';
import { scannedIsExactForSqlite } from '../store/sqlLiterals';
import { ColumnStats, PROFILE_VALUE_CHARS } from './profile';

/** Rows between two progress reports. */
export const PROGRESS_EVERY_ROWS = 1000;

/** Options of {@link scanTable}. */
export interface ScanOptions {
  /** User-chosen types by column name; values must parse under them. */
  columnTypes?: Record<string, ColumnType>;
  /** Missing tokens and number format (default: DEFAULT_GRAMMAR). */
  grammar?: CellGrammar;
  signal?: AbortSignal;
  /** Called every PROGRESS_EVERY_ROWS rows and at the end; bytes read so far. */
  onProgress?: (progress: { rows: number; bytes: number }) => void;
  /** Stop after this many data rows (preview); default: all rows. */
  maxRows?: number;
  /** Called with each data record scanned (preview keeps the first few). */
  onRecord?: (record: CsvRecord) => void;
  /**
   * With `maxRows`: read on past it to the end of the file, counting the data rows there
   * without statistics or `onRecord` (ScanResult.rowsToEnd): the preview's exact row count
   * of a file small enough to read whole.
   */
  countToEnd?: boolean;
}

/** What pass 1 found. */
export interface ScanResult {
  /** Data rows scanned. */
  rowCount: number;
  /** True when `maxRows` stopped the scan before the end of the file. */
  truncated: boolean;
  /** Statistics per column, in header order. */
  stats: ColumnStats[];
  /**
   * With `countToEnd` and a scan that `maxRows` stopped: every data row of the file (those
   * scanned and those counted after them). Absent otherwise, and when a malformed line past
   * `maxRows` ended the count (the rows scanned stand; the import reports that line).
   */
  rowsToEnd?: number;
}

/** Columns listed in a message: the first 20, then how many in all. */
function listColumns(header: string[]): string {
  const shown = header.slice(0, 20).join(', ');
  return header.length > 20 ? `${shown}, … (${header.length} in all)` : shown;
}

/** What a user wrote to give each override map, for messages: the CLI option and its meaning. */
const OVERRIDE_WORDING: Record<string, string> = {
  columnTypes: 'a column type (--type)',
  columnRoles: 'a column role (--role)',
};

/**
 * Check that every column named in an override map exists.
 * @param option the map's field name (`columnTypes`, `columnRoles`), kept in the details.
 * @param file the file's name, for the message.
 * @throws MtlError('BAD_REQUEST') naming the file, the unknown column, what it was given
 *   for (e.g. "a column type (--type)") and the file's columns, e.g. `data.csv: no column
 *   named 'zz' for a column type (--type); the columns are a, b, t`.
 */
export function checkColumnNames(
  header: string[],
  overrides: Record<string, unknown> | undefined,
  option: string,
  file?: string,
): void {
  if (!overrides) return;
  const known = new Set(header);
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) {
      const where = file === undefined ? '' : `${file}: `;
      throw new MtlError(
        'BAD_REQUEST',
        `${where}no column named '${name}' for ${OVERRIDE_WORDING[option] ?? option}; the columns are ${listColumns(header)}`,
        { option, column: name, ...(file === undefined ? {} : { file }) },
      );
    }
  }
}

/**
 * Scan the data rows of an open table (pass 1). Closes the table.
 * @throws MtlError('CSV_PARSE') for malformed rows (from the table) and for a value that
 *   does not parse under a user-chosen numeric/boolean type (naming file, line, column);
 *   MtlError('IMPORT_CANCELLED') when `signal` is aborted; MtlError('BAD_REQUEST') for
 *   an override naming an unknown column.
 */
export async function scanTable(table: CsvTable, options: ScanOptions = {}): Promise<ScanResult> {
  const { header, file } = table;
  const forced = header.map((name) => options.columnTypes?.[name]);
  const grammar = options.grammar ?? DEFAULT_GRAMMAR;
  const stats = header.map(() => new ColumnStats(grammar));
  const maxRows = options.maxRows ?? Infinity;
  let rowCount = 0;
  let truncated = false;
  /** Data rows counted past `maxRows` (countToEnd); null when a malformed line ended the count. */
  let countedAfter: number | null = 0;
  try {
    checkColumnNames(header, options.columnTypes, 'columnTypes', file);
    throwIfCancelled(options.signal);
    // Batches, not a promise per row: the loop below is synchronous within a batch.
    scan: for await (const batch of table.batches) {
      if (truncated) {
        countedAfter += batch.length;
        throwIfCancelled(options.signal);
        continue;
      }
      for (let r = 0; r < batch.length; r++) {
        const record = batch[r];
        if (rowCount >= maxRows) {
          truncated = true;
          if (!options.countToEnd) break scan;
          countedAfter = batch.length - r;
          continue scan;
        }
        throwIfCancelled(options.signal);
        const { fields } = record;
        for (let i = 0; i < fields.length; i++) {
          const type = forced[i];
          if (type === 'numeric' || type === 'boolean') {
            try {
              toCellValue(fields[i], type, grammar);
            } catch (error) {
              if (!(error instanceof CellTypeError)) throw error;
              throw cellTypeError({ file, line: record.line, column: header[i] }, error);
            }
          }
          stats[i].add(fields[i], record.line);
        }
        rowCount++;
        options.onRecord?.(record);
        if (rowCount % PROGRESS_EVERY_ROWS === 0) {
          options.onProgress?.({ rows: rowCount, bytes: table.bytesRead() });
        }
      }
    }
  } catch (error) {
    // A malformed line past `maxRows` ends the count, not the scan.
    const counting = truncated && options.countToEnd === true;
    if (!counting || !(error instanceof MtlError) || error.code !== 'CSV_PARSE') throw error;
    countedAfter = null;
  } finally {
    await table.close();
  }
  options.onProgress?.({ rows: rowCount, bytes: table.bytesRead() });
  return truncated && options.countToEnd && countedAfter !== null
    ? { rowCount, truncated, stats, rowsToEnd: rowCount + countedAfter }
    : { rowCount, truncated, stats };
}

/**
 * The statistics of a table of byte batches, one batch at a time (what
 * {@link scanByteTable} reads, and the one-pass import between its writes): a plain
 * decimal in a column that is numbers only past the text cap is read from its bytes
 * (ColumnStats.addPlainNumberBytes); every other cell is decoded and added as text.
 */
export class ByteTableScan {
  /** Statistics per column, in header order. */
  readonly stats: ColumnStats[];
  /** Data rows scanned so far. */
  rowCount = 0;
  /**
   * For the last batch added: 1 where field f is a plain decimal, read from its bytes, whose
   * text SQLite reads as exactly its value (sqlLiterals' scannedIsExactForSqlite); 0 where
   * not known (always, unless `markExactDecimals`). Lets the one-pass import copy such a
   * cell without scanning it again.
   */
  exactDecimals = new Uint8Array(0);
  private readonly header: string[];
  private readonly file: string;
  private readonly forced: (ColumnType | undefined)[];
  private readonly grammar: CellGrammar;
  private readonly fast: boolean[];
  private readonly texts: FieldTextCache[];

  /**
   * @param table the table's header and file name (for messages)
   * @param markExactDecimals fill {@link exactDecimals}
   * @throws MtlError('BAD_REQUEST') for a column type naming an unknown column.
   */
  constructor(
    table: Pick<CsvByteTable, 'header' | 'file'>,
    private readonly options: Omit<ScanOptions, 'maxRows' | 'onRecord'> = {},
    private readonly markExactDecimals = false,
  ) {
    const { header, file } = table;
    checkColumnNames(header, options.columnTypes, 'columnTypes', file);
    this.header = header;
    this.file = file;
    this.forced = header.map((name) => options.columnTypes?.[name]);
    const grammar = options.grammar ?? DEFAULT_GRAMMAR;
    this.grammar = grammar;
    this.stats = header.map(() => new ColumnStats(grammar));
    // A plain decimal is a missing token only when the grammar has numeric tokens ("-999");
    // a forced boolean column must check every cell.
    this.fast = this.forced.map((type) => type !== 'boolean' && !hasNumericMissingTokens(grammar));
    this.texts = header.map(() => new FieldTextCache());
    // A column typed numeric (or left to inference) skips the text sketch's hash per number;
    // completeTextSketches makes it up in the rare column that ends up categorical or text.
    this.stats.forEach((column, i) => {
      column.deferTextSketch = this.forced[i] === undefined || this.forced[i] === 'numeric';
    });
  }

  /**
   * Add the rows `from` … `to − 1` of one batch (default: all of them); `bytesRead` is for
   * progress (every PROGRESS_EVERY_ROWS rows). {@link exactDecimals} then holds the marks
   * of those rows' fields (and of earlier rows of the same batch).
   * @throws MtlError('CSV_PARSE') for a value not parsing under a user-chosen type;
   *   MtlError('IMPORT_CANCELLED').
   */
  add(batch: ByteBatch, bytesRead: () => number, from = 0, to = batch.count): void {
    const { header, file, stats, forced, grammar, fast, texts, options } = this;
    const width = header.length;
    const { bytes, fieldStart, starts, ends, lines } = batch;
    const mark = this.markExactDecimals;
    if (mark) {
      if (this.exactDecimals.length < starts.length) {
        const grown = new Uint8Array(starts.length * 2);
        grown.set(this.exactDecimals.subarray(0, fieldStart[from]));
        this.exactDecimals = grown;
      }
      this.exactDecimals.fill(0, fieldStart[from], fieldStart[to]);
    }
    const exact = this.exactDecimals;
    for (let r = from; r < to; r++) {
      throwIfCancelled(options.signal);
      const base = fieldStart[r];
      for (let i = 0; i < width; i++) {
        const column = stats[i];
        const f = base + i;
        if (fast[i] && column.countsNumbersOnly) {
          const start = starts[f];
          const end = ends[f];
          // With the decimal-comma option "1.000" reads as 1000: the general path.
          if (
            end - start <= PROFILE_VALUE_CHARS &&
            scanPlainDecimalBytes(bytes, start, end) &&
            !(grammar.decimalComma && isAmbiguousDotBytes(bytes, start, end))
          ) {
            const value = scannedFastValue();
            if (value === value) {
              const c = bytes[start];
              const at = c === 43 || c === 45 ? start + 1 : start;
              const next = bytes[at + 1];
              const leadingZero = bytes[at] === 48 && at + 1 < end && next >= 48 && next <= 57;
              if (mark && scannedIsExactForSqlite()) exact[f] = 1;
              column.addPlainNumberBytes(value, bytes, start, end, leadingZero);
              continue;
            }
          }
        }
        const text = texts[i].text(batch, f);
        const type = forced[i];
        if (type === 'numeric' || type === 'boolean') {
          try {
            toCellValue(text, type, grammar);
          } catch (error) {
            if (!(error instanceof CellTypeError)) throw error;
            throw cellTypeError({ file, line: lines[r], column: header[i] }, error);
          }
        }
        column.add(text, lines[r]);
      }
      this.rowCount++;
      if (this.rowCount % PROGRESS_EVERY_ROWS === 0) {
        options.onProgress?.({ rows: this.rowCount, bytes: bytesRead() });
      }
    }
  }
}

/**
 * {@link scanTable} over a table of byte batches (the import's fast path, csvBytes.ts):
 * the same statistics, checks and errors (see {@link ByteTableScan}). Closes the table.
 * @throws like scanTable.
 */
export async function scanByteTable(
  table: CsvByteTable,
  options: Omit<ScanOptions, 'maxRows' | 'onRecord'> = {},
): Promise<ScanResult> {
  let scan: ByteTableScan;
  try {
    scan = new ByteTableScan(table, options);
    throwIfCancelled(options.signal);
    for await (const batch of table.batches) scan.add(batch, table.bytesRead);
  } finally {
    await table.close();
  }
  options.onProgress?.({ rows: scan.rowCount, bytes: table.bytesRead() });
  return { rowCount: scan.rowCount, truncated: false, stats: scan.stats };
}

/**
 * Complete the text sketches that pass 1 deferred (ColumnStats.deferTextSketch) in the
 * columns of a non-numeric type that need them (a column of numbers past the distinct cap
 * that later turned to text or has a leading zero): one more pass over those columns of
 * the file. Closes the table.
 * @param openTable opens the same file again
 * @param types the settled types, in header order
 * @throws like scanTable (cancellation, file errors).
 */
export async function completeTextSketches(
  openTable: () => Promise<CsvByteTable>,
  stats: ColumnStats[],
  types: ColumnType[],
  options: Pick<ScanOptions, 'signal' | 'onProgress'> = {},
): Promise<void> {
  const columns = stats
    .map((_column, i) => i)
    .filter((i) => stats[i].textSketchDeferred && types[i] !== 'numeric' && types[i] !== 'boolean');
  if (columns.length === 0) return;
  for (const i of columns) stats[i].rebuildTextSketch();
  const table = await openTable();
  let rowCount = 0;
  try {
    for await (const batch of table.batches) {
      for (let r = 0; r < batch.count; r++) {
        throwIfCancelled(options.signal);
        const base = batch.fieldStart[r];
        for (const i of columns) stats[i].addToTextSketch(fieldText(batch, base + i));
        rowCount++;
        if (rowCount % PROGRESS_EVERY_ROWS === 0) {
          options.onProgress?.({ rows: rowCount, bytes: table.bytesRead() });
        }
      }
    }
  } finally {
    await table.close();
  }
  options.onProgress?.({ rows: rowCount, bytes: table.bytesRead() });
}

/**
 * Settle each column's type: the user's choice where given, else {@link inferColumnType}
 * over `rowCount` rows.
 */
export function settleTypes(
  header: string[],
  stats: ColumnStats[],
  rowCount: number,
  columnTypes?: Record<string, ColumnType>,
): ColumnType[] {
  return header.map((name, i) => columnTypes?.[name] ?? inferColumnType(stats[i], rowCount));
}
