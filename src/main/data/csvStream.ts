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
import iconv from 'iconv-lite';
import { createDecodeStream } from './encoding';
import {
  C1_SUPERSET,
  findUtf8Misreading,
  isSingleByteEncoding,
  StrictUtf8Decoder,
  Utf8Validity,
} from './encodingChecks';
import { isUtf8Encoding } from './encodingNames';

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
   * is not UTF-8 is against the choice. The checks of the detection sample go on past it
   * too (csvFormat.ts): a single-byte encoding refuses a file that is UTF-8 text throughout
   * ('CSV_UTF8_MISREAD', see {@link Utf8MisreadWatch}; a byte of such a file the encoding
   * cannot decode is named as UTF-8 text, 'CSV_UTF8_UNDECODABLE'); latin1 and iso-8859-9
   * refuse a byte they read as a C1 control where their windows superset reads a character
   * ('CSV_C1_CONTROL', see {@link c1ControlField}).
   */
  encodingChosen?: boolean;
}

/**
 * What becomes of text the chosen encoding misreads, as its refusals say: 'stored' by an
 * import, 'read' by predict (which stores nothing).
 */
export type TextFate = 'stored' | 'read';

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
  fate: TextFate,
): { error: CsvSyntaxError; before: CsvRecord[] } | null {
  for (let r = 0; r < records.length; r++) {
    const field = records[r].fields.findIndex((f) => UNDECODABLE.test(f));
    if (field < 0) continue;
    const error = new CsvSyntaxError(
      `${encoding} cannot decode this text (it would be ${fate} as the replacement character U+FFFD); choose the file's encoding, or latin1, which reads every byte`,
      records[r].line,
      field + 1,
      'CSV_UNDECODABLE',
    );
    return { error, before: records.slice(0, r) };
  }
  return null;
}

/** A C1 control character (U+0080–U+009F: latin1 and iso-8859-9 read bytes 80–9F so). */
const C1_CONTROL = /[\u0080-\u009f]/;

/**
 * The error for the first field of `records` holding a C1 control character that the
 * windows superset of `encoding` ({@link C1_SUPERSET}) reads as a character (latin1 0x80
 * is U+0080, windows-1252 '€'), with the records before it; null when there is none, or
 * 'superset-undecodable' at a byte the superset has no character for either (windows-1252
 * 81, 8D, 8F, 90, 9D): the sample's check (refuseC1Controls) leaves such a file to the
 * choice, nothing reads it better, and so does the stream from there on.
 */
function c1ControlField(
  records: CsvRecord[],
  encoding: string,
  superset: string,
  fate: TextFate,
): { error: CsvSyntaxError; before: CsvRecord[] } | 'superset-undecodable' | null {
  for (let r = 0; r < records.length; r++) {
    const fields = records[r].fields;
    for (let f = 0; f < fields.length; f++) {
      const match = C1_CONTROL.exec(fields[f]);
      if (match === null) continue;
      // One character per byte: the C1 control U+00XX is the byte 0xXX.
      const value = match[0].charCodeAt(0);
      const theirs = iconv.decode(Buffer.of(value), superset);
      if (theirs === '\ufffd') return 'superset-undecodable';
      const byte = `0x${value.toString(16).toUpperCase()}`;
      const control = `U+${value.toString(16).toUpperCase().padStart(4, '0')}`;
      const error = new CsvSyntaxError(
        `${encoding} reads byte ${byte} as the control character ${control}, which ${superset} reads as '${theirs}' (it would be ${fate} as an invisible control); read it as ${superset}, which reads every other byte as ${encoding} does, or in its own encoding`,
        records[r].line,
        f + 1,
        'CSV_C1_CONTROL',
        { byte, suggested: superset },
      );
      return { error, before: records.slice(0, r) };
    }
  }
  return null;
}

