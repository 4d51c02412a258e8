/**
 * Settles how a CSV file is read — encoding, delimiter, quote, header — from the
 * user's options and a sample of the file's first bytes. Preview and import share it.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { MtlError, reasonDetails } from '../../shared/errors';
import { CsvScanner, openRecordEnd } from './csvScanner';
import { detectDelimiter, isBlankRecord, type CsvDialect } from './csvStream';
import { csvError } from './csvErrors';
import { countLineFeeds, decodeSample, readLateWindows, readSample } from './encoding';
import {
  byteOrderMark,
  C1_SUPERSET,
  findC1Controls,
  findNulByte,
  findUndecodable,
  findUtf8Misreading,
  findUtf8MisreadingAsGb,
  isSingleByteEncoding,
  mayBeUtf16,
} from './encodingChecks';
import {
  chooseEncoding,
  type EncodingGuess,
  findGbMisreading,
  type GbMisreading,
  suggestedEncoding,
} from './encodingDetect';
import { isUtf16Encoding } from './encodingNames';
import { fileKindAdvice, fileKindOf, FILE_KIND_NAMES } from './fileSignature';

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
  /** 'auto' (default) or one character, e.g. ',', ';', '\t', '|'; 'tab' and '\\t' are a tab. */
  delimiter?: string;
  /** Whether the first record holds column names (default true). */
  hasHeader?: boolean;
  /** Quote character (default '"'). */
  quoteChar?: string;
  /**
   * What the text is read for (default 'import'): a refusal of text the encoding garbles says
   * it would be "stored" so on import, "read" so for 'predict', which stores nothing; predict's
   * undecodable text has the reason PREDICT_UNDECODABLE_TEXT.
   */
  purpose?: 'import' | 'predict';
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
    // A tab typed in a shell is hard: say how (tab, \t or $'\t' are read as one).
    const hint = name === 'delimiter' ? `; for a tab, give tab, \\t or $'\\t'` : '';
    throw new MtlError(
      'BAD_REQUEST',
      `${name} must be one character (not a line break), got '${value}'${hint}`,
      {
        [name]: value,
      },
    );
  }
}

/**
 * The delimiter a user wrote, with the spellings of a tab a shell lets through read as one:
 * 'tab' (any case) and the two characters backslash, t (found by a new user: `--delimiter
 * '\t'` and `--delimiter tab` were refused as not one character). Others unchanged.
 */
export function delimiterCharacter(value: string): string {
  return value.toLowerCase() === 'tab' || value === '\\t' ? '\t' : value;
}

