/**
 * The data table's layout rules: the sort cycle of a header, which columns are shown and in
 * which order (search, hidden, pinned), and which of them are in view when scrolled
 * sideways (only those are in the DOM, so a 788-column table stays light). Pure, so it is
 * unit-tested from Node.
 */

/** How the rows are sorted. */
export interface SortState {
  orderBy: string | null;
  descending: boolean;
}

/**
 * The sort after a click on a column's header: ascending → descending → file order (and
 * ascending again). Another column starts ascending. File order is always ascending by
 * row, so no reversed order is left behind without an arrow.
 */
export function nextSort(current: SortState, column: string): SortState {
  if (current.orderBy !== column) return { orderBy: column, descending: false };
  if (!current.descending) return { orderBy: column, descending: true };
  return { orderBy: null, descending: false };
}

/**
 * True when a column name matches a search: a plain text matches anywhere, case-insensitive;
 * `*` matches any characters and `?` one, anchored (e.g. `px*`, `px?_1?`).
 */
export function matchesColumn(name: string, search: string): boolean {
  const query = search.trim();
  if (query === '') return true;
  if (!/[*?]/.test(query)) return name.toLowerCase().includes(query.toLowerCase());
  const pattern = query
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 'i').test(name);
}

/**
 * The columns shown: pinned ones first (in pin order, whatever the search), then the other
 * columns not hidden that match the search, in dataset order.
 * @returns names of pinned and of scrolling columns.
 */
export function shownColumns(
  all: readonly string[],
  options: { hidden: readonly string[]; pinned: readonly string[]; search: string },
): { pinned: string[]; scrolling: string[] } {
  const exists = new Set(all);
  const hidden = new Set(options.hidden);
  const pinned = options.pinned.filter((name) => exists.has(name) && !hidden.has(name));
  const isPinned = new Set(pinned);
  const scrolling = all.filter(
    (name) => !isPinned.has(name) && !hidden.has(name) && matchesColumn(name, options.search),
  );
  return { pinned, scrolling };
}

/**
 * The scrolling columns in view: indices [first, last) of equal-width columns, with a few
 * more on each side so a quick scroll does not show blanks.
 * @param scrollLeft px scrolled sideways; @param viewport px wide of the scrolling area
 *   (right of the pinned columns); @param width px per column.
 */
export function columnWindow(
  count: number,
  scrollLeft: number,
  viewport: number,
  width: number,
  overscan = 3,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollLeft / width) - overscan);
  const last = Math.min(count, Math.ceil((scrollLeft + viewport) / width) + overscan);
  return { first, last: Math.max(first, last) };
}
