/**
 * Settles how a CSV file is read — encoding, delimiter, quote, header — from the
 * user's options and a sample of the file's first bytes. Preview and import share it.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';
import { CsvScanner, openRecordEnd } from './csvScanner';
import { detectDelimiter, isBlankRecord, type CsvDialect } from './csvStream';
import { csvError } from './csvErrors';
import {
  chooseEncoding,
  decodeSample,
  byteOrderMark,
  detectEncoding,
  findNulByte,
  findUndecodable,
  readSample,
  type EncodingGuess,
} from './encoding';

/** Options on how to read a CSV file (all optional). */
export interface CsvFormatOptions {
  /** iconv-lite encoding name, e.g. 'utf-8', 'gb18030', 'windows-1252'; 'auto' or absent = detect. */
  encoding?: string;
  /**
   * Without `encoding` (not even 'auto'): the encoding to read with unless the file is certainly another (a
   * byte-order mark, valid UTF-8), e.g. predict's model's dataset's; UTF-8 or absent = detect
   * (see chooseEncoding). Taken, it is held to as a choice: text it cannot decode is refused.
   */
  defaultEncoding?: string;
  /** 'auto' (default) or one character, e.g. ',', ';', '\t', '|'. */
  delimiter?: string;
  /** Whether the first record holds column names (default true). */
  hasHeader?: boolean;
  /** Quote character (default '"'). */
  quoteChar?: string;
}

/** The settled reading of a file. */
export interface CsvFormat {
  /** Base name of the file. */
  file: string;
  /** Size of the file in bytes. */
  totalBytes: number;
  dialect: CsvDialect;
  hasHeader: boolean;
  encodingGuess: EncodingGuess;
  /** Decoded text of the first SAMPLE_BYTES bytes, and whether that is the whole file. */
  sampleText: string;
  sampleBytes: number;
  wholeFile: boolean;
}

function checkCharacter(name: string, value: string): void {
  if (value.length !== 1 || value === '\n' || value === '\r') {
    throw new MtlError(
      'BAD_REQUEST',
      `${name} must be one character (not a line break), got '${value}'`,
      {
        [name]: value,
      },
    );
  }
}

/**
 * Resolve the reading of a CSV file.
 * @throws MtlError('NOT_FOUND') when the file does not exist; MtlError('BAD_REQUEST') for
 *   a path that is not a file or a delimiter/quote that is not one character (or equal);
 *   MtlError('CSV_ENCODING') for an unknown encoding name (given or default), a NUL byte in the sample of
 *   a file not read as UTF-16/32 (a binary file), or a chosen encoding that cannot decode
 *   characters of the sample (see {@link refuseUndecodable}).
 */
export async function resolveCsvFormat(
  path: string,
  options: CsvFormatOptions = {},
): Promise<CsvFormat> {
  const file = basename(path);
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new MtlError(
        'BAD_REQUEST',
        `${resolve(path)} is not a file`,
        reasonDetails('NOT_A_FILE', { path: resolve(path) }, { file }),
      );
    totalBytes = info.size;
  } catch (error) {
    if (error instanceof MtlError) throw error;
    // The whole path: "x.csv not found" does not say which folder was looked in.
    // reason: the UI names the file in the user's language (errors.reasons.FILE_MISSING).
    throw new MtlError(
      'NOT_FOUND',
      `File not found: ${resolve(path)}`,
      reasonDetails('FILE_MISSING', { path: resolve(path) }, { file, path: resolve(path) }),
    );
  }
  const quoteChar = options.quoteChar ?? '"';
  checkCharacter('quoteChar', quoteChar);
  const { bytes, wholeFile } = await readSample(path);
  const encodingGuess = chooseEncoding(bytes, wholeFile, options.encoding, options.defaultEncoding);
  const nul = findNulByte(bytes, encodingGuess.encoding);
  // A UTF-16/32 byte-order mark says what the file is: an encoding that reads its bytes
  // otherwise (NUL bytes in an 8-bit read, or a contradicted choice) reads garbage. Found by a
  // new user: a UTF-16 file with a mark, read with --encoding utf-8, got the hint for UTF-16
  // text "without a byte-order mark"; with --encoding utf-32, "no data rows".
  const marked = byteOrderMark(bytes);
  if (marked !== null && marked !== 'utf-8' && (nul >= 0 || encodingGuess.detected === marked)) {
    const name = marked.toUpperCase();
    throw csvError(
      { file },
      `starts with a ${name} byte-order mark: it is ${name} text, which ${encodingGuess.encoding} does not read; ` +
        `choose the encoding ${marked}, or auto (detected)`,
      'CSV_ENCODING',
      reasonDetails('BOM_ENCODING', { file, encoding: marked }, { remedy: { encoding: marked } }),
    );
  }
  if (nul >= 0) {
    throw csvError(
      { file },
      `looks like a binary file, not text (NUL byte at offset ${nul}); ` +
        'if it is UTF-16 text without a byte-order mark, choose the encoding (e.g. utf-16le)',
      'CSV_ENCODING',
      reasonDetails('BINARY_FILE', { file, offset: nul }),
    );
  }
  const sampleText = decodeSample(bytes, encodingGuess.encoding);

  let delimiter = options.delimiter ?? 'auto';
  if (delimiter === 'auto') {
    delimiter = detectDelimiter(sampleText, quoteChar);
  } else {
    checkCharacter('delimiter', delimiter);
    if (delimiter === quoteChar) {
      throw new MtlError(
        'BAD_REQUEST',
        `the delimiter and the quote character are both '${delimiter}'`,
      );
    }
  }
  const hasHeader = options.hasHeader ?? true;
  const chosen = encodingGuess.source === 'user' || encodingGuess.source === 'default';
  if (chosen) {
    const reading = { file, encoding: encodingGuess.encoding, delimiter, quoteChar, hasHeader };
    refuseUndecodable(bytes, wholeFile, sampleText, reading);
  }
  return {
    file,
    totalBytes,
    dialect: {
      encoding: encodingGuess.encoding,
      delimiter,
      quoteChar,
      // Past the sample, the stream refuses what the chosen encoding cannot decode.
      ...(chosen ? { encodingChosen: true } : {}),
    },
    hasHeader,
    encodingGuess,
    sampleText,
    sampleBytes: bytes.length,
    wholeFile,
  };
}