/**
 * Resolve the reading of a CSV file.
 * @throws MtlError('NOT_FOUND') when the file does not exist; MtlError('BAD_REQUEST') for
 *   a path that is not a file or a delimiter/quote that is not one character (or equal);
 *   MtlError('CSV_ENCODING') for a file whose first bytes are another kind's signature (a PNG,
 *   a gzip, a spreadsheet …: reason NOT_A_TABLE, in any encoding; see {@link fileKindOf}),
 *   an unknown encoding name (given or default), a NUL byte in the sample of
 *   a file not read as UTF-16/32 (a binary file), a chosen encoding that cannot decode
 *   characters of the sample (see {@link refuseUndecodable}), a chosen single-byte
 *   (or GBK) encoding for UTF-8 text (see {@link refuseUtf8Misreading}), a chosen
 *   single-byte encoding or Big5 for GBK Chinese text ({@link refuseGbMisreading}; also at the
 *   file's middle and end, {@link refuseLateGbMisreading}), a chosen latin1 for bytes it
 *   reads as C1 controls ({@link refuseC1Controls}), or a chosen UTF-16 encoding
 *   for a sample that is not UTF-16 text ({@link mayBeUtf16}: no byte-order mark, no NUL).
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
  const kind = fileKindOf(bytes, file);
  if (kind !== null) {
    // Before any encoding check: no encoding reads a PNG or a gzip as a table, and encoding
    // advice sent a new user round a loop (binary → utf-16le → latin1 → binary).
    // "img.csv is not a CSV …", not csvError's "img.csv: is not …" (found by a new user).
    throw new MtlError(
      'CSV_ENCODING',
      `${file} is not a CSV or text table: it is ${FILE_KIND_NAMES[kind]}; ${fileKindAdvice(kind, path)}`,
      reasonDetails(
        'NOT_A_TABLE',
        { file, kind: FILE_KIND_NAMES[kind], advice: fileKindAdvice(kind, path) },
        {
          file,
          kind,
          phrases: {
            kind: { key: `errors.fileKinds.${kind}` },
            advice: { key: `errors.fileKindAdvice.${kind}` },
          },
        },
      ),
    );
  }
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
        // The CLI's flag is named (found by a new user: "choose the encoding" named no way to
        // choose it); the studio words this error from its reason, with its encoding select.
        'if it is UTF-16 text without a byte-order mark, choose the encoding (--encoding <name>, e.g. --encoding utf-16le)',
      'CSV_ENCODING',
      reasonDetails('BINARY_FILE', { file, offset: nul }),
    );
  }
  if (
    encodingGuess.source === 'user' &&
    isUtf16Encoding(encodingGuess.encoding) &&
    !mayBeUtf16(bytes)
  ) {
    // Found by a new user: --encoding utf-16le on a UTF-8 file said "a header but no data
    // rows", true of the garbled text but not saying why.
    const { encoding } = encodingGuess;
    const suggested = suggestedEncoding(bytes, wholeFile, encoding);
    throw csvError(
      { file },
      `does not look like UTF-16 text: it has no byte-order mark and no NUL bytes, which UTF-16 ` +
        `text has in its line breaks and delimiters (a comma is 2C 00, or 00 2C), so ${encoding} ` +
        `would read it as other characters; ${readAs(suggested)}`,
      'CSV_ENCODING',
      reasonDetails(
        'NOT_UTF16_TEXT',
        { file, encoding, suggested },
        { remedy: { encoding: suggested } },
      ),
    );
  }
  const flipped =
    encodingGuess.source === 'user' || encodingGuess.source === 'default'
      ? utf16ByteOrderFlip(bytes, encodingGuess.encoding)
      : null;
  if (flipped !== null) {
    // Found by a new user: --encoding utf-16be on a UTF-16LE file without a byte-order mark
    // said "a header but no data rows" (predict: "lacks the columns"), true of the garbled text.
    const { encoding } = encodingGuess;
    const order = flipped.toUpperCase();
    const comma = flipped === 'utf-16le' ? '2C 00' : '00 2C';
    throw csvError(
      { file },
      `this looks like ${order} text (a comma is ${comma}): it has no byte-order mark and its NUL bytes are where ${order} puts them, so ${encoding} would read it as other characters; read it as ${flipped}`,
      'CSV_ENCODING',
      reasonDetails(
        'UTF16_BYTE_ORDER',
        { file, encoding, suggested: flipped },
        { remedy: { encoding: flipped } },
      ),
    );
  }
  const sampleText = decodeSample(bytes, encodingGuess.encoding);

  let delimiter = delimiterCharacter(options.delimiter ?? 'auto');
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
    const reading: SampleReading = {
      file,
      encoding: encodingGuess.encoding,
      delimiter,
      quoteChar,
      hasHeader,
      fate: options.purpose === 'predict' ? 'read' : 'stored',
    };
    // UTF-8 misread first: windows-1254 has no character for some UTF-8 trail bytes (81, 8D,
    // 8E, 8F, 90, 9D, 9E), so UTF-8 text read so would otherwise be called undecodable, its
    // count too low and its column garbled (found by a new user: --encoding cp1254).
    refuseUtf8Misreading(bytes, wholeFile, reading);
    refuseUndecodable(bytes, wholeFile, sampleText, reading);
    refuseGbMisreading(bytes, wholeFile, reading);
    refuseC1Controls(bytes, wholeFile, sampleText, reading);
    if (!wholeFile) await refuseLateGbMisreading(path, totalBytes, bytes, reading);
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

/**
 * The other byte order of UTF-16 when a sample read as utf-16le or utf-16be (`encoding`)
 * has no byte-order mark and its NUL bytes sit where the other order puts them: in UTF-16LE
 * every character U+0001–U+00FF (ASCII letters, digits, commas, line breaks) is its byte then
 * 00, so NUL bytes fall on odd offsets; in UTF-16BE on even ones (Unicode Standard §3.10).
 * At least 90 % of the sample's NUL bytes, and at least 2, must sit so (a CJK character
 * whose byte is 00, e.g. U+4E00, is 00 4E in LE: an odd NUL among many).
 * @returns 'utf-16le' or 'utf-16be', the order to read with; null when the sample fits the
 *   chosen one, has a mark, or `encoding` is not one of the two ('utf-16' guesses the order).
 */
