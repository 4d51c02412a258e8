/**
 * Streams the records of a CSV file: bytes → decoder → {@link CsvScanner}, with
 * back-pressure, and the FILE line number (1-based) where each record starts — which
 * differs from the record index once quoted fields contain line breaks. papaparse only
 * guesses the delimiter of a sample here (see csvScanner.ts for why it no longer splits).
 */
import { createReadStream } from 'node:fs';
import { Transform, pipeline } from 'node:stream';
import Papa from 'papaparse';
import { trimCell } from './cellValues';
import { CsvScanner, CsvSyntaxError } from './csvScanner';
import { StrictUtf8Decoder, createDecodeStream, isUtf8Encoding } from './encoding';

export { CsvSyntaxError };

/** How to read a file's text as CSV. */
export interface CsvDialect {
  /** iconv-lite encoding name. */
  encoding: string;
  /** Field delimiter, one character. */
  delimiter: string;
  /** Quote character; a doubled quote inside a quoted field is a literal quote. */
  quoteChar: string;
  /**
   * The encoding was chosen by the user: a character it cannot decode (U+FFFD, or a lone
   * UTF-16 surrogate) is an error naming its line and field (CsvSyntaxError
   * 'CSV_UNDECODABLE') rather than stored; UTF-8, always decoded strictly, says a byte that
   * is not UTF-8 is against the choice.
   */
  encodingChosen?: boolean;
}

/** U+FFFD or a UTF-16 surrogate (paired or not: a field with one is checked closely). */
const MAYBE_UNDECODABLE = /[\ufffd\ud800-\udfff]/;
/** U+FFFD, or a surrogate half not in a pair. */
const UNDECODABLE = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The error for the first field of `records` holding a character the chosen `encoding`
 * cannot decode ({@link CsvDialect.encodingChosen}), with the records before it; null when
 * there is none.
 */
