/**
 * Keyboard moves inside a confusion matrix (ConfusionMatrix.vue): the matrix is one Tab
 * stop, and the arrow keys, Home and End move between its cells (a "roving tabindex"; found
 * by a new user: every cell was its own Tab stop, 36 of them for four 3-class matrices).
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */

/** A cell of a matrix: row `i` (true class), column `j` (predicted class), 0-based. */
export interface MatrixCell {
  i: number;
  j: number;
}

/**
 * The cell key `key` moves to from `from` in a `size` × `size` matrix, or null when the key
 * is not a move (the browser then handles it: Tab, Enter, Space…). Arrows stop at the edges;
 * Home / End go to the first / last cell of the row, with Ctrl to the matrix's first / last.
 * @param key a KeyboardEvent's `key`; @param ctrl whether Ctrl (or ⌘) is held.
 */
export function movedCell(
  from: MatrixCell,
  key: string,
  size: number,
  ctrl = false,
): MatrixCell | null {
  const last = size - 1;
  const clamp = (n: number) => Math.min(last, Math.max(0, n));
  switch (key) {
    case 'ArrowLeft':
      return { i: from.i, j: clamp(from.j - 1) };
    case 'ArrowRight':
      return { i: from.i, j: clamp(from.j + 1) };
    case 'ArrowUp':
      return { i: clamp(from.i - 1), j: from.j };
    case 'ArrowDown':
      return { i: clamp(from.i + 1), j: from.j };
    case 'Home':
      return ctrl ? { i: 0, j: 0 } : { i: from.i, j: 0 };
    case 'End':
      return ctrl ? { i: last, j: last } : { i: from.i, j: last };
    default:
      return null;
  }
}
