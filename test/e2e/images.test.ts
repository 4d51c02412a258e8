/**
 * Images end to end, in Chromium against the real studio server (WebSocket transport,
 * SQLite project, training child process): create a project, import the real Fashion-MNIST
 * fixture folder (500 PNG files and a manifest) with the image wizard (preview counts,
 * 28 px grey), see the thumbnail grid and one image larger, read the image column's
 * statistics, define the three tasks, train a small shared CNN from the Train form's CNN
 * fields and read its scores in Compare; predict the fixture's folder in the Predict view
 * (thumbnails, sort by confidence, save as CSV); then the wizard and the grid in Chinese.
 * Screenshots go to test-results/e2e/; with MTL_DOCS_SCREENSHOTS=1 the image grid also goes
 * to docs/images.png.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium (`.ci/run` installs it) or MTL_CHROMIUM;
 * without one skipped, saying why, or failing under CI (chromium.ts).
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../src/main/server/setup';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist', import.meta.url));
const DOCS = process.env.MTL_DOCS_SCREENSHOTS === '1' ? join(repoRoot, 'docs') : null;

let dir: string;
let server: BrowserStudio['server'];
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('images');
  ({ dir, server, page, seen } = studio);
}, 180_000);

afterAll(() => studio?.close());

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describeInBrowser('images with the mouse, in a browser', () => {
  it('creates a project and previews the Fashion-MNIST folder in the image wizard', async () => {
    await page.goto(server.url);
    await page.getByTestId('new-project-name').fill('Fashion');
    await page.getByTestId('new-project-path').fill(join(dir, 'fashion'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('project-title').getByText('Fashion', { exact: true }).waitFor();

    await page.getByTestId('import-source-images').click();
    const wizard = page.getByTestId('image-import-wizard');
    await wizard.getByTestId('images-path').fill(FASHION);
    const summary = wizard.getByTestId('images-preview-summary');
    await summary.waitFor({ timeout: 60_000 });
    // The fixture: 500 images (50 per class), a manifest with three label columns
    // (test/fixtures/fashion-mnist/README.md), no corrupt file, no duplicate.
    expect(await summary.getByTestId('images-count').textContent()).toContain('500 images');
    expect(await summary.getByTestId('images-count').textContent()).toContain('Manifest CSV');
    // Empty label cells, counted in the manifest itself.
    const rows = (await readFile(join(FASHION, 'manifest.csv'), 'utf8')).trim().split('\n');
    const missingLabels = rows.slice(1).filter((r) => r.split(',')[1] === '').length;
    expect(await summary.getByTestId('images-task-label').textContent()).toContain(
      `10 classes, ${missingLabels} without a label`,
    );
    expect(await summary.getByTestId('images-task-is_footwear').textContent()).toContain(
      '2 classes',
    );
    expect(await summary.getByTestId('images-corrupt').textContent()).toContain(
      'Corrupt or unreadable: 0',
    );
    expect(await summary.getByTestId('images-sizes').textContent()).toContain('28 × 28 px');
    // The input starts from the images found (28 × 28, all one channel), not 64 × 64 RGB.
    expect(await wizard.getByTestId('images-size').inputValue()).toBe('28');
    expect(await wizard.getByTestId('images-colour').inputValue()).toBe('grey');
    expect(await wizard.getByTestId('images-suggested').textContent()).toContain(
      'from the images found: 28 × 28 px, Grey',
    );
    await shot('img-01-preview');
  });

  it('imports at 28 px grey and shows thumbnails with their labels; a click opens one', async () => {
    const wizard = page.getByTestId('image-import-wizard');
    await wizard.getByTestId('images-size').selectOption('28');
    await wizard.getByTestId('images-colour').selectOption('grey');
    await wizard.getByTestId('images-start-import').click();
    const grid = page.getByTestId('image-grid');
    await grid.waitFor({ timeout: 120_000 });
    // Thumbnails arrive as data URLs; the first tile is row 1, a T-shirt/top (manifest line 2).
    const first = grid.getByTestId('image-tile-1');
    await first.getByTestId('thumbnail').waitFor();
    expect(await first.getByTestId('thumbnail').getAttribute('src')).toMatch(
      /^data:image\/webp;base64,/,
    );
    expect(await first.textContent()).toContain('T-shirt/top');
    expect(await grid.getByTestId('thumbnail').count()).toBeGreaterThan(10);
    await shot('img-02-grid');
    if (DOCS) {
      await mkdir(DOCS, { recursive: true });
      await page.screenshot({ path: join(DOCS, 'images.png') });
    }

    await first.click();
    const view = page.getByTestId('image-view');
    await view.getByTestId('image-view-img').waitFor();
    expect(await view.getByTestId('image-view-img').getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    );
    expect(await view.textContent()).toContain('28 × 28 px, 1 channel,');
    // A 28 px original fills the 384 px box (384 / 28 = 13.7), pixels sharp (the Label view's
    // way): a new user saw a small original shown small in a large box.
    const shown = view.getByTestId('image-view-img');
    expect((await shown.boundingBox())?.width).toBe(384);
    // Runs in the page (the DOM's getComputedStyle; this file is type-checked without DOM).
    type Styled = { getComputedStyle(e: unknown): { imageRendering: string } };
    const rendering = await shown.evaluate(
      (img) => (globalThis as unknown as Styled).getComputedStyle(img).imageRendering,
    );
    expect(rendering).toBe('pixelated');
    expect(await view.getByTestId('image-view-scale').textContent()).toContain(
      'Shown 13.7 times its size',
    );
    expect(await view.textContent()).toContain('images/fmnist-0001.png');
    await shot('img-03-larger');
    await view.getByTestId('image-view-close').click();
    await view.waitFor({ state: 'detached' });

    // The table of the same rows is one click away.
    await page.getByTestId('data-layout-table').click();
    await page.getByTestId('row-total').getByText('500 rows').waitFor();
    await page.getByTestId('data-layout-thumbnails').click();
    await grid.waitFor();
  });

  it("shows the image column's statistics", async () => {
    const panel = page.getByTestId('column-panel');
    await panel.getByTestId('column-path').click();
    const stats = panel.getByTestId('image-stats');
    await stats.waitFor();
    expect(await stats.getByTestId('image-stats-width').textContent()).toContain('28–28 px');
    expect(await stats.getByTestId('image-stats-channels').textContent()).toContain('1 (500)');
    expect(await stats.getByTestId('image-stats-pixels').textContent()).toContain(
      'Trained as 28 × 28 Grey',
    );
  });

  it('defines the three tasks and trains a small shared CNN', async () => {
    await page.getByTestId('nav-tasks').click();
    for (const column of ['label', 'group', 'is_footwear'])
      await page.getByTestId(`pick-${column}`).check();
    await page.getByTestId('define-tasks').click();
    for (const task of ['label', 'group', 'is_footwear'])
      await page.getByTestId(`task-${task}`).waitFor();

    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    // An image dataset trains a CNN trunk: its fields are among the first ones.
    expect(await form.getByTestId('config-trunk').inputValue()).toBe('cnn');
    expect(await form.getByTestId('config-trunk').isDisabled()).toBe(true);
    await form.getByTestId('config-arch').selectOption('hard-sharing');
    await form.getByTestId('config-convFilters').fill('8, 16');
    await form.getByTestId('config-hiddenUnits').fill('32');
    await form.getByTestId('config-epochs').fill('6');
    await form.getByTestId('config-patience').fill('0');
    await form.getByTestId('config-augmentShift').fill('1');
    // 500 labelled rows would be cross-validated by default; one run on the split here.
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('start-training').click();
    const detail = page.getByTestId('run-detail');
    await page
      .locator('[data-testid=run-detail][data-run-status=completed]')
      .waitFor({ timeout: 240_000 });
    expect(await detail.getByTestId('epoch-count').textContent()).toContain('Epoch 6 of');
    expect(await detail.locator('h2').textContent()).toContain('CNN (images)');
    expect(await detail.getByTestId('live-charts').locator('canvas').count()).toBe(3);
    await shot('img-04-train');

    await page.getByTestId('nav-compare').click();
    const table = page.getByTestId('compare-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.textContent()).toContain('CNN (images)');
    await shot('img-05-compare');
  });

  it('predicts a folder of images in the Predict view, with thumbnails, sorted by confidence, and saves it as CSV', async () => {
    await page.getByTestId('nav-predict').click();
    // The newest run is the image run: the path field asks for a folder.
    expect(await page.getByTestId('predict-path-label').textContent()).toBe('Folder of images');
    // A CSV file for an image run: refused, saying what to give instead.
    await page.getByTestId('predict-path').fill(join(FASHION, 'manifest.csv'));
    await page.getByTestId('predict-start').click();
    expect(await page.getByTestId('error-headline').textContent()).toBe(
      'This run was trained on images: “manifest.csv” is not an image or a folder; choose a folder of images or one image file',
    );

    await page.getByTestId('predict-path').fill(join(FASHION, 'images'));
    await page.getByTestId('predict-start').click();
    const table = page.getByTestId('predict-table');
    // Every image of the fixture folder (500 PNG files) is predicted; only those in view
    // are in the DOM, each with a thumbnail made on the server.
    await table.getByTestId('predict-thumbnail').first().waitFor({ timeout: 60_000 });
    expect(await table.getAttribute('data-rows')).toBe('500');
    expect(await page.getByTestId('predict-shown').textContent()).toContain('500 images');
    expect(await page.getByTestId('predict-decoded').textContent()).toContain('28 × 28 px, grey');
    const shownRows = await table.getByTestId('predict-row').count();
    expect(shownRows).toBeGreaterThan(5);
    expect(shownRows).toBeLessThan(100);
    const thumb = table.getByTestId('predict-thumbnail').first();
    expect(await thumb.getAttribute('src')).toMatch(/^data:image\/webp;base64,/);
    expect(await thumb.getAttribute('alt')).toBe('fmnist-0001.png');
    // Thumbnails stay small: the fixture's 28 px originals are not enlarged.
    expect(
      await thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(28);
    // The file, then per task a predicted class and its confidence.
    expect(await table.getByTestId('predict-row').first().textContent()).toMatch(
      /^\s*fmnist-0001\.png\D.*?[\d.]+ %\s*(upper|lower|full_body|footwear|bag)[\d.]+ %\s*(yes|no)[\d.]+ %\s*$/,
    );
    await shot('img-06-predict');

    // Sorted by the label task's confidence, highest first (second click: descending).
    const confidences = async () =>
      (await table.getByTestId('predict-cell-label').allTextContents())
        .slice(0, 5)
        .map((text) => Number(/([\d.]+) %/.exec(text)![1]));
    await table.getByTestId('predict-sort-label').click();
    const ascending = await confidences();
    await table.getByTestId('predict-sort-label').click();
    const descending = await confidences();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThan(ascending[0]);
    await table.getByTestId('predict-thumbnail').first().waitFor();

    const out = join(dir, 'image-predictions.csv');
    await page.getByTestId('predict-out').fill(out);
    await page.getByTestId('predict-save').click();
    await page.getByTestId('predict-saved').getByText('Saved 500 predictions').waitFor();
    const saved = (await readFile(out, 'utf8')).trim().split('\n');
    // The columns of `mtl-studio predict … images/`.
    expect(saved[0]).toBe(
      'row,path,label,label_probability,group,group_probability,is_footwear,is_footwear_probability',
    );
    expect(saved).toHaveLength(501);
    expect(saved[1]).toMatch(/^1,fmnist-0001\.png,/);

    // A folder with an empty PNG: stopped at it by default; skipped and listed when asked.
    const mixed = join(dir, 'mixed-images');
    await mkdir(mixed, { recursive: true });
    for (const name of ['fmnist-0001.png', 'fmnist-0002.png'])
      await copyFile(join(FASHION, 'images', name), join(mixed, name));
    await writeFile(join(mixed, 'zz-bad.png'), Buffer.alloc(0));
    await page.getByTestId('predict-path').fill(mixed);
    await page.getByTestId('predict-start').click();
    await page.getByTestId('error-headline').waitFor();
    expect(await page.getByTestId('error-headline').textContent()).toContain('zz-bad.png');
    await page.getByTestId('predict-skip-corrupt').check();
    await page.getByTestId('predict-start').click();
    const skipped = page.getByTestId('predict-skipped');
    await skipped.waitFor();
    expect((await skipped.textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      '1 image skipped: zz-bad.png: empty file (0 bytes)',
    );
    expect(await page.getByTestId('predict-table').getAttribute('data-rows')).toBe('2');
    // The three files written above: two read and predicted, one skipped; all were read, so
    // no "the folder holds more" line (a new user saw "holds 97 images … predicts them all").
    expect(await page.getByTestId('predict-shown').textContent()).toContain(
      '2 of the folder’s 3 images predicted; 1 cannot be read and is skipped, by “Save as CSV” too.',
    );
    expect(await page.getByTestId('predict-more').count()).toBe(0);
  });

  it('shows the image wizard and the grid in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('data-layout-thumbnails').getByText('缩略图').waitFor();
    await page.getByTestId('open-image-import').click();
    const wizard = page.getByTestId('image-import-wizard');
    expect(await wizard.locator('h2').textContent()).toBe('导入图像文件夹');
    expect(await wizard.getByTestId('images-start-import').textContent()).toContain('导入');
    // A size the user picked stays when the preview comes; the colour follows the images.
    await wizard.getByTestId('images-size').selectOption('48');
    await wizard.getByTestId('images-path').fill(FASHION);
    await wizard.getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    expect(await wizard.getByTestId('images-suggested').textContent()).toContain(
      '28 × 28 像素，灰度',
    );
    expect(await wizard.getByTestId('images-size').inputValue()).toBe('48');
    expect(await wizard.getByTestId('images-colour').inputValue()).toBe('grey');
    await shot('img-07-zh');
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
