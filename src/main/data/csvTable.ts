/**
 * A CSV file seen as a table: a validated header (or generated column names) and data
 * rows that all have as many fields as the header. Turns syntax errors into MtlErrors
 * that name the file, the line and the column.
 */
import { basename } from 'node:path';
import { counted } from '../../shared/counted';
import { MAX_DATASET_COLUMNS, MAX_NAME_LENGTH } from '../../shared/domain';
import { reasonDetails } from '../../shared/errors';
import { trimCell } from './cellValues';
import { csvError } from './csvErrors';
import { MAX_RECORD_CHARS } from './csvScanner';
import { openCsvByteBatches, recordFields, type ByteBatch } from './csvBytes';
import { CsvSyntaxError, openCsvBatches, type CsvDialect, type CsvRecord } from './csvStream';
import { BAD_LINES_LISTED, badLinesText, type BadLinesSeen } from './badLines';

export { BAD_LINES_LISTED, badLinesText, type BadLinesSeen } from './badLines';

/** An open CSV table. Iterate `rows` once; it closes the file when done or abandoned. */
export interface CsvTable {
  /** Base name of the file, as used in messages. */
  file: string;
  /** Column names: trimmed header fields, or column_1 … column_n without a header. */
  header: string[];
  /** 1-based file line of the header (0 when there is none). */
  headerLine: number;
  /** Header cells that were empty and the names they were given (nameHeader); [] without header. */
  unnamed: UnnamedColumn[];
  /**
   * Header names written again and the names they were given (nameHeader; with `forDataset` or
   * `renameDuplicates` only: else a repeated name is refused).
   */
  renamed: RenamedColumn[];
  /** Data records, each with exactly `header.length` fields. Iterate this or `batches`, not both. */
  rows: AsyncGenerator<CsvRecord, void, undefined>;
  /** The same records in batches (one per chunk of the file, never empty): no promise per row. */
  batches: AsyncGenerator<CsvRecord[], void, undefined>;
  /** Bytes of the file read so far. */
  bytesRead(): number;
  /** The lines left out so far with `badLines: 'skip'` (CsvTableOptions). */
  badLines(): BadLinesSeen;
  /** Close the file without reading further (also done when `rows` ends or throws). */
  close(): Promise<void>;
}

/** A header cell that was empty, and the name it was given (see {@link nameHeader}). */
export interface UnnamedColumn {
  /** 0-based position of the column in the header. */
  index: number;
  /** The name given: `Unnamed: <index>`, with a `.1`, `.2` … suffix if that name was taken. */
  name: string;
}

/** A header name written twice, and the name its later column was given (see {@link nameHeader}). */
export interface RenamedColumn {
  /** 0-based position of the later column in the header. */
  index: number;
  /** The name in the file. */
  original: string;
  /** 0-based position of the first column of that name. */
  first: number;
  /** The name given: `original` with pandas' `.1`, `.2` … suffix, unique in the header. */
  name: string;
}

/**
 * Name the empty cells of a header (already trimmed) as pandas' `read_csv` does:
 * `Unnamed: <0-based position>`. pandas' `to_csv()` writes its index under an empty first
 * header cell, and spreadsheet exports often end every line with a delimiter, so both give
 * such cells (pandas source: `pandas/_libs/parsers.pyx`, TextReader._get_header,
 * `name = f"Unnamed: {i}"`; de-duplication: `pandas/io/parsers/base_parser.py`).
 * A generated name that equals a name of the header, or one generated before, gets pandas'
 * de-duplication suffix `.1` (then `.2` …) until it is unique; the header's own names are
 * never changed, except (with `renameDuplicates`) a name written again: its later columns get
 * the same suffix, as pandas' `read_csv` renames them (`a,b,a` gives `a`, `b`, `a.1`).
 * @param names trimmed header fields
 * @param renameDuplicates rename a repeated name (a dataset import, a file predicted: see
 *   export/predictHeader.ts) rather than refuse it (a file labelled: which of the columns is
 *   meant cannot be told)
 * @returns the column names, the columns that were named so and those renamed (in header
 *   order)
 * @throws MtlError('CSV_PARSE') for a name that occurs twice in the header, naming it and
 *   both of its positions (1-based), unless `renameDuplicates`.
 */