function undecodableField(
  records: CsvRecord[],
  encoding: string,
): { error: CsvSyntaxError; before: CsvRecord[] } | null {
  for (let r = 0; r < records.length; r++) {
    const field = records[r].fields.findIndex((f) => UNDECODABLE.test(f));
    if (field < 0) continue;
    const error = new CsvSyntaxError(
      `${encoding} cannot decode this text (it would be stored as the replacement character U+FFFD); choose the file's encoding, or latin1, which reads every byte`,
      records[r].line,
      field + 1,
      'CSV_UNDECODABLE',
    );
    return { error, before: records.slice(0, r) };
  }
  return null;
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

/** An open stream of record batches (one per decoded chunk of the file). */
export interface CsvBatchStream {
  /** Records in file order, in batches of a few thousand; never an empty batch. */
  batches: AsyncGenerator<CsvRecord[], void, undefined>;
  /** Bytes of the file read so far (a little ahead of the records yielded). */
  bytesRead(): number;
}

/** Delimiters tried by {@link detectDelimiter}, in order of preference on ties. */
export const CANDIDATE_DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

/** True for a record from an empty (or blank) line. */
export function isBlankRecord(fields: string[]): boolean {
  return fields.length === 1 && trimCell(fields[0]) === '';
}

/**
 * Guess the delimiter of CSV text (a decoded sample) with papaparse's detector, among
 * {@link CANDIDATE_DELIMITERS}: the one giving the most consistent field count per row.
 * Line breaks may be mixed. Falls back to ',' when none splits rows into two or more fields (a one-column file).
 */
export function detectDelimiter(sampleText: string, quoteChar = '"'): string {
  // papaparse takes one line break per text: mixed ones are made uniform for the guess.
  const result = Papa.parse<string[]>(sampleText.replace(/\r\n?/g, '\n'), {
    delimitersToGuess: [...CANDIDATE_DELIMITERS],
    quoteChar,
    preview: 50,
    skipEmptyLines: true,
  });
  const failed = result.errors.some((e) => e.code === 'UndetectableDelimiter');
  return failed ? ',' : result.meta.delimiter;
}

/** An error raised after `records` were read: they are delivered before it is thrown. */
class PendingError {
  constructor(
    readonly error: unknown,
    readonly records: CsvRecord[],
  ) {}
}

/** Bytes read from the file at a time (about the text of one batch); the read-ahead stays under 1 MiB. */
const READ_CHUNK_BYTES = 1 << 16;

/**
 * Open a CSV file as a stream of record batches. Blank lines are skipped (but counted for
 * line numbers). Reading stops and the file is closed when the consumer stops iterating.
 * @param path file path
 * @param dialect encoding, delimiter and quote character
 * @throws CsvSyntaxError from the iterator for an unclosed or malformed quoted field
 *   (with the line where the quote opens and the field position), after the records
 *   before it; file-system errors.
 */
export function openCsvBatches(path: string, dialect: CsvDialect): CsvBatchStream {
  let bytesRead = 0;

  async function* generate(): AsyncGenerator<CsvRecord[], void, undefined> {
    const source = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesRead += chunk.length;
        callback(null, chunk);
      },
    });
    // UTF-8 is decoded here, strictly (a byte that is not UTF-8 is an error naming its line
    // and field, as in csvBytes.ts); other encodings by iconv-lite.
    const strict = isUtf8Encoding(dialect.encoding) ? new StrictUtf8Decoder() : null;
    const onEnd = (): void => {
      // Errors reach the consumer through the async iterator below.
    };
    const text = strict
      ? pipeline(source, counter, onEnd)
      : pipeline(source, counter, createDecodeStream(dialect.encoding), onEnd);
    const scanner = new CsvScanner(dialect.delimiter, dialect.quoteChar);
    let batch: CsvRecord[] = [];
    /** A decoded chunk held U+FFFD or a surrogate: its record may be delivered later. */
    let suspect = false;
    const sink = (fields: string[], line: number): void => {
      batch.push({ fields, line });
    };
    /** Push decoded text (or bytes to decode); throws after the records before an error. */
    function push(piece: string | Buffer, final: boolean): CsvRecord[] {
      try {
        let chunk = piece as string;
        let badByte = -1;
        if (strict) ({ text: chunk, badByte } = strict.decode(piece as Buffer, final));
        scanner.push(chunk, sink);
        if (badByte >= 0) throw scanner.invalidUtf8(badByte, dialect.encodingChosen);
        if (final) scanner.finish(sink);
        if (dialect.encodingChosen && !strict) {
          // Cheap test of the text first; the records are searched only after a suspect one.
          suspect ||= MAYBE_UNDECODABLE.test(chunk);
          const found = suspect ? undecodableField(batch, dialect.encoding) : null;
          if (found !== null) {
            batch = found.before;
            throw found.error;
          }
        }
      } catch (error) {
        // Records before the bad one first, so an earlier problem is reported first.
        throw new PendingError(error, batch);
      }
      const full = batch;
      batch = [];
      return full;
    }
    try {
      try {
        for await (const piece of text as AsyncIterable<string | Buffer>) {
          const full = push(piece, false);
          if (full.length > 0) yield full;
        }
        const last = push(strict ? Buffer.alloc(0) : '', true);
        if (last.length > 0) yield last;
      } catch (error) {
        if (!(error instanceof PendingError)) throw error;
        if (error.records.length > 0) yield error.records;
        throw error.error;
      }
    } finally {
      source.destroy();
      (text as NodeJS.ReadWriteStream & { destroy(): void }).destroy();
    }
  }

  return { batches: generate(), bytesRead: () => bytesRead };
}

/**
 * Open a CSV file as a stream of records ({@link openCsvBatches}, one record at a time).
 * @throws like {@link openCsvBatches}.
 */
export function openCsvRecords(path: string, dialect: CsvDialect): CsvRecordStream {
  const stream = openCsvBatches(path, dialect);
  async function* generate(): AsyncGenerator<CsvRecord, void, undefined> {
    try {
      for await (const batch of stream.batches) yield* batch;
    } finally {
      await stream.batches.return();
    }
  }
  return { records: generate(), bytesRead: stream.bytesRead };
}