/** How a sample is read, for {@link refuseUndecodable}. */
interface SampleReading {
  file: string;
  encoding: string;
  delimiter: string;
  quoteChar: string;
  hasHeader: boolean;
}

/**
 * Refuse a chosen encoding that cannot decode characters of the sample (findUndecodable):
 * they would be stored as U+FFFD (found by a new user: a GBK file imported with `--encoding
 * shift_jis` stored "ﾕﾅﾈ�" without a word). The error names the file, the line and column of
 * the first such character, how many the sample holds, and the encoding detection picks
 * (or latin1, which decodes every byte, when detection picks the chosen one). Detected
 * encodings are not refused: only a choice is.
 * @param sampleText the sample decoded with the chosen encoding (decodeSample)
 * @throws MtlError('CSV_ENCODING', reason UNDECODABLE_TEXT) when there is such a character.
 */
function refuseUndecodable(
  bytes: Uint8Array,
  wholeFile: boolean,
  sampleText: string,
  reading: SampleReading,
): void {
  const { file, encoding } = reading;
  const bad = findUndecodable(bytes, wholeFile, encoding, sampleText);
  if (bad === null) return;
  const { line, column } = textPosition(sampleText, bad.index, reading);
  const detected = detectEncoding(bytes, wholeFile).encoding;
  const suggested = detected === encoding ? 'latin1' : detected;
  const where = wholeFile ? 'the file' : `its first ${Math.round(bytes.length / 1024)} KB`;
  const count = bad.count === 1 ? '1 character' : `${bad.count} characters`;
  const remedy =
    suggested === detected
      ? `it looks like ${detected} text: read it as ${detected}, or detect its encoding`
      : `read it in its own encoding, or as latin1, which decodes every byte`;
  throw csvError(
    { file, line, column },
    `${encoding} cannot decode this text (${count} in ${where} would be stored as the replacement character U+FFFD; this is the first); ${remedy}`,
    'CSV_ENCODING',
    reasonDetails(
      'UNDECODABLE_TEXT',
      { file, line, column, encoding, count: bad.count, suggested },
      { remedy: { encoding: suggested } },
    ),
  );
}

/**
 * The 1-based line and the column (its header name, else its 1-based position) of the
 * character at `index` of a decoded sample, with the scanner's grammar (quoted line breaks
 * count as lines).
 */
function textPosition(
  text: string,
  index: number,
  reading: SampleReading,
): { line: number; column: string | number } {
  const delimiter = reading.delimiter.charCodeAt(0);
  const quote = reading.quoteChar.charCodeAt(0);
  const end = openRecordEnd(text.slice(0, index), delimiter, quote);
  const line = 1 + end.lineBreaks;
  let header: { fields: string[]; line: number } | null = null;
  if (reading.hasHeader) {
    const scanner = new CsvScanner(reading.delimiter, reading.quoteChar);
    try {
      scanner.push(text, (fields, at) => {
        if (header === null && !isBlankRecord(fields)) header = { fields, line: at };
      });
    } catch {
      // A syntax error is the import's to report; the column is then named by position.
    }
  }
  const found = header as { fields: string[]; line: number } | null;
  const name =
    found !== null && line > found.line ? found.fields[end.field - 1]?.trim() : undefined;
  return { line, column: name || end.field };
}
