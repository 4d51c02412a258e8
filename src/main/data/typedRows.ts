/**
 * Pass 2 of an import: the file's data rows converted to stored cell values under the
 * settled column types, in batches for the project store (no promise per row).
 */
import type { ColumnType } from '../../shared/domain';
import type { CellValue, RowSource } from '../store/datasets';
import { throwIfCancelled } from './cancellation';
import { CellTypeError, DEFAULT_GRAMMAR, toCellValue, type CellGrammar } from './cellValues';
import { cellTypeError } from './csvErrors';
import type { CsvTable } from './csvTable';
import { PROGRESS_EVERY_ROWS } from './scan';

/**
 * Each data row as stored values: number (numeric), 1/0 (boolean), trimmed text
 * (categorical, text, image), null (missing); in batches (`batches`, what the project
 * store reads) or one row at a time (iterating the source itself). Closes the table when
 * done or abandoned.
 * @param types one type per column, in header order
 * @param onProgress called every PROGRESS_EVERY_ROWS rows and at the end
 * @param grammar missing tokens and number format (default: DEFAULT_GRAMMAR)
 * @throws MtlError('CSV_PARSE') for malformed rows or a value that does not parse under
 *   its column's type (file, line, column); MtlError('IMPORT_CANCELLED') when `signal`
 *   is aborted. Thrown from the iterator, so a store consuming it rolls back.
 */
export function typedRows(
  table: CsvTable,
  types: ColumnType[],
  signal?: AbortSignal,
  onProgress?: (progress: { rows: number; bytes: number }) => void,
  grammar: CellGrammar = DEFAULT_GRAMMAR,
): RowSource & { close(): Promise<void> } {
  const width = types.length;
  async function* generate(): AsyncGenerator<CellValue[][], void, undefined> {
    let rows = 0;
    try {
      for await (const records of table.batches) {
        const batch = new Array<CellValue[]>(records.length);
        for (let r = 0; r < records.length; r++) {
          throwIfCancelled(signal);
          const record = records[r];
          const values = new Array<CellValue>(width);
          for (let i = 0; i < width; i++) {
            try {
              values[i] = toCellValue(record.fields[i], types[i], grammar);
            } catch (error) {
              if (!(error instanceof CellTypeError)) throw error;
              throw cellTypeError(
                { file: table.file, line: record.line, column: table.header[i] },
                error,
              );
            }
          }
          batch[r] = values;
          rows++;
          if (rows % PROGRESS_EVERY_ROWS === 0) onProgress?.({ rows, bytes: table.bytesRead() });
        }
        if (batch.length > 0) yield batch;
      }
      throwIfCancelled(signal);
      onProgress?.({ rows, bytes: table.bytesRead() });
    } finally {
      await table.close();
    }
  }
  const batches = generate();
  return {
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches) yield* batch;
    },
    async close() {
      await batches.return();
      await table.close();
    },
  };
}
