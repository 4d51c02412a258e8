/**
 * Streams the records of a CSV file with papaparse: bytes → decoder → parser, with
 * back-pressure, and the FILE line number (1-based) where each record starts — which
 * differs from papaparse's row index once quoted fields contain newlines.
 */
import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import Papa from 'papaparse';
import { createDecodeStream } from './encoding';

/** How to read a file's text as CSV. */
export interface CsvDialect {
  /** iconv-lite encoding name. */
  encoding: string;
  /** Field delimiter, one character (or a string papaparse accepts). */
  delimiter: string;
  /** Quote character; a doubled quote inside a quoted field is a literal quote. */
  quoteChar: string;
}

/** One record (row) of a CSV file. */
export interface CsvRecord {
  /** Raw field texts, quotes removed, not trimmed. */
  fields: string[];
  /** 1-based line of the file on which the record starts. */
  line: number;
}

/** An open record stream and the number of bytes it has read so far. */
export interface CsvRecordStream {
  records: AsyncGenerator<CsvRecord, void, undefined>;
  /** Bytes of the file read so far (a little ahead of the records yielded). */
  bytesRead(): number;
}

/**
 * A syntax error in the CSV text (not yet tied to column names, which the table layer
 * adds). `line` is the 1-based file line; `field` the 1-based field position, if known.
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: string,
    readonly line: number,
    readonly field?: number,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Delimiters tried by {@link detectDelimiter}, in order of preference on ties. */
export const CANDIDATE_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

// Records buffered ahead of the consumer before the decoder is paused.
const HIGH_WATER_RECORDS = 4096;
// A record that is still open after this many characters almost surely comes from an
// unclosed quote; stop instead of buffering the rest of the file in memory.
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const LINE_BREAK = /\r\n|\r|\n/g;

/** Number of line breaks (CRLF, CR or LF) inside the text of a record's fields. */
function lineBreaksIn(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    if (field.length === 0) continue;
    const matches = field.match(LINE_BREAK);
    if (matches) count += matches.length;
  }
  return count;
}

/** True for a record papaparse produces from an empty (or blank) line. */
export function isBlankRecord(fields: string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/**
 * Guess the delimiter of CSV text (a decoded sample) with papaparse's detector, among
 * {@link CANDIDATE_DELIMITERS}: the one giving the most consistent field count per row.
 * Falls back to ',' when none splits rows into two or more fields (a one-column file).
 */
export function detectDelimiter(sampleText: string, quoteChar = '"'): string {
  const result = Papa.parse<string[]>(sampleText, {
    delimitersToGuess: [...CANDIDATE_DELIMITERS],
    quoteChar,
    preview: 50,
    skipEmptyLines: true,
  });
  const failed = result.errors.some((e) => e.code === 'UndetectableDelimiter');
  return failed ? ',' : result.meta.delimiter;
}

/**
 * Open a CSV file as a stream of records. Blank lines are skipped (but counted for line
 * numbers). Reading stops and the file is closed when the consumer stops iterating.
 * @param path file path
 * @param dialect encoding, delimiter and quote character
 * @throws CsvSyntaxError from the iterator for an unclosed or malformed quoted field
 *   (with the line where the quote opens and the field position); file-system errors.
 */
export function openCsvRecords(path: string, dialect: CsvDialect): CsvRecordStream {
  let bytesRead = 0;

  async function* generate(): AsyncGenerator<CsvRecord, void, undefined> {
    const batches: CsvRecord[][] = [];
    let buffered = 0;
    let finished = false;
    let failure: unknown = null;
    // A syntax error, thrown once the records before it have been consumed.
    let deferred: CsvSyntaxError | null = null;
    let wake: (() => void) | null = null;
    let nextLine = 1;
    let charsSinceRecord = 0;
    // Assigned in the chunk callback; the cast keeps TypeScript from narrowing it to null.
    let parser = null as Papa.Parser | null;

    const signal = (): void => {
      const resume = wake;
      wake = null;
      resume?.();
    };
    const fail = (error: unknown): void => {
      if (failure === null) failure = error;
      parser?.abort();
      signal();
    };

    const source = createReadStream(path);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesRead += chunk.length;
        callback(null, chunk);
      },
    });
    const decoder = createDecodeStream(dialect.encoding);
    const watcher = new Transform({
      decodeStrings: false,
      transform(chunk: string, _encoding, callback) {
        charsSinceRecord += chunk.length;
        if (charsSinceRecord > MAX_RECORD_CHARS) {
          fail(
            new CsvSyntaxError(
              `a record is longer than ${MAX_RECORD_CHARS} characters; is a quote left unclosed?`,
              nextLine,
            ),
          );
        }
        callback(null, chunk);
      },
    });
    const text = pipeline(source, counter, decoder, watcher, (error) => {
      if (error) fail(error);
    });

    const onChunk = (results: Papa.ParseResult<string[]>, handle: Papa.Parser): void => {
      parser = handle;
      if (failure !== null || deferred !== null) return;
      const rows = results.data;
      const lines = new Array<number>(rows.length);
      const batch: CsvRecord[] = [];
      for (let i = 0; i < rows.length; i++) {
        const fields = rows[i];
        lines[i] = nextLine;
        nextLine += 1 + lineBreaksIn(fields);
        if (!isBlankRecord(fields)) batch.push({ fields, line: lines[i] });
      }
      if (rows.length > 0) charsSinceRecord = 0;
      const quoteError = results.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        const row = quoteError.row ?? rows.length - 1;
        const fields = rows[row] ?? [];
        const recordLine = lines[row] ?? nextLine;
        // Records before the bad one are still delivered, so an earlier problem (a ragged
        // row) is reported first, in file order.
        const before = batch.filter((record) => record.line < recordLine);
        if (before.length > 0) batches.push(before);
        if (quoteError.code === 'MissingQuotes') {
          // The unclosed field is the record's last one; it opens after the line breaks
          // of the fields before it.
          const quoteLine = recordLine + lineBreaksIn(fields.slice(0, -1));
          deferred = new CsvSyntaxError('quoted field is never closed', quoteLine, fields.length);
        } else {
          deferred = new CsvSyntaxError(
            'malformed quoted field (text after its closing quote)',
            recordLine,
          );
        }
        parser?.abort();
        signal();
        return;
      }
      if (batch.length > 0) {
        batches.push(batch);
        buffered += batch.length;
      }
      if (buffered > HIGH_WATER_RECORDS) text.pause();
      signal();
    };

    Papa.parse<string[]>(text, {
      delimiter: dialect.delimiter,
      quoteChar: dialect.quoteChar,
      escapeChar: dialect.quoteChar,
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      chunk: onChunk,
      complete: () => {
        finished = true;
        signal();
      },
      error: (error: Error) => fail(error),
    });

    try {
      for (;;) {
        if (failure !== null) throw failure;
        const batch = batches.shift();
        if (batch) {
          buffered -= batch.length;
          if (buffered <= HIGH_WATER_RECORDS && text.isPaused()) text.resume();
          for (const record of batch) {
            yield record;
            if (failure !== null) throw failure;
          }
          continue;
        }
        if (deferred !== null) throw deferred;
        if (finished) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      // Stop reading when the consumer is done early or an error is thrown.
      if (!finished) parser?.abort();
      source.destroy();
      text.destroy();
    }
  }

  return { records: generate(), bytesRead: () => bytesRead };
}
