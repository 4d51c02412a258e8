/**
 * Splits decoded CSV text into records and fields (RFC 4180 quoting), fed chunk by chunk.
 *
 * Why not papaparse here (it still detects delimiters, see csvStream.ts): papaparse takes
 * ONE line break per parse (`newline`, guessed from the first line), so a file whose
 * records end in a mix of `\r\n`, `\n` and `\r` failed ("expected 3 fields, found 7") or,
 * with one column, silently merged records. Its quoted-field path also costs about 1 s of
 * CPU per 20 MB (measured on the 1M-row bench file), more than the whole import budget of
 * #14. d3-dsv accepts mixed line breaks but cannot stream and reports no quoting error;
 * csv-parse (record_delimiter as a list) is slower than papaparse; uDSV is fast but takes
 * one row separator and a fixed field count (a ragged row would be misread, not refused).
 *
 * Grammar, as papaparse read it before: a field is quoted only when its first character
 * is the quote character; inside, a doubled quote is a literal quote and delimiters and
 * line breaks are data; spaces or tabs may follow the closing quote; any other text after
 * it is an error. Outside quotes a record ends at `\r\n`, `\n` or `\r`, each counted as
 * one file line (line breaks inside quoted fields are counted too, so every record knows
 * the file line it starts on).
 */
import { trimCell } from './cellValues';

/**
 * A syntax error in the CSV text (not yet tied to column names, which the table layer
 * adds). `line` is the 1-based file line; `field` the 1-based field position, if known.
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly line: number,
    readonly field?: number,
    /** Which syntax error, for the UI's translated text (see ERROR_REASONS). */
    readonly reason?: CsvSyntaxReason,
    /** Parameters of the reason beyond file, line, column and encoding (see ERROR_REASONS). */
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * The problem of a quoted field followed by text before its delimiter, named at the line
 * its quote opens (`quoteLine`) with the line it closes on when that is a later one (a
 * stray quote swallows line breaks until the next quote).
 */
export function textAfterQuote(quoteLine: number, closeLine: number): string {
  return closeLine > quoteLine
    ? `malformed quoted field (its quote opens here and closes on line ${closeLine}, followed by text)`
    : 'malformed quoted field (text after its closing quote)';
}

/** The reasons of {@link CsvSyntaxError} (see ERROR_REASONS). */
export type CsvSyntaxReason =
  | 'CSV_UNCLOSED_QUOTE'
  | 'CSV_TEXT_AFTER_QUOTE'
  | 'CSV_RECORD_TOO_LONG'
  | 'CSV_CELL_TOO_LONG'
  | 'CSV_INVALID_UTF8'
  | 'CSV_UNDECODABLE'
  | 'CSV_UTF8_MISREAD'
  | 'CSV_UTF8_UNDECODABLE'
  | 'CSV_C1_CONTROL';

/** Receives each record: its raw fields (quotes removed, not trimmed) and its first file line. */
export type RecordSink = (fields: string[], line: number) => void;

/**
 * Longest record kept in memory while it is read (UTF-16 code units, 8 Mi). A longer one
 * is refused: as a record too long inside a quoted cell (CSV_CELL_TOO_LONG, naming the line
 * and column where that cell opens) when the cell is well quoted, as an unclosed quote
 * when its quote never closes (see {@link QuotedOverflow}).
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** Where the end of an unfinished record's text is (see {@link openRecordEnd}). */
export interface OpenRecordEnd {
  /** Line breaks from the record's start to its end. */
  lineBreaks: number;
  /** 1-based position of the field the text ends in. */
  field: number;
  /** The quoted field the text ends inside, if any: its line breaks before its quote. */
  openQuote: { lineBreaks: number; field: number } | null;
  /** True when the text ends just after a quote that may close the open quoted field. */
  quoteAtEnd: boolean;
}

/**
 * The position at the end of an unfinished record's text (from its first character or
 * byte), with the scanner's grammar. Used only for errors (not fast).
 * @param text the record's text, or its UTF-8 bytes (every byte of a multi-byte character ≥ 0x80)
 */