export function nameHeader(
  names: string[],
  file: string,
  line: number,
  renameDuplicates = false,
): { header: string[]; unnamed: UnnamedColumn[]; renamed: RenamedColumn[] } {
  if (!renameDuplicates) {
    validateHeader(
      names.filter((name) => name !== ''),
      file,
      line,
      names.flatMap((name, i) => (name === '' ? [] : [i])),
    );
  }
  const taken = new Set(names);
  const firstAt = new Map<string, number>();
  const unnamed: UnnamedColumn[] = [];
  const renamed: RenamedColumn[] = [];
  /** `base` with the first free `.k` suffix, now taken. */
  const suffixed = (base: string): string => {
    let given = `${base}.1`;
    for (let k = 2; taken.has(given); k++) given = `${base}.${k}`;
    taken.add(given);
    return given;
  };
  const header = names.map((name, index) => {
    if (name !== '') {
      const first = firstAt.get(name);
      if (first === undefined) {
        firstAt.set(name, index);
        return name;
      }
      const given = suffixed(name);
      renamed.push({ index, original: name, first, name: given });
      return given;
    }
    const base = `Unnamed: ${index}`;
    const given = taken.has(base) ? suffixed(base) : base;
    taken.add(given);
    unnamed.push({ index, name: given });
    return given;
  });
  return { header, unnamed, renamed };
}

/**
 * Check header names (already trimmed, none empty: see {@link nameHeader}).
 * @param positions 0-based header positions of `names` (default: 0, 1, 2 …)
 * @throws MtlError('CSV_PARSE') naming the first duplicated name and both of its
 *   positions (1-based).
 */
export function validateHeader(
  names: string[],
  file: string,
  line: number,
  positions: number[] = names.map((_, i) => i),
): void {
  const firstSeen = new Map<string, number>();
  names.forEach((name, k) => {
    const i = positions[k];
    const earlier = firstSeen.get(name);
    if (earlier !== undefined) {
      throw csvError(
        { file, line, column: name },
        `duplicate column name '${name}' (columns ${earlier + 1} and ${i + 1})`,
        'CSV_PARSE',
        reasonDetails('CSV_DUPLICATE_COLUMN', {
          file,
          line,
          column: name,
          first: earlier + 1,
          second: i + 1,
        }),
      );
    }
    firstSeen.set(name, i);
  });
}

/**
 * Check that a table fits in a dataset (at most MAX_DATASET_COLUMNS columns).
 * @param columns columns of the header (or of the first record of a file without header)
 * @param line 1-based file line of that header or record
 * @throws MtlError('CSV_PARSE') naming the file and line, with the count and the limit.
 */
export function checkColumnCount(columns: number, file: string, line: number): void {
  if (columns <= MAX_DATASET_COLUMNS) return;
  throw csvError(
    { file, line },
    `${columns} columns; a dataset can have at most ${MAX_DATASET_COLUMNS} columns`,
    'CSV_PARSE',
    reasonDetails(
      'CSV_TOO_MANY_COLUMNS',
      { file, line, count: columns, max: MAX_DATASET_COLUMNS },
      { columns, maxColumns: MAX_DATASET_COLUMNS },
    ),
  );
}

/**
 * Check that every header name fits MAX_NAME_LENGTH characters (UTF-16 code units, as
 * JavaScript and zod count them), the limit of a column, task and class name in every
 * channel: a name import accepts must be usable as a task everywhere.
 * @param names the header's column names (trimmed and named: see {@link nameHeader})
 * @param line 1-based file line of the header
 * @param positions 0-based header positions of `names` (default: 0, 1, 2 …)
 * @throws MtlError('CSV_PARSE') for the first name that is longer, naming the file, the
 *   line, the column's 1-based position, the name's length and the limit.
 */
export function checkNameLengths(
  names: string[],
  file: string,
  line: number,
  positions: number[] = names.map((_, i) => i),
): void {
  const k = names.findIndex((name) => name.length > MAX_NAME_LENGTH);
  if (k < 0) return;
  const at = positions[k];
  const length = names[k].length;
  const start = names[k].slice(0, 40);
  throw csvError(
    { file, line },
    `the name of column ${at + 1} ("${start}…") has ${length} characters; a column name can have at most ${MAX_NAME_LENGTH} characters: shorten it in the header`,
    'CSV_PARSE',
    reasonDetails(
      'CSV_COLUMN_NAME_TOO_LONG',
      { file, line, position: at + 1, start, length, max: MAX_NAME_LENGTH },
      { position: at + 1, length, maxLength: MAX_NAME_LENGTH },
    ),
  );
}

/** Generated names for a file without header: column_1 … column_n. */
export function generatedColumnNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}

