/**
 * The whitespace trimmed from a cell (and from a typed class), one rule for the main process
 * and the renderer. Nothing here imports Node or Electron.
 */

/**
 * True for the whitespace trimmed from cells: ASCII space, tab, line feed, vertical tab,
 * form feed and carriage return (codes 9–13 and 32) — the C locale's isspace, Python's
 * bytes.strip(). Not JavaScript's trim(), which also strips U+00A0 (no-break space),
 * U+2028/U+2029 and the other Unicode spaces: those are data (a name ending in a no-break
 * space stays as written) and one rule holds for import, profiles, predictions and the
 * exported preprocess.js ({@link TRIM_CELL_SOURCE}), so training and prediction agree.
 */
export function isCellSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** A cell's text without the {@link isCellSpace} whitespace at either end. */
export function trimCell(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isCellSpace(text.charCodeAt(start))) start++;
  while (end > start && isCellSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
