/**
 * Pass 2 of an import: the file's data rows converted to stored cell values under the
 * settled column types, in batches for the project store (no promise per row).
 */
import type { ColumnType } from '../../shared/domain';
import type { CellValue, LiteralBatch, RowSource } from '../store/datasets';
import { throwIfCancelled } from './cancellation';
import {
  binaryFractionLiteral,
  exactNumberLiteral,
  plainNumberLiteral,
  scannedIsExactForSqlite,
  textLiteral,
} from '../store/sqlLiterals';
import { fieldText, recordFields, type ByteBatch } from './csvBytes';
import { scanPlainDecimalBytes, scannedFastValue } from './plainDecimal';
import {
  CellTypeError,
  DEFAULT_GRAMMAR,
  hasNumericMissingTokens,
  isAmbiguousDotBytes,
  toCellValue,
  type CellGrammar,
} from './cellValues';
import { cellTypeError } from './csvErrors';
import type { CsvByteTable, CsvTable } from './csvTable';
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
  // With the decimal-comma option "1.000" is plain yet reads as 1000 (cellValues.ts
  // parseNumber): every cell then takes rawCellLiteral's path.
  const plainNumeric = types.map(
    (type) => type === 'numeric' && !numericTokens && !grammar.decimalComma,
  );
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

/** A growable byte buffer that statement text is written into (ASCII unless told). */
class TextBuffer {
  bytes = Buffer.allocUnsafe(1 << 20);
  length = 0;
  /** False once a non-ASCII character was written. */
  ascii = true;

  reserve(more: number): void {
    const need = this.length + more;
    if (need <= this.bytes.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  text(text: string): void {
    this.reserve(text.length * 3);
    const written = this.bytes.write(text, this.length, 'utf8');
    if (written !== text.length) this.ascii = false;
    this.length += written;
  }

  /** The text written so far, and empty the buffer. */
  take(): string {
    const text = this.ascii
      ? this.bytes.toString('latin1', 0, this.length)
      : this.bytes.toString('utf8', 0, this.length);
    this.length = 0;
    this.ascii = true;
    return text;
  }
}

const QUOTE = 39; // '

/**
 * Rows per literal batch of {@link typedByteRows} (one statement each: the project store's
 * LiteralInserter sends a statement at 500 rows). Measured with the sqlite3 shell on
 * 200 000 rows of the bench file: statements of 250–500 rows cost SQLite ≈ 0.75–0.8 CPU s,
 * 4 000 rows ≈ 1.0–1.1 s, 13 000 rows ≈ 1.2 s (a long VALUES list is held whole).
 */
export const LITERAL_BATCH_ROWS = 500;

/**
 * True when bytes [start, end) are a text cell whose SQL literal is the bytes themselves
 * in single quotes: printable ASCII without `'`, no space at either end (nothing to
 * trim), and not possibly a missing token of the grammar (longer than every token, or a
 * first character no token starts with).
 */
function isPlainText(bytes: Buffer, start: number, end: number, grammar: CellGrammar): boolean {
  if (end === start) return false;
  if (bytes[start] === 32 || bytes[end - 1] === 32) return false;
  if (
    grammar.longestMissing === undefined ||
    grammar.missingFirst === undefined ||
    (end - start <= grammar.longestMissing && grammar.missingFirst[bytes[start]] !== 0)
  ) {
    return false;
  }
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c < 32 || c > 126 || c === QUOTE) return false;
  }
  return true;
}

/** A CellTypeError of cell (r, i) of a batch as the import's MtlError (file, line, column). */
function batchTypeError(
  table: Pick<CsvByteTable, 'file' | 'header'>,
  batch: ByteBatch,
  r: number,
  i: number,
  error: unknown,
): unknown {
  if (!(error instanceof CellTypeError)) return error;
  return cellTypeError({ file: table.file, line: batch.lines[r], column: table.header[i] }, error);
}

/**
 * The rows of byte batches as SQL tuple texts under the column types (what
 * {@link typedByteRows}' `literalBatches` give, and the one-pass import writes): a plain
 * decimal that SQLite reads exactly (sqlLiterals' test) and a plain ASCII text are copied
 * straight from the file's bytes into the statement text; every other cell is decoded and
 * written by {@link rawCellLiteral}. Texts of {@link LITERAL_BATCH_ROWS} rows (and the
 * rest of each batch).
 */
export class ByteLiterals {
  /** Rows written so far. */
  rows = 0;
  private readonly text = new TextBuffer();
  private readonly width: number;
  /** 1: plain decimals copied; 2: plain texts copied; 0: every cell through rawCellLiteral. */
  private readonly mode: number[];

  /**
   * @param table header and file name (for messages)
   * @param onProgress called every PROGRESS_EVERY_ROWS rows
   */
  constructor(
    private readonly table: Pick<CsvByteTable, 'file' | 'header'>,
    private readonly types: ColumnType[],
    private readonly grammar: CellGrammar = DEFAULT_GRAMMAR,
    private readonly signal?: AbortSignal,
    private readonly onProgress?: (progress: { rows: number; bytes: number }) => void,
  ) {
    this.width = types.length;
    const numericTokens = hasNumericMissingTokens(grammar);
    // With the decimal-comma option a plain "1.000" reads as 1000 (cellValues.ts
    // parseNumber): such a cell is checked for in the plain-number path (mode 1).
    this.mode = types.map((type) =>
      type === 'numeric' ? (numericTokens ? 0 : 1) : type === 'boolean' ? 0 : 2,
    );
  }

