/**
 * Datasets: CSV preview and import (with progress and cancel), columns, roles, pages of rows.
 */
import { z } from 'zod';
import type { ColumnNoteReason } from '../columnNotes';
import type { ColumnInfo, ColumnRole, ColumnType, DatasetInfo } from '../domain';
import {
  byColumnName,
  columnName,
  columnRole,
  columnType,
  empty,
  event,
  id,
  invoke,
  MAX_PAGE_ROWS,
  path,
} from './channels';

/**
 * Live preview of a CSV file for the import wizard: how the file will be read, its first
 * rows and the types inferred from a leading sample (src/main/data/preview.ts builds it).
 */

/**
 * Most characters of a dataset's name: the limit of `datasets.import` and `datasets.rename`
 * and of the studio's name fields (their maxlength), so a field never sends a name the
 * channel refuses (a new user's 239-character rename got the raw "Too big" message).
 */
export const MAX_DATASET_NAME = 200;
export interface CsvPreviewResult {
  /** iconv-lite name of the encoding used. */
  encoding: string;
  /**
   * 0–1 (1 for a byte-order mark, pure ASCII or a user choice; low = please check). A user
   * choice that contradicts a certain detection is low too (garbled text likely).
   */
  encodingConfidence: number;
  /** When the chosen encoding contradicts a certain detection: the detected one, else null. */
  detectedEncoding: string | null;
  /**
   * When the detected encoding is not UTF-8 but the file also holds well-formed UTF-8
   * characters (two encodings mixed): the 1-based line of its first byte that is not UTF-8,
   * else null. Part of the text is garbled whichever encoding is chosen.
   */
  mixedUtf8Line: number | null;
  /**
   * A note, when detection read the file as windows-1252 but its text looks Turkish (þ ð ý
   * between letters, windows-1254's ş ğ ı): the encoding it may be in ('windows-1254') and
   * the 1-based line of the first letter that tells; else null.
   */
  alternativeEncoding: { encoding: string; line: number } | null;
  /**
   * With `detectedEncoding`: the first cell (header, then the preview's rows) whose text
   * the chosen encoding reads otherwise: its 1-based file `line`, its `column` (header name,
   * or 1-based position in the header), the text as read (`shown`, e.g. "Jos茅" for UTF-8
   * read as GBK) and as the detected encoding reads it (`detected`, "José"); else null.
   */
  misreadCell: {
    line: number;
    column: string | number;
    shown: string;
    detected: string;
  } | null;
  delimiter: string;
  hasHeader: boolean;
  /** Column names (trimmed header, or column_1 … without header). */
  header: string[];
  /**
   * Header cells that were empty and the names they were given, as pandas' `read_csv`
   * names them (`Unnamed: <0-based index>`, a `.1` suffix if that name was taken): the
   * index a pandas `to_csv()` writes, or the trailing delimiters of a spreadsheet export.
   * Empty without such cells or without header.
   */
  unnamed: { index: number; name: string }[];
  /**
   * Header names written again and the names their later columns were given, as pandas'
   * `read_csv` renames them (`a,b,a` gives `a.1` for column 3; `first`: 0-based position of
   * the first `a`, `index` of the renamed one). Empty when every name is written once.
   */
  renamed: { index: number; original: string; first: number; name: string }[];
  /**
   * First rows, raw texts (untrimmed); null for missing values (the missing tokens). A text
   * longer than PREVIEW_CELL_CHARS (src/main/data/preview.ts: 1000) characters — Unicode code
   * points — is cut to that many; `cutCells` names each one so cut.
   */
  rows: (string | null)[][];
  /**
   * The cells of `rows` that were cut: `row` and `column` index `rows` (0-based), `length`
   * is the whole text's length in characters. Empty when none was.
   */
  cutCells: { row: number; column: number; length: number }[];
  /**
   * Types inferred from the first rows (PREVIEW_INFERENCE_ROWS); the import infers from all
   * rows and may differ (e.g. a non-number far down the file).
   */
  inferredTypes: ColumnType[];
  /**
   * Default role of each column under its inferred type, from the same rows (the import's
   * rule, src/main/data/inference.ts defaultColumnRole: 'ignore' for text and a row index,
   * else 'input'); the wizard starts from these and sends the roles it shows.
   */
  inferredRoles: ColumnRole[];
  /**
   * Per column, in header order: why a column that looks numeric in the first rows is not
   * read as numbers (decimal commas without the decimal-comma option, a few cells that do
   * not parse), or that it looks like a row index and starts ignored (`rowIndex`), so the
   * wizard can say so before importing; null for the others.
   */
  notes: (ColumnNoteReason | null)[];
  /**
   * Data rows of the file: exact when the preview read it to its end (a file of at most 8 MiB,
   * data/preview.ts PREVIEW_EXACT_COUNT_BYTES, or one within the rows it scans), else an
   * estimate from its first 64 KiB.
   */
  rowCountEstimate: number;
  /** Whether `rowCountEstimate` is the exact count (the wizard says "about" otherwise). */
  rowCountExact: boolean;
}