export function utf16ByteOrderFlip(bytes: Uint8Array, encoding: string): string | null {
  if (byteOrderMark(bytes) !== null || !iconv.encodingExists(encoding)) return null;
  const codec = iconv.getCodec(encoding);
  const chosen = (['utf-16le', 'utf-16be'] as const).find((n) => iconv.getCodec(n) === codec);
  if (chosen === undefined) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  // Where the chosen order puts its NUL bytes, and where the other one does.
  const [fits, other] = chosen === 'utf-16le' ? [odd, even] : [even, odd];
  if (other < 2 || other < 0.9 * (fits + other)) return null;
  return chosen === 'utf-16le' ? 'utf-16be' : 'utf-16le';
}

/** How a sample is read, for {@link refuseUndecodable}. */
interface SampleReading {
  file: string;
  encoding: string;
  delimiter: string;
  quoteChar: string;
  hasHeader: boolean;
  /** What becomes of garbled text: 'stored' on import, 'read' for predict (stores nothing). */
  fate: 'stored' | 'read';
}

/**
 * Refuse a chosen encoding that cannot decode characters of the sample (findUndecodable):
 * they would be stored as U+FFFD (found by a new user: a GBK file imported with `--encoding
 * shift_jis` stored "ﾕﾅﾈ�" without a word). The error names the file, the line and column of
 * the first such character, how many the sample holds, and the encoding to read it with
 * ({@link suggestedEncoding}: detection's, windows-1254 for Turkish-looking windows-1252, or
 * latin1, which decodes every byte). Detected encodings are not refused: only a choice is.
 * @param sampleText the sample decoded with the chosen encoding (decodeSample)
 * @throws MtlError('CSV_ENCODING', reason UNDECODABLE_TEXT) when there is such a character.
 */
function refuseUndecodable(
  bytes: Uint8Array,
  wholeFile: boolean,
  sampleText: string,
  reading: SampleReading,
): void {
  const { file, encoding, fate } = reading;
  const bad = findUndecodable(bytes, wholeFile, encoding, sampleText);
  if (bad === null) return;
  const { line, column } = textPosition(sampleText, bad.index, reading);
  const suggested = suggestedEncoding(bytes, wholeFile, encoding);
  const where = wholeFile ? 'the file' : `its first ${Math.round(bytes.length / 1024)} KB`;
  const count = bad.count === 1 ? '1 character' : `${bad.count} characters`;
  throw csvError(
    { file, line, column },
    `${encoding} cannot decode this text (${count} in ${where} would be ${fate} as the replacement character U+FFFD; this is the first); ${readAs(suggested)}`,
    'CSV_ENCODING',
    reasonDetails(
      fate === 'read' ? 'PREDICT_UNDECODABLE_TEXT' : 'UNDECODABLE_TEXT',
      { file, line, column, encoding, count: bad.count, suggested },
      { remedy: { encoding: suggested } },
    ),
  );
}

