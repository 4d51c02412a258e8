/**
 * The pictures of the Label view on an image dataset, fetched through the assets channels
 * as data URLs when shown: the current item's original in single mode, the page's
 * thumbnails in grid mode. Tables (no image column) fetch nothing.
 */
import { reactive, watch, type Ref } from 'vue';
import type { LabelItem } from '@shared/contract';
import { api } from '../api';

/**
 * @param view what the Label view shows: its dataset, the image column (null or undefined
 *   for tables), the mode, the current item's row id and the grid page's row ids.
 * @returns imageUrl (an item's picture, or null until fetched) and clear (forget every
 *   fetched picture, e.g. when the dataset changes).
 */
export function useLabelImages(view: {
  datasetId: Ref<number | null>;
  imageColumn: () => string | null | undefined;
  mode: Ref<'single' | 'grid'>;
  currentId: Ref<number | null>;
  pageIds: Ref<number[]>;
}): {
  imageUrl: (item: LabelItem, size: 'original' | 'thumbnail') => string | null;
  clear: () => void;
} {
  /** Data URLs of images already fetched: `original:<rowId>` and `thumbnail:<rowId>`. */
  const images = reactive(new Map<string, string>());

  async function fetchImages(): Promise<void> {
    const dataset = view.datasetId.value;
    const column = view.imageColumn();
    if (dataset === null || !column) return;
    try {
      if (view.mode.value === 'single') {
        const id = view.currentId.value;
        if (id === null || images.has(`original:${id}`)) return;
        const image = await api().invoke('assets.image', { datasetId: dataset, rowId: id, column });
        images.set(`original:${id}`, image.dataUrl);
      } else {
        const missing = view.pageIds.value.filter((id) => !images.has(`thumbnail:${id}`));
        if (missing.length === 0) return;
        const thumbnails = await api().invoke('assets.thumbnails', {
          datasetId: dataset,
          rowIds: missing,
          column,
        });
        for (const th of thumbnails) images.set(`thumbnail:${th.rowId}`, th.dataUrl);
      }
    } catch {
      // An image that cannot be read leaves its card without a picture; labelling goes on.
    }
  }

  watch([view.currentId, view.pageIds, view.mode, view.imageColumn], () => void fetchImages());
  return {
    imageUrl: (item, size) => images.get(`${size}:${item.rowId}`) ?? null,
    clear: () => images.clear(),
  };
}
