/**
 * The CSV import's fast reader: the records of a UTF-8 file split on its BYTES, with each
 * field kept as a byte range of the chunk it was read in (no string per cell). Pass 1
 * reads plain decimals straight from those bytes and pass 2 copies them into the
 * statement text; a cell needing more (spaces, non-ASCII text, quotes inside, missing
 * tokens) is decoded to a string on demand ({@link fieldText}) and takes the string path.
 *
 * The grammar is exactly {@link CsvScanner}'s (see csvScanner.ts), on bytes: with an
 * ASCII delimiter and quote character, every byte of a multi-byte UTF-8 sequence is
 * ≥ 0x80, so none is taken for a delimiter, a quote or a line break. Used only for
 * UTF-8 files with a one-byte delimiter and quote (see {@link canReadBytes}); other
 * encodings are decoded by iconv-lite and split by CsvScanner.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import {
  CsvSyntaxError,
  MAX_RECORD_CHARS,
  invalidUtf8Error,
  recordOverflow,
  textAfterQuote,
  type QuotedOverflow,
} from './csvScanner';
import { isCellSpace } from './cellValues';
import { cutSequenceLength, firstInvalidUtf8 } from './encodingChecks';
import type { CsvDialect } from './csvStream';

/** Bytes read from the file at a time (one batch of about 13 000 rows of the bench file). */
export const BYTE_CHUNK = 1 << 18;

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/**
 * True when a file of this dialect can be split on bytes: UTF-8 (iconv-lite's name in any
 * spelling) and an ASCII delimiter and quote character.
 */
export function canReadBytes(dialect: CsvDialect): boolean {
  const encoding = dialect.encoding.toLowerCase().replace(/[-_]/g, '');
  return (
    encoding === 'utf8' &&
    dialect.delimiter.length === 1 &&
    dialect.delimiter.charCodeAt(0) < 128 &&
    dialect.quoteChar.length === 1 &&
    dialect.quoteChar.charCodeAt(0) < 128
  );
}

/**
 * Records of one chunk of the file. Record r has the fields `fieldStart[r]` …
 * `fieldStart[r + 1] − 1`; field f is the bytes `starts[f]` … `ends[f] − 1` of `bytes`
 * (quotes removed; a doubled quote inside is still doubled where `doubled[f]` is 1), and
 * the record starts on file line `lines[r]` (1-based). Its arrays are reused for the batch
 * after the next one: read a batch before asking for the next.
 */
export interface ByteBatch {
  bytes: Buffer;
  count: number;
  fieldStart: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  doubled: Uint8Array;
  lines: Int32Array;
  /** Quote character, for {@link fieldText}. */
  quote: string;
}

/** The text of field `f` of a batch: its bytes decoded as UTF-8, doubled quotes undone. */
export function fieldText(batch: ByteBatch, f: number): string {
  const text = batch.bytes.toString('utf8', batch.starts[f], batch.ends[f]);
  return batch.doubled[f] === 1 ? text.replaceAll(batch.quote + batch.quote, batch.quote) : text;
}

/** Longest field the {@link FieldTextCache} keeps. */
const CACHED_FIELD_BYTES = 64;
const CACHE_SLOTS = 256;

/**
 * The texts of a column's recent short ASCII fields, by a hash of their bytes: a column of
 * few distinct values (categories) gets each cell's string without decoding it again.
 * Gives exactly {@link fieldText}.
 */
export class FieldTextCache {
  private readonly slots = new Array<string | undefined>(CACHE_SLOTS);

