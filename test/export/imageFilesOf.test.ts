/**
 * Predict on a folder reads the same files as an import of it: hidden files and folders
 * (`._photo.png` written by macOS on other disks, `.thumbnails/`) are left out, as the
 * importer's listFiles (data/images/source.ts) does. Expected lists written out by hand.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { imageFilesOf } from '../../src/main/export/predictImages';
import { listFiles } from '../../src/main/data/images/source';
import { makeTempDir } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await mkdir(join(dir, 'sub'));
  await mkdir(join(dir, '.thumbnails'));
  for (const file of ['a.png', '._x.png', 'notes.txt', 'sub/img 10.png', 'sub/img 2.png']) {
    await writeFile(join(dir, file), 'not decoded here');
  }
  await writeFile(join(dir, '.thumbnails', 't.png'), 'hidden');
});
afterAll(() => cleanup());

it('lists the images an import would, without hidden files or folders', async () => {
  expect(await imageFilesOf(dir)).toEqual(['a.png', 'sub/img 2.png', 'sub/img 10.png']);
  // The importer's listing, images and others: the same images in the same order.
  expect(await listFiles(dir)).toEqual(['a.png', 'notes.txt', 'sub/img 2.png', 'sub/img 10.png']);
});
