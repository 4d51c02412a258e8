/**
 * Importing images into a real project file: the three layouts, missing labels, corrupt
 * images skipped or refused (then nothing is stored, and the studio's headline names the
 * first bad files), duplicates kept or skipped, cancel,
 * and the real Fashion-MNIST folder. Expected pixels come from the hand-encoded files of
 * test/fixtures/images-odd (see its README) and from the Fashion-MNIST manifest text.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { importImages } from '../../../src/main/data/images/importImages';
import { describeError } from '../../../src/renderer/src/errorText';
import { i18n } from '../../../src/renderer/src/i18n';
import { toErrorPayload } from '../../../src/shared/errors';
import { ProjectStore } from '../../../src/main/store/projectStore';
import type { Database } from '../../../src/main/store/database';
import { makeTempDir } from '../../store/helpers';
import { encodePng, gridPixel } from './handPng';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** Rows in every asset table and rows_ table: all zero after a refused import. */
async function storedCounts(): Promise<Record<string, number>> {
  const db = (store as unknown as { db: Database }).db;
  const counts: Record<string, number> = {};
  for (const table of [
    'datasets',
    'columns',
    'assets',
    'asset_originals',
    'asset_pixels',
    'asset_settings',
  ]) {
    counts[table] = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n;
  }
  const rowsTables = await db.all("SELECT name FROM sqlite_schema WHERE name LIKE 'rows_%'");
  counts.rowsTables = rowsTables.length;
  return counts;
}

const NOTHING = {
  datasets: 0,
  columns: 0,
  assets: 0,
  asset_originals: 0,
  asset_pixels: 0,
  asset_settings: 0,
  rowsTables: 0,
};

async function put(root: string, path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), bytes);
}