  /** {@link fieldText}(batch, f), from the cache when the same bytes were seen. */
  text(batch: ByteBatch, f: number): string {
    const start = batch.starts[f];
    const end = batch.ends[f];
    if (end - start > CACHED_FIELD_BYTES || batch.doubled[f] === 1) return fieldText(batch, f);
    const bytes = batch.bytes;
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c >= 128) return fieldText(batch, f);
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const slot = (hash ^ (hash >>> 8)) & (CACHE_SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === end - start) {
      let same = true;
      for (let i = start, k = 0; i < end; i++, k++) {
        if (cached.charCodeAt(k) !== bytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const text = bytes.toString('latin1', start, end);
    this.slots[slot] = text;
    return text;
  }
}

/** The fields of record r as strings (see {@link fieldText}). */
export function recordFields(batch: ByteBatch, r: number): string[] {
  const fields: string[] = [];
  for (let f = batch.fieldStart[r]; f < batch.fieldStart[r + 1]; f++) {
    fields.push(fieldText(batch, f));
  }
  return fields;
}

/** Growable arrays of one batch under construction. */
class BatchBuilder {
  count = 0;
  fields = 0;
  fieldStart = new Int32Array(1024);
  lines = new Int32Array(1024);
  starts = new Int32Array(8192);
  ends = new Int32Array(8192);
  doubled = new Uint8Array(8192);
  /** The arrays of the batch taken last (see {@link take}). */
  private spare: {
    fieldStart: Int32Array<ArrayBuffer>;
    lines: Int32Array<ArrayBuffer>;
    starts: Int32Array<ArrayBuffer>;
    ends: Int32Array<ArrayBuffer>;
    doubled: Uint8Array<ArrayBuffer>;
  } | null = null;

  addField(start: number, end: number, doubled: boolean): void {
    if (this.fields === this.starts.length) {
      const size = this.fields * 2;
      this.starts = grow(this.starts, size);
      this.ends = grow(this.ends, size);
      const d = new Uint8Array(size);
      d.set(this.doubled);
      this.doubled = d;
    }
    this.starts[this.fields] = start;
    this.ends[this.fields] = end;
    this.doubled[this.fields] = doubled ? 1 : 0;
    this.fields++;
  }

  /** Close the record whose fields start at field index `first`. */
  endRecord(first: number, line: number): void {
    if (this.count + 1 >= this.fieldStart.length) {
      this.fieldStart = grow(this.fieldStart, this.fieldStart.length * 2);
      this.lines = grow(this.lines, this.lines.length * 2);
    }
    this.fieldStart[this.count] = first;
    this.lines[this.count] = line;
    this.count++;
    this.fieldStart[this.count] = this.fields;
  }

  /** Drop the fields of an unfinished record (from field index `first`). */
  dropFrom(first: number): void {
    this.fields = first;
  }

  take(bytes: Buffer, quote: string): ByteBatch {
    const batch: ByteBatch = {
      bytes,
      count: this.count,
      fieldStart: this.fieldStart.subarray(0, this.count + 1),
      starts: this.starts.subarray(0, this.fields),
      ends: this.ends.subarray(0, this.fields),
      doubled: this.doubled.subarray(0, this.fields),
      lines: this.lines.subarray(0, this.count),
      quote,
    };
    // The arrays of the batch before this one are reused for the next batch (a consumer
    // reads a batch before asking for the next one; two sets leave a batch's margin).
    const spare = this.spare;
    this.spare = {
      fieldStart: this.fieldStart,
      lines: this.lines,
      starts: this.starts,
      ends: this.ends,
      doubled: this.doubled,
    };
    this.count = 0;
    this.fields = 0;
    if (spare === null) {
      this.fieldStart = new Int32Array(this.fieldStart.length);
      this.lines = new Int32Array(this.lines.length);
      this.starts = new Int32Array(this.starts.length);
      this.ends = new Int32Array(this.ends.length);
      this.doubled = new Uint8Array(this.doubled.length);
    } else {
      ({
        fieldStart: this.fieldStart,
        lines: this.lines,
        starts: this.starts,
        ends: this.ends,
        doubled: this.doubled,
      } = spare);
    }
    return batch;
  }
}

function grow(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/** True when bytes [start, end) are blank as trimCell sees them (ASCII whitespace only). */
function isBlankField(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!isCellSpace(bytes[i])) return false;
  }
  return true;
}

/**
 * Incremental record splitter over bytes, with {@link CsvScanner}'s grammar, errors and
 * line numbers. Feed chunks with {@link push}, then call {@link finish}.
 */
export class ByteCsvScanner {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly quoteText: string;
  /** Bytes of the record in progress (from its first byte), carried to the next chunk. */
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** File line on which the record in progress starts. */
  private line = 1;
  private readonly builder = new BatchBuilder();
  /** The bytes being scanned (what the records of a partial batch refer to). */
  private current: Buffer = Buffer.alloc(0);
  /** Set once a quoted cell passed MAX_RECORD_CHARS: the rest is read only for the error. */
  private overflow: QuotedOverflow | null = null;

  /**
   * @param encodingChosen whether UTF-8 was the user's choice (a byte that is not UTF-8 is
   *   then said to be against it)
   */
  constructor(
    delimiter: string,
    quoteChar: string,
    private readonly encodingChosen = false,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quoteChar.charCodeAt(0);
    this.quoteText = quoteChar;
  }

