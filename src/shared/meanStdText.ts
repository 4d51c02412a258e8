/**
 * How a mean ± standard deviation over cross-validation folds is written, in the CLI, the
 * Compare view and the report alike.
 */
import type { MeanStd } from './domain';
import { signed } from './signedText';

/**
 * "0.912 ± 0.031" for a mean over two or more folds; "0.912 ± –" over one fold (a
 * cross-validation cancelled after its first fold), whose sample standard deviation is
 * undefined (n − 1 = 0; {@link MeanStd} stores it as 0, which read as "no spread at all");
 * "–" without values.
 *
 * @param m the mean, standard deviation and count of values (undefined: nothing to show).
 * @param digits decimals of both numbers.
 * @returns the text; language-neutral (digits and symbols only).
 */
export function meanStdText(m: MeanStd | undefined, digits = 3): string {
  if (!m || m.n === 0) return '–';
  const mean = m.mean.toFixed(digits);
  return m.n === 1 ? `${mean} ± –` : `${mean} ± ${m.std.toFixed(digits)}`;
}

/**
 * A signed change's mean ± standard deviation over folds (Δm in percent): the mean with its
 * sign as {@link signed} writes a single run's Δm ("+5.29", "-34.63", "0.00" when it rounds
 * to zero), the spread as {@link meanStdText} writes it ("+2.69 ± 9.73"; one fold
 * "+2.69 ± –"; "–" without values). Found by a new user: a fixed split's Δm read "+5.29 %"
 * and a cross-validation's "2.69 ± 9.73", no sign.
 *
 * @param m the mean, standard deviation and count of values (undefined: nothing to show).
 * @param digits decimals of both numbers.
 * @returns the text; language-neutral (digits and symbols only).
 */
export function signedMeanStdText(m: MeanStd | undefined, digits = 2): string {
  if (!m || m.n === 0) return '–';
  const mean = signed(m.mean, digits);
  return m.n === 1 ? `${mean} ± –` : `${mean} ± ${m.std.toFixed(digits)}`;
}