/** The way out of a refused encoding, with the one {@link suggestedEncoding} picked. */
function readAs(suggested: string): string {
  return suggested !== 'latin1'
    ? `it looks like ${suggested} text: read it as ${suggested}, or detect its encoding`
    : `read it in its own encoding, or as latin1, which decodes every byte`;
}

/**
 * Refuse a chosen single-byte encoding for a sample that is UTF-8 text
 * ({@link findUtf8Misreading}), or a chosen GBK/GB18030 for UTF-8 text that is implausible
 * as GBK ({@link findUtf8MisreadingAsGb}: UTF-8 "张三" as "寮犱笁"): every byte decodes, so findUndecodable sees nothing, but each
 * UTF-8 character would be stored as two to four others (found by a new user: `--encoding
 * cp1252` on a UTF-8 file stored "Ã©" with only a "(garbled)" warning). The sibling of
 * {@link refuseUndecodable}: the error names the file, the line and column of the first such
 * character, what it reads as UTF-8 and as the choice, how many the sample holds, and utf-8.
 * Checked before refuseUndecodable: the same bytes may hold a trail byte the choice has no
 * character for (windows-1254 9E), which is the misreading's symptom, not the cause.
 * @throws MtlError('CSV_ENCODING', reason UTF8_MISREAD) when there is such a character.
 */
function refuseUtf8Misreading(bytes: Uint8Array, wholeFile: boolean, reading: SampleReading): void {
  const { file, encoding, fate } = reading;
  const misread =
    findUtf8Misreading(bytes, wholeFile, encoding) ??
    findUtf8MisreadingAsGb(bytes, wholeFile, encoding);
  if (misread === null) return;
  // Located in the UTF-8 reading, so the header's names read as the user wrote them ('şehir',
  // not 'ÅŸehir'); the line is the same in either reading (line breaks are ASCII).
  const utf8Text = decodeSample(bytes, 'utf-8');
  const utf8Index = decodeSample(bytes.subarray(0, misread.index), 'utf-8').length;
  const { line, column } = textPosition(utf8Text, utf8Index, reading);
  const where = wholeFile ? 'the file' : `its first ${Math.round(bytes.length / 1024)} KB`;
  const count = misread.count === 1 ? '1 character' : `${misread.count} characters`;
  // Shown, not stored: a byte-order mark and latin1's C1 controls (80–9F) are invisible.
  const bom = misread.utf8 === '\ufeff';
  const utf8 = bom ? 'U+FEFF' : misread.utf8;
  const read = visible(misread.read);
  const character = bom ? 'its byte-order mark (U+FEFF)' : `'${utf8}'`;
  throw csvError(
    { file, line, column },
    `this is UTF-8 text, which ${encoding} reads as other characters: ${character} would be ${fate} as '${read}' (${count} in ${where} would be ${fate} garbled; this is the first); read it as utf-8, or detect its encoding`,
    'CSV_ENCODING',
    reasonDetails(
      fate === 'read' ? 'PREDICT_UTF8_MISREAD' : 'UTF8_MISREAD',
      { file, line, column, encoding, utf8, read, count: misread.count },
      { remedy: { encoding: 'utf-8' } },
    ),
  );
}

/**
 * Refuse a chosen single-byte encoding or Big5 for a sample that is GBK/GB18030 Chinese text
 * ({@link findGbMisreading}: "品种" as windows-1252 "Æ·ÖÖ"): every byte decodes, so
 * refuseUndecodable sees nothing (found by a new user: `--encoding windows-1252`, latin1 and
 * big5 stored such column names, exit 0). The sibling of {@link refuseUtf8Misreading}: the
 * error names the file, the line and column of the first Chinese word (located in the
 * GB18030 reading, so a column is named as the user wrote it), that word in both readings,
 * how many Chinese characters the sample holds, and the GB encoding to read it with.
 * @throws MtlError('CSV_ENCODING', reason GB_MISREAD) when the sample is such text.
 */
