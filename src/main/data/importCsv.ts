/**
 * Imports a CSV file into a project as a dataset: pass 1 scans every row (types and
 * profiles, from streaming statistics and sketches), pass 2 streams the typed rows into
 * the store in one transaction. A large UTF-8 file is read once instead, its rows written
 * while they are profiled under types speculated from its first rows (onePassImport.ts),
 * with the same result; two passes follow only when a later row contradicts a speculation.
 * Nothing is stored on any error.
 */
import { parse as parsePath } from 'node:path';
import type { ColumnRole, ColumnType, DatasetInfo } from '../../shared/domain';
import type { ImportReread } from '../../shared/contract/datasets';
import type { DatasetStore, NewColumn } from '../store/datasets';
import { MtlError, reasonDetails } from '../../shared/errors';
import { throwIfCancelled } from './cancellation';
import { cellGrammar, type CellGrammar, type CellGrammarOptions } from './cellValues';
import { noDataRowsError } from './csvErrors';
import { resolveCsvFormat, type CsvFormat, type CsvFormatOptions } from './csvFormat';
import { encodingNotes, type EncodingNote } from './encodingNotes';
import {
  openCsvByteTable,
  openCsvTable,
  type BadLines,
  type BadLinesSeen,
  type RenamedColumn,
  type UnnamedColumn,
} from './csvTable';
import { canReadBytes } from './csvBytes';
import { refuseDelimiterNotInHeader, withDelimiterHint } from './delimiterHint';
import {
  columnNoteReason,
  columnNoteText,
  constantColumnNote,
  onePerRowNote,
  defaultColumnRole,
  dotThousandsNote,
  rowIndexNote,
} from './inference';
import { buildProfile } from './profile';
import {
  checkColumnNames,
  completeTextSketches,
  scanByteTable,
  scanTable,
  settleTypes,
  type ScanResult,
} from './scan';
import { typedByteRows, typedRows } from './typedRows';
import type { ColumnStats } from './profile';
import {
  importOnePass,
  ONE_PASS_MIN_BYTES,
  SpeculationMiss,
  type ColumnsOf,
} from './onePassImport';

/**
 * Progress of an import. `bytes`/`totalBytes` are file bytes; the scan phase may run twice;
 * 'load' alone for a one-pass import (then 'scan'/'write' only after a failed speculation,
 * each with `reread`).
 */
export interface ImportProgress {
  /** 'load': the one-pass import of a large file (onePassImport.ts), rows read, profiled and written. */
  phase: 'scan' | 'write' | 'load';
  /** Data rows done in this phase. */
  rows: number;
  bytes: number;
  totalBytes: number;
  /**
   * Set on every event after a one-pass import fell back to two passes (the bar starts
   * again): which column a later row contradicted, and how.
   */
  reread?: ImportReread;
}

/**
 * Options of {@link importCsv}. `missingTokens` (texts read as missing; default
 * MISSING_TOKENS: '', NA, N/A, NaN, null, ?) and `decimalComma` come from
 * CellGrammarOptions.
 */