/**
 * The reasons of a chosen encoding's refusals past the sample, in a file read to predict:
 * their studio texts say the text would be read (not stored) so.
 */
const PREDICT_REASONS = {
  CSV_UNDECODABLE: 'PREDICT_CSV_UNDECODABLE',
  CSV_UTF8_UNDECODABLE: 'PREDICT_CSV_UTF8_UNDECODABLE',
  CSV_UTF8_MISREAD: 'PREDICT_CSV_UTF8_MISREAD',
  CSV_C1_CONTROL: 'PREDICT_CSV_C1_CONTROL',
} as const;

/**
 * A CsvSyntaxError as the MtlError('CSV_PARSE') naming file, line and column; others
 * unchanged. `predict`: the file is read to predict ({@link PREDICT_REASONS}).
 */
function syntaxToMtlError(
  error: unknown,
  file: string,
  header: string[],
  encoding = 'utf-8',
  predict = false,
): unknown {
  if (!(error instanceof CsvSyntaxError)) return error;
  const column = error.field === undefined ? undefined : (header[error.field - 1] ?? error.field);
  const { reason, line } = error;
  const worded = <R extends keyof typeof PREDICT_REASONS>(r: R): R | (typeof PREDICT_REASONS)[R] =>
    predict ? PREDICT_REASONS[r] : r;
  const at = column ?? 1;
  const details =
    reason === undefined
      ? {}
      : reason === 'CSV_RECORD_TOO_LONG'
        ? reasonDetails(reason, { file, line, max: MAX_RECORD_CHARS })
        : reason === 'CSV_CELL_TOO_LONG'
          ? reasonDetails(reason, { file, line, column: at, max: MAX_RECORD_CHARS })
          : reason === 'CSV_INVALID_UTF8' || reason === 'CSV_TEXT_AFTER_QUOTE'
            ? reasonDetails(reason, { file, line, column: at })
            : reason === 'CSV_UNDECODABLE'
              ? reasonDetails(worded(reason), { file, line, column: at, encoding })
              : reason === 'CSV_UTF8_UNDECODABLE'
                ? reasonDetails(
                    worded(reason),
                    { file, line, column: at, encoding },
                    { remedy: { encoding: 'utf-8' } },
                  )
                : reason === 'CSV_UTF8_MISREAD'
                  ? reasonDetails(
                      worded(reason),
                      { file, line, column: at, encoding, utf8: '', read: '', ...error.params },
                      { remedy: { encoding: 'utf-8' } },
                    )
                  : reason === 'CSV_C1_CONTROL'
                    ? reasonDetails(
                        worded(reason),
                        {
                          file,
                          line,
                          column: at,
                          encoding,
                          byte: '',
                          suggested: '',
                          ...error.params,
                        },
                        { remedy: { encoding: error.params?.suggested } },
                      )
                    : reasonDetails(reason, { file, line });
  const code =
    reason === 'CSV_INVALID_UTF8' ||
    reason === 'CSV_UNDECODABLE' ||
    reason === 'CSV_UTF8_MISREAD' ||
    reason === 'CSV_UTF8_UNDECODABLE' ||
    reason === 'CSV_C1_CONTROL'
      ? 'CSV_ENCODING'
      : 'CSV_PARSE';
  return csvError({ file, line, column }, error.problem, code, details);
}

/** What to do with a data line whose field count differs from the header's (pandas' `on_bad_lines`). */
export type BadLines = 'error' | 'skip';

/**
 * Counts bad lines as a table reads them: the first one's field count and whether its extra
 * fields are all empty (a trailing delimiter), for {@link fieldCountError}.
 */
class BadLineCounter {
  readonly seen: BadLinesSeen = { count: 0, lines: [] };
  first: { line: number; found: number; emptyExtra: boolean } | null = null;

  /** One bad line; `emptyExtra`: it has more fields than the header and those are all empty. */
  add(line: number, found: number, emptyExtra: boolean): void {
    this.seen.count++;
    if (this.seen.lines.length < BAD_LINES_LISTED) this.seen.lines.push(line);
    this.first ??= { line, found, emptyExtra };
  }
}

