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
import { SmallImageCounter, smallImages } from '../../../src/shared/smallImages';
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
