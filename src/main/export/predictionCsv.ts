/**
 * Predictions as CSV: the header, held back until the first batch's rows are computed, and
 * each batch of predicted rows written straight into bytes (no string per row or per
 * number: at a million rows, building the lines as strings cost more than the forward
 * pass). Probabilities are written with six decimals, exactly as
 * `Number.prototype.toFixed(6)` writes them.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PredictionFormat } from './predictOutput';

/** The predictions CSV's last column for table input: the row's count of missing inputs. */
export const INPUTS_MISSING_COLUMN = 'inputs_missing';

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const COMMA = 44;
const NEWLINE = 10;
const DIGIT_0 = 48;

/** A growable byte buffer that CSV lines are written into. */
class LineBytes {
  bytes = Buffer.allocUnsafe(1 << 16);
  length = 0;

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** Bytes already encoded (a label). */
  encoded(b: Uint8Array): void {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  /** Any text, UTF-8. */
  text(s: string): void {
    this.reserve(s.length * 3);
    this.length += this.bytes.write(s, this.length, 'utf8');
  }

  /** A non-negative integer below 2^53 in decimal. */
  integer(v: number): void {
    this.reserve(16);
    const start = this.length;
    do {
      this.bytes[this.length++] = DIGIT_0 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    this.bytes.subarray(start, this.length).reverse();
  }

  /**
   * A float32 probability as toFixed(6) writes it. For p in [0, 1], p · 10⁶ is exact in
   * double precision (24 + 20 significant bits), so Math.round gives toFixed's integer,
   * ties included (both pick the larger). Anything else (NaN) goes through toFixed.
   */
  probability(p: number): void {
    if (!(p >= 0 && p <= 1)) return this.text(p.toFixed(6));
    this.reserve(8);
    const micro = Math.round(p * 1e6);
    const b = this.bytes;
    let at = this.length;
    b[at++] = micro === 1e6 ? DIGIT_0 + 1 : DIGIT_0;
    b[at++] = 46; // .
    let rest = micro === 1e6 ? 0 : micro;
    for (let i = 5; i >= 0; i--) {
      b[at + i] = DIGIT_0 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length = at + 6;
  }

  /** A copy of the bytes written (the stream keeps it while this buffer is reused). */
  take(): Buffer {
    const out = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

/** One batch of predictions, as {@link PredictionCsvWriter.batch} reads it. */
export interface PredictionBatch {
  /** [n] row numbers (file rows or row ids). */
  rows: ArrayLike<number>;
  /** [n] ids of an id column, or null. */
  ids: ArrayLike<string | null> | null;
  /**
   * Input columns copied as they are (`predict --keep-columns`): per kept column, its [n]
   * cell texts, written after the id and before the predictions; null or absent: none.
   */
  kept?: readonly (readonly string[])[] | null;
  /** Per task, row-major [n, k_t] probabilities. */
  probs: Float32Array[];
  /** Per task, [n] index of the predicted class. */
  best: Int32Array[];
  /** [n] model inputs missing in each row (table input), written last; null: no such column. */
  inputsMissing?: Int32Array | null;
}

/** Formats batches of predictions as CSV lines (after a header written separately). */
export class PredictionCsvWriter {
  private readonly out = new LineBytes();
  /** Per task, each label as an encoded CSV field. */
  private readonly labels: Uint8Array[][];

  /**
   * @param labels per task, its class labels in model order.
   * @param allProbs also write every class's probability after the predicted one.
   */
  constructor(
    labels: string[][],
    private readonly allProbs: boolean,
  ) {
    this.labels = labels.map((task) => task.map((l) => Buffer.from(csvField(l), 'utf8')));
  }

  /**
   * @returns the batch's CSV lines (each ending in "\n"): row, id (when given), the kept
   *   input columns (when given), then per task its predicted label and probability (and every probability with allProbs), then
   *   the count of missing inputs (when `inputsMissing` is given).
   */
  batch({ rows, ids, kept, probs, best, inputsMissing }: PredictionBatch): Buffer {
    const out = this.out;
    const n = rows.length;
    for (let r = 0; r < n; r++) {
      out.integer(rows[r]);
      if (ids) {
        out.byte(COMMA);
        out.text(csvField(ids[r] ?? ''));
      }
      if (kept) {
        for (const column of kept) {
          out.byte(COMMA);
          out.text(csvField(column[r]));
        }
      }
      for (let t = 0; t < probs.length; t++) {
        const k = this.labels[t].length;
        const p = probs[t];
        const b = best[t][r];
        out.byte(COMMA);
        out.encoded(this.labels[t][b]);
        out.byte(COMMA);
        out.probability(p[r * k + b]);
        if (this.allProbs) {
          for (let c = 0; c < k; c++) {
            out.byte(COMMA);
            out.probability(p[r * k + c]);
          }
        }
      }
      if (inputsMissing) {
        out.byte(COMMA);
        out.integer(inputsMissing[r]);
      }
      out.byte(NEWLINE);
    }
    return out.take();
  }
}

/** Writes to a stream, waiting when its buffer is full (back-pressure). */
async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * The predictions CSV written to `out`: the header (`header`'s names) is held back and
 * written in one write with the first batch's rows, once they are computed, so a pass that
 * fails before (a transform, the forward pass, a value that does not parse) leaves nothing
 * on `out` (stdout is written directly, not through a temporary file).
 * @param labels per task, its class labels in model order.
 * @returns `batch()` writes one batch of rows (after the header, the first time);
 *   `writeHeader()` writes the header alone if no batch wrote it (no row predicted).
 */
export function predictionCsvOutput(
  out: Writable,
  header: string[],
  labels: string[][],
  format: PredictionFormat,
): { batch(rows: PredictionBatch): Promise<void>; writeHeader(): Promise<void> } {
  let headerLine: string | null = `${header.map(csvField).join(',')}\n`;
  const csv = new PredictionCsvWriter(labels, Boolean(format.allProbs));
  return {
    batch: async (rows) => {
      const body = csv.batch(rows);
      if (headerLine !== null) {
        await write(out, Buffer.concat([Buffer.from(headerLine, 'utf8'), body]));
        headerLine = null;
      } else {
        await write(out, body);
      }
    },
    writeHeader: async () => {
      if (headerLine !== null) await write(out, headerLine);
      headerLine = null;
    },
  };
}
