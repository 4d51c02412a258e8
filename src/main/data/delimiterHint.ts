/**
 * The error of a file read with a chosen delimiter that is not its own. Found by a new user:
 * a comma CSV with a quoted header ("name","age") imported with `--delimiter ';'` was refused
 * with "line 1, column 1: malformed quoted field (text after its closing quote)", which
 * blames the quoting; with ';' the header is one field, `"name","age"`, whose first quote
 * closes after `name`. The error a wrong delimiter causes (that one, or "expected 1 field,
 * found 2") is rewritten to say so and to name the delimiter detection finds. An unquoted
 * header ("a,b,c" read with ';') trips over nothing: every line reads as one column and the
 * file imported silently as one column named "a,b,c"; {@link refuseDelimiterNotInHeader}
 * refuses it before reading, with the same reason.
 */
import Papa from 'papaparse';
import { MtlError, reasonDetails } from '../../shared/errors';
import { csvError } from './csvErrors';
import type { CsvFormat } from './csvFormat';
import { detectDelimiter } from './csvStream';

/** A delimiter as a message names it: a tab by its name, others quoted ('; '). */
function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `'${delimiter}'`;
}

/**
 * The first non-blank line of the sample (1-based number and text): the header, or the
 * first row of a file without one. A quoted line break inside it is not followed (the
 * text up to it is enough to see whether a delimiter occurs).
 */
function firstLine(sampleText: string): { line: number; text: string } | null {
  const lines = sampleText.split(/\r\n|\r|\n/);
  // The last piece of a sample that is not the whole file may be cut: it still counts.
  const at = lines.findIndex((text) => text.trim() !== '');
  return at < 0 ? null : { line: at + 1, text: lines[at] };
}

/** Records of the sample that {@link refuseDelimiterNotInHeader} checks for one field count. */
const CONSISTENT_RECORDS = 20;

/**
 * The CSV_PARSE error of a header read as one column because the chosen delimiter is not
 * the file's (reason CSV_DELIMITER_NOT_IN_HEADER, remedy { delimiter: detected }).
 * `met` is what reading with the chosen delimiter ran into, said in parentheses.
 */
function notInHeaderError(
  format: Pick<CsvFormat, 'file' | 'hasHeader'>,
  head: { line: number },
  delimiter: string,
  detected: string,
  met: string,
): MtlError {
  const { file } = format;
  const what = format.hasHeader ? 'the header' : 'the first row';
  return csvError(
    { file, line: head.line },
    `the delimiter ${delimiterName(delimiter)} does not occur in ${what}, so it reads as one column (read so, ${met}); ` +
      `the file looks delimited by ${delimiterName(detected)}: choose that delimiter, or auto (detected)`,
    'CSV_PARSE',
    reasonDetails(
      'CSV_DELIMITER_NOT_IN_HEADER',
      {
        file,
        line: head.line,
        delimiter: delimiterName(delimiter),
        detected: delimiterName(detected),
      },
      { remedy: { delimiter: detected } },
    ),
  );
}

/**
 * Refuse, before anything is read, a file whose chosen delimiter would read an unquoted
 * header as one column although the file is plainly delimited by another: the chosen
 * delimiter does not occur in the first non-blank line, that line holds no quote character
 * (a quoted header fails while reading, and {@link withDelimiterHint} names the cause then),
 * and the delimiter detection finds (detectDelimiter on the sample) splits that line into 2
 * or more fields and each of the sample's first {@link CONSISTENT_RECORDS} records into as
 * many (the last record of a sample that is not the whole file is left out: it may be cut).
 * A one-column file of text with commas in it (read with ';' so that they stay) passes: its
 * header holds no ',', or its lines do not split alike. A one-column file whose every line
 * holds the same number of commas is refused too; quoting its header keeps it one column.
 * @param format the settled reading (its file, dialect, header flag and decoded sample).
 * @param chosen the delimiter option as given (undefined or 'auto': detected, never refused).
 * @throws MtlError('CSV_PARSE', reason CSV_DELIMITER_NOT_IN_HEADER, params { file, line,
 *   delimiter, detected } as messages name them, details.remedy { delimiter: detected }).
 */
export function refuseDelimiterNotInHeader(
  format: Pick<CsvFormat, 'file' | 'dialect' | 'hasHeader' | 'sampleText' | 'wholeFile'>,
  chosen: string | undefined,
): void {
  if (chosen === undefined || chosen === 'auto') return;
  const { delimiter, quoteChar } = format.dialect;
  const head = firstLine(format.sampleText);
  if (head === null || head.text.includes(delimiter) || head.text.includes(quoteChar)) return;
  const detected = detectDelimiter(format.sampleText, quoteChar);
  if (detected === delimiter || !head.text.includes(detected)) return;
  const parsed = Papa.parse<string[]>(format.sampleText.replace(/\r\n?/g, '\n'), {
    delimiter: detected,
    quoteChar,
    preview: CONSISTENT_RECORDS + 1,
    skipEmptyLines: 'greedy',
  });
  const records = format.wholeFile ? parsed.data : parsed.data.slice(0, -1);
  const width = records[0]?.length ?? 0;
  if (width < 2 || records.slice(0, CONSISTENT_RECORDS).some((r) => r.length !== width)) return;
  const one = head.text.trim();
  const cut = one.length > 60 ? `${one.slice(0, 57)}...` : one;
  throw notInHeaderError(
    format,
    head,
    delimiter,
    detected,
    `${format.hasHeader ? 'its one column is named' : 'its one cell is'} "${cut}"`,
  );
}

/**
 * `error` unchanged, or, for a CSV_PARSE error of a file read with a delimiter the user
 * chose, an error saying that the delimiter does not occur in the header (which therefore
 * reads as one column) and naming the delimiter detection finds there — when the chosen
 * one does not occur in the first non-blank line of the sample, and the detected one
 * (detectDelimiter on the sample) differs and does. The original message is kept in
 * parentheses, as what reading with the chosen delimiter ran into. Only a refused file is reworded: a file of
 * one column read with a delimiter it does not hold (chosen so that its commas stay in
 * the text) imports as before.
 * @param format the settled reading (its file, dialect and decoded sample).
 * @param chosen the delimiter option as given (undefined or 'auto': detected, never reworded).
 * @returns MtlError('CSV_PARSE', reason CSV_DELIMITER_NOT_IN_HEADER, details.remedy
 *   { delimiter }) or `error`.
 */
export function withDelimiterHint(
  error: unknown,
  format: Pick<CsvFormat, 'file' | 'dialect' | 'hasHeader' | 'sampleText'>,
  chosen: string | undefined,
): unknown {
  if (!(error instanceof MtlError) || error.code !== 'CSV_PARSE') return error;
  if (chosen === undefined || chosen === 'auto') return error;
  const { delimiter, quoteChar } = format.dialect;
  const head = firstLine(format.sampleText);
  if (head === null || head.text.includes(delimiter)) return error;
  const detected = detectDelimiter(format.sampleText, quoteChar);
  if (detected === delimiter || !head.text.includes(detected)) return error;
  const { file } = format;
  // What reading so ran into, without the file name the new message starts with, and only
  // its first clause: a field-count error goes on to count the bad lines and offer
  // --bad-lines skip, which is beside the point when the delimiter is the file's fault.
  const whole = error.message.startsWith(`${file} `)
    ? error.message.slice(file.length + 1)
    : error.message;
  const met = whole.split('; ')[0];
  return notInHeaderError(format, head, delimiter, detected, met);
}
