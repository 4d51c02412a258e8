/**
 * Imports a CSV file into a project as a dataset: pass 1 scans every row (types and
 * profiles), an optional extra pass bins wide-ranging numeric columns, pass 2 streams
 * the typed rows into the store in one transaction. Nothing is stored on any error.
 */
import { parse as parsePath } from 'node:path';
import type { ColumnRole, ColumnType, DatasetInfo } from '../../shared/domain';
import type { NewColumn, ProjectStore } from '../store/projectStore';
import { throwIfCancelled } from './cancellation';
import { csvError } from './csvErrors';
import { resolveCsvFormat, type CsvFormatOptions } from './csvFormat';
import { openCsvTable } from './csvTable';
import { defaultRole } from './inference';
import { buildProfile, type NumericHistogram } from './profile';
import { checkColumnNames, histogramPass, scanTable, settleTypes } from './scan';
import { typedRows } from './typedRows';

/** Progress of an import. `bytes`/`totalBytes` are file bytes; the scan phase may run twice. */
export interface ImportProgress {
  phase: 'scan' | 'write';
  /** Data rows done in this phase. */
  rows: number;
  bytes: number;
  totalBytes: number;
}

/** Options of {@link importCsv}. */
export interface ImportCsvOptions extends CsvFormatOptions {
  /** Dataset name; default: the file's base name without extension. */
  name?: string;
  /** Types chosen by the user, by column name (they win over inference). */
  columnTypes?: Record<string, ColumnType>;
  /** Roles chosen by the user, by column name (default: text → ignore, else input). */
  columnRoles?: Record<string, ColumnRole>;
  /** Cancels the import: MtlError('IMPORT_CANCELLED') and nothing is stored. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/** The one store method an import needs (lets tests use an in-memory fake). */
export type DatasetWriter = Pick<ProjectStore, 'createDatasetWithRows'>;

/**
 * Import a CSV file as a new dataset.
 * @param store project store (only `createDatasetWithRows` is used)
 * @param path path of the CSV file
 * @returns the stored dataset with its columns, types, roles and profiles
 * @throws MtlError 'NOT_FOUND' (no such file), 'CSV_ENCODING' (unknown encoding name),
 *   'BAD_REQUEST' (bad delimiter/quote option, override naming an unknown column),
 *   'CSV_PARSE' (empty file, header without rows, bad header, wrong field count,
 *   unclosed quote, value not parsing under a chosen type — each naming file, line and
 *   column where known), 'IMPORT_CANCELLED'; store errors pass through. In every case
 *   nothing is stored.
 */
export async function importCsv(
  store: DatasetWriter,
  path: string,
  options: ImportCsvOptions = {},
): Promise<DatasetInfo> {
  const format = await resolveCsvFormat(path, options);
  const { signal, onProgress } = options;
  const report = (phase: ImportProgress['phase']) => (p: { rows: number; bytes: number }) =>
    onProgress?.({ phase, rows: p.rows, bytes: p.bytes, totalBytes: format.totalBytes });
  throwIfCancelled(signal);

  // Pass 1: statistics of every column over all rows.
  const scanTableHandle = await openCsvTable(path, format.dialect, format.hasHeader);
  const { header, headerLine } = scanTableHandle;
  try {
    checkColumnNames(header, options.columnRoles, 'columnRoles');
  } catch (error) {
    await scanTableHandle.close();
    throw error;
  }
  const scan = await scanTable(scanTableHandle, {
    columnTypes: options.columnTypes,
    signal,
    onProgress: report('scan'),
  });
  if (scan.rowCount === 0) {
    throw csvError(
      { file: format.file, line: headerLine },
      'the file has a header but no data rows',
    );
  }
  const types = settleTypes(header, scan.stats, scan.rowCount, options.columnTypes);

  // Extra pass only for numeric columns with too many distinct values to bin from memory.
  const wide = types.flatMap((type, index) => {
    const summary = type === 'numeric' ? scan.stats[index].numericSummary() : null;
    return summary && !scan.stats[index].hasExactNumberCounts()
      ? [{ index, min: summary.min, max: summary.max }]
      : [];
  });
  let histograms = new Map<number, NumericHistogram>();
  if (wide.length > 0) {
    histograms = await histogramPass(path, format, wide, { signal, onProgress: report('scan') });
  }

  const columns: NewColumn[] = header.map((name, index) => ({
    index,
    name,
    type: types[index],
    role: options.columnRoles?.[name] ?? defaultRole(types[index]),
    profile: buildProfile(scan.stats[index], types[index], histograms.get(index)),
  }));
  throwIfCancelled(signal);

  // Pass 2: typed rows into the store, in one transaction.
  const writeTable = await openCsvTable(path, format.dialect, format.hasHeader);
  const rows = typedRows(writeTable, types, signal, report('write'));
  try {
    return await store.createDatasetWithRows(
      {
        name: options.name ?? parsePath(path).name,
        sourceName: format.file,
        encoding: format.dialect.encoding,
        delimiter: format.dialect.delimiter,
        columns,
      },
      rows,
    );
  } finally {
    // If the store stopped early (or never iterated), release the file.
    await rows.return();
    await writeTable.close();
  }
}
