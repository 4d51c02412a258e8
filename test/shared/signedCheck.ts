/**
 * A check of a signed number as the CLI, report and README print it, made by parsing the text
 * (not by calling src/shared/signedText.ts): the sign must be "+" or ASCII "-" as the value's,
 * absent when the shown digits are all zero, and the shown magnitude within half a unit of
 * the last decimal of |value|.
 */
import { expect } from 'vitest';

/**
 * Asserts that `text` writes `value` with an explicit sign at `digits` decimals.
 * @param text the printed number, without a unit ("+1.23", "-0.50", "0.00").
 * @param value the number it was printed from (e.g. Δm in percent from `--json`).
 * @param digits decimals expected, at least 1.
 */
export function expectSignedText(text: string, value: number, digits = 2): void {
  const match = /^([+-]?)(\d+)\.(\d+)$/.exec(text);
  expect(match, `"${text}" is not a signed decimal`).not.toBeNull();
  const [, sign, whole, decimals] = match!;
  expect(decimals.length).toBe(digits);
  const magnitude = Number(`${whole}.${decimals}`);
  expect(Math.abs(magnitude - Math.abs(value))).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
  expect(sign).toBe(magnitude === 0 ? '' : value < 0 ? '-' : '+');
}