/** A stored cell: number (numeric, boolean 0/1), string, or null for missing. */
export type Cell = number | string | null;

/** One page of a dataset's rows, cells in column order. */
export interface RowsPage {
  /** Rows matching the filters (all rows without any); null when `count: false` was asked. */
  total: number | null;
  /**
   * `cut`: indices of text cells cut to the request's `maxTextLength` characters (absent
   * when none was); `datasets.cell` gives a cell whole.
   */
  rows: { rowId: number; values: Cell[]; cut?: number[] }[];
}

/** Longest `maxTextLength` a page may ask for (characters). */
export const MAX_CELL_PREVIEW = 100_000;

/**
 * Operators of a row filter. Numeric columns (and booleans, stored 0/1): =, ≠, <, ≤, >, ≥,
 * between (inclusive, `value` … `value2`). Text and categories: contains (substring, ASCII
 * letters case-insensitive) and equals (exact). Any column: missing, present.
 */
export const FILTER_OPS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'between',
  'contains',
  'equals',
  'missing',
  'present',
] as const;
/** An operator of a row filter. */
export type FilterOp = (typeof FILTER_OPS)[number];

/** Schema of one filter condition of the data table (all conditions must hold). */
export const rowFilterSchema = z.strictObject({
  column: columnName,
  op: z.enum(FILTER_OPS),
  /** The operand: a number for numeric operators, a text for contains / equals. */
  value: z.union([z.number(), z.string().max(1000)]).optional(),
  /** Upper bound of 'between'. */
  value2: z.number().optional(),
});
/** One filter condition of the data table. */
export type RowFilter = z.infer<typeof rowFilterSchema>;

/** Most filter conditions one request combines. */
export const MAX_ROW_FILTERS = 20;

/**
 * Why a one-pass import ('load') went back to the start of the file to import it in two
 * passes: the first column whose type, guessed from the first rows, a later row
 * contradicted. 'text': a value that is not a number in a column read as numbers (the
 * first such value, shortened, and its 1-based file line); 'leadingZero': a number written
 * with a leading zero ("007") in a column read as numbers; 'notBoolean': a value other
 * than a yes/no word in a column read as boolean; 'type': the whole file settles the
 * column as `type`, stored otherwise than the guess (a column empty in the first rows).
 */
export type ImportReread = { column: string } & (
  | { kind: 'text'; value: string; line: number }
  | { kind: 'leadingZero' }
  | { kind: 'notBoolean'; value: string }
  | { kind: 'type'; type: ColumnType }
);

/**
 * Progress of an import: 'scan' then 'write' (two passes; 'scan' may run twice for wide
 * numeric columns), or 'load' alone (a large UTF-8 file read, profiled and written in one
 * pass; followed by 'scan'/'write' in the rare file whose later rows change a column's
 * type: then every later event carries `reread`, saying why the bar starts again).
 */
export interface ImportProgressEvent {
  importId: string;
  phase: 'scan' | 'write' | 'load';
  rows: number;
  bytes: number;
  totalBytes: number;
  /** Set once a one-pass import fell back to two passes: why it reads the file again. */
  reread?: ImportReread;
}

/** How a CSV file is read: format and cell grammar (preview and import alike). */
const csvFormat = {
  encoding: z.string().min(1).max(64).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  hasHeader: z.boolean().optional(),
  /**
   * Texts read as missing values (trimmed, case-insensitive); they replace the defaults
   * '', NA, N/A, NaN, null, ? — include '' to keep empty cells missing.
   */
  missingTokens: z.array(z.string().max(100)).max(100).optional(),
  /** Read numbers written with a decimal comma ("0,5"). */
  decimalComma: z.boolean().optional(),
  /**
   * Lines with a wrong field count: 'error' (default) refuses the file, naming how many and
   * the first; 'skip' leaves them out (csvTable.ts; `import --bad-lines`).
   */
  badLines: z.enum(['error', 'skip']).optional(),
};

/**
 * Rows of a dataset equal to an earlier row in every column (src/main/data/duplicateRows.ts):
 * a file made by repeating rows puts copies of one row in both training and test.
 */
export interface DuplicateRows {
  /** Rows minus distinct rows: a row present three times counts 2. */
  duplicates: number;
  /** Distinct rows that occur more than once. */
  repeatedRows: number;
}

