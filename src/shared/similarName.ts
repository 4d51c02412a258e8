/**
 * "Did you mean …?" for a name typed that is none of the known ones (a task name given to
 * `train --tasks`, `tasks --remove`, `affinity --tasks`, …), as commander already says for
 * an unknown command or flag.
 */
import { quotedNames } from './classList';

/** Most edits a suggestion may be away from the name typed (commander's suggestSimilar). */
const MAX_DISTANCE = 3;
/** Least share of the longer name's characters a suggestion keeps (commander's: 0.4). */
const MIN_SIMILARITY = 0.4;

/**
 * Optimal string alignment distance between `a` and `b` (Damerau–Levenshtein without
 * repeated edits of one substring): insertions, deletions, substitutions and transpositions
 * of adjacent UTF-16 code units, each 1 — commander's suggestSimilar measures the same.
 */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known names `word` most likely meant: those equal to it but for letter case and
 * surrounding spaces (`income` → `INCOME`) when there are any; else, as commander suggests a
 * command or a flag, those fewest edits away (at most 3, and keeping more than 40 % of the
 * longer name: `OCUPATION` → `OCCUPATION`), compared in lower case.
 * @param word the name typed, not among `known`.
 * @param known the names that exist, in their order.
 * @returns the suggestions in the order of `known`; empty when none is close.
 */
export function similarNames(word: string, known: readonly string[]): string[] {
  const loose = (name: string) => name.trim().toLowerCase();
  const names = [...new Set(known)].filter((name) => name !== word);
  const sameLoose = names.filter((name) => loose(name) === loose(word));
  if (sameLoose.length > 0) return sameLoose;
  let best = MAX_DISTANCE + 1;
  let similar: string[] = [];
  for (const name of names) {
    const distance = editDistance(loose(word), loose(name));
    const length = Math.max(word.length, name.length);
    if ((length - distance) / length <= MIN_SIMILARITY || distance > best) continue;
    if (distance < best) [best, similar] = [distance, []];
    similar.push(name);
  }
  return similar;
}

/**
 * The sentence that suggests {@link similarNames}, to end an error message with: ` Did you
 * mean "OCCUPATION"?`, ` Did you mean one of "a", "b"?`, or '' when none is close.
 */
export function didYouMean(word: string, known: readonly string[]): string {
  const similar = similarNames(word, known);
  if (similar.length === 0) return '';
  return ` Did you mean ${similar.length > 1 ? 'one of ' : ''}${quotedNames(similar)}?`;
}
