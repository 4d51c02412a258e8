/**
 * The grammar of one CSV cell: which texts mean "missing", which parse as numbers or
 * booleans, and how a cell becomes a stored value under a column type.
 */
import type { ColumnInfo, ColumnProfile, ColumnType } from '../../shared/domain';
import type { CellValue } from '../store/projectStore';
import { plainDecimalValue } from './plainDecimal';

// The rule lives in src/shared so the renderer trims typed classes alike.
import { isCellSpace, trimCell } from '../../shared/cellSpace';

export { isCellSpace, trimCell };

/**
 * {@link isCellSpace} and {@link trimCell} as plain JavaScript, for the generated
 * preprocess.js of model bundles (test/export/trimRule.test.ts runs it against them).
 */
export const TRIM_CELL_SOURCE = `function isCellSpace(code) {
  return code === 32 || (code >= 9 && code <= 13);
}

/** A cell's text without ASCII whitespace (space, \\t \\n \\v \\f \\r) at either end, as the studio trims. */
function trimCell(text) {
  let start = 0;
  let end = text.length;
  while (start < end && isCellSpace(text.charCodeAt(start))) start++;
  while (end > start && isCellSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}`;

/**
 * Default tokens read as a missing value (compared after {@link trimCell}, case-insensitively).
 * "None" is deliberately not one: in survey data it is often a real answer ("no children").
 */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', '?'];

/** How cell texts are read: which mean "missing" and whether numbers may use a decimal comma. */
export interface CellGrammar {
  /** Missing-value tokens, trimmed and lower-cased. */
  readonly missing: ReadonlySet<string>;
  /** Length of the longest token: a longer text is never missing (and is not lower-cased). */
  readonly longestMissing?: number;
  /**
   * Per ASCII code (0–127): 1 when some token starts with that character in either case.
   * A text whose first character is ASCII and not marked is never missing (no lower-casing,
   * no set lookup: "SI2", "4.02"). Absent: every text is looked up.
   */
  readonly missingFirst?: Uint8Array;
  /** Also read "0,5" as 0.5 (files written with a decimal comma, usually ';'-delimited). */
  readonly decimalComma: boolean;
}

/** Options that shape a {@link CellGrammar}; absent fields take the defaults. */
export interface CellGrammarOptions {
  /**
   * Texts read as missing values, compared after trimming and case-insensitively. They
   * replace the defaults ({@link MISSING_TOKENS}); include '' to keep empty cells missing.
   */
  missingTokens?: readonly string[];
  /** Read numbers written with a decimal comma ("0,5"); default false. */
  decimalComma?: boolean;
}

/** Build the grammar for a file from the user's options (defaults where absent). */
export function cellGrammar(options: CellGrammarOptions = {}): CellGrammar {
  const tokens = options.missingTokens ?? MISSING_TOKENS;
  const missing = new Set(tokens.map((token) => trimCell(token).toLowerCase()));
  const missingFirst = new Uint8Array(128);
  for (const token of missing) {
    const code = token.charCodeAt(0);
    if (!(code < 128)) continue; // the empty token, or a non-ASCII first character
    missingFirst[code] = 1;
    missingFirst[token[0].toUpperCase().charCodeAt(0) & 127] = 1;
  }
  return {
    missing,
    missingFirst,
    longestMissing: Math.max(0, ...[...missing].map((token) => token.length)),
    decimalComma: options.decimalComma ?? false,
  };
}

/** The default grammar: {@link MISSING_TOKENS}, decimal point only. */
export const DEFAULT_GRAMMAR: CellGrammar = cellGrammar();

/** Texts read as boolean true / false (lower-cased). 0/1 are deliberately numbers. */
const TRUE_TOKENS = new Set(['true', 'yes', 't']);
const FALSE_TOKENS = new Set(['false', 'no', 'f']);

const DIGIT_0 = 48;
const DIGIT_9 = 57;

