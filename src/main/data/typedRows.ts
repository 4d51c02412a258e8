/**
 * Pass 2 of an import: the file's data rows converted to stored cell values under the
 * settled column types, in batches for the project store (no promise per row).
 */
import type { ColumnType } from '../../shared/domain';
import type { CellValue, LiteralBatch, RowSource } from '../store/datasets';
import { throwIfCancelled } from './cancellation';
import { exactNumberLiteral, plainNumberLiteral, textLiteral } from '../store/sqlLiterals';
import {
  CellTypeError,
  DEFAULT_GRAMMAR,
  hasNumericMissingTokens,
  toCellValue,
  type CellGrammar,
} from './cellValues';
import { cellTypeError } from './csvErrors';
import type { CsvTable } from './csvTable';
import { PROGRESS_EVERY_ROWS } from './scan';

/**
 * The SQL literal of a raw cell text's stored value under `type` (what {@link toCellValue}
 * gives, written by store/sqlLiterals.ts: numbers exact, texts quoted, NULL for missing).
 * @throws CellTypeError like toCellValue.
 */
export function rawCellLiteral(raw: string, type: ColumnType, grammar: CellGrammar): string {
  const value = toCellValue(raw, type, grammar);
  if (value === null) return 'NULL';
  if (type === 'numeric') return exactNumberLiteral(value as number);
  if (type === 'boolean') return value === 1 ? '1' : '0';
  return textLiteral(value as string);
}

/**
 * Each data row as stored values: number (numeric), 1/0 (boolean), trimmed text
 * (categorical, text, image), null (missing); in batches (`batches`), one row at a time
 * (iterating the source itself), or as SQL tuple texts (`literalBatches`, built by
 * {@link rawCellLiteral}: what the project store reads when present). Iterate one of
 * them. Closes the table when done or abandoned.
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
  // A plain decimal that SQLite reads exactly is written as it is (no parse, no
  // number-to-text conversion), in numeric columns whose missing tokens are not numbers
  // ("-999" must be checked first); every other cell takes rawCellLiteral's path.
  const numericTokens = hasNumericMissingTokens(grammar);
  const plainNumeric = types.map((type) => type === 'numeric' && !numericTokens);
  /** The same rows as SQL tuple texts (RowSource.literalBatches), one text per batch. */
  async function* literals(): AsyncGenerator<LiteralBatch, void, undefined> {
    let rows = 0;
    try {
      for await (const records of table.batches) {
        // Concatenated (a rope, flattened once when node-sqlite3 copies the statement):
        // measured 2–5× faster than collecting the pieces in an array and joining them.
        let text = '';
        for (let r = 0; r < records.length; r++) {
          throwIfCancelled(signal);
          const record = records[r];
          const fields = record.fields;
          text += r === 0 ? '(' : ',(';
          for (let i = 0; i < width; i++) {
            if (i > 0) text += ',';
            const raw = fields[i];
            const plain = plainNumeric[i] ? plainNumberLiteral(raw) : null;
            if (plain !== null) {
              text += plain;
              continue;
            }
            try {
              text += rawCellLiteral(raw, types[i], grammar);
            } catch (error) {
              if (!(error instanceof CellTypeError)) throw error;
              throw cellTypeError(
                { file: table.file, line: record.line, column: table.header[i] },
                error,
              );
            }
          }
          text += ')';
          rows++;
          if (rows % PROGRESS_EVERY_ROWS === 0) onProgress?.({ rows, bytes: table.bytesRead() });
        }
        if (records.length > 0) yield { rows: records.length, tuples: text };
      }
      throwIfCancelled(signal);
      onProgress?.({ rows, bytes: table.bytesRead() });
    } finally {
      await table.close();
    }
  }
  const literalBatches = literals();
  return {
    batches,
    literalBatches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches) yield* batch;
    },
    async close() {
      await batches.return();
      await literalBatches.return();
      await table.close();
    },
  };
}
