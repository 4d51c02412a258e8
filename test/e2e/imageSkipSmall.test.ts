/**
 * End to end, the image wizard's choice to skip images much smaller than the input size:
 * offered (off) when the preview finds some, the image count and the warning follow it, and
 * the import leaves them out, its note naming them. Expected values by hand from the files
 * written below, at input size 64 (shorter side below 16 px counts): cat/ a, b, c (28 × 28)
 * and tiny (4 × 4), dog/ d (28 × 28) and e (4 × 6): 6 images, 2 much smaller, 4 to import.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;

/** Writes a width × height PNG of one grey level (distinct per file: no duplicates). */
async function png(path: string, width: number, height: number, grey: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const background = { r: grey, g: grey, b: grey };
  await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toFile(path);
}

beforeAll(async () => {
  studio = await openBrowserStudio('imageSkipSmall', {
    prepare: async (folder) => {
      const pets = join(folder, 'pets');
      await png(join(pets, 'cat/a.png'), 28, 28, 10);
      await png(join(pets, 'cat/b.png'), 28, 28, 20);
      await png(join(pets, 'cat/c.png'), 28, 28, 30);
      await png(join(pets, 'cat/tiny.png'), 4, 4, 40);
      await png(join(pets, 'dog/d.png'), 28, 28, 50);
      await png(join(pets, 'dog/e.png'), 4, 6, 60);
    },
  });
  ({ dir, page } = studio);
}, 600_000);

afterAll(() => studio?.close());

const wizard = () => page.getByTestId('image-import-wizard');

describeInBrowser('the image wizard skips images much smaller than the input on request', () => {
  it('offers the choice off, follows it in the preview, and the import leaves them out', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Small');
    await page.getByTestId('new-project-path').fill(join(dir, 'small'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('import-source-images').click();
    await wizard().getByTestId('images-path').fill(join(dir, 'pets'));
    await wizard().getByTestId('images-preview-summary').waitFor({ timeout: 60_000 });
    await wizard().getByTestId('images-size').selectOption('64');

    const small = wizard().getByTestId('images-small');
    const skip = wizard().getByTestId('images-skip-small');
    expect(await skip.isChecked()).toBe(false);
    expect(await small.textContent()).toContain('Skip the 2 images smaller than 16 × 16 px');
    expect(await small.textContent()).toContain(
      'They are kept unless you tick the box below to skip them.',
    );
    expect(await wizard().getByTestId('images-count').textContent()).toContain('6 images');

    await skip.check();
    expect(await wizard().getByTestId('images-count').textContent()).toContain('4 images');
    expect(await small.textContent()).toContain('will be left out: 4 images to import.');
    // The classes, formats and sizes are the 4 kept images' (cat a, b, c and dog d, all
    // 28 × 28 png, counted by hand from the files written above), not all 6.
    const tasks = await wizard()
      .getByTestId('images-preview-summary')
      .locator('li')
      .allTextContents();
    expect(tasks.join(' ')).toContain('cat (3), dog (1)');
    const sizes = await wizard().getByTestId('images-sizes').textContent();
    expect(sizes).toContain('png (4)');
    expect(sizes).not.toContain('4–28');
    // Unticked again: back to all 6.
    await skip.uncheck();
    expect(await wizard().getByTestId('images-count').textContent()).toContain('6 images');
    await skip.check();

    await wizard().getByTestId('images-start-import').click();
    const notice = page.getByTestId('notice');
    await notice.waitFor({ timeout: 120_000 });
    expect(await notice.textContent()).toContain('Imported “pets”: 4 images.');
    expect(await notice.textContent()).toContain(
      '2 images much smaller than the 64 × 64 px input were skipped: cat/tiny.png (4 × 4 px), dog/e.png (4 × 6 px).',
    );
  });
});