describe('importImages: odd files of a flat folder', () => {
  it("'refuse' (the default) stores nothing and names the corrupt file", async () => {
    await expect(importImages(store, fixture('images-odd'), { size: 8 })).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      details: { path: 'broken.png' },
    });
    expect(await storedCounts()).toEqual(NOTHING);
  });

  it("'refuse' names every bad file (first 10 and a count), not only the first", async () => {
    // 12 empty .png files and one good one: by hand, 12 bad, 10 named, "and 2 more".
    const root = join(dir, 'many-bad');
    await put(
      root,
      'good.png',
      encodePng(8, 8, 3, () => [1, 2, 3]),
    );
    for (let i = 0; i < 12; i++) await put(root, `bad-${String(i).padStart(2, '0')}.png`, '');
    const refused = await importImages(store, root, { size: 8 }).catch((e: Error) => e);
    const message = (refused as Error).message;
    expect(message).toMatch(
      /^12 images cannot be read: bad-00\.png: .*; and 2 more\. Nothing was imported$/,
    );
    expect(message).toContain('bad-09.png: ');
    expect(message).not.toContain('bad-10.png');
    expect(
      (refused as unknown as { details: { problems: unknown[] } }).details.problems,
    ).toHaveLength(12);
    expect(await storedCounts()).toEqual(NOTHING);
    // The studio's headline counts them and names the first three, like the CLI's message
    // (expected: errors.imagesUnreadable of src/renderer/src/i18n/errors.ts, filled by hand;
    // the folder is read in name order, so bad-00 … bad-02 come first).
    const payload = toErrorPayload(refused);
    const { t, te } = i18n.global;
    try {
      expect(describeError(payload, t, te, 'en')).toEqual({
        headline:
          '12 images cannot be read: bad-00.png, bad-01.png, bad-02.png and 9 more. Nothing was imported',
        detail: null,
        original: message,
      });
      i18n.global.locale.value = 'zh-CN';
      expect(describeError(payload, t, te, 'zh-CN').headline).toBe(
        '有 12 张图像无法读取：bad-00.png、bad-01.png、bad-02.png 及另外 9 张。未导入任何内容',
      );
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('the studio names every bad file of a refused import when there are three or fewer', async () => {
    // Two empty files beside a good one: both named, no count of the rest.
    const root = join(dir, 'two-bad');
    await put(
      root,
      'good.png',
      encodePng(8, 8, 3, () => [1, 2, 3]),
    );
    await put(root, 'x.png', '');
    await put(root, 'y.png', '');
    const refused = await importImages(store, root, { size: 8 }).catch((e: unknown) => e);
    const { t, te } = i18n.global;
    expect(describeError(toErrorPayload(refused), t, te, 'en').headline).toBe(
      '2 images cannot be read: x.png, y.png. Nothing was imported',
    );
  });

  it("'skip' imports the readable images, lists what it left out and flags duplicates", async () => {
    const result = await importImages(store, fixture('images-odd'), {
      size: 8,
      onCorrupt: 'skip',
      name: 'odd',
    });
    expect(result.layout).toBe('flat');
    expect(result.imported).toBe(6);
    expect(result.skipped.map((p) => p.path)).toEqual(['broken.png']);
    expect(result.nonImages).toEqual(['README.md', 'make-fixture.mjs', 'notes.txt']); // code units: 'R' < 'm' (comparePaths)
    expect(result.duplicates).toEqual([['copy-of-grid.png', 'grid.png']]);
    expect(result.pixels).toEqual({
      height: 8,
      width: 8,
      channels: 3,
      colour: 'rgb',
      fit: 'cover',
    });

    const dataset = result.dataset;
    expect(dataset).toMatchObject({ name: 'odd', rowCount: 6, sourceName: 'images-odd' });
    expect(dataset.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['path', 'image', 'input'],
    ]);
    expect(dataset.columns[0].profile.image).toMatchObject({ count: 6, duplicates: 1 });
    // Distinct counts paths (6 rows, 6 different files), not contents: the duplicate pair
    // (grid.png, copy-of-grid.png) is counted apart, in image.duplicates above.
    expect(dataset.columns[0].profile.distinct).toBe(6);
    const { values } = await store.datasets.readColumns(dataset.id, ['path']);
    expect(values.path).toEqual([
      'anim.gif',
      'copy-of-grid.png',
      'grid.bmp',
      'grid.png',
      'photo.jpg',
      'pic.webp',
    ]);

    // Pixels of rows 3 (BMP) and 4 (PNG), then 1 (GIF's first frame), in the order asked.
    const batch = await store.assets.readPixels(dataset.id, [3, 4, 1]);
    expect(batch.length).toBe(3 * 8 * 8 * 3);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const i = (y * 8 + x) * 3;
        expect([...batch.subarray(i, i + 3)]).toEqual(gridPixel(x, y));
        expect([...batch.subarray(192 + i, 192 + i + 3)]).toEqual(gridPixel(x, y));
        expect([...batch.subarray(384 + i, 384 + i + 3)]).toEqual([0, 0, 255]);
      }
    }
    // The original bytes are kept as they were in the file.
    const original = await store.assets.original(dataset.id, 3);
    expect(Buffer.from(original.data).equals(await readFile(fixture('images-odd/grid.bmp')))).toBe(
      true,
    );
    expect(original).toMatchObject({
      mime: 'image/bmp',
      width: 8,
      height: 8,
      sourcePath: 'grid.bmp',
    });
    expect(original.sha256).toMatch(/^[0-9a-f]{64}$/);
    const thumbnails = await store.assets.thumbnails(dataset.id, [6, 2]);
    expect(thumbnails.map((t) => [t.rowId, t.mime])).toEqual([
      [6, 'image/webp'],
      [2, 'image/webp'],
    ]);
    expect((await sharp(thumbnails[0].data).metadata()).width).toBe(8);
  });

  it("duplicates 'skip' keeps the first copy only", async () => {
    const result = await importImages(store, fixture('images-odd'), {
      size: 8,
      onCorrupt: 'skip',
      duplicates: 'skip',
    });
    expect(result.imported).toBe(5);
    expect(result.skippedDuplicates).toEqual(['grid.png']);
    expect(result.duplicates).toEqual([['copy-of-grid.png', 'grid.png']]);
  });
});

