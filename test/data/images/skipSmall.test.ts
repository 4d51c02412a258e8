/**
 * The import's skipSmall option: images much smaller than the input size (shorter side below
 * size / 4, src/shared/smallImages.ts) are left out and listed; with the option off the
 * import is as before (they are stored and warned about).
 * Expected values by hand from the files written below, at input size 64 (below 16 px):
 * sub-folders cat/ (a, b, c: 28 × 28; tiny: 4 × 4) and dog/ (d: 28 × 28; e: 4 × 6). Sorted
 * paths, the source order: cat/a, cat/b, cat/c, cat/tiny, dog/d, dog/e. So skipSmall leaves
 * out cat/tiny.png (4 × 4) and dog/e.png (4 × 6) and stores 4 rows, cat 3 and dog 1.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importImages } from '../../../src/main/data/images/importImages';
import type { Database } from '../../../src/main/store/database';
import { ProjectStore } from '../../../src/main/store/projectStore';
import { makeTempDir } from '../../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let folder: string;
let store: ProjectStore;
let projects = 0;

/** Writes a width × height PNG of one grey level (distinct per file: no duplicates). */
async function png(path: string, width: number, height: number, grey: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const background = { r: grey, g: grey, b: grey };
  await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toFile(path);
}

/** Rows of the asset tables (one per stored image each). */
async function assetRows(): Promise<{ assets: number; originals: number; pixels: number }> {
  const db = (store as unknown as { db: Database }).db;
  const count = async (table: string) =>
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n;
  return {
    assets: await count('assets'),
    originals: await count('asset_originals'),
    pixels: await count('asset_pixels'),
  };
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = join(dir, 'pets');
  await png(join(folder, 'cat/a.png'), 28, 28, 10);
  await png(join(folder, 'cat/b.png'), 28, 28, 20);
  await png(join(folder, 'cat/c.png'), 28, 28, 30);
  await png(join(folder, 'cat/tiny.png'), 4, 4, 40);
  await png(join(folder, 'dog/d.png'), 28, 28, 50);
  await png(join(folder, 'dog/e.png'), 4, 6, 60);
});
afterAll(() => cleanup());
beforeEach(async () => {
  store = await ProjectStore.open(join(dir, `p${++projects}.mtlproj`), { create: true });
});
afterEach(() => store.close());

describe('importImages with skipSmall', () => {
  it('leaves out the images much smaller than the input and lists them', async () => {
    const result = await importImages(store, folder, { size: 64, skipSmall: true });
    expect(result.imported).toBe(4);
    expect(result.skippedSmall).toEqual([
      { path: 'cat/tiny.png', width: 4, height: 4 },
      { path: 'dog/e.png', width: 4, height: 6 },
    ]);
    // None stored, so none to warn about.
    expect(result.small).toEqual({ inputSize: 64, below: 16, count: 0, first: [] });
    expect(result.skipped).toEqual([]);
    expect(result.dataset.rowCount).toBe(4);
    expect(await store.datasets.readColumns(result.dataset.id, ['path', 'label'])).toEqual({
      rowIds: [1, 2, 3, 4],
      values: {
        path: ['cat/a.png', 'cat/b.png', 'cat/c.png', 'dog/d.png'],
        label: ['cat', 'cat', 'cat', 'dog'],
      },
    });
    expect(await assetRows()).toEqual({ assets: 4, originals: 4, pixels: 4 });
    // The profiles describe the stored images only: 28 × 28 each; cat 3, dog 1.
    const [image, label] = result.dataset.columns.map((c) => c.profile);
    expect(image.image).toMatchObject({ count: 4, width: { min: 28, max: 28 } });
    expect(label.topCategories).toEqual([
      { value: 'cat', count: 3 },
      { value: 'dog', count: 1 },
    ]);
  });

  it('off (the default) stores every image and warns as before', async () => {
    const result = await importImages(store, folder, { size: 64 });
    expect(result.imported).toBe(6);
    expect(result.skippedSmall).toEqual([]);
    expect(result.small).toEqual({
      inputSize: 64,
      below: 16,
      count: 2,
      // Smallest shorter side first: both are 4 px, then source order.
      first: [
        { path: 'cat/tiny.png', width: 4, height: 4 },
        { path: 'dog/e.png', width: 4, height: 6 },
      ],
    });
    const { values } = await store.datasets.readColumns(result.dataset.id, ['path']);
    expect(values.path).toEqual([
      'cat/a.png',
      'cat/b.png',
      'cat/c.png',
      'cat/tiny.png',
      'dog/d.png',
      'dog/e.png',
    ]);
    expect(await assetRows()).toEqual({ assets: 6, originals: 6, pixels: 6 });
  });

  it('follows the input size: at 16 px (below 4) no image is much smaller', async () => {
    const result = await importImages(store, folder, { size: 16, skipSmall: true });
    expect(result.imported).toBe(6);
    expect(result.skippedSmall).toEqual([]);
  });

  it('refuses an import whose every image would be left out; nothing is stored', async () => {
    // At 128 px (below 32) every image, 28 px included, is much smaller.
    await expect(importImages(store, folder, { size: 128, skipSmall: true })).rejects.toThrow(
      'None of the 6 image files in pets could be imported (0 unreadable, 0 duplicates skipped, 6 much smaller than 128 × 128 px skipped)',
    );
    expect(await assetRows()).toEqual({ assets: 0, originals: 0, pixels: 0 });
    expect(await store.datasets.list()).toEqual([]);
  });
});
