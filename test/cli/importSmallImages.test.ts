/**
 * `import-images` names images much smaller than the input size (a new user's 1 × 1 pixel
 * was enlarged to 64 × 64 and trained on with no warning), in --preview and after the
 * import, and keeps them. Expected lines by hand from the 3 files written below (64 × 64,
 * 1 × 1, 12 × 30) and the rule "shorter side < input size / 4" (src/shared/smallImages.ts).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let folder: string;

async function png(path: string, width: number, height: number, grey: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const background = { r: grey, g: grey, b: grey };
  await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toFile(path);
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = join(dir, 'pics');
  await png(join(folder, 'cat/big.png'), 64, 64, 10);
  await png(join(folder, 'cat/dot.png'), 1, 1, 20);
  await png(join(folder, 'dog/strip.png'), 12, 30, 30);
});
afterAll(() => cleanup());

describe('import-images and images much smaller than the input size', () => {
  it('--preview names them against --size (default 64)', async () => {
    const r = await cli('import-images', folder, '--preview');
    expect(r.code).toBe(0);
    // 64 px: below 16 → dot (1) and strip (12).
    expect(r.stdout).toContain(
      'small: 2 images are much smaller than the 64 × 64 px input (shorter side below 16 px): cat/dot.png (1 × 1 px), dog/strip.png (12 × 30 px); each is enlarged to 64 × 64 for training, with little to learn from, and kept.',
    );
    // 32 px: below 8 → dot only.
    const at32 = await cli('import-images', folder, '--preview', '--size', '32');
    expect(at32.stdout).toContain(
      'small: 1 image is much smaller than the 32 × 32 px input (shorter side below 8 px): cat/dot.png (1 × 1 px); it is enlarged',
    );
  });

  it('the import keeps them and says so', async () => {
    const r = await cli('import-images', folder, '-p', join(dir, 'p.mtlproj'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported 3 images');
    expect(r.stdout).toContain('small: 2 images are much smaller than the 64 × 64 px input');
  });

  it('--skip-small leaves them out, names them, and --json lists each', async () => {
    // 64 px: below 16 → dot (1 × 1) and strip (12 × 30) left out; big stored.
    const preview = await cli('import-images', folder, '--preview', '--skip-small');
    expect(preview.stdout).toContain(
      'small: 2 images are much smaller than the 64 × 64 px input (shorter side below 16 px): cat/dot.png (1 × 1 px), dog/strip.png (12 × 30 px); --skip-small leaves them out, 1 image to import.',
    );
    // The classes and sizes are the kept image's (cat/big, 64 × 64 RGB png) only: the
    // table's row has no dog, whose only image is the strip.
    expect(preview.stdout).toMatch(/│ label +│ 0 +│ cat \(1\) │/);
    expect(preview.stdout).not.toContain('dog (1)');
    expect(preview.stdout).toContain('Sizes 64–64 × 64–64 px; formats png (1); channels 3 (1).');
    const r = await cli('import-images', folder, '-p', join(dir, 'skip.mtlproj'), '--skip-small');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported 1 image into dataset');
    expect(r.stdout).toContain(
      'Skipped 2 images much smaller than the 64 × 64 px input (shorter side below 16 px; --skip-small): cat/dot.png (1 × 1 px), dog/strip.png (12 × 30 px).',
    );
    expect(r.stdout).not.toContain('small: ');
    const json = await cli(
      '--json',
      'import-images',
      folder,
      '-p',
      join(dir, 'skip-json.mtlproj'),
      '--skip-small',
    );
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as {
      imported: number;
      skippedSmall: unknown;
      small: { count: number };
    };
    expect(result.imported).toBe(1);
    expect(result.skippedSmall).toEqual([
      { path: 'cat/dot.png', width: 1, height: 1 },
      { path: 'dog/strip.png', width: 12, height: 30 },
    ]);
    expect(result.small.count).toBe(0);
  });

  it('--json without --skip-small lists none skipped and keeps all three', async () => {
    const json = await cli('--json', 'import-images', folder, '-p', join(dir, 'keep.mtlproj'));
    const result = JSON.parse(json.stdout) as { imported: number; skippedSmall: unknown };
    expect(result.imported).toBe(3);
    expect(result.skippedSmall).toEqual([]);
  });

  it('--help names --skip-small', async () => {
    const r = await cli('import-images', '--help');
    expect(r.stdout).toContain('--skip-small');
  });
});