/**
 * The data lines an import with `badLines: 'skip'` left out (src/main/data/badLines.ts,
 * BadLinesSeen): how many and their first 1-based file lines, in file order.
 */
export interface SkippedLines {
  /** Lines left out (0 when none was). */
  count: number;
  /** Their first few (at most 5) 1-based file line numbers. */
  lines: number[];
}

/**
 * An imported dataset, with its exact duplicate rows and the lines `badLines: 'skip'` left
 * out, for the import's summary.
 */
export interface ImportedDataset extends DatasetInfo {
  duplicateRows: DuplicateRows;
  skippedLines: SkippedLines;
}

/** The datasets invoke channels: name → request schema and response type. */
export const DATASETS_INVOKE = {
  'datasets.preview': invoke<CsvPreviewResult>()(
    z.strictObject({ path, ...csvFormat, rows: z.number().int().min(1).max(200).optional() }),
  ),
  'datasets.import': invoke<ImportedDataset>()(
    z.strictObject({
      /** Chosen by the UI, so it can cancel the import and match progress events. */
      importId: z.string().min(1).max(100),
      path,
      name: z.string().min(1).max(MAX_DATASET_NAME).optional(),
      ...csvFormat,
      columnTypes: byColumnName(columnType).optional(),
      columnRoles: byColumnName(columnRole).optional(),
    }),
  ),
  'datasets.cancelImport': invoke<{ cancelled: boolean }>()(
    z.strictObject({ importId: z.string().min(1).max(100) }),
  ),
  'datasets.list': invoke<DatasetInfo[]>()(empty),
  /** One dataset with its columns and their profiles, as its entry in datasets.list. */
  'datasets.get': invoke<DatasetInfo>()(z.strictObject({ datasetId: id })),
  'datasets.columns': invoke<ColumnInfo[]>()(z.strictObject({ datasetId: id })),
  'datasets.setRole': invoke<ColumnInfo[]>()(
    z.strictObject({ datasetId: id, column: columnName, role: columnRole }),
  ),
  /** Bulk roles: one role for many columns (e.g. every column matching px*). */
  'datasets.setRoles': invoke<ColumnInfo[]>()(
    z.strictObject({
      datasetId: id,
      columns: z.array(columnName).min(1).max(2000),
      role: columnRole,
    }),
  ),
  /** Declares the numeric columns that form an image (null: none). */
  'datasets.setImage': invoke<DatasetInfo>()(
    z.strictObject({
      datasetId: id,
      image: z
        .strictObject({
          columns: z.array(columnName).min(1).max(2000),
          width: z.number().int().min(1).max(4096),
          height: z.number().int().min(1).max(4096),
          channels: z.union([z.literal(1), z.literal(3)]),
        })
        .nullable(),
    }),
  ),
  'datasets.rename': invoke<DatasetInfo>()(
    z.strictObject({ datasetId: id, name: z.string().min(1).max(MAX_DATASET_NAME) }),
  ),
  /** Deletes a dataset with its rows, tasks, splits and runs (refused while one trains). */
  'datasets.delete': invoke<null>()(z.strictObject({ datasetId: id })),
  'datasets.rows': invoke<RowsPage>()(
    z.strictObject({
      datasetId: id,
      offset: z.number().int().min(0),
      limit: z.number().int().min(0).max(MAX_PAGE_ROWS),
      orderBy: columnName.optional(),
      descending: z.boolean().optional(),
      /** Conditions that must all hold (AND), evaluated by SQLite. */
      filters: z.array(rowFilterSchema).max(MAX_ROW_FILTERS).optional(),
      /** False: skip counting the matching rows (`total` is null) — for later pages. */
      count: z.boolean().optional(),
      /** Cut text cells to this many characters (listed in the row's `cut`). */
      maxTextLength: z.number().int().min(1).max(MAX_CELL_PREVIEW).optional(),
    }),
  ),
  /** One cell whole (a page cut it), by row id and column name. */
  'datasets.cell': invoke<Cell>()(z.strictObject({ datasetId: id, rowId: id, column: columnName })),
} as const;

/** A dataset was imported, changed (name, roles, image, labels) or deleted — in any tab. */
export interface DatasetsChangedEvent {
  /** The dataset concerned. */
  datasetId: number;
  /** True when it was deleted. */
  deleted: boolean;
  /**
   * The dataset as it is after the change, when the server read it anyway (a label write
   * reads it for its answer): a page takes it instead of reading it again (`datasets.get`).
   * Absent otherwise.
   */
  dataset?: DatasetInfo;
}

/** The datasets event channels: name → payload type. */
export const DATASETS_EVENTS = {
  'import.progress': event<ImportProgressEvent>(),
  'datasets.changed': event<DatasetsChangedEvent>(),
} as const;