  /**
   * Scan the records completed by `chunk`; returns them (a batch, possibly of 0 records).
   * The chunk's memory may be reused for the chunk after next (what the scanner keeps of
   * it is copied by then).
   * @throws CsvSyntaxError like CsvScanner.push, and CSV_INVALID_UTF8 for a byte that is
   *   not UTF-8 (as the string path's decoder; see openCsvBatches).
   */
  push(chunk: Buffer): ByteBatch {
    if (this.overflow !== null) {
      const error = this.overflow.push(chunk);
      if (error !== null) throw error;
      return this.builder.take(chunk, this.quoteText);
    }
    if (this.tailBytes > 0 && chunk.indexOf(LF) === -1 && chunk.indexOf(CR) === -1) {
      // A copy: the caller may read the next chunk into the same memory.
      this.tail.push(Buffer.from(chunk));
      this.tailBytes += chunk.length;
      this.checkRecordLength();
      return this.builder.take(chunk, this.quoteText);
    }
    const bytes =
      this.tailBytes === 0
        ? chunk
        : Buffer.concat([...this.tail, chunk], this.tailBytes + chunk.length);
    this.current = bytes;
    this.checkUtf8(bytes, bytes.length - cutSequenceLength(bytes));
    const consumed = this.scan(bytes, false);
    // Copied: `bytes` may be the caller's chunk, whose memory is read into again.
    this.tail = consumed === bytes.length ? [] : [Buffer.from(bytes.subarray(consumed))];
    this.tailBytes = bytes.length - consumed;
    this.checkRecordLength();
    return this.builder.take(bytes, this.quoteText);
  }

  /**
   * The unfinished record's length in UTF-16 code units, as CsvScanner counts it: one per
   * UTF-8 character, two for a 4-byte one (a surrogate pair). Counted only when its bytes
   * already pass the limit (a long CJK cell has 3 bytes per character).
   */
  private tailUnits(): number {
    let units = 0;
    for (const part of this.tail) {
      for (let i = 0; i < part.length; i++) {
        const b = part[i];
        if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
      }
    }
    return units;
  }

  private checkRecordLength(): void {
    if (this.tailBytes > MAX_RECORD_CHARS && this.tailUnits() > MAX_RECORD_CHARS) {
      const record = Buffer.concat(this.tail, this.tailBytes);
      const overflow = recordOverflow(record, this.line, this.delimiter, this.quote);
      if (overflow instanceof CsvSyntaxError) throw overflow;
      this.overflow = overflow;
      this.tail = [];
      this.tailBytes = 0;
    }
  }

  /**
   * Check that `bytes[0, end)` are UTF-8 (the string path's decoder checks the same): at
   * the first byte that is not, the records before it are scanned (for
   * {@link takePartial}) and CsvSyntaxError('CSV_INVALID_UTF8') names its line and field.
   * isUtf8 is simdutf's validator (several GB/s): the whole check costs well under 1 %.
   */
  private checkUtf8(bytes: Buffer, end: number): void {
    if (isUtf8(bytes.subarray(0, end))) return;
    const bad = firstInvalidUtf8(bytes, end);
    if (bad < 0) return;
    const consumed = this.scan(bytes.subarray(0, bad), false);
    const record = bytes.subarray(consumed, bad);
    throw invalidUtf8Error(
      record,
      this.line,
      this.delimiter,
      this.quote,
      bytes[bad],
      this.encodingChosen,
    );
  }

  /**
   * End of the file: the last record (which needs no line break).
   * @throws CsvSyntaxError like CsvScanner.finish.
   */
  finish(): ByteBatch {
    if (this.overflow !== null) throw this.overflow.finish();
    const bytes = Buffer.concat(this.tail, this.tailBytes);
    this.tail = [];
    this.tailBytes = 0;
    this.current = bytes;
    this.checkUtf8(bytes, bytes.length);
    if (bytes.length > 0) this.scan(bytes, true);
    return this.builder.take(bytes, this.quoteText);
  }

  /**
   * The records of a batch before a syntax error (delivered before the error is thrown,
   * as CsvScanner does).
   */
  takePartial(): ByteBatch {
    return this.builder.take(this.current, this.quoteText);
  }