function refuseGbMisreading(bytes: Uint8Array, wholeFile: boolean, reading: SampleReading): void {
  const misread = findGbMisreading(bytes, wholeFile, reading.encoding);
  if (misread === null) return;
  const gbText = decodeSample(bytes, misread.suggested);
  const gbIndex = decodeSample(bytes.subarray(0, misread.index), misread.suggested).length;
  const { line, column } = textPosition(gbText, gbIndex, reading);
  const where = wholeFile ? 'the file' : `its first ${Math.round(bytes.length / 1024)} KB`;
  throw gbMisreadError(misread, { line, column, where }, reading);
}

/**
 * As {@link refuseGbMisreading}, for the middle and the end of a file larger than its sample
 * ({@link readLateWindows}): GBK text that starts past the first 64 KB (70 KB of ASCII rows,
 * then Chinese ones) is refused before anything is stored, not stored garbled. The line is
 * counted from the file's start ({@link countLineFeeds}, read only once such text is found);
 * the column is named from the sample's header. A window starting inside a quoted field
 * with line breaks may name a column one off; the line is still right.
 * @param sample the file's first bytes (its header, when it has one)
 * @throws MtlError('CSV_ENCODING', reason GB_MISREAD) for the first window with such text.
 */
async function refuseLateGbMisreading(
  path: string,
  totalBytes: number,
  sample: Uint8Array,
  reading: SampleReading,
): Promise<void> {
  for (const window of await readLateWindows(path, totalBytes)) {
    const misread = findGbMisreading(window.bytes, false, reading.encoding);
    // Text the encoding cannot decode (GBK read as ascii) is the stream's to refuse, at its
    // place (CSV_UNDECODABLE), as the sample's check refuses it before this one.
    if (misread === null || findUndecodable(window.bytes, false, reading.encoding) !== null) {
      continue;
    }
    const gbText = decodeSample(window.bytes, misread.suggested);
    const gbIndex = decodeSample(window.bytes.subarray(0, misread.index), misread.suggested).length;
    // In the window: its own lines, its column by position (it has no header).
    const at = textPosition(gbText, gbIndex, { ...reading, hasHeader: false });
    const header = reading.hasHeader
      ? headerRecord(decodeSample(sample, misread.suggested), reading)
      : null;
    const name = header?.fields[(at.column as number) - 1]?.trim();
    const line = (await countLineFeeds(path, window.offset)) + at.line;
    const kb = (n: number): number => Math.round(n / 1024);
    const where = `the ${kb(window.bytes.length)} KB read at ${kb(window.offset)} KB`;
    throw gbMisreadError(misread, { line, column: name || at.column, where }, reading);
  }
}

/**
 * The GB_MISREAD (PREDICT_GB_MISREAD) refusal of `misread`, at `line` and `column` of the
 * file, `where` naming the part of the file read ("its first 64 KB").
 */
function gbMisreadError(
  misread: GbMisreading,
  place: { line: number; column: string | number; where: string },
  reading: SampleReading,
): MtlError {
  const { file, encoding, fate } = reading;
  const { suggested, text, count } = misread;
  const { line, column, where } = place;
  const read = visible(misread.read);
  const characters = count === 1 ? '1 Chinese character' : `${count} Chinese characters`;
  return csvError(
    { file, line, column },
    `this is ${suggested} Chinese text, which ${encoding} reads as other characters: '${text}' would be ${fate} as '${read}' (${characters} in ${where} would be ${fate} garbled; this is the first word); read it as ${suggested}, or detect its encoding`,
    'CSV_ENCODING',
    reasonDetails(
      fate === 'read' ? 'PREDICT_GB_MISREAD' : 'GB_MISREAD',
      { file, line, column, encoding, text, read, suggested, count },
      { remedy: { encoding: suggested } },
    ),
  );
}

