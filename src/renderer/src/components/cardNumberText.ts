/**
 * How a label card (the Label view's card and its grid of cards) writes a stored number.
 * Found by a new user: the grid's cards rounded to 4 significant digits, so 2500.5 read
 * "2501" and 2500.5 and 2501 looked alike.
 */

/**
 * A stored number as its shortest text that reads back as the same number (JavaScript's
 * own `String`), so distinct values stay distinct: 2500.5 → "2500.5", 0.1 → "0.1",
 * 1234567 → "1234567" (no digit grouping: a year or an id reads as typed).
 * @param value a cell's stored number (finite, as an import stores them; NaN and ±Infinity
 *   are written as `String` writes them).
 */
export function cardNumberText(value: number): string {
  return String(value);
}
