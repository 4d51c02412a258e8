/**
 * Settles how a CSV file is read — encoding, delimiter, quote, header — from the
 * user's options and a sample of the file's first bytes. Preview and import share it.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';
import { detectDelimiter, type CsvDialect } from './csvStream';
import { csvError } from './csvErrors';
import {
  chooseEncoding,
  decodeSample,
  byteOrderMark,
  findNulByte,
  readSample,
  type EncodingGuess,
} from './encoding';

/** Options on how to read a CSV file (all optional). */
export interface CsvFormatOptions {
  /** iconv-lite encoding name, e.g. 'utf-8', 'gb18030', 'windows-1252'; 'auto' or absent = detect. */
  encoding?: string;
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
 *   MtlError('CSV_ENCODING') for an unknown encoding name, or a NUL byte in the sample of
 *   a file not read as UTF-16/32 (a binary file).
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
  const encodingGuess = chooseEncoding(bytes, wholeFile, options.encoding);
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
  return {
    file,
    totalBytes,
    dialect: { encoding: encodingGuess.encoding, delimiter, quoteChar },
    hasHeader: options.hasHeader ?? true,
    encodingGuess,
    sampleText,
    sampleBytes: bytes.length,
    wholeFile,
  };
}
