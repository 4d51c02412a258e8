/**
 * The bad lines (a wrong number of fields) a CSV table met, and how messages name them: a
 * module with no dependency, so that the CLI's command registration (loaded for `--help`)
 * does not load the CSV readers (papaparse, iconv-lite) of ./csvTable.ts, which re-exports
 * what is here.
 */

/** How many line numbers of bad lines a message or a summary lists. */
export const BAD_LINES_LISTED = 5;

/** The data lines with a wrong field count a table met: their count and the first few. */
export interface BadLinesSeen {
  /** Lines with a wrong field count (all of the file's, unless `partial`). */
  count: number;
  /** Their first {@link BAD_LINES_LISTED} 1-based file lines, in file order. */
  lines: number[];
  /** True when the file could not be read to its end (a later quoting error): `count` is a least. */
  partial?: boolean;
}

/** "line 3" or "lines 3, 7, 9, …" for a {@link BadLinesSeen}. */
export function badLinesText(seen: BadLinesSeen): string {
  const more = seen.count > seen.lines.length ? ', …' : '';
  return `${seen.lines.length === 1 ? 'line' : 'lines'} ${seen.lines.join(', ')}${more}`;
}

/**
 * "skipped 2 lines with a wrong number of fields (lines 3, 7)": what `--bad-lines skip` left
 * out, as the import's and the predictions' notes begin; with `then`, followed by `; ` and
 * its `one` wording for 1 line, its `many` wording otherwise ("it is …" / "they are …").
 */
export function skippedLinesText(
  skipped: BadLinesSeen,
  then?: { one: string; many: string },
): string {
  const lines = skipped.count === 1 ? 'line' : 'lines';
  const after = then ? `; ${skipped.count === 1 ? then.one : then.many}` : '';
  return `skipped ${skipped.count} ${lines} with a wrong number of fields (${badLinesText(skipped)})${after}`;
}
