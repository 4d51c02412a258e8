/**
 * `predict` on a folder with a corrupt image: found by a new user, the refusal did not say
 * how to predict the others, as `import-images` does. Now it ends "; use --on-corrupt skip"
 * and --json's details carry `remedy: { onCorrupt: 'skip' }`. A tiny image model (12 grey
 * 8×8 PNGs drawn with sharp, 1 epoch) predicts a folder of one good and one cut PNG (its
 * first 40 bytes: a header sharp cannot read, by construction).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
let folder: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  for (const label of ['dark', 'light']) {
    mkdirSync(join(dir, 'imgs', label), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const v = label === 'dark' ? 20 * i : 255 - 20 * i;
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: v, g: v, b: v } },
      })
        .png()
        .toFile(join(dir, 'imgs', label, `${i}.png`));
    }
  }
  folder = join(dir, 'new');
  mkdirSync(folder);
  copyFileSync(join(dir, 'imgs/dark/0.png'), join(folder, 'good.png'));
  writeFileSync(
    join(folder, 'corrupt.png'),
    readFileSync(join(dir, 'imgs/dark/0.png')).subarray(0, 40),
  );
  project = join(dir, 'p.mtlproj');
  expect((await cli('import-images', join(dir, 'imgs'), '-p', project, '--size', '8')).code).toBe(
    0,
  );
  // The folder level 'label' is a task from the import on (importImagesWithTasks).
  const trained = await cli('train', '-p', project, '--epochs', '1', '--evaluation', 'split');
  expect(trained.code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('predict on a folder with a corrupt image', () => {
  it('suggests --on-corrupt skip (text and --json), which then predicts the other image', async () => {
    const refused = await cli('predict', '-p', project, '--run', '1', folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `error: ${join(folder, 'corrupt.png')} is not a readable image: the image data is damaged or truncated; use --on-corrupt skip\n`,
    );
    const json = await cli('--json', 'predict', '-p', project, '--run', '1', folder);
    const { error } = JSON.parse(json.stdout);
    expect(error.details.remedy).toEqual({ onCorrupt: 'skip' });
    const skipped = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      folder,
      '--on-corrupt',
      'skip',
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stdout.trim().split('\n')).toHaveLength(2); // header + good.png
  }, 60_000);
});
