/**
 * The asset store on hand-made rows (no decoding): pixel batches in the order asked
 * ([rows, h, w, c], repeats allowed), thumbnails and originals by row id, pixel settings,
 * and rollback of an image dataset whose rows fail.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewImageDataset, NewImageRow } from '../../src/main/store/assets';
import type { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { emptyProfile, irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'a.mtlproj'), { create: true });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** 2×2 RGB images: image k has every byte equal to 10·k. */
const SIZE = 2 * 2 * 3;
function row(k: number, label: string | null): NewImageRow {
  return {
    cells: [`img/${k}.png`, label],
    asset: {
      sourcePath: `img/${k}.png`,
      mime: 'image/png',
      sha256: String(k).padStart(64, '0'),
      original: new Uint8Array([0x89, k]),
      width: 30 + k,
      height: 20,
      channels: 3,
      thumbnail: new Uint8Array([0x52, k]),
      thumbnailMime: 'image/webp',
      pixels: new Uint8Array(SIZE).fill(10 * k),
    },
  };
}

function dataset(name = 'imgs'): NewImageDataset {
  return {
    name,
    sourceName: 'folder',
    encoding: '',
    delimiter: '',
    columns: [
      { index: 0, name: 'path', type: 'image', role: 'input', profile: emptyProfile },
      { index: 1, name: 'kind', type: 'categorical', role: 'ignore', profile: emptyProfile },
    ],
    pixels: { height: 2, width: 2, channels: 3, colour: 'rgb', fit: 'cover' },
    profiles: () => [
      { ...emptyProfile, distinct: 3 },
      { ...emptyProfile, missing: 1 },
    ],
  };
}

async function* rows(list: NewImageRow[], failAt?: number): AsyncGenerator<NewImageRow> {
  for (const [i, r] of list.entries()) {
    if (i + 1 === failAt) throw new Error('decode failed');
    yield r;
  }
}

async function count(table: string): Promise<number> {
  const db = (store as unknown as { db: Database }).db;
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n;
}

describe('AssetStore', () => {
  it('stores rows, assets, final profiles and settings; reads batches in the order asked', async () => {
    const info = await store.assets.createImageDataset(
      dataset(),
      rows([row(1, 'a'), row(2, null), row(3, 'b')]),
    );
    expect(info.rowCount).toBe(3);
    expect(info.columns.map((c) => c.profile)).toEqual([
      { ...emptyProfile, distinct: 3 },
      { ...emptyProfile, missing: 1 },
    ]);
    const batch = await store.assets.readPixels(info.id, [3, 1, 3]);
    expect(batch.length).toBe(3 * SIZE);
    expect([0, SIZE, 2 * SIZE].map((k) => batch[k])).toEqual([30, 10, 30]);
    expect(await store.assets.readPixels(info.id, [])).toEqual(new Uint8Array(0));
    expect(await store.assets.pixelSettings(info.id)).toEqual({
      column: 'path',
      height: 2,
      width: 2,
      channels: 3,
      colour: 'rgb',
      fit: 'cover',
    });
    const thumbs = await store.assets.thumbnails(info.id, [2, 9, 1]);
    expect(thumbs.map((t) => [t.rowId, [...t.data]])).toEqual([
      [2, [0x52, 2]],
      [1, [0x52, 1]],
    ]);
    expect(await store.assets.original(info.id, 2)).toMatchObject({
      rowId: 2,
      sourcePath: 'img/2.png',
      mime: 'image/png',
      width: 32,
      height: 20,
      channels: 3,
      data: Buffer.from([0x89, 2]),
    });
  });

  it('names what is missing', async () => {
    const info = await store.assets.createImageDataset(dataset(), rows([row(1, 'a')]));
    await expect(store.assets.readPixels(info.id, [1, 5])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Row 5 of dataset ${info.id} has no image`,
    });
    await expect(store.assets.readPixels(info.id, [0])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(store.assets.original(info.id, 2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.assets.readPixels(99, [1])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A table has no image column.
    const table = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
    expect(await store.assets.pixelSettings(table.id)).toBeNull();
    await expect(store.assets.readPixels(table.id, [1])).rejects.toThrow(/no decoded image pixels/);
    await expect(store.assets.thumbnails(table.id, [1])).rejects.toThrow(/no image column/);
  });

  it('rolls everything back when a row fails or its pixels have the wrong size', async () => {
    await expect(
      store.assets.createImageDataset(dataset(), rows([row(1, 'a'), row(2, 'b')], 2)),
    ).rejects.toThrow('decode failed');
    const bad = row(2, 'b');
    bad.asset.pixels = new Uint8Array(5);
    await expect(
      store.assets.createImageDataset(dataset(), rows([row(1, 'a'), bad])),
    ).rejects.toThrow(/Row 2 \(img\/2\.png\): 5 pixel bytes, expected 2×2×3 = 12/);
    await expect(
      store.assets.createImageDataset({ ...dataset(), profiles: () => [] }, rows([row(1, 'a')])),
    ).rejects.toThrow(/profiles\(\) gave 0 profiles for 2 columns/);
    for (const table of [
      'datasets',
      'columns',
      'assets',
      'asset_originals',
      'asset_pixels',
      'asset_settings',
    ]) {
      expect(await count(table), table).toBe(0);
    }
    const first = dataset();
    first.columns[0] = { ...first.columns[0], type: 'text' };
    await expect(store.assets.createImageDataset(first, rows([]))).rejects.toThrow(/type image/);
  });

  it('deleting the dataset deletes its assets', async () => {
    const info = await store.assets.createImageDataset(dataset(), rows([row(1, 'a'), row(2, 'b')]));
    await store.datasets.delete(info.id);
    for (const table of ['assets', 'asset_originals', 'asset_pixels', 'asset_settings']) {
      expect(await count(table), table).toBe(0);
    }
  });
});