export interface ImportCsvOptions extends CsvFormatOptions, CellGrammarOptions {
  /** Dataset name, unique in the project; default: the file's base name without extension. */
  name?: string;
  /** Types chosen by the user, by column name (they win over inference). */
  columnTypes?: Record<string, ColumnType>;
  /**
   * Roles chosen by the user, by column name (default: text and a row index → ignore, else
   * input; inference.ts defaultColumnRole).
   */
  columnRoles?: Record<string, ColumnRole>;
  /** Cancels the import: MtlError('IMPORT_CANCELLED') and nothing is stored. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Called once, when the header is read, if it had empty cells: the names they were given
   * (csvTable.ts nameHeader, pandas' `Unnamed: <index>`), so the caller can tell the user.
   */
  onUnnamedColumns?: (columns: UnnamedColumn[]) => void;
  /**
   * Called once, when the header is read, if it wrote a name twice: the names the later
   * columns were given (csvTable.ts nameHeader, pandas' `a.1`), so the caller can tell the user.
   */
  onRenamedColumns?: (columns: RenamedColumn[]) => void;
  /**
   * Called once the file's reading is settled (its sample read and its encoding chosen, once),
   * before the header is checked and any row is read, with the remarks on its encoding as
   * `import` words them (data/encodingNotes.ts) and the encoding it is read with: an import
   * that then fails (garbled text of a contradicted `encoding`) is still told why.
   */
  onEncoding?: (notes: EncodingNote[], encoding: string) => void;
  /**
   * Data lines whose field count differs from the header's (pandas' `on_bad_lines`):
   * 'error' (default) refuses the file naming the first, how many there are and their first
   * lines; 'skip' imports the others.
   */
  badLines?: BadLines;
  /**
   * Called once the dataset is stored, when `badLines: 'skip'` left lines out: how many and
   * their first lines, so the caller can tell the user (the CLI's note, the wizard's result).
   */
  onSkippedLines?: (skipped: BadLinesSeen) => void;
  /**
   * UTF-8 files of at least this many bytes are imported in one pass (onePassImport.ts);
   * default ONE_PASS_MIN_BYTES. Tests set 0 to run the one pass on small files.
   */
  onePassMinBytes?: number;
}

/** The store methods an import needs (lets tests use an in-memory fake). */
export interface DatasetWriter {
  datasets: Pick<DatasetStore, 'create' | 'list'>;
}

/**
 * Refuse a dataset name already used in the project (two datasets of the same name
 * cannot be told apart in lists and commands). Names are compared trimmed, as stored.
 * @throws MtlError('BAD_REQUEST') naming the existing dataset and its id.
 */
export async function checkDatasetNameFree(
  store: { datasets: Pick<DatasetStore, 'list'> },
  name: string,
): Promise<void> {
  const wanted = name.trim();
  const existing = (await store.datasets.list()).find((d) => d.name.trim() === wanted);
  if (existing) {
    throw new MtlError(
      'BAD_REQUEST',
      `a dataset named "${wanted}" already exists (id ${existing.id}); choose another name`,
      reasonDetails(
        'DATASET_NAME_TAKEN',
        { name: wanted },
        { name: wanted, datasetId: existing.id },
      ),
    );
  }
}

/**
 * The columns of a dataset from finished statistics and settled types: profile, default
 * role (or the user's), and a note on an inferred type that needs one (columnNoteReason),
 * on a row index left ignored (rowIndexNote) or on a column with one value in every row
 * (constantColumnNote).
 * @param rowCount data rows of the table
 * @param unnamed 0-based indices of the columns whose header cell was empty
 */
function datasetColumns(
  header: string[],
  stats: ColumnStats[],
  types: ColumnType[],
  rowCount: number,
  unnamed: ReadonlySet<number>,
  options: Pick<ImportCsvOptions, 'columnTypes' | 'columnRoles' | 'decimalComma'>,
  delimiter: string,
): NewColumn[] {
  return header.map((column, index) => {
    const built = buildProfile(stats[index], types[index]);
    // Kept so that predicting a new file of the same format reads its numbers alike.
    const profile =
      options.decimalComma && types[index] === 'numeric'
        ? { ...built, decimalComma: true as const }
        : built;
    const role =
      options.columnRoles?.[column] ??
      defaultColumnRole(stats[index], types[index], rowCount, unnamed.has(index));
    // Notes explain inferred types only; a type the user chose needs no explanation, but
    // its numbers' ambiguous dots still do. A row index says why it is ignored (also when
    // the user chose 'ignore': still true).
    const noteReason =
      (options.columnTypes?.[column]
        ? dotThousandsNote(stats[index], types[index])
        : columnNoteReason(stats[index], types[index], delimiter)) ??
      (role === 'ignore'
        ? rowIndexNote(stats[index], types[index], rowCount, unnamed.has(index))
        : undefined) ??
      constantColumnNote(stats[index], rowCount, types[index]) ??
      onePerRowNote(stats[index], types[index], rowCount, role);
    return {
      index,
      name: column,
      type: types[index],
      role,
      profile:
        noteReason === undefined
          ? profile
          : { ...profile, note: columnNoteText(noteReason, column), noteReason },
    };
  });
}

