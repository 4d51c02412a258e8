/**
 * The rows behind a clicked cell of a confusion matrix, shared by Compare (a run's matrix,
 * `compare.confusionRows`) and the cross-validation panel (a matrix summed over folds,
 * `compare.crossValidationCellRows`): which cell was clicked, its rows, the loading and error
 * state, and how a listed value reads.
 */
import { nextTick, ref, type Ref } from 'vue';
import type { Cell, ConfusionRows } from '../../../shared/contract';
import { profileValueText } from '../../../shared/domain';

/** Most rows of a clicked cell listed. */
export const CELL_ROWS_LIMIT = 200;

/**
 * State and actions of a cell listing.
 * @param load reads the rows of a cell (its key: which matrix, true and predicted class).
 * @param panel the element the rows are shown in, scrolled into view once they are (it sits
 *   below the matrices).
 * @param after what to fetch besides once the rows are shown (Compare: an image dataset's
 *   thumbnails); its failure is its own to handle.
 * @returns `cell` (the clicked key, null: none), `rows`, `loading`, `error`, `select(key)`
 *   to list a cell, `clear()` when the matrices change (another task).
 */
export function useConfusionCellRows<K extends { trueClass: number; predictedClass: number }>(
  load: (key: K) => Promise<ConfusionRows>,
  panel: Ref<HTMLElement | null>,
  after?: (rows: ConfusionRows) => Promise<void>,
) {
  const cell = ref<K | null>(null) as Ref<K | null>;
  const rows = ref<ConfusionRows | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);

  async function select(key: K): Promise<void> {
    cell.value = key;
    loading.value = true;
    error.value = null;
    try {
      rows.value = await load(key);
      loading.value = false;
      await after?.(rows.value);
      await nextTick();
      panel.value?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (err) {
      rows.value = null;
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  function clear(): void {
    cell.value = null;
    rows.value = null;
  }

  return { cell, rows, loading, error, select, clear };
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
