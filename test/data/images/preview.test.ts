/**
 * Preview of an import: the odd-files fixture (corrupt, non-image, duplicate, GIF, BMP,
 * JPEG, WebP; see its README), a manifest listing a file twice, and the real Fashion-MNIST
 * folder, whose class counts are
 * known from how the fixture was made (50 per class, cells emptied by make-fixture.mjs's
 * MISSING rule, counted here from the manifest text itself).
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { previewImages } from '../../../src/main/data/images/preview';
import type { ImageImportProgress } from '../../../src/shared/assets';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

describe('previewImages', () => {
  it('lists corrupt images, non-images and duplicates of a flat folder, with statistics', async () => {
    const progress: ImageImportProgress[] = [];
    const preview = await previewImages(fixture('images-odd'), {
      onProgress: (p) => progress.push(p),
    });
    expect(preview.layout).toBe('flat');
    expect(preview.manifest).toBeNull();
    expect(preview.images).toBe(6);
    expect(preview.tasks).toEqual([]);
    expect(preview.nonImages).toEqual(['README.md', 'make-fixture.mjs', 'notes.txt']); // code units: 'R' < 'm' (comparePaths)
    expect(preview.corrupt).toHaveLength(1);
    expect(preview.corrupt[0].path).toBe('broken.png');
    expect(preview.corrupt[0].reason).toMatch(/^the image data is damaged or truncated \(/);
    expect(preview.duplicates).toEqual([['copy-of-grid.png', 'grid.png']]);
    const stats = preview.stats!;
    expect(stats.count).toBe(6);
    expect(stats.duplicates).toBe(1);
    expect(stats.width).toMatchObject({ min: 8, max: 8, mean: 8 });
    expect(stats.formats).toEqual([
      { value: 'png', count: 2 },
      { value: 'bmp', count: 1 },
      { value: 'gif', count: 1 },
      { value: 'jpeg', count: 1 },
      { value: 'webp', count: 1 },
    ]);
    // Channels of the originals: PNG, BMP, JPEG RGB; the GIF decodes as RGBA; lossless WebP RGB.
    expect(stats.channels.reduce((n, c) => n + c.count, 0)).toBe(6);
    // File sizes from `ls -l` of the fixture: 204 + 204 + 246 + 82 + 270 + 38.
    expect(stats.bytes.total).toBe(204 + 204 + 246 + 82 + 270 + 38);
    expect(preview.bytes).toBe(stats.bytes.total);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ phase: 'decode', images: 7, totalImages: 7 });
  });

  it('previews the real Fashion-MNIST folder through its manifest', async () => {
    const folder = fixture('fashion-mnist');
    const preview = await previewImages(folder);
    expect(preview.layout).toBe('manifest');
    expect(preview.manifest).toBe('manifest.csv');
    expect(preview.images).toBe(500);
    expect(preview.corrupt).toEqual([]);
    expect(preview.duplicates).toEqual([]);
    expect(preview.stats).toMatchObject({
      width: { min: 28, max: 28 },
      height: { min: 28, max: 28 },
      channels: [{ value: 1, count: 500 }],
      formats: [{ value: 'png', count: 500 }],
    });
    // Expected counts from the manifest text (independent of the CSV reader under test).
    const rows = readFileSync(`${folder}/manifest.csv`, 'utf8').trim().split('\n').slice(1);
    const cells = rows.map((r) => r.split(','));
    expect(preview.tasks.map((t) => t.name)).toEqual(['label', 'group', 'is_footwear']);
    for (const [k, task] of preview.tasks.entries()) {
      const missing = cells.filter((c) => c[k + 1] === '').length;
      expect(task.missing).toBe(missing);
      expect(task.classes.reduce((n, c) => n + c.count, 0)).toBe(500 - missing);
    }
    expect(preview.tasks[0].classes).toHaveLength(10);
    expect(preview.tasks[1].classes.map((c) => c.value).sort()).toEqual([
      'bag',
      'footwear',
      'full_body',
      'lower',
      'upper',
    ]);
    // 3 footwear classes of 50 images each, less the footwear cells left empty.
    const footwear = preview.tasks[2].classes.find((c) => c.value === 'yes')!;
    expect(footwear.count).toBe(cells.filter((c) => c[3] === 'yes').length);
    expect(footwear.count).toBeGreaterThan(140);
    expect(preview.tasks[0].missing).toBeGreaterThan(0);
  });

  it('lists the files a manifest lists twice, with both lines, and counts each once', async () => {
    // By hand: line 1 is the header; a.png on lines 2, 4 ('./a.png') and 5 ('a.png');
    // b.png once. The import refuses this manifest (source.test.ts); the preview lists it.
    const folder = await mkdtemp(join(tmpdir(), 'mtl-preview-twice-'));
    try {
      for (const name of ['a', 'b'])
        await copyFile(fixture('images-odd/grid.png'), join(folder, `${name}.png`));
      await writeFile(
        join(folder, 'manifest.csv'),
        'path,kind\na.png,x\nb.png,y\n./a.png,z\na.png,x\n',
      );
      const preview = await previewImages(folder);
      expect(preview.listedTwice).toEqual([
        { path: 'a.png', lines: [2, 4] },
        { path: 'a.png', lines: [2, 5] },
      ]);
      expect(preview.images).toBe(2);
      expect(preview.tasks).toEqual([
        {
          name: 'kind',
          classes: [
            { value: 'x', count: 1 },
            { value: 'y', count: 1 },
          ],
          missing: 0,
        },
      ]);
      // A folder has no manifest lines: nothing listed twice.
      expect((await previewImages(fixture('images-odd'))).listedTwice).toEqual([]);
      // The name an import takes: the folder's, given as a folder or through its
      // manifest.csv (a new user's wizard named it "manifest"); a manifest with a name of
      // its own gives that name.
      const named = basename(folder);
      expect((await previewImages(folder)).name).toBe(named);
      expect((await previewImages(join(folder, 'manifest.csv'))).name).toBe(named);
      await copyFile(join(folder, 'manifest.csv'), join(folder, 'Birds.csv'));
      expect((await previewImages(join(folder, 'Birds.csv'))).name).toBe('Birds');
      expect((await previewImages(fixture('images-odd'))).name).toBe('images-odd');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const preview = previewImages(fixture('fashion-mnist'), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'decode' && p.images >= 50) controller.abort();
      },
    });
    await expect(preview).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
  });
});