/** "4th" for 4, "1st", "2nd", "3rd", "11th", "21st". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10 < 4 ? n % 10 : 0];
  return `${n}${suffix}`;
}

/**
 * The error of a file with bad lines (a wrong field count) in a table whose columns are
 * `header`: the first one's, with how many there are and their first lines. A short record
 * names the first column it has no field for ("… line 4, column 'c': expected 3 fields,
 * found 2; the row ends before this column"); a long one cannot name a column (the extra
 * field may come from a comma anywhere in the row), but says when its extra fields are all
 * empty ("the 4th field is empty: a trailing delimiter?"). Ends with how many lines are
 * bad and, unless `skippable` is false (a file read to predict: every row gets a
 * prediction; a labels file or an image manifest, whose imports offer no such option), the
 * choice to skip them (`--bad-lines skip`) with its remedy.
 */
function fieldCountError(
  file: string,
  header: string[],
  bad: BadLineCounter,
  skippable = true,
): unknown {
  const width = header.length;
  const { line, found, emptyExtra } = bad.first!;
  const seen = bad.seen;
  const all = `${seen.partial ? 'at least ' : ''}${counted(seen.count, 'line has', 'lines have')} a wrong number of fields (${badLinesText(seen)})`;
  const params = {
    badLines: seen.count,
    // The first lines, as an array as `skippedLines.lines` is (found by a new user: "4, 6"
    // here, [4, 6] there); `badLines` counts them all.
    badLineList: [...seen.lines],
    // The import wizard's one-click way out (renderer errorText.ts errorRemedy).
    ...(skippable ? { remedy: { badLines: 'skip' } } : {}),
  };
  if (found < width) {
    const column = header[found];
    return csvError(
      { file, line, column },
      `expected ${counted(width, 'field', 'fields')}, found ${found}; the row ends before this column; ${all}`,
      'CSV_PARSE',
      reasonDetails('CSV_FIELD_MISSING', { file, line, column, expected: width, found }, params),
    );
  }
  const extra =
    found === width + 1 ? `the ${ordinal(found)} field is` : `fields ${width + 1}…${found} are`;
  const trailing = emptyExtra ? ` (${extra} empty: a trailing delimiter?)` : '';
  return csvError(
    { file, line },
    `expected ${counted(width, 'field', 'fields')}, found ${found}${trailing}; ${all}`,
    'CSV_PARSE',
    reasonDetails(
      'CSV_FIELD_COUNT',
      { file, line, expected: width, found },
      {
        ...params,
        trailingDelimiter: emptyExtra,
      },
    ),
  );
}

/** Options of {@link openCsvTable}. */
export interface CsvTableOptions {
  /**
   * Refuse a table that cannot become a dataset (too many columns) as soon as its header
   * is read: a 10 000-column file would otherwise be scanned in full, in gigabytes of
   * column statistics, before the store refuses it. For dataset imports and previews.
   * Also renames a header name written twice (`renamed`, see nameHeader) instead of refusing it.
   */
  forDataset?: boolean;
  /**
   * Rename a header name written twice as a dataset import does (`a`, `b`, `a.1`; `renamed`)
   * instead of refusing it, without the dataset's column limit: for predictions, which
   * then refuse only a repeated name the model reads (export/predictHeader.ts).
   */
  renameDuplicates?: boolean;
  /**
   * 'predict' for a file read to predict: the refusals of a chosen encoding say the text
   * would be read (not stored) so, with their PREDICT_ reasons (PREDICT_CSV_UNDECODABLE …).
   * Default 'import'.
   */
  purpose?: 'import' | 'predict';
  /**
   * A data line whose field count differs from the header's: 'error' (default) fails when
   * the table is read, after counting every such line of the file (the error names the
   * first, their count and first lines); 'skip' leaves them out (`badLines()` says which).
   */
  badLines?: BadLines;
  /**
   * Whether the reader of the file offers to skip bad lines (`--bad-lines skip`, the import
   * wizard's checkbox): only then does a bad line's error name that choice and carry its
   * one-click remedy. Default true, false for 'predict' (every row gets a prediction); false
   * for a labels file or an image manifest, whose imports have no such option.
   */
  badLinesSkippable?: boolean;
}

/**
 * Open a CSV file as a table.
 * @param path file path
 * @param dialect encoding, delimiter, quote character
 * @param hasHeader whether the first record holds the column names
 * @throws MtlError('CSV_PARSE') when the file has no records ("… is empty"), the header
 *   is invalid, or (`forDataset`) it has more than MAX_DATASET_COLUMNS columns; the returned `rows` iterator throws MtlError('CSV_PARSE') for a record
 *   with a different number of fields ("… line 17: expected 8 fields, found 9") and for
 *   quoting errors (with the column).
 */