/**
 * Import a CSV file as a new dataset. A column gets a `profile.note` and its
 * `profile.noteReason` when its inferred type needs explaining (numbers with a decimal
 * comma, or mostly numeric with a few cells that do not parse: columnNoteReason) or when
 * it is a row index left with the role 'ignore' (rowIndexNote).
 * @param store project store (only `datasets.list` and `datasets.create` are used)
 * @param path path of the CSV file
 * @returns the stored dataset with its columns, types, roles and profiles
 * @throws MtlError 'BAD_REQUEST' (a dataset of that name exists — checked before the file
 *   is read; bad delimiter/quote option; override naming an unknown column),
 *   'NOT_FOUND' (no such file), 'CSV_ENCODING' (unknown encoding name, binary file),
 *   'CSV_PARSE' (empty file, header without rows, bad header, more than
 *   MAX_DATASET_COLUMNS columns — checked on the header, before any row —, wrong field count,
 *   unclosed quote, value not parsing under a chosen type — each naming file, line and
 *   column where known; a chosen delimiter that would read the header as one column of a
 *   file detection finds delimited otherwise, reason CSV_DELIMITER_NOT_IN_HEADER, checked
 *   before any row), 'IMPORT_CANCELLED'; store errors pass through. In every case
 *   nothing is stored.
 */
export async function importCsv(
  store: DatasetWriter,
  path: string,
  options: ImportCsvOptions = {},
): Promise<DatasetInfo> {
  const name = options.name ?? parsePath(path).name;
  await checkDatasetNameFree(store, name);
  const grammar = cellGrammar(options);
  const format = await resolveCsvFormat(path, options);
  if (options.onEncoding) {
    options.onEncoding(encodingNotes(format, options.encoding, 'import'), format.dialect.encoding);
  }
  // An unquoted header that the chosen delimiter would read as one column (nothing fails).
  refuseDelimiterNotInHeader(format, options.delimiter);
  try {
    return await importWithFormat(store, path, options, name, grammar, format);
  } catch (error) {
    // A wrong chosen delimiter is named as such, not as the quoting it trips over.
    throw withDelimiterHint(error, format, options.delimiter);
  }
}

