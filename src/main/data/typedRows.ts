/**
 * Pass 2 of an import: the file's data rows converted to stored cell values under the
 * settled column types, in batches for the project store (no promise per row).
 */
import type { ColumnType } from '../../shared/domain';
import type { CellValue, RowSource } from '../store/datasets';
import { throwIfCancelled } from './cancellation';
import { exactNumberLiteral, plainNumberLiteral, textLiteral } from '../store/sqlLiterals';
import {
  CellTypeError,
  DEFAULT_GRAMMAR,
  parseNumber,
  toCellValue,
  type CellGrammar,
} from './cellValues';
import { cellTypeError } from './csvErrors';
import type { CsvTable } from './csvTable';
import { PROGRESS_EVERY_ROWS } from './scan';

/**
 * A function from a raw cell text to the SQL literal of its stored value under `type`
 * (what {@link toCellValue} gives, written by store/sqlLiterals.ts: numbers exact, texts
 * quoted, NULL for missing). A plain decimal that SQLite reads exactly is kept as it is
 * (no parse, no number-to-text conversion); everything else takes toCellValue's path.
 * @throws CellTypeError like toCellValue.
 */
export function cellLiteralWriter(
  type: ColumnType,
  grammar: CellGrammar = DEFAULT_GRAMMAR,
): (raw: string) => string {
  if (type === 'numeric') {
    // A missing token that is itself a number ("-999") must be checked first.
    const numericTokens = [...grammar.missing].some(
      (t) => parseNumber(t, grammar.decimalComma) !== null,
    );
    const general = (raw: string): string => {
      const value = toCellValue(raw, type, grammar);
      return value === null ? 'NULL' : exactNumberLiteral(value as number);
    };
    if (numericTokens) return general;
    return (raw) => plainNumberLiteral(raw) ?? general(raw);
  }
  if (type === 'boolean') {
    return (raw) => {
      const value = toCellValue(raw, type, grammar);
      return value === null ? 'NULL' : value === 1 ? '1' : '0';
    };
  }
  return (raw) => {
    const value = toCellValue(raw, type, grammar);
    return value === null ? 'NULL' : textLiteral(value as string);
  };
}

/**
 * Each data row as stored values: number (numeric), 1/0 (boolean), trimmed text
 * (categorical, text, image), null (missing); in batches (`batches`), one row at a time
 * (iterating the source itself), or as SQL tuple texts (`literalBatches`, built by
 * {@link cellLiteralWriter}: what the project store reads when present). Iterate one of
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
  const writers = types.map((type) => cellLiteralWriter(type, grammar));
  /** The same rows as SQL tuple texts (RowSource.literalBatches). */
  async function* literals(): AsyncGenerator<string[], void, undefined> {
    let rows = 0;
    try {
      for await (const records of table.batches) {
        const batch = new Array<string>(records.length);
        for (let r = 0; r < records.length; r++) {
          throwIfCancelled(signal);
          const record = records[r];
          const fields = record.fields;
          let tuple = '(';
          for (let i = 0; i < width; i++) {
            let literal: string;
            try {
              literal = writers[i](fields[i]);
            } catch (error) {
              if (!(error instanceof CellTypeError)) throw error;
              throw cellTypeError(
                { file: table.file, line: record.line, column: table.header[i] },
                error,
              );
            }
            tuple += i === 0 ? literal : `,${literal}`;
          }
          batch[r] = `${tuple})`;
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