export async function openCsvTable(
  path: string,
  dialect: CsvDialect,
  hasHeader: boolean,
  options: CsvTableOptions = {},
): Promise<CsvTable> {
  const file = basename(path);
  const predict = options.purpose === 'predict';
  const stream = openCsvBatches(path, dialect, predict ? 'read' : 'stored');
  const source = stream.batches;
  let header: string[] = [];
  const toMtlError = (error: unknown): unknown =>
    syntaxToMtlError(error, file, header, dialect.encoding, predict);

  let first: IteratorResult<CsvRecord[], void>;
  try {
    first = await source.next();
  } catch (error) {
    throw toMtlError(error);
  }
  if (first.done) {
    throw csvError(
      { file },
      'the file is empty (no header and no rows)',
      'CSV_PARSE',
      reasonDetails('CSV_EMPTY_FILE', { file }),
    );
  }
  const firstBatch = first.value;
  const firstRecord = firstBatch[0];
  let headerLine = 0;
  let unnamed: UnnamedColumn[] = [];
  let renamed: RenamedColumn[] = [];
  try {
    if (options.forDataset) checkColumnCount(firstRecord.fields.length, file, firstRecord.line);
    if (hasHeader) {
      headerLine = firstRecord.line;
      ({ header, unnamed, renamed } = nameHeader(
        firstRecord.fields.map(trimCell),
        file,
        headerLine,
        options.forDataset || options.renameDuplicates,
      ));
      // After naming: a duplicate's `.1` suffix may carry a name past the limit.
      if (options.forDataset) checkNameLengths(header, file, headerLine);
    } else {
      header = generatedColumnNames(firstRecord.fields.length);
    }
  } catch (error) {
    await source.return();
    throw error;
  }
  const width = header.length;

  const bad = new BadLineCounter();
  const skip = options.badLines === 'skip';
  /**
   * Yield the records of `batch` with the header's field count: all of them with `skip`,
   * else those before the first bad line (none after it: the table then fails at its end).
   */
  // With skip: data records so far, bad ones counted (CsvRecord.row).
  let ordinal = 0;
  function* checked(batch: CsvRecord[]): Generator<CsvRecord[], void, undefined> {
    if (skip) for (const record of batch) record.row = ++ordinal;
    const firstBad = batch.findIndex((record) => record.fields.length !== width);
    if (firstBad === -1) {
      if (batch.length > 0 && (skip || bad.first === null)) yield batch;
      return;
    }
    const good: CsvRecord[] = [];
    for (let r = 0; r < batch.length; r++) {
      const record = batch[r];
      const found = record.fields.length;
      if (found === width) {
        if (skip || bad.first === null) good.push(record);
        continue;
      }
      const emptyExtra = found > width && record.fields.slice(width).every((f) => f === '');
      bad.add(record.line, found, emptyExtra);
    }
    if (good.length > 0) yield good;
  }

  async function* batches(): AsyncGenerator<CsvRecord[], void, undefined> {
    try {
      yield* checked(hasHeader ? firstBatch.slice(1) : firstBatch);
      try {
        for await (const batch of source) yield* checked(batch);
      } catch (error) {
        // A quoting error past the first bad line: the bad line is the first problem.
        if (skip || bad.first === null) throw error;
        bad.seen.partial = true;
      }
      if (!skip && bad.first !== null) {
        throw fieldCountError(file, header, bad, options.badLinesSkippable ?? !predict);
      }
    } catch (error) {
      throw toMtlError(error);
    } finally {
      await source.return();
    }
  }

  const batchStream = batches();
  async function* rows(): AsyncGenerator<CsvRecord, void, undefined> {
    try {
      for await (const batch of batchStream) yield* batch;
    } finally {
      await batchStream.return();
    }
  }

  return {
    file,
    header,
    headerLine,
    unnamed,
    renamed,
    rows: rows(),
    batches: batchStream,
    bytesRead: stream.bytesRead,
    badLines: () => ({ ...bad.seen, lines: [...bad.seen.lines] }),
    close: async () => {
      await batchStream.return();
      await source.return();
    },
  };
}

/**
 * A CSV table read as byte batches (csvBytes.ts): the import's fast path for UTF-8 files
 * (see canReadBytes). Same header checks and errors as {@link openCsvTable}.
 */