/**
 * Refuse a chosen latin1 or iso-8859-9 that reads bytes of the sample as C1 control
 * characters ({@link findC1Controls}: bytes 80–9F, U+0080–U+009F), when the encoding to
 * suggest reads the sample without U+FFFD: its windows superset ({@link C1_SUPERSET}, whose
 * 93 94 are “ ”), or a multi-byte encoding detection picks (GBK read as latin1). Found with a
 * new user's report: `--encoding latin1` on windows-1252 text stored its quotes and dashes
 * as invisible U+0093, U+0094, U+0096. A sample the superset cannot decode either (bytes 81,
 * 8D, 8F, 90, 9D) is left to the choice: nothing reads it better.
 * @param sampleText the sample decoded with the chosen encoding (decodeSample)
 * @throws MtlError('CSV_ENCODING', reason C1_CONTROL_TEXT) naming the file, the line and
 *   column of the first such byte, the byte, and the encoding to read it with.
 */
function refuseC1Controls(
  bytes: Uint8Array,
  wholeFile: boolean,
  sampleText: string,
  reading: SampleReading,
): void {
  const { file, encoding, fate } = reading;
  const superset = C1_SUPERSET[encoding];
  if (superset === undefined) return;
  const found = findC1Controls(sampleText);
  if (found === null) return;
  const detected = suggestedEncoding(bytes, wholeFile, encoding);
  const multiByte = detected !== 'latin1' && !isSingleByteEncoding(detected);
  const suggested = multiByte ? detected : superset;
  if (!multiByte && findUndecodable(bytes, wholeFile, superset) !== null) return;
  const { line, column } = textPosition(sampleText, found.index, reading);
  // One character per byte in a single-byte reading: the index is the byte's offset.
  const value = bytes[found.index];
  const byte = `0x${value.toString(16).toUpperCase()}`;
  const where = wholeFile ? 'the file' : `its first ${Math.round(bytes.length / 1024)} KB`;
  const count = found.count === 1 ? '1 byte' : `${found.count} bytes`;
  const theirs = multiByte
    ? ''
    : `, which ${superset} reads as '${decodeSample(Uint8Array.of(value), superset)}'`;
  const remedy =
    multiByte || detected === superset
      ? readAs(suggested)
      : `read it as ${superset}, which reads every other byte as ${encoding} does, or in its own encoding`;
  throw csvError(
    { file, line, column },
    `${encoding} reads byte ${byte} as the control character ${visible(sampleText[found.index])}${theirs} (${count} in ${where} would be ${fate} as invisible controls; this is the first); ${remedy}`,
    'CSV_ENCODING',
    reasonDetails(
      fate === 'read' ? 'PREDICT_C1_CONTROL_TEXT' : 'C1_CONTROL_TEXT',
      { file, line, column, encoding, byte, suggested },
      { remedy: { encoding: suggested } },
    ),
  );
}

/** `text` with its control characters (C0, DEL, C1: latin1 reads 80–9F so) shown as U+XXXX. */
function visible(text: string): string {
  return text.replace(
    /\p{Cc}/gu, // C0, DEL and C1
    (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
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
  const found = reading.hasHeader ? headerRecord(text, reading) : null;
  const name =
    found !== null && line > found.line ? found.fields[end.field - 1]?.trim() : undefined;
  return { line, column: name || end.field };
}

/**
 * The first record of a decoded sample that is not blank (the header), with its 1-based
 * line; null when there is none, or the scanner refuses the text before it ends.
 */
function headerRecord(
  text: string,
  reading: SampleReading,
): { fields: string[]; line: number } | null {
  let header: { fields: string[]; line: number } | null = null;
  const scanner = new CsvScanner(reading.delimiter, reading.quoteChar);
  try {
    scanner.push(text, (fields, at) => {
      if (header === null && !isBlankRecord(fields)) header = { fields, line: at };
    });
  } catch {
    // A syntax error is the import's to report; the column is then named by position.
  }
  return header;
}
