/**
 * Thumbnails of the rows a confusion cell lists, for an image dataset: Compare's run cells
 * and the cross-validation panel's summed cells show each listed row's stored thumbnail in
 * its image column (`assets.thumbnails`), one call per shown page.
 */
import { ref, type Ref } from 'vue';
import type { AssetThumbnail, ConfusionRows } from '../../../shared/contract';

/** Where a listing's thumbnails come from: the dataset and its image column (null: none). */
export interface ThumbnailSource {
  datasetId: number | null;
  column: string | null;
}

/**
 * The thumbnails of a listed page, by row id, and the fetch that fills them.
 * @param source the shown dataset and its image column, read at each fetch (a table's
 *   dataset has no image column: nothing is fetched).
 * @param fetch reads thumbnails (`assets.thumbnails`: data URLs of the stored WebP thumbnails).
 * @returns `thumbs` (row id → data URL; a row without one shows its path alone) and
 *   `load(rows)`, the listing's after-step (useConfusionCellRows): best effort, it never
 *   throws; without thumbnails the rows still show their paths.
 */
export function useCellThumbnails(
  source: () => ThumbnailSource,
  fetch: (request: {
    datasetId: number;
    rowIds: number[];
    column: string;
  }) => Promise<AssetThumbnail[]>,
): { thumbs: Ref<Map<number, string>>; load: (rows: ConfusionRows) => Promise<void> } {
  const thumbs = ref(new Map<number, string>());
  async function load(rows: ConfusionRows): Promise<void> {
    thumbs.value = new Map();
    const { datasetId, column } = source();
    const rowIds = [...new Set(rows.rows.map((r) => r.rowId))];
    if (column === null || datasetId === null || rowIds.length === 0) return;
    const found = await fetch({ datasetId, rowIds, column }).catch(() => []);
    thumbs.value = new Map(found.map((x) => [x.rowId, x.dataUrl]));
  }
  return { thumbs, load };
}