/** {@link importCsv} once the dataset's name is free and the file's reading is settled. */
async function importWithFormat(
  store: DatasetWriter,
  path: string,
  options: ImportCsvOptions,
  name: string,
  grammar: CellGrammar,
  format: CsvFormat,
): Promise<DatasetInfo> {
  const { signal, onProgress } = options;
  let reread: ImportReread | undefined;
  const report = (phase: ImportProgress['phase']) => (p: { rows: number; bytes: number }) =>
    onProgress?.({
      phase,
      rows: p.rows,
      bytes: p.bytes,
      totalBytes: format.totalBytes,
      ...(reread ? { reread } : {}),
    });
  throwIfCancelled(signal);
  // Said once, though a one-pass import that falls back opens the header again.
  let unnamedSaid = false;
  const sayUnnamed = (columns: UnnamedColumn[]): void => {
    if (unnamedSaid || columns.length === 0) return;
    unnamedSaid = true;
    options.onUnnamedColumns?.(columns.map((c) => ({ ...c })));
  };
  let renamedSaid = false;
  const sayRenamed = (columns: RenamedColumn[]): void => {
    if (renamedSaid || columns.length === 0) return;
    renamedSaid = true;
    options.onRenamedColumns?.(columns.map((c) => ({ ...c })));
  };

  // UTF-8 files are split on bytes (csvBytes.ts: no string per numeric cell); others
  // are decoded first. Both give the same records, values and errors.
  const bytePath = canReadBytes(format.dialect);
  const openTable = bytePath ? openCsvByteTable : openCsvTable;
  const columnsOf: ColumnsOf = (header, stats, types, rowCount, unnamed) =>
    datasetColumns(
      header,
      stats,
      types,
      rowCount,
      new Set(unnamed.map((c) => c.index)),
      options,
      format.dialect.delimiter,
    );

  // A large UTF-8 file: one pass; two passes after a speculation that did not hold.
  let finished: ScanResult | null = null;
  if (bytePath && format.totalBytes >= (options.onePassMinBytes ?? ONE_PASS_MIN_BYTES)) {
    try {
      return await importOnePass(
        store,
        path,
        format,
        name,
        grammar,
        { ...options, onUnnamedColumns: sayUnnamed, onRenamedColumns: sayRenamed },
        columnsOf,
        report('load'),
      );
    } catch (error) {
      if (!(error instanceof SpeculationMiss)) throw error;
      finished = error.scan;
      // Say at once why the bar starts again (it stays said on every later event).
      reread = error.reread;
      report(finished === null ? 'scan' : 'write')({ rows: 0, bytes: 0 });
    }
  }

  // Pass 1: statistics of every column over all rows.
  const tableOptions = { forDataset: true, badLines: options.badLines };
  const scanTableHandle = await openTable(path, format.dialect, format.hasHeader, tableOptions);
  const { header, headerLine } = scanTableHandle;
  sayUnnamed(scanTableHandle.unnamed);
  sayRenamed(scanTableHandle.renamed);
  let scan: ScanResult;
  if (finished !== null) {
    await scanTableHandle.close();
    scan = finished;
  } else {
    try {
      checkColumnNames(header, options.columnRoles, 'columnRoles', scanTableHandle.file);
    } catch (error) {
      await scanTableHandle.close();
      throw error;
    }
    const scanOptions = {
      columnTypes: options.columnTypes,
      grammar,
      signal,
      onProgress: report('scan'),
    };
    scan =
      'rows' in scanTableHandle
        ? await scanTable(scanTableHandle, scanOptions)
        : await scanByteTable(scanTableHandle, scanOptions);
  }
  if (scan.rowCount === 0) {
    throw noDataRowsError(format.file, headerLine, scanTableHandle.badLines());
  }
  const types = settleTypes(header, scan.stats, scan.rowCount, options.columnTypes);
  if (bytePath) {
    await completeTextSketches(
      () => openCsvByteTable(path, format.dialect, format.hasHeader, tableOptions),
      scan.stats,
      types,
      { signal, onProgress: report('scan') },
    );
  }
  const columns = columnsOf(header, scan.stats, types, scan.rowCount, scanTableHandle.unnamed);
  throwIfCancelled(signal);

  // Pass 2: typed rows into the store, in one transaction.
  const writeTable = bytePath
    ? await openCsvByteTable(path, format.dialect, format.hasHeader, tableOptions)
    : await openCsvTable(path, format.dialect, format.hasHeader, tableOptions);
  const rows =
    'rows' in writeTable
      ? typedRows(writeTable, types, signal, report('write'), grammar)
      : typedByteRows(writeTable, types, signal, report('write'), grammar);
  try {
    const stored = await store.datasets.create(
      {
        name,
        sourceName: format.file,
        encoding: format.dialect.encoding,
        delimiter: format.dialect.delimiter,
        columns,
      },
      rows,
    );
    const skipped = writeTable.badLines();
    if (skipped.count > 0) options.onSkippedLines?.(skipped);
    return stored;
  } finally {
    // If the store stopped early (or never iterated), release the file.
    await rows.close();
  }
}
