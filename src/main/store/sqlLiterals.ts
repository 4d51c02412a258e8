/**
 * SQL literals for bulk inserts written as statement text (`INSERT … VALUES (…), (…)`),
 * which costs far less than binding every value through node-sqlite3's statement API
 * (each bound value crosses N-API on the main thread; a statement's text crosses once and
 * SQLite parses it in its own thread).
 *
 * Numbers must come back bit for bit. SQLite reads decimal text with its own converter
 * (sqlite3AtoF → sqlite3Fp10Convert2 in SQLite 3.52: the decimal significand times a
 * 64-bit approximation of the power of ten, rounded from 55 bits), which is not correctly
 * rounded: measured on the bench's diamonds file, about 1 six-digit decimal in 30 000
 * ("0.895565", "0.32374") comes back one unit in the last place off. Its error is far below
 * 1/64 of a unit in the last place, so it can only round the wrong way when the decimal lies
 * within that distance of the midpoint between two doubles (or exactly on it: SQLite rounds
 * half up, IEEE 754 half to even). {@link plainNumberLiteral} keeps a decimal text only
 * when its distance to that midpoint is larger, computed exactly in double arithmetic
 * (Clinger's fast path for the value, Dekker's exact product for the remainder);
 * every other number is written as an exact expression m / 2^k of integers
 * ({@link exactNumberLiteral}).
 */

import { POW10, scanPlainDecimal, scanned } from '../data/plainDecimal';

const MAX_SAFE = 2 ** 53;
/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;
/**
 * Distance, in units in the last place, from the midpoint between two doubles under which
 * a decimal text is not trusted to SQLite's converter (its error is below 2^-8 of a unit;
 * this leaves four times that).
 */
const MIDPOINT_MARGIN = 2 ** -6;

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/** a·b − fl(a·b), exactly (Dekker 1971; no overflow for the magnitudes used here). */
function productError(a: number, b: number, product: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - product + ah * bl + al * bh + al * bl;
}

/**
 * True when `value` (a normal double, not a power of two) is `exactMinusValue` away from
 * the decimal it was read from, and that distance is not within MIDPOINT_MARGIN units in
 * the last place of half a unit (where SQLite could round the other way).
 */
function farFromMidpoint(value: number, exactMinusValue: number): boolean {
  if (exactMinusValue === 0) return true;
  float[0] = value;
  const high = words[1];
  const exponent = (high >>> 20) & 0x7ff;
  // Subnormals, huge values and powers of two (whose lower neighbour is half as far): never.
  if (exponent < 60 || exponent > 2000 || ((high & 0xfffff) === 0 && words[0] === 0)) {
    return false;
  }
  // 2^(exponent − 1075), the unit in the last place, built from its bits.
  words[1] = (exponent - 52) << 20;
  words[0] = 0;
  const ulp = float[0];
  return Math.abs(exactMinusValue) / ulp < 0.5 - MIDPOINT_MARGIN;
}

/**
 * `text` itself when it is a plain decimal (`[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`, no
 * spaces) that SQLite reads as exactly the double `Number(text)`; null otherwise (not
 * plain, more than 15 significant digits, a power of ten beyond ±22 once the point is
 * moved, or too near a rounding midpoint — see the module comment). Such a text may be
 * put in SQL as it is: SQLite reads it as an integer or a real, as a bound number would be
 * read under the column's affinity.
 */
export function plainNumberLiteral(text: string): string | null {
  return scanPlainDecimal(text) && scannedIsExactForSqlite() ? text : null;
}

/**
 * True when the plain decimal last read by scanPlainDecimal or scanPlainDecimalBytes
 * (data/plainDecimal.ts `scanned`) may be put in SQL as its text: the test of
 * {@link plainNumberLiteral}, for callers that scanned bytes.
 */
export function scannedIsExactForSqlite(): boolean {
  const { significand, significant, exponent } = scanned;
  if (significand === 0) return true;
  if (significant > 15) return false;
  if (exponent >= 0) {
    if (exponent > 22) return false;
    const scale = POW10[exponent];
    const value = significand * scale;
    if (value < MAX_SAFE) return true; // an exact integer
    return farFromMidpoint(value, productError(significand, scale, value));
  }
  if (exponent < -22) return false;
  const scale = POW10[-exponent];
  // Clinger's fast path: one correctly rounded division gives Number(text).
  const value = significand / scale;
  const back = value * scale;
  // significand − value·scale, exactly up to the last subtraction (Sterbenz: back ≈ significand).
  const remainder = significand - back - productError(value, scale, back);
  return farFromMidpoint(value, remainder / scale);
}

/** Integer literals of 2^0 … 2^62 (exact digits: `String(2 ** 62)` would round them). */
const POW2_LITERALS = Array.from({ length: 63 }, (_, k) => (1n << BigInt(k)).toString());

/**
 * An SQL expression SQLite evaluates to exactly the finite double `value`: an integer
 * literal for safe integers, JavaScript's shortest text when {@link plainNumberLiteral}
 * trusts it, else `(CAST(m AS REAL)*2^k…)` or `/2^k…` with an odd integer m below 2^53
 * and integer powers of two (each product or quotient is exact).
 * @throws RangeError for NaN or ±Infinity (never stored).
 */
export function exactNumberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot store ${value} as a number`);
  if (Number.isSafeInteger(value)) return String(value);
  const shortest = String(value);
  if (plainNumberLiteral(shortest) !== null) return shortest;
  return binaryFractionLiteral(value);
}

/**
 * `(CAST(m AS REAL)*2^k…)` or `/2^k…`: an SQL expression SQLite evaluates to exactly the
 * finite, non-zero double `value` (odd integer m below 2^53, integer powers of two; each
 * product or quotient is exact). For a number whose decimal text SQLite may misread.
 */
export function binaryFractionLiteral(value: number): string {
  float[0] = value;
  const high = words[1];
  const low = words[0];
  const biased = (high >>> 20) & 0x7ff;
  let top = high & 0xfffff;
  if (biased !== 0) top |= 0x100000;
  let power = biased === 0 ? -1074 : biased - 1075;
  // Drop the trailing zero bits of the 53-bit significand top·2^32 + low (not all zero:
  // zero is a safe integer).
  const zeros = low !== 0 ? 31 - Math.clz32(low & -low) : 32 + 31 - Math.clz32(top & -top);
  power += zeros;
  const mantissa = (top * 2 ** 32 + low) / 2 ** zeros;
  let expression = `CAST(${value < 0 ? '-' : ''}${mantissa} AS REAL)`;
  const operator = power < 0 ? '/' : '*';
  let left = Math.abs(power);
  while (left > 0) {
    const step = Math.min(left, 62);
    expression += `${operator}${POW2_LITERALS[step]}`;
    left -= step;
  }
  return `(${expression})`;
}

/**
 * An SQL string literal of `text`: quoted, inner quotes doubled; a text holding NUL
 * characters (which would end the statement's text for SQLite) as its UTF-8 bytes,
 * `CAST(X'…' AS TEXT)`.
 */
export function textLiteral(text: string): string {
  if (text.indexOf('\u0000') !== -1) {
    return `CAST(X'${Buffer.from(text, 'utf8').toString('hex')}' AS TEXT)`;
  }
  return text.indexOf("'") === -1 ? `'${text}'` : `'${text.replaceAll("'", "''")}'`;
}

/**
 * The SQL literal of a stored cell value (number, text or null), exact as above.
 * @throws RangeError for a non-finite number.
 */
export function cellLiteral(value: number | string | null): string {
  if (value === null) return 'NULL';
  return typeof value === 'number' ? exactNumberLiteral(value) : textLiteral(value);
}