export function openRecordEnd(
  text: string | Uint8Array,
  delimiter: number,
  quote: number,
): OpenRecordEnd {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  const n = text.length;
  let lineBreaks = 0;
  let field = 1;
  let pos = 0;
  while (pos < n) {
    if (at(pos) === quote) {
      const opened = { lineBreaks, field };
      pos++;
      for (;;) {
        if (pos >= n) return { lineBreaks, field, openQuote: opened, quoteAtEnd: false };
        const code = at(pos);
        if (code === quote) {
          if (pos + 1 === n) return { lineBreaks, field, openQuote: opened, quoteAtEnd: true };
          pos++;
          if (at(pos) !== quote) break;
        } else if (code === LF || (code === CR && at(pos + 1) !== LF)) lineBreaks++;
        pos++;
      }
    }
    while (pos < n) {
      const code = at(pos++);
      if (code === delimiter) {
        field++;
        break;
      }
      if (code === LF || (code === CR && at(pos) !== LF)) {
        lineBreaks++;
        field = 1;
        break;
      }
    }
  }
  return { lineBreaks, field, openQuote: null, quoteAtEnd: false };
}

/**
 * A quoted cell that passed {@link MAX_RECORD_CHARS}: the rest of the file is read
 * without keeping it, to tell a cell too long (its quote closes, before a delimiter, a
 * line break or the end) from a quote left unclosed (the end of the file comes first, or
 * text follows the quote that closes it: the next field's opening quote, most likely).
 */
export class QuotedOverflow {
  private state: 'inQuote' | 'quoteSeen' | 'closed';

  /**
   * @param line 1-based file line where the cell's quote opens
   * @param field 1-based position of the cell in its record
   * @param quoteAtEnd the text read so far ends with a quote (closing, or half a doubled one)
   */
  constructor(
    private readonly delimiter: number,
    private readonly quote: number,
    private readonly line: number,
    private readonly field: number,
    quoteAtEnd: boolean,
  ) {
    this.state = quoteAtEnd ? 'quoteSeen' : 'inQuote';
  }

  /** Read on; returns the error once it is known, else null. */
  push(chunk: string | Uint8Array): CsvSyntaxError | null {
    const quoteText = String.fromCharCode(this.quote);
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const code = typeof chunk === 'string' ? chunk.charCodeAt(i) : chunk[i];
      if (this.state === 'closed') {
        if (code === SPACE || (code === TAB && this.delimiter !== TAB)) {
          i++;
          continue;
        }
        const clean = code === this.delimiter || code === CR || code === LF;
        return clean ? this.tooLong() : this.unclosed();
      }
      if (this.state === 'quoteSeen') {
        this.state = code === this.quote ? 'inQuote' : 'closed';
        if (code === this.quote) i++;
        continue;
      }
      const next =
        typeof chunk === 'string' ? chunk.indexOf(quoteText, i) : chunk.indexOf(this.quote, i);
      if (next === -1) return null;
      this.state = 'quoteSeen';
      i = next + 1;
    }
    return null;
  }

  /** The end of the file: the error. */
  finish(): CsvSyntaxError {
    return this.state === 'inQuote' ? this.unclosed() : this.tooLong();
  }

  /**
   * The limit is on the whole record (every cell of it), so the text says so; the line and
   * column are where the quoted cell the record passed it in opens.
   */
  private tooLong(): CsvSyntaxError {
    return new CsvSyntaxError(
      `the record is longer than ${MAX_RECORD_CHARS} characters, the limit for one record, and passes it inside the quoted cell of this column, which opens on this line`,
      this.line,
      this.field,
      'CSV_CELL_TOO_LONG',
    );
  }

  private unclosed(): CsvSyntaxError {
    return new CsvSyntaxError(
      `quoted field is never closed (it runs past ${MAX_RECORD_CHARS} characters, the limit for one record)`,
      this.line,
      this.field,
      'CSV_UNCLOSED_QUOTE',
    );
  }
}

/**
 * The error for a record of `record` (its text so far, from line `line`) that passed
 * {@link MAX_RECORD_CHARS}: a QuotedOverflow to read on when it ends inside a quoted cell,
 * else the CSV_RECORD_TOO_LONG error (no quote is open: the record has no line break).
 */
