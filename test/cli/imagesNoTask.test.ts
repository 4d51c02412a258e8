/**
 * An imported image folder before any task. Found by a new user: `tasks --new path=a,b`
 * suggested `tasks --add path`, which then failed ("Column path is image"); `train --arch
 * auto` printed Auto's budget note, then only "has no task yet; define at least one".
 * Expected by hand: folders black/ and white/ give the categorical column "label" (the
 * folder names) and the image column "path"; "label" is the one column a task can predict.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const root = join(dir, 'shades');
  for (const [shade, grey] of [
    ['black', 0],
    ['white', 255],
  ] as const) {
    await mkdir(join(root, shade), { recursive: true });
    for (let i = 0; i < 3; i++)
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
      })
        .png()
        .toFile(join(root, shade, `${i}.png`));
  }
  project = `${dir}/shades.mtlproj`;
  const imported = await cli('import-images', root, '-p', project, '--size', '8', '--no-tasks');
  expect(imported.code, imported.stderr).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('an image dataset without a task', () => {
  it('tasks --new named after the image column does not suggest adding it', async () => {
    const r = await cli('tasks', '-p', project, '--new', 'path=a,b');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'already has an image column "path" holding values, which cannot be a task\'s target; give the new task another name.',
    );
    expect(r.stderr).not.toContain('--add');
  });

  it.each([[['--arch', 'auto', '--budget', '2s']], [['--epochs', '1']]])(
    'train %j names the column to add, before any note',
    async (options) => {
      const r = await cli('train', '-p', project, ...options);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toBe(
        `error: Dataset "shades" has no task yet; define at least one: a task predicts a categorical column, here label (mtl-studio tasks -p ${project} --add label, or the Tasks view), or labels a new one (--new NAME=class1,class2).\n`,
      );
    },
  );
});
