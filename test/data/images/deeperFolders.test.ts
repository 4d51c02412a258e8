/**
 * A stray sub-folder below the class folders (shapes/<shape>/<colour>/*.png plus one
 * shapes/circle/blue/deeper/nested.png, as a user's folder had): with two task names the
 * preview and the import go through, the nested image takes its named folders' classes and
 * the preview counts and names it; more names than levels stay refused, in both languages.
 * Expected values are written by hand from the folder the test generates (with sharp).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importImages } from '../../../src/main/data/images/importImages';
import { previewImages } from '../../../src/main/data/images/preview';
import { ProjectStore } from '../../../src/main/store/projectStore';
import { describeError } from '../../../src/renderer/src/errorText';
import { i18n } from '../../../src/renderer/src/i18n';
import { toErrorPayload } from '../../../src/shared/errors';
import { makeTempDir } from '../../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let shapes: string;

/** Writes an 8×8 PNG of one colour (each file a distinct colour unless `rgb` repeats). */
async function png(path: string, rgb: [number, number, number]): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  })
    .png()
    .toFile(path);
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  shapes = join(dir, 'shapes');
  await png(join(shapes, 'circle/blue/a.png'), [0, 0, 200]);
  await png(join(shapes, 'circle/red/b.png'), [200, 0, 0]);
  await png(join(shapes, 'square/blue/c.png'), [0, 0, 150]);
  await png(join(shapes, 'square/red/d.png'), [150, 0, 0]);
  await png(join(shapes, 'circle/blue/deeper/nested.png'), [0, 0, 100]);
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('images deeper than the named folder levels', () => {
  it('the preview names the levels and counts the deeper image with its path', async () => {
    const preview = await previewImages(shapes, { tasksFromFolders: ['shape', 'colour'] });
    expect(preview.folderLevels).toBe(3);
    expect(preview.deeperThanNamed).toEqual({
      images: 1,
      example: 'circle/blue/deeper/nested.png',
    });
    // circle: a, b, nested; blue: a, c, nested. No image misses a class.
    expect(preview.tasks).toEqual([
      {
        name: 'shape',
        classes: [
          { value: 'circle', count: 3 },
          { value: 'square', count: 2 },
        ],
        missing: 0,
      },
      {
        name: 'colour',
        classes: [
          { value: 'blue', count: 3 },
          { value: 'red', count: 2 },
        ],
        missing: 0,
      },
    ]);
  });

  it('the import stores the nested image under its named folders’ classes', async () => {
    const result = await importImages(store, shapes, { tasksFromFolders: ['shape', 'colour'] });
    expect(result.imported).toBe(5);
    expect(result.deeperThanNamed).toEqual({ images: 1, example: 'circle/blue/deeper/nested.png' });
    expect(result.dataset.columns.map((c) => c.name)).toEqual(['path', 'shape', 'colour']);
    // Rows follow the sorted paths: circle/blue/a.png, circle/blue/deeper/nested.png, ….
    const stored = await store.datasets.readColumns(result.dataset.id, ['path', 'shape', 'colour']);
    expect(stored.values).toEqual({
      path: [
        'circle/blue/a.png',
        'circle/blue/deeper/nested.png',
        'circle/red/b.png',
        'square/blue/c.png',
        'square/red/d.png',
      ],
      shape: ['circle', 'circle', 'circle', 'square', 'square'],
      colour: ['blue', 'blue', 'red', 'blue', 'red'],
    });
  });

  it('more names than levels is refused, translated in the studio', async () => {
    const refused = await previewImages(shapes, {
      tasksFromFolders: ['shape', 'colour', 'size', 'extra'],
    }).catch((e: unknown) => e);
    const payload = toErrorPayload(refused);
    expect(payload.details).toMatchObject({
      reason: 'FOLDER_NAMES_EXCEED_LEVELS',
      params: { levels: 3, given: 4, names: 'shape, colour, size, extra' },
    });
    const { t, te } = i18n.global;
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(describeError(payload, t, te, 'zh-CN').headline).toBe(
        `“${shapes}”中的图像只有 3 层文件夹，却给了 4 个任务名（shape, colour, size, extra）：每层最多一个名称，从顶层开始`,
      );
      // The other folder-name refusals have reasons too (the wizard showed them in English).
      const twice = await previewImages(shapes, { tasksFromFolders: ['shape', 'shape'] }).catch(
        (e: unknown) => e,
      );
      expect(describeError(toErrorPayload(twice), t, te, 'zh-CN').headline).toBe(
        '文件夹任务名：“shape”给了两次；请为每层取不同的名称',
      );
      const path = await previewImages(shapes, { tasksFromFolders: ['path'] }).catch(
        (e: unknown) => e,
      );
      expect(describeError(toErrorPayload(path), t, te, 'zh-CN').headline).toBe(
        '文件夹任务名：“path”是图像列的名称；请换一个名称',
      );
    } finally {
      i18n.global.locale.value = 'en';
    }
  });
});
