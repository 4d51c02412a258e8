/**
 * `mtl-studio import-images --tasks-from-folders shape,colour` on shapes/<shape>/<colour>/
 * with one stray shapes/circle/blue/deeper/nested.png (a user's folder): the preview and
 * the import go through, saying how many images lie deeper and naming one (text and
 * --json); more names than levels stay refused. Expected values by hand from the folder
 * the test generates with sharp.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyPng } from '../data/images/greyPng';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let shapes: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  shapes = join(dir, 'shapes');
  await greyPng(join(shapes, 'circle/blue/a.png'), 10);
  await greyPng(join(shapes, 'circle/red/b.png'), 20);
  await greyPng(join(shapes, 'square/blue/c.png'), 30);
  await greyPng(join(shapes, 'circle/blue/deeper/nested.png'), 40);
});
afterAll(() => cleanup());

describe('import-images with fewer folder names than levels', () => {
  it('--preview says which images lie deeper (text and --json)', async () => {
    const text = await cli(
      'import-images',
      shapes,
      '--preview',
      '--tasks-from-folders',
      'shape,colour',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('4 readable images in 3 folder levels');
    expect(text.stdout).toContain(
      '1 image lies deeper than the 2 named folder levels (e.g. circle/blue/deeper/nested.png): it takes the classes of its named folders; the deeper folder names are ignored.',
    );
    const json = await cli(
      '--json',
      'import-images',
      shapes,
      '--preview',
      '--tasks-from-folders',
      'shape,colour',
    );
    const { preview } = JSON.parse(json.stdout);
    expect(preview.folderLevels).toBe(3);
    expect(preview.deeperThanNamed).toEqual({
      images: 1,
      example: 'circle/blue/deeper/nested.png',
    });
  });

  it('--preview without names hints at naming the top levels when the deepest is sparse', async () => {
    // level_3 labels 1 of 4 images (nested.png): fewer than half.
    const text = await cli('import-images', shapes, '--preview');
    expect(text.stdout).toContain(
      "hint: folder level 3 (level_3) labels only 1 of 4 images; to take tasks from the top 2 levels only (deeper images keep their top folders' classes), name them: --tasks-from-folders level_1,level_2",
    );
    const named = await cli('import-images', shapes, '--preview', '--tasks-from-folders', 'a,b,c');
    expect(named.stdout).not.toContain('hint:');
  });

  it('the import goes through with two names; four names are refused', async () => {
    const project = join(dir, 'p.mtlproj');
    const imported = await cli(
      '--json',
      'import-images',
      shapes,
      '-p',
      project,
      '--tasks-from-folders',
      'shape,colour',
    );
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout);
    expect(result.imported).toBe(4);
    expect(result.deeperThanNamed).toEqual({ images: 1, example: 'circle/blue/deeper/nested.png' });
    // circle: a, b, nested; blue: a, c, nested.
    const columns = result.dataset.columns.map((c: { name: string }) => c.name);
    expect(columns).toEqual(['path', 'shape', 'colour']);
    const refused = await cli(
      'import-images',
      shapes,
      '--preview',
      '--tasks-from-folders',
      'a,b,c,d',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'are in 3 folder levels, 4 names given (a, b, c, d): give at most one name per level',
    );
  });
});