  /** Scan complete records of `bytes`; returns how many bytes they used. */
  private scan(bytes: Buffer, final: boolean): number {
    const n = bytes.length;
    const delimiter = this.delimiter;
    const quote = this.quote;
    const out = this.builder;
    let recordStart = 0;
    let first = out.fields;
    let pos = 0;
    let line = this.line;
    for (;;) {
      let code = pos < n ? bytes[pos] : -1;
      if (code === quote) {
        const quoteLine = line;
        let close = pos + 1;
        let doubled = false;
        for (;;) {
          close = bytes.indexOf(quote, close);
          if (close === -1 || (close === n - 1 && !final)) {
            if (!final) {
              out.dropFrom(first);
              return recordStart;
            }
            const field = out.fields - first + 1;
            out.dropFrom(first);
            throw new CsvSyntaxError(
              'quoted field is never closed',
              quoteLine,
              field,
              'CSV_UNCLOSED_QUOTE',
            );
          }
          if (close + 1 < n && bytes[close + 1] === quote) {
            doubled = true;
            close += 2;
            continue;
          }
          break;
        }
        line += countLineBreaks(bytes, pos + 1, close);
        out.addField(pos + 1, close, doubled);
        pos = close + 1;
        // Spaces or tabs may follow the closing quote (not a tab that delimits the fields).
        while (pos < n && ((code = bytes[pos]) === SPACE || (code === TAB && delimiter !== TAB)))
          pos++;
        code = pos < n ? bytes[pos] : -1;
        if (code !== delimiter && code !== CR && code !== LF && code !== -1) {
          const field = out.fields - first;
          out.dropFrom(first);
          throw new CsvSyntaxError(
            textAfterQuote(quoteLine, line),
            quoteLine,
            field,
            'CSV_TEXT_AFTER_QUOTE',
          );
        }
        if (code === -1 && !final) {
          out.dropFrom(first);
          return recordStart;
        }
      } else {
        const start = pos;
        while (pos < n) {
          code = bytes[pos];
          if (code === delimiter || code === CR || code === LF) break;
          pos++;
        }
        if (pos === n) {
          if (!final) {
            out.dropFrom(first);
            return recordStart;
          }
          code = -1;
        }
        out.addField(start, pos, false);
      }
      if (code === delimiter) {
        pos++;
        continue;
      }
      if (code === CR) {
        if (pos + 1 === n && !final) {
          out.dropFrom(first);
          return recordStart;
        }
        pos += pos + 1 < n && bytes[pos + 1] === LF ? 2 : 1;
      } else if (code === LF) {
        pos++;
      }
      // A blank line (one field of spaces or nothing) is skipped, as CsvScanner does.
      if (out.fields - first === 1 && isBlankField(bytes, out.starts[first], out.ends[first])) {
        out.dropFrom(first);
      } else {
        out.endRecord(first, this.line);
      }
      first = out.fields;
      this.line = line + (code === -1 ? 0 : 1);
      line = this.line;
      recordStart = pos;
      if (pos >= n) return n;
    }
  }
}

/** Line breaks (`\r\n`, `\r` or `\n`) in bytes [start, end). */
function countLineBreaks(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let at = start; at < end; at++) {
    const code = bytes[at];
    if (code === LF) count++;
    else if (code === CR) {
      count++;
      if (at + 1 < end && bytes[at + 1] === LF) at++;
    }
  }
  return count;
}

/** An open stream of byte batches and the number of file bytes read so far. */
export interface ByteBatchStream {
  /** Batches in file order; never an empty batch. */
  batches: AsyncGenerator<ByteBatch, void, undefined>;
  bytesRead(): number;
}

/**
 * Open a UTF-8 CSV file (see {@link canReadBytes}) as a stream of byte batches; a leading
 * byte-order mark is skipped. The file is closed when the consumer stops iterating.
 * @throws CsvSyntaxError from the iterator (after the records before the error), file-system errors.
 */
export function openCsvByteBatches(path: string, dialect: CsvDialect): ByteBatchStream {
  let bytesRead = 0;
  async function* generate(): AsyncGenerator<ByteBatch, void, undefined> {
    const handle = await open(path, 'r');
    const scanner = new ByteCsvScanner(
      dialect.delimiter,
      dialect.quoteChar,
      dialect.encodingChosen,
    );
    try {
      let firstChunk = true;
      // Two buffers in turn: a batch (which may point into its chunk) is read before the
      // next is asked for, and the scanner's tail of a chunk is copied at the next push.
      const buffers = [Buffer.allocUnsafe(BYTE_CHUNK), Buffer.allocUnsafe(BYTE_CHUNK)];
      let turn = 0;
      for (;;) {
        const buffer = buffers[turn];
        turn ^= 1;
        const { bytesRead: n } = await handle.read(buffer, 0, BYTE_CHUNK, null);
        if (n === 0) break;
        bytesRead += n;
        let chunk = buffer.subarray(0, n);
        if (firstChunk) {
          firstChunk = false;
          if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
            chunk = chunk.subarray(3);
          }
        }
        let batch: ByteBatch;
        try {
          batch = scanner.push(chunk);
        } catch (error) {
          const partial = scanner.takePartial();
          if (partial.count > 0) yield partial;
          throw error;
        }
        if (batch.count > 0) yield batch;
      }
      let last: ByteBatch;
      try {
        last = scanner.finish();
      } catch (error) {
        const partial = scanner.takePartial();
        if (partial.count > 0) yield partial;
        throw error;
      }
      if (last.count > 0) yield last;
    } finally {
      await handle.close();
    }
  }
  return { batches: generate(), bytesRead: () => bytesRead };
}