/** A character at or above U+0080. */
const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Watches a file read with a chosen single-byte encoding for UTF-8 text past the detection
 * sample (the sample's own check is findUtf8Misreading, in csvFormat.ts): a file that is
 * valid UTF-8 from its first byte to its last ({@link Utf8Validity}, on the raw bytes, a
 * character straddling two chunks judged whole) and holds a UTF-8 text character is UTF-8,
 * as detection holds (found by a new user: 88 KB of ASCII, then "Şanlıurfa café", stored
 * as "Å\u009EanlÄ±urfa cafÃ©" with `--encoding cp1252`, exit 0). Only a whole file decides:
 * a legacy file whose first accented letters happen to pair as UTF-8 ("“CAFÉ”" is C9 94 in
 * windows-1252) is valid no further than its next accented word, so the refusal waits for
 * the end of the file ({@link verdict}), the import's transaction keeping nothing.
 * The first such character is found in the fields (each encoded back to its bytes: one
 * byte per character), until one is found or the file is no longer valid UTF-8.
 */
class Utf8MisreadWatch {
  private readonly validity = new Utf8Validity();
  private first: CsvSyntaxError | null = null;

  constructor(
    private readonly encoding: string,
    private readonly fate: TextFate,
  ) {}

  /** The file's next raw bytes (`final`: it ends after them). */
  bytes(chunk: Uint8Array, final = false): void {
    this.validity.push(chunk, final);
  }

  /** A decoded chunk held a non-ASCII character: its record may be delivered later. */
  private suspect = false;

  /**
   * The records decoded so far that were not given yet, and the decoded chunk that completed
   * them (tested cheaply first).
   */
  records(records: CsvRecord[], text: string): void {
    if (this.first !== null || !this.validity.valid) return;
    this.suspect ||= NON_ASCII.test(text);
    if (!this.suspect) return;
    for (const record of records) {
      for (let f = 0; f < record.fields.length; f++) {
        const field = record.fields[f];
        if (!NON_ASCII.test(field)) continue;
        const bytes = iconv.encode(field, this.encoding);
        const misread = findUtf8Misreading(bytes, true, this.encoding);
        if (misread === null) continue;
        this.first = new CsvSyntaxError(
          `this is UTF-8 text, which ${this.encoding} reads as other characters: '${misread.utf8}' would be ${this.fate} as '${visibleControls(misread.read)}' (the file is valid UTF-8 throughout; this is its first such character); read it as utf-8, or detect its encoding`,
          record.line,
          f + 1,
          'CSV_UTF8_MISREAD',
          { utf8: misread.utf8, read: visibleControls(misread.read) },
        );
        return;
      }
    }
  }

  /**
   * The error for a character the encoding cannot decode (`undecodable`, CSV_UNDECODABLE)
   * when the file is valid UTF-8 up to it: a byte of a UTF-8 character that the encoding has
   * no character for (windows-1254 9E, of UTF-8 'Ş' C5 9E), so the text is named as UTF-8
   * (CSV_UTF8_UNDECODABLE), with the way out, rather than as text the encoding cannot
   * decode. The character itself is not named: its byte was decoded as U+FFFD. Valid UTF-8
   * so far is judged on the bytes read, which run ahead of the records decoded.
   */
  undecodable(undecodable: CsvSyntaxError): CsvSyntaxError {
    if (!this.validity.valid) return undecodable;
    return new CsvSyntaxError(
      `this is UTF-8 text (the file is valid UTF-8 up to here), which ${this.encoding} cannot decode (it would be ${this.fate} as the replacement character U+FFFD); read it as utf-8, or detect its encoding`,
      undecodable.line,
      undecodable.field,
      'CSV_UTF8_UNDECODABLE',
    );
  }

  /** At the end of the file: the error when it is UTF-8 text throughout, else null. */
  verdict(): CsvSyntaxError | null {
    return this.validity.valid ? this.first : null;
  }
}

/** `text` with its control characters (C0, DEL, C1) shown as U+XXXX. */
function visibleControls(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** One record (row) of a CSV file. */
export interface CsvRecord {
  /** Raw field texts, quotes removed, not trimmed. */
  fields: string[];
  /** 1-based line of the file on which the record starts. */
  line: number;
  /**
   * Set by openCsvTable with `badLines: 'skip'` only: the 1-based data record of the table,
   * the skipped bad lines counted, so a row keeps its number when an earlier line is left out.
   */
  row?: number;
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
 * @param fate how the refusals of a chosen encoding word the misread text ({@link TextFate})
 * @throws CsvSyntaxError from the iterator for an unclosed or malformed quoted field
 *   (with the line where the quote opens and the field position), after the records
 *   before it; file-system errors.
 */
export function openCsvBatches(
  path: string,
  dialect: CsvDialect,
  fate: TextFate = 'stored',
): CsvBatchStream {
  let bytesRead = 0;

  async function* generate(): AsyncGenerator<CsvRecord[], void, undefined> {
    const source = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    // UTF-8 is decoded here, strictly (a byte that is not UTF-8 is an error naming its line
    // and field, as in csvBytes.ts); other encodings by iconv-lite.
    const strict = isUtf8Encoding(dialect.encoding) ? new StrictUtf8Decoder() : null;
    const chosenLegacy = dialect.encodingChosen === true && strict === null;
    const misreadWatch =
      chosenLegacy && isSingleByteEncoding(dialect.encoding)
        ? new Utf8MisreadWatch(dialect.encoding, fate)
        : null;
    let c1Superset: string | undefined = chosenLegacy ? C1_SUPERSET[dialect.encoding] : undefined;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesRead += chunk.length;
        misreadWatch?.bytes(chunk);
        callback(null, chunk);
      },
    });
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
    /** A decoded chunk held a C1 control: as `suspect`, for {@link c1ControlField}. */
    let c1Suspect = false;
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
        if (chosenLegacy) {
          // Cheap test of the text first; the records are searched only after a suspect one.
          suspect ||= MAYBE_UNDECODABLE.test(chunk);
          const found = suspect ? undecodableField(batch, dialect.encoding, fate) : null;
          if (found !== null) {
            batch = found.before;
            throw misreadWatch?.undecodable(found.error) ?? found.error;
          }
          c1Suspect ||= c1Superset !== undefined && C1_CONTROL.test(chunk);
          if (c1Suspect && c1Superset !== undefined) {
            const c1 = c1ControlField(batch, dialect.encoding, c1Superset, fate);
            if (c1 === 'superset-undecodable') c1Superset = undefined;
            else if (c1 !== null) {
              batch = c1.before;
              throw c1.error;
            }
          }
          if (misreadWatch !== null) {
            misreadWatch.records(batch, chunk);
            if (final) {
              misreadWatch.bytes(new Uint8Array(0), true);
              const misread = misreadWatch.verdict();
              if (misread !== null) throw misread;
            }
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