export function recordOverflow(
  record: string | Uint8Array,
  line: number,
  delimiter: number,
  quote: number,
): QuotedOverflow | CsvSyntaxError {
  const end = openRecordEnd(record, delimiter, quote);
  if (end.openQuote === null) {
    return new CsvSyntaxError(
      `a record is longer than ${MAX_RECORD_CHARS} characters, the limit for one record`,
      line + end.lineBreaks,
      end.field,
      'CSV_RECORD_TOO_LONG',
    );
  }
  const { lineBreaks, field } = end.openQuote;
  return new QuotedOverflow(delimiter, quote, line + lineBreaks, field, end.quoteAtEnd);
}

/**
 * The CSV_INVALID_UTF8 error for a byte that is not UTF-8, just after the text `record`
 * of the unfinished record starting on line `line`: names its line and field.
 * @param chosen whether UTF-8 was the user's choice (else detected from the file's start)
 */
export function invalidUtf8Error(
  record: string | Uint8Array,
  line: number,
  delimiter: number,
  quote: number,
  byte: number,
  chosen = false,
): CsvSyntaxError {
  const end = openRecordEnd(record, delimiter, quote);
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  const why = chosen ? 'as chosen' : 'as its start is';
  return new CsvSyntaxError(
    `byte 0x${hex} is not UTF-8 (the file is read as UTF-8, ${why}); choose its encoding (latin1 reads every byte) or fix the byte`,
    line + end.lineBreaks,
    end.field,
    'CSV_INVALID_UTF8',
  );
}

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/**
 * Incremental record splitter. Feed decoded text with {@link push} (any chunk sizes; a
 * record, a quoted field or a `\r\n` may straddle chunks) and call {@link finish} at the
 * end of the text. Records are delivered in file order; an error is thrown after every
 * record before it has been delivered.
 */
export class CsvScanner {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly quoteText: string;
  private readonly doubledQuote: RegExp;
  /** Text of the record in progress (from its first character), carried to the next chunk. */
  private tail = '';
  /** File line on which the record in progress starts. */
  private line = 1;
  /** Set once a quoted cell passed MAX_RECORD_CHARS: the rest is read only for the error. */
  private overflow: QuotedOverflow | null = null;

  /**
   * @param delimiter field delimiter, one character
   * @param quoteChar quote character, one character (different from the delimiter)
   */
  constructor(delimiter: string, quoteChar: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quoteChar.charCodeAt(0);
    this.quoteText = quoteChar;
    this.doubledQuote = new RegExp(escapeRegExp(quoteChar + quoteChar), 'g');
  }

  /**
   * Scan the records completed by `chunk`; the unfinished last record waits for the next chunk.
   * @throws CsvSyntaxError for text after a closing quote, or a record without line break
   *   longer than MAX_RECORD_CHARS (a quoted cell that long is refused once its end or the
   *   file's is read: see {@link QuotedOverflow}).
   */
  push(chunk: string, sink: RecordSink): void {
    if (this.overflow !== null) {
      const error = this.overflow.push(chunk);
      if (error !== null) throw error;
      return;
    }
    // A record only ends at a line break: a chunk without one extends the open record
    // without scanning it again (a 2 MB cell read in 64 KB chunks is scanned once, not 32 times).
    if (this.tail.length > 0 && chunk.indexOf('\n') === -1 && chunk.indexOf('\r') === -1) {
      this.tail += chunk;
      this.checkRecordLength();
      return;
    }
    const text = this.tail.length === 0 ? chunk : this.tail + chunk;
    const consumed = this.scan(text, false, sink);
    this.tail = consumed === text.length ? '' : text.slice(consumed);
    this.checkRecordLength();
  }

  private checkRecordLength(): void {
    if (this.tail.length > MAX_RECORD_CHARS) {
      const overflow = recordOverflow(this.tail, this.line, this.delimiter, this.quote);
      if (overflow instanceof CsvSyntaxError) throw overflow;
      this.overflow = overflow;
      this.tail = '';
    }
  }

  /**
   * The CSV_INVALID_UTF8 error for a byte that is not UTF-8 right after the text pushed so
   * far (for a decoder that found one), naming its line and field; `chosen`: UTF-8 was the
   * user's choice.
   */
  invalidUtf8(byte: number, chosen = false): CsvSyntaxError {
    return invalidUtf8Error(this.tail, this.line, this.delimiter, this.quote, byte, chosen);
  }

