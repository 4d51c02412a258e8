/**
 * A clicked confusion cell's listing, in Compare and the cross-validation panel alike
 * (confusionCellRows.ts, cellThumbnails.ts): one page of 200 rows at a time with previous /
 * next ("Showing 1–200 of 431"; found by a new user: a cell stopped at 200 rows with no way
 * to see more), a marker on a row relabelled since it was tested, and the thumbnails of the
 * page shown. Expected values by hand: 431 rows make pages 1–200, 201–400 and 401–431
 * (offsets 0, 200, 400); the loader below is a plain slice of row ids 1..431.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ref } from 'vue';
import type { ConfusionRows } from '../../src/shared/contract';
import { useCellThumbnails } from '../../src/renderer/src/components/cellThumbnails';
import {
  CELL_ROWS_LIMIT,
  cellPageRange,
  cellPageText,
  relabelledText,
  useConfusionCellRows,
} from '../../src/renderer/src/components/confusionCellRows';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

const TOTAL = 431;

/** A cell of `TOTAL` rows (ids 1..431), read a page at a time; records each request. */
function fakeCell() {
  const asked: { offset: number; limit: number }[] = [];
  const load = async (
    _key: { trueClass: number; predictedClass: number },
    page: { offset: number; limit: number },
  ): Promise<ConfusionRows> => {
    asked.push(page);
    const ids = Array.from({ length: TOTAL }, (_, i) => i + 1).slice(
      page.offset,
      page.offset + page.limit,
    );
    return {
      task: 'species',
      trueLabel: 'Adelie',
      predictedLabel: 'Gentoo',
      columns: ['image'],
      total: TOTAL,
      offset: page.offset,
      rows: ids.map((rowId) => ({ rowId, values: [`img/${rowId}.png`], confidence: 0.5 })),
    };
  };
  return { asked, load };
}

describe('a cell listing’s pages', () => {
  it('say which rows are shown, in English and Chinese', () => {
    const page = (offset: number, n: number) => ({
      offset,
      total: TOTAL,
      rows: Array.from({ length: n }, (_, i) => ({ rowId: i, values: [], confidence: 1 })),
    });
    expect(cellPageRange(page(0, 200))).toEqual({
      from: 1,
      to: 200,
      total: 431,
      hasPrevious: false,
      hasNext: true,
    });
    expect(cellPageRange(page(400, 31))).toEqual({
      from: 401,
      to: 431,
      total: 431,
      hasPrevious: true,
      hasNext: false,
    });
    expect(cellPageText(page(0, 200))).toBe('Showing 1–200 of 431');
    expect(cellPageText(page(200, 200))).toBe('Showing 201–400 of 431');
    i18n.global.locale.value = 'zh-CN';
    expect(cellPageText(page(400, 31))).toBe('显示第 401–431 行，共 431 行');
  });

  it('turn forward and back by 200 rows, never past either end', async () => {
    const { asked, load } = fakeCell();
    const listing = useConfusionCellRows(load, ref(null));
    await listing.select({ trueClass: 0, predictedClass: 2 });
    expect(CELL_ROWS_LIMIT).toBe(200);
    expect(listing.rows.value!.rows.map((r) => r.rowId).slice(0, 2)).toEqual([1, 2]);
    await listing.previous(); // already on the first page: nothing asked
    await listing.next();
    await listing.next();
    expect(listing.rows.value!.offset).toBe(400);
    expect(listing.rows.value!.rows).toHaveLength(31);
    expect(listing.rows.value!.rows.at(-1)!.rowId).toBe(431);
    await listing.next(); // last page: nothing asked
    await listing.previous();
    expect(asked).toEqual([
      { offset: 0, limit: 200 },
      { offset: 200, limit: 200 },
      { offset: 400, limit: 200 },
      { offset: 200, limit: 200 },
    ]);
    expect(listing.rows.value!.rows[0].rowId).toBe(201);
    // While another page is read, the shown one stays (paging, not loading) and a second
    // turn is ignored.
    const turning = listing.next();
    expect([listing.paging.value, listing.loading.value]).toEqual([true, false]);
    expect(listing.rows.value!.offset).toBe(200);
    await listing.next();
    await turning;
    expect(listing.paging.value).toBe(false);
    expect(asked.at(-1)).toEqual({ offset: 400, limit: 200 });
    expect(asked).toHaveLength(5);
    // Another cell starts again at its first page.
    await listing.select({ trueClass: 1, predictedClass: 1 });
    expect(asked.at(-1)).toEqual({ offset: 0, limit: 200 });
    expect(listing.cell.value).toEqual({ trueClass: 1, predictedClass: 1 });
  });
});

describe('a row relabelled since it was tested', () => {
  it('is marked with its label now, in English and Chinese; an unchanged row is not', () => {
    expect(relabelledText('Gentoo')).toBe('relabelled: now Gentoo');
    expect(relabelledText(null)).toBe('relabelled: now unlabelled');
    expect(relabelledText(undefined)).toBeNull();
    i18n.global.locale.value = 'zh-CN';
    expect(relabelledText('Gentoo')).toBe('已重新标注：现为 Gentoo');
    expect(relabelledText(null)).toBe('已重新标注：现无标签');
  });
});

describe('the thumbnails of a listed page', () => {
  it('are asked for the shown page’s rows of an image column, and for none without one', async () => {
    const { load } = fakeCell();
    const requests: { datasetId: number; rowIds: number[]; column: string }[] = [];
    const column = ref<string | null>('image');
    const { thumbs, load: loadThumbs } = useCellThumbnails(
      () => ({ datasetId: 7, column: column.value }),
      async (request) => {
        requests.push(request);
        return request.rowIds.map((rowId) => ({ rowId, dataUrl: `data:${rowId}` }));
      },
    );
    const listing = useConfusionCellRows(load, ref(null), loadThumbs);
    await listing.select({ trueClass: 0, predictedClass: 2 });
    await listing.next();
    await listing.next();
    expect(requests.map((r) => [r.datasetId, r.column, r.rowIds.length, r.rowIds[0]])).toEqual([
      [7, 'image', 200, 1],
      [7, 'image', 200, 201],
      [7, 'image', 31, 401],
    ]);
    expect(thumbs.value.size).toBe(31);
    expect(thumbs.value.get(431)).toBe('data:431');
    // A table (no image column): nothing asked, no thumbnail left from before.
    column.value = null;
    await listing.previous();
    expect(requests).toHaveLength(3);
    expect(thumbs.value.size).toBe(0);
  });

  it('fail quietly: the rows still list without them', async () => {
    const { load } = fakeCell();
    const { thumbs, load: loadThumbs } = useCellThumbnails(
      () => ({ datasetId: 7, column: 'image' }),
      () => Promise.reject(new Error('no thumbnail store')),
    );
    const listing = useConfusionCellRows(load, ref(null), loadThumbs);
    await listing.select({ trueClass: 0, predictedClass: 0 });
    expect(listing.error.value).toBeNull();
    expect(listing.rows.value!.rows).toHaveLength(200);
    expect(thumbs.value.size).toBe(0);
  });
});