describe('importImages: layouts and labels', () => {
  it('sub-folders become categorical label columns (role ignore until a task uses them), grey pixels', async () => {
    const root = join(dir, 'cards');
    // Solid grey levels, so grey pixels are exact whatever the grey formula: R = G = B.
    await put(
      root,
      'red/1/a.png',
      encodePng(8, 8, 3, () => [100, 100, 100]),
    );
    await put(
      root,
      'red/2/b.png',
      encodePng(8, 8, 3, () => [150, 150, 150]),
    );
    await put(
      root,
      'black/2/c.png',
      encodePng(8, 8, 3, () => [200, 200, 200]),
    );
    await put(
      root,
      'black/d.png',
      encodePng(8, 8, 3, () => [50, 50, 50]),
    );
    const result = await importImages(store, root, {
      size: 8,
      colour: 'grey',
      tasksFromFolders: ['colour', 'points'],
    });
    const dataset = result.dataset;
    expect(dataset.name).toBe('cards');
    expect(dataset.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['path', 'image', 'input'],
      ['colour', 'categorical', 'ignore'],
      ['points', 'categorical', 'ignore'],
    ]);
    const points = dataset.columns[2].profile;
    expect(points.missing).toBe(1);
    expect(points.topCategories).toEqual([
      { value: '2', count: 2 },
      { value: '1', count: 1 },
    ]);
    expect(await store.datasets.readColumns(dataset.id, ['path', 'colour', 'points'])).toEqual({
      rowIds: [1, 2, 3, 4],
      values: {
        path: ['black/2/c.png', 'black/d.png', 'red/1/a.png', 'red/2/b.png'],
        colour: ['black', 'black', 'red', 'red'],
        points: ['2', null, '1', '2'],
      },
    });
    const pixels = await store.assets.readPixels(dataset.id, [1, 2, 3, 4]);
    expect([0, 64, 128, 192].map((k) => [...new Set(pixels.subarray(k, k + 64))])).toEqual([
      [200],
      [50],
      [100],
      [150],
    ]);
    expect(await store.assets.pixelSettings(dataset.id)).toEqual({
      column: 'path',
      height: 8,
      width: 8,
      channels: 1,
      colour: 'grey',
      fit: 'cover',
    });
    // The label columns work as task targets.
    const task = await store.tasks.create({
      datasetId: dataset.id,
      name: 'colour',
      targetColumn: 'colour',
      classes: ['black', 'red'],
      kind: 'binary',
      weight: null,
    });
    expect(task.id).toBeGreaterThan(0);
  });

  it('a manifest with missing labels; a file it lists that does not exist is corrupt', async () => {
    const root = join(dir, 'm');
    await put(
      root,
      'img/a.png',
      encodePng(8, 8, 3, () => [1, 2, 3]),
    );
    await put(
      root,
      'img/b.png',
      encodePng(8, 8, 3, () => [4, 5, 6]),
    );
    await put(
      root,
      'labels.csv',
      'image,kind,size\nimg/a.png,x,\nimg/b.png,,big\nimg/gone.png,y,small\n',
    );
    await expect(importImages(store, join(root, 'labels.csv'), { size: 8 })).rejects.toMatchObject({
      message: expect.stringMatching(/img\/gone\.png: file not found \(manifest line 4\)/),
      // The UI's translated text (test/data/images/problemKinds.test.ts) comes from these.
      details: {
        reason: 'IMAGE_UNREADABLE',
        params: { path: 'img/gone.png', problem: 'file not found (manifest line 4)' },
        phrases: { problem: { key: 'images.problems.FILE_NOT_FOUND', params: { line: 4 } } },
        remedy: { onCorrupt: 'skip' },
      },
    });
    expect(await storedCounts()).toEqual(NOTHING);
    const result = await importImages(store, join(root, 'labels.csv'), {
      size: 8,
      onCorrupt: 'skip',
    });
    expect(result.layout).toBe('manifest');
    expect(result.dataset.name).toBe('labels');
    expect(result.skipped).toEqual([
      {
        path: 'img/gone.png',
        reason: 'file not found (manifest line 4)',
        kind: 'FILE_NOT_FOUND',
        params: { line: 4 },
      },
    ]);
    expect(await store.datasets.readColumns(result.dataset.id, ['image', 'kind', 'size'])).toEqual({
      rowIds: [1, 2],
      values: { image: ['img/a.png', 'img/b.png'], kind: ['x', null], size: [null, 'big'] },
    });
  });

  it('a flat folder has the path column only; the name must be free', async () => {
    const root = join(dir, 'flat');
    await put(
      root,
      'a.png',
      encodePng(10, 6, 3, () => [9, 9, 9]),
    );
    const result = await importImages(store, root, { size: 16, fit: 'contain' });
    expect(result.dataset.columns.map((c) => c.name)).toEqual(['path']);
    expect(result.dataset.columns[0].profile.image).toMatchObject({
      width: { min: 10, max: 10 },
      height: { min: 6, max: 6 },
    });
    await expect(importImages(store, root, { size: 16 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/already exists/),
    });
    await expect(importImages(store, root, { size: 4, name: 'other' })).rejects.toThrow(
      /size must be a whole number from 8/,
    );
  });

  it('a folder without images is refused', async () => {
    const root = join(dir, 'none');
    await put(root, 'readme.txt', 'x');
    await expect(importImages(store, root)).rejects.toThrow(/No image files/);
    // With the reason the UI translates (errors.reasons.NO_IMAGES), naming the folder.
    await expect(importImages(store, root)).rejects.toMatchObject({
      details: { reason: 'NO_IMAGES', params: { path: root } },
    });
  });
});

