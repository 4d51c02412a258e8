/**
 * The grammar of one CSV cell: which texts mean "missing", which parse as numbers or
 * booleans, and how a cell becomes a stored value under a column type.
 */
import type { ColumnType } from '../../shared/domain';
import type { CellValue } from '../store/projectStore';

/** Tokens read as a missing value (compared after trimming, case-insensitively). */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];
const missingSet = new Set(MISSING_TOKENS);

/** Texts read as boolean true / false (lower-cased). 0/1 are deliberately numbers. */
const TRUE_TOKENS = new Set(['true', 'yes', 't']);
const FALSE_TOKENS = new Set(['false', 'no', 'f']);

// Plain decimal notation with optional sign, fraction and exponent. Rejects "Infinity",
// hex, thousands separators and decimal commas, which Number() would partly accept.
const NUMBER_PATTERN = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
// "007", "-01", "00.5": a leading zero before another digit marks a code (zip code,
// identifier, zero-padded month), not a quantity; see inferColumnType.
const LEADING_ZERO_PATTERN = /^[-+]?0\d/;

/** True when the (already trimmed) cell text is a missing-value token. */
export function isMissingToken(trimmed: string): boolean {
  return missingSet.has(trimmed.toLowerCase());
}

/**
 * Parse trimmed text as a finite number (decimal, exponent, sign); null if it is not one.
 * Leading zeros are accepted here ("007" → 7); inference rejects them separately.
 */
export function parseNumber(trimmed: string): number | null {
  if (!NUMBER_PATTERN.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** True when the text has a leading zero before another digit ("007"), i.e. looks like a code. */
export function hasLeadingZero(trimmed: string): boolean {
  return LEADING_ZERO_PATTERN.test(trimmed);
}

/** Parse true/false, yes/no, t/f (case-insensitive) as true/false; null otherwise. */
export function parseBoolean(trimmed: string): boolean | null {
  const lower = trimmed.toLowerCase();
  if (TRUE_TOKENS.has(lower)) return true;
  if (FALSE_TOKENS.has(lower)) return false;
  return null;
}

/** Thrown by {@link toCellValue} when a cell does not parse under its column's type. */
export class CellTypeError extends Error {
  constructor(
    readonly value: string,
    readonly type: ColumnType,
  ) {
    super(`value '${value}' is not ${type === 'numeric' ? 'a number' : `a valid ${type} value`}`);
    this.name = 'CellTypeError';
  }
}

/**
 * Convert raw cell text to the value stored for a column of `type`: null for missing
 * tokens; a number for numeric; 1/0 for boolean (which, when chosen by the user, also
 * accepts "1"/"0"); the trimmed text otherwise.
 * @throws CellTypeError when the text does not parse as a number / boolean.
 */
export function toCellValue(raw: string, type: ColumnType): CellValue {
  const trimmed = raw.trim();
  if (isMissingToken(trimmed)) return null;
  if (type === 'numeric') {
    const value = parseNumber(trimmed);
    if (value === null) throw new CellTypeError(trimmed, type);
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