export interface CsvByteTable {
  file: string;
  header: string[];
  headerLine: number;
  unnamed: UnnamedColumn[];
  renamed: RenamedColumn[];
  /** Data records, each with exactly `header.length` fields; never an empty batch. */
  batches: AsyncGenerator<ByteBatch, void, undefined>;
  bytesRead(): number;
  /** The lines left out so far with `badLines: 'skip'` (CsvTableOptions). */
  badLines(): BadLinesSeen;
  close(): Promise<void>;
}

/** Batch `batch` without its first `skip` records and from record `end` on. */
function sliceBatch(batch: ByteBatch, skip: number, end: number): ByteBatch {
  return {
    ...batch,
    count: end - skip,
    fieldStart: batch.fieldStart.subarray(skip, end + 1),
    lines: batch.lines.subarray(skip, end),
  };
}

/**
 * Open a UTF-8 CSV file as a table of byte batches.
 * @throws like {@link openCsvTable} (the same messages and details).
 */
export async function openCsvByteTable(
  path: string,
  dialect: CsvDialect,
  hasHeader: boolean,
  options: CsvTableOptions = {},
): Promise<CsvByteTable> {
  const file = basename(path);
  const stream = openCsvByteBatches(path, dialect);
  const source = stream.batches;
  let header: string[] = [];
  let first: IteratorResult<ByteBatch, void>;
  try {
    first = await source.next();
  } catch (error) {
    throw syntaxToMtlError(error, file, header);
  }
  if (first.done) {
    throw csvError(
      { file },
      'the file is empty (no header and no rows)',
      'CSV_PARSE',
      reasonDetails('CSV_EMPTY_FILE', { file }),
    );
  }
  const firstBatch = first.value;
  const firstFields = recordFields(firstBatch, 0);
  const firstLine = firstBatch.lines[0];
  let headerLine = 0;
  let unnamed: UnnamedColumn[] = [];
  let renamed: RenamedColumn[] = [];
  try {
    if (options.forDataset) checkColumnCount(firstFields.length, file, firstLine);
    if (hasHeader) {
      headerLine = firstLine;
      ({ header, unnamed, renamed } = nameHeader(
        firstFields.map(trimCell),
        file,
        headerLine,
        options.forDataset || options.renameDuplicates,
      ));
      // After naming: a duplicate's `.1` suffix may carry a name past the limit.
      if (options.forDataset) checkNameLengths(header, file, headerLine);
    } else {
      header = generatedColumnNames(firstFields.length);
    }
  } catch (error) {
    await source.return();
    throw error;
  }
  const width = header.length;

  const bad = new BadLineCounter();
  const skip = options.badLines === 'skip';
  /**
   * Yield the runs of records of `batch` (from record `skipFirst`) with the header's field
   * count: all of them with `skip`, else those before the first bad line.
   */
  function* checked(batch: ByteBatch, skipFirst: number): Generator<ByteBatch, void, undefined> {
    const starts = batch.fieldStart;
    let from = skipFirst;
    for (let r = skipFirst; r < batch.count; r++) {
      const found = starts[r + 1] - starts[r];
      if (found === width) continue;
      if (r > from && (skip || bad.first === null)) {
        yield sliceBatch(batch, from, r);
      }
      let emptyExtra = found > width;
      for (let f = starts[r] + width; emptyExtra && f < starts[r + 1]; f++) {
        if (batch.ends[f] !== batch.starts[f]) emptyExtra = false;
      }
      bad.add(batch.lines[r], found, emptyExtra);
      from = r + 1;
    }
    if (batch.count > from && (skip || bad.first === null)) {
      yield from === 0 ? batch : sliceBatch(batch, from, batch.count);
    }
  }

  async function* batches(): AsyncGenerator<ByteBatch, void, undefined> {
    try {
      yield* checked(firstBatch, hasHeader ? 1 : 0);
      try {
        for await (const batch of source) yield* checked(batch, 0);
      } catch (error) {
        // A quoting error past the first bad line: the bad line is the first problem.
        if (skip || bad.first === null) throw error;
        bad.seen.partial = true;
      }
      if (!skip && bad.first !== null) {
        throw fieldCountError(file, header, bad, options.badLinesSkippable ?? true);
      }
    } catch (error) {
      throw syntaxToMtlError(error, file, header);
    } finally {
      await source.return();
    }
  }
  const batchStream = batches();
  return {
    file,
    header,
    headerLine,
    unnamed,
    renamed,
    batches: batchStream,
    bytesRead: stream.bytesRead,
    badLines: () => ({ ...bad.seen, lines: [...bad.seen.lines] }),
    close: async () => {
      await batchStream.return();
      await source.return();
    },
  };
}
