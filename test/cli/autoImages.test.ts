/**
 * `mtl-studio train --arch auto` on an imported image folder, as a user runs it (a real
 * process). Found by a new user: it failed at epoch 0 with "No usable input column: none
 * given." (Auto's search fitted table preprocessing on an image dataset).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('mtl-studio train --arch auto on images', () => {
  it('searches over the CNN trunk and stores the chosen configuration with its search', async () => {
    // 30 grey 8×8 PNG files in class folders black/ (grey 0…14) and white/ (241…255).
    const root = join(dir, 'shades');
    for (const [shade, from] of [
      ['black', 0],
      ['white', 241],
    ] as const) {
      await mkdir(join(root, shade), { recursive: true });
      for (let i = 0; i < 15; i++) {
        const grey = from + i;
        await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
        })
          .png()
          .toFile(join(root, shade, `${i}.png`));
      }
    }
    const project = `${dir}/shades.mtlproj`;
    const imported = await cli(
      'import-images',
      root,
      '-p',
      project,
      '--size',
      '8',
      '--colour',
      'grey',
    );
    expect(imported.code, imported.stderr).toBe(0);
    // The folder level 'label' became a task at import (importImagesWithTasks).
    expect(imported.stdout).toContain('Task label defined from the folders');
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--arch',
      'auto',
      '--budget',
      '2s',
      '--evaluation',
      'split',
      '--epochs',
      '3',
      '--conv-filters',
      '4',
    );
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('No usable input column');
    const { run, search } = JSON.parse(stdout);
    expect(run.status).toBe('completed');
    expect(run.config).toMatchObject({ trunk: 'cnn', convFilters: [4] });
    expect(search.trials.length).toBeGreaterThanOrEqual(1);
    for (const t of search.trials)
      expect(t.config).toMatchObject({ trunk: 'cnn', convFilters: [4] });
    expect(search.chosen).toMatchObject({ trunk: 'cnn', convFilters: [4] });
  });
});
