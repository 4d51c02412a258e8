/**
 * Images much smaller than the input size (a new user's 1 × 1 pixel was enlarged to 64 × 64
 * and trained on with no warning): the preview gathers them by shorter side so any input
 * size chosen later can be checked, the import names them in its result and keeps them; and
 * the import's progress counts every image file, the unreadable one too, which is the
 * preview's readable images plus its corrupt ones (the wizard's progress relies on that).
 * Expected values by hand from the files written below: 7 files, 6 readable; shorter sides
 * 64, 64, 1, 3, 15, 16; the rule "shorter side < input size / 4" (src/shared/smallImages.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImages } from '../../../src/main/data/images/importImages';
import { previewImages } from '../../../src/main/data/images/preview';
import { ProjectStore } from '../../../src/main/store/projectStore';
import type { ImageImportProgress } from '../../../src/shared/assets';
import { keptImages, SmallImageCounter, smallImages } from '../../../src/shared/smallImages';
import { makeTempDir } from '../../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let folder: string;

/** Writes a width × height PNG of one grey level (distinct per file: no duplicates). */
async function png(path: string, width: number, height: number, grey: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const background = { r: grey, g: grey, b: grey };
  await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toFile(path);
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = join(dir, 'shapes');
  await png(join(folder, 'a.png'), 64, 64, 10);
  await png(join(folder, 'b.png'), 80, 64, 20);
  await png(join(folder, 'one.png'), 1, 1, 30);
  await png(join(folder, 'thin.png'), 3, 40, 40);
  await png(join(folder, 'mid.png'), 20, 15, 50);
  await png(join(folder, 'edge.png'), 16, 16, 60);
  await writeFile(join(folder, 'bad.png'), 'not a picture\n');
});
afterAll(() => cleanup());

describe('images much smaller than the input size', () => {
  it('the preview gives the classes, sizes, channels and formats of the images kept without the small ones', async () => {
    // A new user ticked "Skip the small images" and saw 200 images but classes summing to
    // 203. By hand: at 64 px (below 16) cat/tiny (4 × 4) and dog/e (4 × 6) are left out,
    // keeping cat/a (28 × 28), dog/d (28 × 28) and dog/big (200 × 150, side ≥ 128: counted
    // apart from the small groups): cat 1, dog 2; widths 28–200, sum 256; heights 28–150,
    // sum 206; all RGB png. At 8 px (below 2) all 5 are kept.
    const pets = join(dir, 'pets');
    await png(join(pets, 'cat/a.png'), 28, 28, 10);
    await png(join(pets, 'cat/tiny.png'), 4, 4, 20);
    await png(join(pets, 'dog/d.png'), 28, 28, 30);
    await png(join(pets, 'dog/e.png'), 4, 6, 40);
    await png(join(pets, 'dog/big.png'), 200, 150, 50);
    const preview = await previewImages(pets, { layout: 'folders' });
    expect(preview.tasks[0].classes).toEqual([
      { value: 'dog', count: 3 },
      { value: 'cat', count: 2 },
    ]);
    const at64 = keptImages(preview.small, preview.notSmall, 64);
    expect(at64).toEqual({
      count: 3,
      width: { min: 28, max: 200, sum: 256 },
      height: { min: 28, max: 150, sum: 206 },
      channels: [{ value: 3, count: 3 }],
      formats: [{ value: 'png', count: 3 }],
      labels: [
        {
          classes: [
            { value: 'dog', count: 2 },
            { value: 'cat', count: 1 },
          ],
          missing: 0,
        },
      ],
    });
    const at8 = keptImages(preview.small, preview.notSmall, 8);
    expect(at8.count).toBe(5);
    expect(at8.width).toEqual({ min: 4, max: 200, sum: 264 });
    expect(at8.labels[0].classes).toEqual(preview.tasks[0].classes);
  });

  it('the preview finds them for any input size, smallest first', async () => {
    const preview = await previewImages(folder, { layout: 'flat' });
    expect(preview.images).toBe(6);
    expect(preview.corrupt.map((c) => c.path)).toEqual(['bad.png']);
    // 64 px: shorter side below 16 → one (1), thin (3), mid (15); edge (16) is not.
    const at64 = smallImages(preview.small, 64);
    expect(at64).toEqual({
      inputSize: 64,
      below: 16,
      count: 3,
      first: [
        { path: 'one.png', width: 1, height: 1 },
        { path: 'thin.png', width: 3, height: 40 },
        { path: 'mid.png', width: 20, height: 15 },
      ],
    });
    // 32 px: below 8 → one, thin. 128 px: below 32 → one, thin, mid, edge.
    expect(smallImages(preview.small, 32).count).toBe(2);
    expect(smallImages(preview.small, 128).first.map((s) => s.path)).toEqual([
      'one.png',
      'thin.png',
      'mid.png',
      'edge.png',
    ]);
  });

  it('the import keeps them, names them, and its progress counts the unreadable file', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    const seen: ImageImportProgress[] = [];
    try {
      const result = await importImages(store, folder, {
        layout: 'flat',
        size: 64,
        onCorrupt: 'skip',
        onProgress: (p) => seen.push(p),
      });
      expect(result.imported).toBe(6);
      expect(result.small.count).toBe(3);
      expect(result.small.first.map((s) => s.path)).toEqual(['one.png', 'thin.png', 'mid.png']);
      // 7 image files: the 6 readable the preview counts + the 1 unreadable.
      const last = seen.filter((p) => p.phase === 'decode').at(-1);
      expect(last).toMatchObject({ images: 7, totalImages: 7 });
    } finally {
      await store.close();
    }
  });

  it('names at most 5 files, the count going on', () => {
    const counter = new SmallImageCounter();
    for (let i = 0; i < 7; i++) counter.add(`p${i}.png`, 2, 2);
    counter.add('big.png', 200, 300);
    const small = smallImages(counter.build(), 64);
    expect(small.count).toBe(7);
    expect(small.first.map((s) => s.path)).toEqual([
      'p0.png',
      'p1.png',
      'p2.png',
      'p3.png',
      'p4.png',
    ]);
  });
});