  /**
   * End of the text: deliver the last record (which needs no line break).
   * @throws CsvSyntaxError for a quoted field that is never closed (at the line where its
   *   quote opens, with the field position), text after a closing quote, or a quoted cell
   *   longer than MAX_RECORD_CHARS.
   */
  finish(sink: RecordSink): void {
    if (this.overflow !== null) throw this.overflow.finish();
    const text = this.tail;
    this.tail = '';
    if (text.length > 0) this.scan(text, true, sink);
  }

  /**
   * Scan complete records of `text` from its start; returns how many characters they
   * used. With `final`, the text ends the file, so the last record is complete too.
   */
  private scan(text: string, final: boolean, sink: RecordSink): number {
    const n = text.length;
    const delimiter = this.delimiter;
    const quote = this.quote;
    let recordStart = 0;
    let pos = 0;
    let line = this.line;
    let fields: string[] = [];
    for (;;) {
      // pos is at the start of a field.
      let code = pos < n ? text.charCodeAt(pos) : -1;
      if (code === quote) {
        const quoteLine = line;
        let close = pos + 1;
        let doubled = false;
        for (;;) {
          close = text.indexOf(this.quoteText, close);
          if (close === -1 || (close === n - 1 && !final)) {
            // The closing quote (or what follows it) is in a later chunk.
            if (!final) return recordStart;
            throw new CsvSyntaxError(
              'quoted field is never closed',
              quoteLine,
              fields.length + 1,
              'CSV_UNCLOSED_QUOTE',
            );
          }
          if (close + 1 < n && text.charCodeAt(close + 1) === quote) {
            doubled = true;
            close += 2;
            continue;
          }
          break;
        }
        let value = text.slice(pos + 1, close);
        line += countLineBreaks(value);
        if (doubled) value = value.replace(this.doubledQuote, this.quoteText);
        fields.push(value);
        pos = close + 1;
        // Spaces or tabs may follow the closing quote (not a tab that delimits the fields).
        while (
          pos < n &&
          ((code = text.charCodeAt(pos)) === SPACE || (code === TAB && delimiter !== TAB))
        )
          pos++;
        code = pos < n ? text.charCodeAt(pos) : -1;
        if (code !== delimiter && code !== CR && code !== LF && code !== -1) {
          throw new CsvSyntaxError(
            textAfterQuote(quoteLine, line),
            quoteLine,
            fields.length,
            'CSV_TEXT_AFTER_QUOTE',
          );
        }
        if (code === -1 && !final) return recordStart;
      } else {
        const start = pos;
        while (pos < n) {
          code = text.charCodeAt(pos);
          if (code === delimiter || code === CR || code === LF) break;
          pos++;
        }
        if (pos === n) {
          if (!final) return recordStart;
          code = -1;
        }
        fields.push(text.slice(start, pos));
      }
      // pos is at the delimiter, the line break or the end of the text.
      if (code === delimiter) {
        pos++;
        continue;
      }
      if (code === CR) {
        // A lone \r at the end of a chunk may be the first half of \r\n.
        if (pos + 1 === n && !final) return recordStart;
        pos += pos + 1 < n && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else if (code === LF) {
        pos++;
      }
      deliver(fields, this.line, sink);
      this.line = line + (code === -1 ? 0 : 1);
      line = this.line;
      fields = [];
      recordStart = pos;
      if (pos >= n) return n;
    }
  }
}

/** Records from a blank line (one field of spaces or nothing) are skipped, as before. */
function deliver(fields: string[], line: number, sink: RecordSink): void {
  if (fields.length === 1 && trimCell(fields[0]) === '') return;
  sink(fields, line);
}

/** Number of line breaks (`\r\n`, `\r` or `\n`) in a quoted field's text. */
function countLineBreaks(value: string): number {
  let count = 0;
  let at = -1;
  // Most fields have none: two indexOf calls decide that without a loop over characters.
  if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) return 0;
  while (++at < value.length) {
    const code = value.charCodeAt(at);
    if (code === LF) count++;
    else if (code === CR) {
      count++;
      if (value.charCodeAt(at + 1) === LF) at++;
    }
  }
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
