/**
 * How column summaries (the CLI's import and columns tables, the studio's column panel) write
 * a number: never rounded so that it looks like other data.
 */

/** Significant digits of a summary's non-integer (at least; see {@link summaryNumber}). */
export const SUMMARY_DIGITS = 6;

/**
 * A column statistic (min, max, mean, std) as text: "–" for a missing or non-finite value
 * (a statistic that overflowed, stored as null); an integer a double holds exactly (up to
 * ±Number.MAX_SAFE_INTEGER, 2^53 − 1) exactly as JavaScript writes it (12345678 →
 * "12345678", not "12346000"); any other number with {@link SUMMARY_DIGITS} significant
 * digits but never fewer than its integer digits and one decimal, without trailing zeros
 * (3086419.5 → "3086419.5", 43.92249 → "43.9225", 0.000123456789 → "0.000123457"), so
 * rounding never replaces a digit before the point by a 0. Below 1e-6, JavaScript's exponent
 * notation ("1.5e-7"). Beyond 2^53 a double is an integer whose digits past the 16th are not
 * the data's (found by a new user: a mean printed as 2.8333333327666658e+29): written with
 * {@link SUMMARY_DIGITS} significant digits in exponent notation, "2.83333e+29", so it never
 * looks like an exact value padded with zeros.
 */
export function summaryNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) {
    // "2.83333e+29"; trailing zeros of the mantissa dropped ("1.00000e+20" → "1e+20").
    const [mantissa, exponent] = x.toExponential(SUMMARY_DIGITS - 1).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${exponent}`;
  }
  if (Number.isInteger(x)) return String(x);
  const integerDigits = Math.abs(x) >= 1 ? Math.floor(Math.log10(Math.abs(x))) + 1 : 0;
  const digits = Math.min(21, Math.max(SUMMARY_DIGITS, integerDigits + 1));
  return String(Number(x.toPrecision(digits)));
}