  /**
   * The tuple texts of rows `from` … `to − 1` of one batch (default: all of them);
   * `bytesRead` is for progress. `exactDecimals` (the
   * batch's ByteTableScan.exactDecimals) marks fields known to be plain decimals SQLite
   * reads exactly: copied without scanning them again.
   * @throws MtlError('CSV_PARSE') for a value not parsing under its column's type;
   *   MtlError('IMPORT_CANCELLED').
   */
  *batch(
    batch: ByteBatch,
    bytesRead: () => number,
    exactDecimals?: Uint8Array,
    from = 0,
    to = batch.count,
  ): Generator<LiteralBatch, void, undefined> {
    const { text, width, mode, types, grammar, signal, onProgress } = this;
    const { bytes, fieldStart, starts, ends, doubled } = batch;
    let pending = 0;
    // Copies are plain loops: Buffer.copy costs more in its checks than a short cell.
    let out = text.bytes;
    let length = text.length;
    for (let r = from; r < to; r++) {
      throwIfCancelled(signal);
      const base = fieldStart[r];
      // Room for the plain cells of the row: its bytes, quotes, commas, parentheses.
      const room = ends[base + width - 1] - starts[base] + width * 3 + 3;
      if (length + room > out.length) {
        text.length = length;
        text.reserve(room);
        out = text.bytes;
      }
      if (pending > 0) out[length++] = 44;
      out[length++] = 40;
      for (let i = 0; i < width; i++) {
        if (i > 0) out[length++] = 44;
        const f = base + i;
        const start = starts[f];
        const end = ends[f];
        const m = mode[i];
        if (doubled[f] === 0) {
          if (m === 1 && !(this.grammar.decimalComma && isAmbiguousDotBytes(bytes, start, end))) {
            if (exactDecimals !== undefined && exactDecimals[f] === 1) {
              for (let k = start; k < end; k++) out[length++] = bytes[k];
              continue;
            }
            if (scanPlainDecimalBytes(bytes, start, end)) {
              if (scannedIsExactForSqlite()) {
                for (let k = start; k < end; k++) out[length++] = bytes[k];
                continue;
              }
              // Too near a rounding midpoint for SQLite's reader: the exact binary
              // expression of its value (the same stored value as rawCellLiteral's, without
              // decoding the cell or trying the shortest text, which is mostly this text).
              const value = scannedFastValue();
              if (value === value && value !== 0) {
                text.length = length;
                text.text(
                  Number.isSafeInteger(value) ? String(value) : binaryFractionLiteral(value),
                );
                text.reserve(room);
                out = text.bytes;
                length = text.length;
                continue;
              }
            }
          } else if (m === 2 && isPlainText(bytes, start, end, grammar)) {
            out[length++] = QUOTE;
            for (let k = start; k < end; k++) out[length++] = bytes[k];
            out[length++] = QUOTE;
            continue;
          }
        }
        let literal: string;
        try {
          literal = rawCellLiteral(fieldText(batch, f), types[i], grammar);
        } catch (error) {
          throw batchTypeError(this.table, batch, r, i, error);
        }
        text.length = length;
        text.text(literal);
        text.reserve(room);
        out = text.bytes;
        length = text.length;
      }
      out[length++] = 41;
      this.rows++;
      if (this.rows % PROGRESS_EVERY_ROWS === 0) {
        onProgress?.({ rows: this.rows, bytes: bytesRead() });
      }
      if (++pending === LITERAL_BATCH_ROWS) {
        text.length = length;
        yield { rows: pending, tuples: text.take() };
        pending = 0;
        out = text.bytes;
        length = 0;
      }
    }
    text.length = length;
    if (pending > 0) yield { rows: pending, tuples: text.take() };
  }
}

/**
 * {@link typedRows} over a table of byte batches (the import's fast path, csvBytes.ts):
 * the same stored values, progress, cancellation and errors. Its `literalBatches` copy a
 * plain decimal that SQLite reads exactly (sqlLiterals' test) and a plain ASCII text
 * straight from the file's bytes into the statement text; every other cell is decoded
 * and written by {@link rawCellLiteral}. Closes the table when done or abandoned.
 * @throws like typedRows.
 */
export function typedByteRows(
  table: CsvByteTable,
  types: ColumnType[],
  signal?: AbortSignal,
  onProgress?: (progress: { rows: number; bytes: number }) => void,
  grammar: CellGrammar = DEFAULT_GRAMMAR,
): RowSource & { close(): Promise<void> } {
  const width = types.length;
  async function* generate(): AsyncGenerator<CellValue[][], void, undefined> {
    let rows = 0;
    try {
      for await (const batch of table.batches) {
        const out = new Array<CellValue[]>(batch.count);
        for (let r = 0; r < batch.count; r++) {
          throwIfCancelled(signal);
          const fields = recordFields(batch, r);
          const values = new Array<CellValue>(width);
          for (let i = 0; i < width; i++) {
            try {
              values[i] = toCellValue(fields[i], types[i], grammar);
            } catch (error) {
              throw batchTypeError(table, batch, r, i, error);
            }
          }
          out[r] = values;
          rows++;
          if (rows % PROGRESS_EVERY_ROWS === 0) onProgress?.({ rows, bytes: table.bytesRead() });
        }
        if (out.length > 0) yield out;
      }
      throwIfCancelled(signal);
      onProgress?.({ rows, bytes: table.bytesRead() });
    } finally {
      await table.close();
    }
  }
  const batches = generate();

  const literalRows = new ByteLiterals(table, types, grammar, signal, onProgress);
  async function* literals(): AsyncGenerator<LiteralBatch, void, undefined> {
    try {
      for await (const batch of table.batches) yield* literalRows.batch(batch, table.bytesRead);
      throwIfCancelled(signal);
      onProgress?.({ rows: literalRows.rows, bytes: table.bytesRead() });
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
