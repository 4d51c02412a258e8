/**
 * `mtl-studio import-images` on pets/cat/{a,b}.png beside pets/dog/{big,small}/*.png (a new
 * user's folder): the dog images name 2 folder levels, the cat images lie in only 1, so the
 * preview and the import say how many are left unlabelled for the second task, naming one
 * (text and --json). Expected values by hand from the folder the test generates with sharp.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyPng } from '../data/images/greyPng';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let pets: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  pets = join(dir, 'pets');
  await greyPng(join(pets, 'cat/a.png'), 10);
  await greyPng(join(pets, 'cat/b.png'), 20);
  await greyPng(join(pets, 'dog/small/c.png'), 30);
  await greyPng(join(pets, 'dog/big/d.png'), 40);
});
afterAll(() => cleanup());

describe('import-images with images in fewer folders than the named levels', () => {
  it('--preview says which images are left unlabelled, for which task (text and --json)', async () => {
    const text = await cli('import-images', pets, '--preview');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('4 readable images in 2 folder levels');
    expect(text.stdout).toContain(
      '2 images lie in fewer folders than the 2 folder levels: each is left unlabelled for the levels below its own folders (e.g. cat/a.png: level_2); label them later in the Label view or with mtl-studio labels import.',
    );
    const json = await cli('--json', 'import-images', pets, '--preview');
    expect(json.code).toBe(0);
    const { preview } = JSON.parse(json.stdout);
    expect(preview.shallowerThanNamed).toEqual({
      images: 2,
      example: 'cat/a.png',
      tasks: ['level_2'],
    });
    expect(preview.deeperThanNamed).toBeNull();
    // One name: every image has its top folder, nothing is left unlabelled.
    const top = await cli(
      '--json',
      'import-images',
      pets,
      '--preview',
      '--tasks-from-folders',
      'animal',
    );
    expect(JSON.parse(top.stdout).preview.shallowerThanNamed).toBeNull();
  });

  it('the import says the same (text and --json)', async () => {
    const text = await cli(
      'import-images',
      pets,
      '-p',
      join(dir, 'text.mtlproj'),
      '--tasks-from-folders',
      'animal,size',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      '2 images lie in fewer folders than the 2 folder levels: each is left unlabelled for the levels below its own folders (e.g. cat/a.png: size); label them later in the Label view or with mtl-studio labels import.',
    );
    const json = await cli(
      '--json',
      'import-images',
      pets,
      '-p',
      join(dir, 'json.mtlproj'),
      '--tasks-from-folders',
      'animal,size',
    );
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.imported).toBe(4);
    expect(result.shallowerThanNamed).toEqual({ images: 2, example: 'cat/a.png', tasks: ['size'] });
  });
});