// Plain decimal notation (isPlainNumber) with a decimal comma instead of a point ("0,5", "-1,25e3").
const COMMA_NUMBER_PATTERN = /^[-+]?(\d+,?\d*|,\d+)([eE][-+]?\d+)?$/;
// European grouping: dots between groups of three digits, an optional decimal comma
// ("1.234,5", "12.345.678", "1.000,00"). A single group without a comma ("1.000") is also
// a plain decimal: with the decimal-comma option it groups thousands (AMBIGUOUS_DOT_PATTERN).
const DOT_GROUPED_PATTERN = /^[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/;
// One dot before exactly three digits ("1.000", "-12.500"): a decimal point, or a dot
// grouping thousands in a file written with a decimal comma (how the decimal-comma option
// reads it: 1000, −12500, as de-DE and fr-FR number formats write them).
const AMBIGUOUS_DOT_PATTERN = /^[-+]?[1-9]\d{0,2}\.\d{3}$/;

/**
 * {@link parseNumber}'s reading of a text as plain JavaScript, for the generated preprocess.js
 * of model bundles (test/export/preprocessModule.test.ts runs it against parseNumber):
 * `pointText(text, decimalComma)` is the trimmed text in plain decimal notation ("0,5" →
 * "0.5", "1.234,5" → "1234.5" with `decimalComma`), to be read with Number(); null when it
 * is no number.
 */
export const POINT_TEXT_SOURCE = `const NUMBER = /^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$/;
const COMMA_NUMBER = ${COMMA_NUMBER_PATTERN.toString()};
const DOT_GROUPED = ${DOT_GROUPED_PATTERN.toString()};
const AMBIGUOUS_DOT = ${AMBIGUOUS_DOT_PATTERN.toString()};

/**
 * A trimmed cell's text in plain decimal notation, as the studio reads numbers: "2.5",
 * "-1e3"; with a decimal comma also "0,5" → "0.5", and dots grouping thousands dropped
 * ("1.234,5" → "1234.5", "1.234.567" → "1234567", "1.000" → "1000").
 * Null when the text is no number.
 */
function pointText(text, decimalComma) {
  if (decimalComma && AMBIGUOUS_DOT.test(text)) return text.replace('.', '');
  if (NUMBER.test(text)) return text;
  if (!decimalComma) return null;
  if (COMMA_NUMBER.test(text)) return text.replace(',', '.');
  if (DOT_GROUPED.test(text)) return text.replace(/\\./g, '').replace(',', '.');
  return null;
}`;

/** True when the (already trimmed) cell text is a missing-value token of the grammar. */
export function isMissingToken(trimmed: string, grammar: CellGrammar = DEFAULT_GRAMMAR): boolean {
  if (grammar.longestMissing !== undefined && trimmed.length > grammar.longestMissing) return false;
  // ASCII lower-casing maps an ASCII first character only to ASCII (a non-ASCII one, such
  // as the Kelvin sign, may lower-case to ASCII: those are looked up).
  const first = trimmed.charCodeAt(0);
  if (first < 128 && grammar.missingFirst !== undefined && grammar.missingFirst[first] === 0) {
    return false;
  }
  return grammar.missing.has(trimmed.toLowerCase());
}

/**
 * The largest magnitude read as a number: 3.4028234663852886e38, the largest finite 32-bit
 * float (2^128 − 2^104). The network computes in float32: beyond it (1e39, 1e308) a cell
 * reached it, once standardised, as a huge value, ±Infinity or NaN, every such row getting
 * the same meaningless prediction, and one in a training column made its deviation overflow
 * (the column then standardised to 0 or NaN). So such a text is not a number, as 1e400
 * (beyond float64) always was: a numeric cell holding one is refused naming it. A decimal text that rounds to this float (3.4028235e38, the
 * usual printed value) is still read: the test is {@link isFloat32Finite}.
 */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** {@link FLOAT32_MAX} as messages write it (rounded to 8 digits, as it is usually printed). */
export const FLOAT32_RANGE_TEXT = '3.4028235e38';

/**
 * True when `value` is finite as a 32-bit float: Math.fround (round to nearest, ties to
 * even) keeps it finite, i.e. |value| < 2^128 − 2^103 ≈ 3.4028235677973366e38, the midpoint
 * between {@link FLOAT32_MAX} and 2^128. False for NaN and ±Infinity.
 */
export function isFloat32Finite(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

/**
 * Parse trimmed text as a finite number (decimal, exponent, sign); null if it is not one.
 * A number beyond the 32-bit float range (|x| > {@link FLOAT32_MAX}, e.g. 1e39) is not one
 * either: the network could not compute with it ({@link isFloat32Finite}).
 * With `decimalComma`, "0,5" also reads as 0.5 (a point still works too), and dots that
 * can only group thousands are dropped: "1.234,5" reads as 1234.5, "1.234.567" as 1234567.
 * A dot before exactly three digits groups thousands too with `decimalComma`: "1.000" reads
 * as 1000 and "-12.500" as −12500, as a de-DE or fr-FR locale writes them (see
 * {@link isAmbiguousDot}; the import notes such cells, inference.ts thousandsDotNote);
 * without it they are decimal points (1, −12.5). Other plain decimals ("2.5", "0.500",
 * "1234.567") are read as such with either.
 * Leading zeros are accepted here ("007" → 7); inference rejects them separately.
 * The bundle's preprocess.js follows the same rules (DECIMAL_COMMA_SOURCE).
 */
export function parseNumber(trimmed: string, decimalComma = false): number | null {
  const value = numberOfText(trimmed, decimalComma);
  return value !== null && isFloat32Finite(value) ? value : null;
}

/**
 * The number a trimmed text is written as, of any magnitude (1e39 → 1e39, 1e400 →
 * Infinity); null when the text is no number in the grammar of {@link parseNumber}.
 */
function numberOfText(trimmed: string, decimalComma: boolean): number | null {
  if (decimalComma && AMBIGUOUS_DOT_PATTERN.test(trimmed)) return thousandsValue(trimmed);
  const plain = plainDecimalValue(trimmed);
  if (plain === plain) return plain; // not NaN: a plain decimal
  if (!decimalComma) return null;
  if (COMMA_NUMBER_PATTERN.test(trimmed)) return Number(trimmed.replace(',', '.'));
  if (DOT_GROUPED_PATTERN.test(trimmed)) {
    return Number(trimmed.replace(/\./g, '').replace(',', '.'));
  }
  return null;
}

/**
 * True when the trimmed text is written as a number (in the grammar of {@link parseNumber})
 * too large for a 32-bit float: "1e39", "-1e308", "1e400". parseNumber reads none of them.
 */
export function isOutOfRangeNumber(trimmed: string, decimalComma = false): boolean {
  const value = numberOfText(trimmed, decimalComma);
  return value !== null && !isFloat32Finite(value);
}

/**
 * True when the trimmed text is a number whose dots group thousands, as a file written with
 * a decimal comma groups them ("1.234,5", "12.345.678"): read so only with the
 * decimal-comma option. A single group without a comma ("1.000") is not one (it is a plain
 * decimal: {@link isAmbiguousDot}).
 */
export function isDotGrouped(trimmed: string): boolean {
  return DOT_GROUPED_PATTERN.test(trimmed) && !isPlainNumber(trimmed);
}

/**
 * True when the trimmed text has one dot before exactly three digits and at most three
 * digits before it, the first not 0 ("1.000", "-12.500"): read as a decimal point (1,
 * −12.5) without the decimal-comma option, and as a dot grouping thousands (1000, −12500)
 * with it ({@link parseNumber}).
 */
export function isAmbiguousDot(trimmed: string): boolean {
  return AMBIGUOUS_DOT_PATTERN.test(trimmed);
}

/**
 * {@link isAmbiguousDot} of the ASCII bytes [start, end) (the import's byte path, no string
 * made): an optional sign, 1–3 digits (the first not 0), '.', then exactly 3 digits.
 */
export function isAmbiguousDotBytes(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const sign = bytes[i];
  if (sign === 43 || sign === 45) i++;
  const dot = end - 4;
  const digits = dot - i;
  if (digits < 1 || digits > 3 || bytes[dot] !== 46 || bytes[i] === DIGIT_0) return false;
  for (let k = i; k < end; k++) {
    if (k === dot) continue;
    const c = bytes[k];
    if (c < DIGIT_0 || c > DIGIT_9) return false;
  }
  return true;
}

/**
 * The value a text of {@link isAmbiguousDot} has when its dot groups thousands
 * ("1.000" → 1000, "-12.500" → −12500).
 */
export function thousandsValue(trimmed: string): number {
  return Number(trimmed.replace('.', ''));
}

/** True when `text` is a plain decimal (see {@link plainDecimalValue}). */
function isPlainNumber(text: string): boolean {
  const value = plainDecimalValue(text);
  return value === value;
}

/**
 * True when the trimmed text has a comma and is a number only if read with the
 * decimal-comma option ("0,5", "1.234,5"; not "1.234.567", which has no comma: dotted
 * groups alone may be a version or an address, not worth a note).
 */
export function isCommaNumber(trimmed: string): boolean {
  return trimmed.includes(',') && !isPlainNumber(trimmed) && parseNumber(trimmed, true) !== null;
}

// Commas grouping thousands, as en-US writes numbers: "1,234", "10,000", "-1,234,567.89".
const COMMA_GROUPED_PATTERN = /^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;

/**
 * The number a trimmed text writes with commas grouping thousands ("1,234" → 1234,
 * "-1,234,567.89" → −1234567.89), or null for any other text. The import reads no such
 * number (a comma is a decimal comma there, with the option); it notes them
 * (inference.ts, `thousandsComma`).
 */
export function thousandsCommaValue(trimmed: string): number | null {
  return COMMA_GROUPED_PATTERN.test(trimmed) ? Number(trimmed.replace(/,/g, '')) : null;
}

/**
 * True when the text has a leading zero before another digit ("007", "-01", "00.5"), i.e.
 * looks like a code (zip code, identifier, zero-padded month), not a quantity; see
 * inferColumnType.
 */
export function hasLeadingZero(trimmed: string): boolean {
  // /^[-+]?0\d/ by character codes (called for every new number of an import).
  let i = 0;
  let c = trimmed.charCodeAt(0);
  if (c === 43 || c === 45) c = trimmed.charCodeAt(++i);
  if (c !== DIGIT_0) return false;
  c = trimmed.charCodeAt(i + 1);
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** Parse true/false, yes/no, t/f (case-insensitive) as true/false; null otherwise. */
export function parseBoolean(trimmed: string): boolean | null {
  const lower = trimmed.toLowerCase();
  if (TRUE_TOKENS.has(lower)) return true;
  if (FALSE_TOKENS.has(lower)) return false;
  return null;
}

/**
 * The names a boolean column's two values go by, `[false name, true name]`: the file's own
 * spelling ("no"/"yes", "F"/"T", "0"/"1" for a column the user typed boolean) or the
 * default "false"/"true" (a column imported before spellings were kept, or spelled so).
 */
export type BooleanNames = readonly [string, string];

/** The names of a boolean column without a spelling of its own. */
export const DEFAULT_BOOLEAN_NAMES: BooleanNames = ['false', 'true'];

/** The boolean a class name of a boolean column reads as (any token, or "1"/"0"); null otherwise. */
export function booleanOfName(name: string): boolean | null {
  const parsed = parseBoolean(name);
  if (parsed !== null) return parsed;
  return name === '1' ? true : name === '0' ? false : null;
}

// Each token's partner, lower-cased; the partner takes the token's case (YES → NO, Yes → No).
const PARTNERS = new Map([
  ['true', 'false'],
  ['false', 'true'],
  ['yes', 'no'],
  ['no', 'yes'],
  ['t', 'f'],
  ['f', 't'],
  ['1', '0'],
  ['0', '1'],
]);

/** The other value of a boolean token in the same word family and case ("Yes" → "No"). */
export function booleanPartner(token: string): string {
  const partner = PARTNERS.get(token.toLowerCase()) ?? (booleanOfName(token) ? 'false' : 'true');
  if (token.length > 1 && token === token.toUpperCase()) return partner.toUpperCase();
  if (token[0] !== token[0].toLowerCase()) return partner[0].toUpperCase() + partner.slice(1);
  return partner;
}

/**
 * The names of a boolean column from its cells' texts and their counts: per value, the
 * most frequent spelling (the first seen on a tie); a value absent from the file takes
 * its partner's family and case ({@link booleanPartner}: a column of "yes" only gets
 * "no"). Null when the column has no value.
 * @param textCounts trimmed cell text → rows, in order of first appearance; each text
 *   reads as a boolean ({@link booleanOfName}); others are skipped.
 */
export function booleanNamesOfTexts(textCounts: ReadonlyMap<string, number>): BooleanNames | null {
  const best: [string | null, string | null] = [null, null];
  const bestCount = [0, 0];
  for (const [text, count] of textCounts) {
    const value = booleanOfName(text);
    if (value === null) continue;
    const k = value ? 1 : 0;
    if (count > bestCount[k]) {
      best[k] = text;
      bestCount[k] = count;
    }
  }
  const [no, yes] = best;
  if (no === null && yes === null) return null;
  return [no ?? booleanPartner(yes!), yes ?? booleanPartner(no!)];
}

/**
 * The names of a boolean target as its task's classes spell them: the class reading false
 * and the one reading true ({@link booleanOfName}); "false"/"true" for one not found.
 */
export function booleanNamesOfClasses(classes: readonly string[]): BooleanNames {
  return [
    classes.find((c) => booleanOfName(c) === false) ?? DEFAULT_BOOLEAN_NAMES[0],
    classes.find((c) => booleanOfName(c) === true) ?? DEFAULT_BOOLEAN_NAMES[1],
  ];
}

/** The names of a boolean column's values: its profile's `booleanNames`, else "false"/"true". */
export function booleanNamesOfColumn(column: { profile: ColumnProfile }): BooleanNames {
  return column.profile.booleanNames ?? DEFAULT_BOOLEAN_NAMES;
}

/** Thrown by {@link toCellValue} when a cell does not parse under its column's type. */
export class CellTypeError extends Error {
  /**
   * @param value the trimmed cell text; @param type its column's type.
   * @param outOfRange a numeric text written as a number beyond the 32-bit float range
   *   ({@link isOutOfRangeNumber}): the message says so.
   */
  constructor(
    readonly value: string,
    readonly type: ColumnType,
    readonly outOfRange = false,
    /** A numeric text written with a decimal comma ("1,5") read without the option. */
    readonly decimalComma = false,
  ) {
    super(
      `value '${value}' is not ${
        type !== 'numeric'
          ? `a valid ${type} value`
          : outOfRange
            ? `a number within ±${FLOAT32_RANGE_TEXT} (the 32-bit float range the model computes in)`
            : 'a number'
      }`,
    );
    this.name = 'CellTypeError';
  }
}

/**
 * The hint ending a message on a numeric cell written with a decimal comma ("1,5") that was
 * read without the decimal-comma option: one wording for `import` (a chosen --type) and
 * `predict`, e.g. `; it is written with a decimal comma: import with the decimal-comma
 * option (--decimal-comma)`.
 * @param command the command to run again with the option
 */
export function decimalCommaHint(command: 'import' | 'predict'): string {
  return `; it is written with a decimal comma: ${command} with the decimal-comma option (--decimal-comma)`;
}

/**
 * Convert raw cell text to the value stored for a column of `type`: null for the
 * grammar's missing tokens; a number for numeric; 1/0 for boolean (which, when chosen by the user, also
 * accepts "1"/"0"); the trimmed text otherwise.
 * @throws CellTypeError when the text does not parse as a number / boolean.
 */
export function toCellValue(
  raw: string,
  type: ColumnType,
  grammar: CellGrammar = DEFAULT_GRAMMAR,
): CellValue {
  const trimmed = trimCell(raw);
  if (isMissingToken(trimmed, grammar)) return null;
  if (type === 'numeric') {
    const value = parseNumber(trimmed, grammar.decimalComma);
    if (value === null) {
      throw new CellTypeError(
        trimmed,
        type,
        isOutOfRangeNumber(trimmed, grammar.decimalComma),
        !grammar.decimalComma && isCommaNumber(trimmed),
      );
    }
    return value;
  }
  if (type === 'boolean') {
    const value = parseBoolean(trimmed);
    if (value !== null) return value ? 1 : 0;
    if (trimmed === '1' || trimmed === '0') return Number(trimmed);
    throw new CellTypeError(trimmed, type);
  }
  return trimmed;
}

/**
 * True when a missing token of the grammar is itself a number ("-999"): a plain decimal
 * may then be a missing value, so tokens must be checked before reading it as a number.
 */
export function hasNumericMissingTokens(grammar: CellGrammar): boolean {
  return [...grammar.missing].some((t) => parseNumber(t, grammar.decimalComma) !== null);
}

/**
 * A reader of numeric cells, equal to `toCellValue(raw, 'numeric', grammar)` for every
 * text and faster on plain decimals with nothing around them (no trim, no missing-token
 * lookup: a plain number is never a token unless the grammar has numeric tokens);
 * everything else (spaces, decimal commas, missing tokens, errors) takes the general path. When a missing token of the grammar is itself a number ("-999"),
 * tokens are checked first, as toCellValue does.
 * @returns a function from raw cell text to the number, or null for a missing value; it
 *   throws CellTypeError for a text that is not a number.
 */
export function numericCellReader(
  grammar: CellGrammar = DEFAULT_GRAMMAR,
): (raw: string) => number | null {
  const general = (raw: string) => toCellValue(raw, 'numeric', grammar) as number | null;
  if (hasNumericMissingTokens(grammar)) return general;
  if (grammar.decimalComma) {
    // "1.000" is a plain decimal but reads as 1000 here: the regular expression first.
    return (raw) => {
      if (AMBIGUOUS_DOT_PATTERN.test(raw)) return general(raw);
      const value = plainDecimalValue(raw);
      return isFloat32Finite(value) ? value : general(raw);
    };
  }
  return (raw) => {
    const value = plainDecimalValue(raw);
    return isFloat32Finite(value) ? value : general(raw);
  };
}

/**
 * The numeric cell reader of a column imported with the decimal-comma option before a dot
 * before exactly three digits was read as grouping thousands: such a cell ("1.000",
 * "-12.500") reads as a decimal point (1, −12.5), as that import stored it, and every other
 * cell as {@link numericCellReader} reads it ("1.234,5" → 1234.5, "0,5" → 0.5). A model
 * trained on such a column must see new cells read the same way (export/predict.ts
 * runPredictor, {@link pointDotColumns}). Without `grammar.decimalComma` it is
 * numericCellReader itself (such a dot is a decimal point then anyway).
 * @returns raw cell text → number, or null for a missing token; throws CellTypeError as
 *   {@link toCellValue} does.
 */
export function pointDotCellReader(grammar: CellGrammar): (raw: string) => number | null {
  const read = numericCellReader(grammar);
  if (!grammar.decimalComma) return read;
  return (raw) => {
    const trimmed = trimCell(raw);
    if (!AMBIGUOUS_DOT_PATTERN.test(trimmed) || isMissingToken(trimmed, grammar)) return read(raw);
    return parseNumber(trimmed, false);
  };
}

/**
 * The columns among `read` (the names a model reads) whose cells with one dot before exactly
 * three digits ("1.000") were read as a decimal point (1) when they were imported: numeric
 * columns imported with the decimal-comma option whose import note is of the kind
 * `dotThousands` (shared/columnNotes.ts, written by imports before such a dot was read as
 * grouping thousands, 1000) and says it read the smaller value (|read| < |thousands|). A
 * model trained on them learned `1.000` as 1: its predictions read those columns with
 * {@link pointDotCellReader}. In dataset order.
 * @param columns the dataset's columns
 */
export function pointDotColumns(columns: readonly ColumnInfo[], read: readonly string[]): string[] {
  return columns
    .filter((c) => {
      const reason = c.profile.noteReason;
      return (
        c.type === 'numeric' &&
        c.profile.decimalComma === true &&
        read.includes(c.name) &&
        reason?.kind === 'dotThousands' &&
        Math.abs(reason.read) < Math.abs(reason.thousands)
      );
    })
    .map((c) => c.name);
}

/**
 * Whether a model reading the columns `read` reads numbers written with a decimal comma: one
 * of them is a numeric column imported with the decimal-comma option (profile.decimalComma).
 * @param columns the dataset's columns; @param read the names of those the model reads.
 */
export function readsDecimalComma(
  columns: readonly ColumnInfo[],
  read: readonly string[],
): boolean {
  return columns.some((c) => c.profile.decimalComma === true && read.includes(c.name));
}
