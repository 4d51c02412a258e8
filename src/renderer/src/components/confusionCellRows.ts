/**
 * The rows behind a clicked cell of a confusion matrix, shared by Compare (a run's matrix,
 * `compare.confusionRows`) and the cross-validation panel (a matrix summed over folds,
 * `compare.crossValidationCellRows`): which cell was clicked, its rows one page at a time,
 * the loading and error state, and how a listed value, a page and a relabelled row read.
 */
import { nextTick, ref, type Ref } from 'vue';
import type { Cell, ConfusionRows } from '../../../shared/contract';
import { profileValueText } from '../../../shared/domain';
import { i18n } from '../i18n';

/** Rows of a clicked cell listed per page. */
export const CELL_ROWS_LIMIT = 200;

/** Which rows of a cell a listing asks for: from `offset` (counted from 0), `limit` rows. */
export interface CellRowsPage {
  offset: number;
  limit: number;
}

/**
 * State and actions of a cell listing, {@link CELL_ROWS_LIMIT} rows a page.
 * @param load reads one page of the rows of a cell (its key: which matrix, true and
 *   predicted class).
 * @param panel the element the rows are shown in, scrolled into view once a clicked cell's
 *   first page is (it sits below the matrices); another page keeps the scroll.
 * @param after what to fetch besides once a page is shown (an image dataset's thumbnails,
 *   cellThumbnails.ts); its failure is its own to handle.
 * @returns `cell` (the clicked key, null: none), `rows` (the page shown), `loading` (a
 *   clicked cell's first page), `paging` (another page, the shown one kept meanwhile), `error`, `select(key)` to list a cell's first page, `next()` / `previous()` to turn
 *   pages (nothing past either end), `clear()` when the matrices change (another task).
 */
export function useConfusionCellRows<K extends { trueClass: number; predictedClass: number }>(
  load: (key: K, page: CellRowsPage) => Promise<ConfusionRows>,
  panel: Ref<HTMLElement | null>,
  after?: (rows: ConfusionRows) => Promise<void>,
) {
  const cell = ref<K | null>(null) as Ref<K | null>;
  const rows = ref<ConfusionRows | null>(null);
  const loading = ref(false);
  const paging = ref(false);
  const error = ref<unknown>(null);

  /** Lists page `offset` of cell `key`; a clicked cell (`first`) shows loading and scrolls. */
  async function show(key: K, offset: number, first: boolean): Promise<void> {
    cell.value = key;
    // Another page keeps the shown one until it comes (no flash of "Loading", no jump).
    const busy = first ? loading : paging;
    busy.value = true;
    error.value = null;
    try {
      rows.value = await load(key, { offset, limit: CELL_ROWS_LIMIT });
      busy.value = false;
      await after?.(rows.value);
      if (first) {
        await nextTick();
        panel.value?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    } catch (err) {
      rows.value = null;
      error.value = err;
    } finally {
      busy.value = false;
    }
  }

  function select(key: K): Promise<void> {
    return show(key, 0, true);
  }

  /** Turns to the page `step` pages on (±1), when the shown page has one there. */
  async function turn(step: 1 | -1): Promise<void> {
    const shown = rows.value;
    if (cell.value === null || shown === null || loading.value || paging.value) return;
    const range = cellPageRange(shown);
    if (step === 1 ? !range.hasNext : !range.hasPrevious) return;
    await show(cell.value, Math.max(0, shown.offset + step * CELL_ROWS_LIMIT), false);
  }

  function clear(): void {
    cell.value = null;
    rows.value = null;
  }

  return {
    cell,
    rows,
    loading,
    paging,
    error,
    select,
    next: () => turn(1),
    previous: () => turn(-1),
    clear,
  };
}

/**
 * Where a shown page sits in its cell: rows `from`–`to` (counted from 1) of `total`, and
 * whether a page comes before or after it.
 * @param page a listing as the service returned it (`offset` from 0, its `rows`, `total`).
 */
export function cellPageRange(page: Pick<ConfusionRows, 'offset' | 'total' | 'rows'>): {
  from: number;
  to: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
} {
  const to = page.offset + page.rows.length;
  return {
    from: page.rows.length > 0 ? page.offset + 1 : 0,
    to,
    total: page.total,
    hasPrevious: page.offset > 0,
    hasNext: to < page.total,
  };
}

/** "Showing 1–200 of 431" ("显示第 1–200 行，共 431 行"), the shown page's place in its cell. */
export function cellPageText(page: Pick<ConfusionRows, 'offset' | 'total' | 'rows'>): string {
  const { from, to, total } = cellPageRange(page);
  return i18n.global.t('compare.cellPage', { from, to, total });
}

/**
 * The marker of a listed row whose label was changed since its run (or fold) was tested:
 * "relabelled: now Gentoo", or "relabelled: now unlabelled" for a label removed; null for a
 * row that holds the label it was tested on (ConfusionRows' `currentLabel` absent).
 */
export function relabelledText(currentLabel: string | null | undefined): string | null {
  if (currentLabel === undefined) return null;
  return currentLabel === null
    ? i18n.global.t('compare.relabelledUnlabelled')
    : i18n.global.t('compare.relabelled', { label: currentLabel });
}

/**
 * A listed value as the Data table shows it: "—" when missing, a boolean column's stored
 * 1 / 0 in the file's own words (yes / no, true / false), anything else as it is.
 * @param info the value's column (undefined: unknown, shown as it is).
 */
export function cellText(
  value: Cell,
  info: Parameters<typeof profileValueText>[0] | undefined,
): string {
  if (value === null) return '—';
  if (info?.type === 'boolean') return profileValueText(info, value === 1 ? 'true' : 'false');
  return String(value);
}