describe('importImages: cancel', () => {
  it('leaves nothing stored when cancelled midway', async () => {
    const root = join(dir, 'fm');
    await cp(fixture('fashion-mnist'), root, { recursive: true });
    const controller = new AbortController();
    const progress: number[] = [];
    await expect(
      importImages(store, root, {
        size: 28,
        colour: 'grey',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'decode') {
            progress.push(p.images);
            if (p.images >= 100) controller.abort();
          }
        },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    expect(progress[0]).toBeGreaterThan(0);
    expect(await storedCounts()).toEqual(NOTHING);
  });
});

describe('importImages: the real Fashion-MNIST folder', () => {
  it('imports 500 grey 28×28 images with three label columns and missing labels', async () => {
    const folder = fixture('fashion-mnist');
    const result = await importImages(store, folder, { size: 28, colour: 'grey' });
    const dataset = result.dataset;
    expect(result.layout).toBe('manifest');
    expect(dataset.rowCount).toBe(500);
    expect(dataset.name).toBe('fashion-mnist');
    expect(dataset.columns.map((c) => c.name)).toEqual(['path', 'label', 'group', 'is_footwear']);
    // Expected label cells from the manifest text (split by hand, not by the CSV reader).
    const lines = (await readFile(join(folder, 'manifest.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1);
    const cells = lines.map((l) => l.split(','));
    const stored = await store.datasets.readColumns(dataset.id, [
      'path',
      'label',
      'group',
      'is_footwear',
    ]);
    expect(stored.values.path).toEqual(cells.map((c) => c[0]));
    expect(stored.values.label).toEqual(cells.map((c) => c[1] || null));
    expect(stored.values.group).toEqual(cells.map((c) => c[2] || null));
    expect(stored.values.is_footwear).toEqual(cells.map((c) => c[3] || null));
    expect(dataset.columns[1].profile.topCategories).toHaveLength(10);
    // At the original size the training pixels are the PNG's own grey levels.
    const png = await sharp(join(folder, cells[123][0])).toColourspace('b-w').raw().toBuffer();
    const pixels = await store.assets.readPixels(dataset.id, [124]);
    expect(Buffer.from(pixels).equals(png)).toBe(true);
  });
});
