/**
 * Images in fewer folders than the named levels (a new user's folder: pets/cat/a.png,
 * pets/cat/b.png beside pets/dog/big/d.png, pets/dog/small/c.png): the preview and the import
 * count them, name the first and the task they leave unlabelled (level_2, null in the stored
 * column, to be labelled later). Expected values are written by hand from the folder the test
 * generates (with sharp).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { greyPng } from './greyPng';
import { importImages } from '../../../src/main/data/images/importImages';
import { previewImages } from '../../../src/main/data/images/preview';
import { ProjectStore } from '../../../src/main/store/projectStore';
import { makeTempDir } from '../../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let pets: string;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  pets = join(dir, 'pets');
  await greyPng(join(pets, 'cat/a.png'), 10);
  await greyPng(join(pets, 'cat/b.png'), 20);
  await greyPng(join(pets, 'dog/small/c.png'), 30);
  await greyPng(join(pets, 'dog/big/d.png'), 40);
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('images in fewer folders than the named levels', () => {
  it('the preview counts them, names the first and the task they leave unlabelled', async () => {
    const preview = await previewImages(pets);
    expect(preview.folderLevels).toBe(2);
    expect(preview.tasks.map((t) => t.name)).toEqual(['level_1', 'level_2']);
    // cat/a.png and cat/b.png have 1 folder for 2 levels: level_2 is missing for both.
    expect(preview.shallowerThanNamed).toEqual({
      images: 2,
      example: 'cat/a.png',
      tasks: ['level_2'],
    });
    expect(preview.deeperThanNamed).toBeNull();
    expect(preview.tasks.map((t) => t.missing)).toEqual([0, 2]);
    // Named the top level only, every image has its one folder: nothing is shallower.
    const top = await previewImages(pets, { tasksFromFolders: ['animal'] });
    expect(top.shallowerThanNamed).toBeNull();
    expect(top.deeperThanNamed).toEqual({ images: 2, example: 'dog/big/d.png' });
  });

  it('the import says the same and stores no label for them in the deeper task', async () => {
    const result = await importImages(store, pets, { tasksFromFolders: ['animal', 'size'] });
    expect(result.imported).toBe(4);
    expect(result.shallowerThanNamed).toEqual({
      images: 2,
      example: 'cat/a.png',
      tasks: ['size'],
    });
    // Rows follow the sorted paths: cat/a.png, cat/b.png, dog/big/d.png, dog/small/c.png.
    const stored = await store.datasets.readColumns(result.dataset.id, ['path', 'animal', 'size']);
    expect(stored.values).toEqual({
      path: ['cat/a.png', 'cat/b.png', 'dog/big/d.png', 'dog/small/c.png'],
      animal: ['cat', 'cat', 'dog', 'dog'],
      size: [null, null, 'big', 'small'],
    });
  });

  it('counts only readable images, as the tasks do: a corrupt file is skipped, not unlabelled', async () => {
    // A new user's folder: "39 images lie in fewer folders" beside level_2 "37 without a
    // label"; 2 of the 39 were corrupt. Here cat/broken.png is not a PNG (text bytes).
    await writeFile(join(pets, 'cat/broken.png'), 'not an image\n');
    await writeFile(join(pets, 'cat/0-broken.png'), 'not an image\n');
    const preview = await previewImages(pets);
    expect(preview.corrupt).toHaveLength(2);
    // By hand: cat/a.png and cat/b.png, as before; the example is not a corrupt file.
    expect(preview.shallowerThanNamed).toEqual({
      images: 2,
      example: 'cat/a.png',
      tasks: ['level_2'],
    });
    expect(preview.tasks.map((t) => t.missing)).toEqual([0, 2]);
    const result = await importImages(store, pets, { onCorrupt: 'skip' });
    expect(result.skipped).toHaveLength(2);
    expect(result.shallowerThanNamed?.images).toBe(2);
  });
});
