/**
 * Builds the user-facing errors of CSV import, so every message names the file, the
 * 1-based line and (when known) the column in one consistent format:
 * `penguins.csv line 17, column 'sex': …`.
 */
import { MtlError, reasonDetails, type ErrorCode } from '../../shared/errors';
import { badLinesText, type BadLinesSeen } from './badLines';
import { decimalCommaHint, type CellTypeError } from './cellValues';

/** Where in a CSV file something went wrong. `line` is 1-based, counted in the file. */
export interface CsvLocation {
  /** Base name of the file (never a machine path). */
  file: string;
  line?: number;
  /** Column name, or its 1-based position when the name is unknown. */
  column?: string | number;
}

/**
 * Format a location as the prefix of a message: `file`, `file line 3` or
 * `file line 3, column 'x'` (`column 2` when only the position is known).
 */
export function formatLocation(at: CsvLocation): string {
  let text = at.file;
  if (at.line !== undefined) text += ` line ${at.line}`;
  if (typeof at.column === 'string') text += `, column '${at.column}'`;
  else if (typeof at.column === 'number') text += `, column ${at.column}`;
  return text;
}

/**
 * Create an MtlError (default code 'CSV_PARSE') whose message starts with the location
 * and whose `details` carry { file, line, column } (and `extra`) for the UI.
 */
export function csvError(
  at: CsvLocation,
  problem: string,
  code: ErrorCode = 'CSV_PARSE',
  extra: Record<string, unknown> = {},
): MtlError {
  const details: Record<string, unknown> = { ...extra, file: at.file };
  if (at.line !== undefined) details.line = at.line;
  if (at.column !== undefined) details.column = at.column;
  return new MtlError(code, `${formatLocation(at)}: ${problem}`, details);
}

/**
 * The CSV_PARSE error of a cell that is not a number (numeric column) or not a yes/no
 * value (boolean column), naming file, line, column and value, with its reason
 * (CSV_NOT_A_NUMBER, CSV_NUMBER_OUT_OF_RANGE for a number beyond the 32-bit float range,
 * CSV_DECIMAL_COMMA for a number written with a decimal comma read without the option,
 * whose message ends with {@link decimalCommaHint}, or CSV_NOT_BOOLEAN) for the UI.
 */
export function cellTypeError(
  at: { file: string; line: number; column: string },
  error: CellTypeError,
): MtlError {
  const params = { file: at.file, line: at.line, column: at.column, value: error.value };
  const reason =
    error.type !== 'numeric'
      ? 'CSV_NOT_BOOLEAN'
      : error.outOfRange
        ? 'CSV_NUMBER_OUT_OF_RANGE'
        : error.decimalComma
          ? 'CSV_DECIMAL_COMMA'
          : 'CSV_NOT_A_NUMBER';
  const hint = error.decimalComma ? decimalCommaHint('import') : '';
  return csvError(at, error.message + hint, 'CSV_PARSE', reasonDetails(reason, params));
}

/**
 * The error of a table with a header and no data row left to import: CSV_NO_ROWS. When
 * `skipped` (the lines `--bad-lines skip` left out) holds some, every data line had a wrong
 * number of fields, and the message says so instead of "no data rows" (the file has them).
 * Import and predict (`predict --bad-lines skip`) both refuse that case with it.
 * @param file the file's name; @param line its header's 1-based line (the error names the
 *   first skipped line instead, when there is one: the header is not what is wrong).
 * @param purpose what the rows were read for: 'import' or 'predict' (in the message).
 */
export function noDataRowsError(
  file: string,
  line: number,
  skipped: BadLinesSeen,
  purpose: 'import' | 'predict' = 'import',
): MtlError {
  const message =
    skipped.count > 0
      ? `every data line has a wrong number of fields, so none is left to ${purpose} (${skipped.count} skipped: ${badLinesText(skipped)}); check the delimiter`
      : 'the file has a header but no data rows';
  return csvError(
    { file, line: skipped.count > 0 ? skipped.lines[0] : line },
    message,
    'CSV_PARSE',
    skipped.count > 0
      ? reasonDetails('CSV_ALL_LINES_BAD', { file, count: skipped.count, first: skipped.lines[0] })
      : reasonDetails('CSV_NO_ROWS', { file, line }),
  );
}
