/**
 * How a signed change is written (Δm and per-task change against the single-task baseline),
 * in the CLI, the Compare view, the HTML report, the bundle README and the demo alike.
 */

/**
 * A number with an explicit sign at a fixed number of decimals: "+1.23" for a positive value,
 * "-1.23" for a negative one (ASCII hyphen-minus, not U+2212, so that a copied value still
 * reads as a number in a spreadsheet), and no sign at all for a value that rounds to zero at
 * `digits` ("0.00", never "+0.00" or "-0.00": a change too small to show has no direction).
 * A value that is not finite (NaN, ±Infinity) gives "–", the studio's mark for "no value".
 *
 * Rounding is `Number.prototype.toFixed`'s, applied to |value|, so a value and its negation
 * differ only in the sign.
 *
 * @param value the number, in its own unit (Δm is in percent; the caller appends " %").
 * @param digits decimals, an integer from 0 to 100.
 * @returns the text; language-neutral (digits and ASCII symbols only).
 * @throws RangeError (from `toFixed`) when `digits` is outside 0–100.
 */
export function signed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value).toFixed(digits);
  if (Number(magnitude) === 0) return magnitude;
  return `${value < 0 ? '-' : '+'}${magnitude}`;
}
