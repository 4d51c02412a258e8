/**
 * End to end, the image import wizard's path field in the browser mode: Browse… lists a
 * folder's manifest CSV beside its subfolders (not only folders) and a click chooses it;
 * hints drawn from a preview (the suggested input size and colour) go when the path changes
 * to one that does not exist or is cleared; a folder without images says so and why Import
 * is disabled. Expected values come from the fixture (test/fixtures/fashion-mnist/README.md:
 * 500 PNG files of 28 × 28 grey, a manifest.csv beside an images/ folder) and the files this
 * test writes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist', import.meta.url));

let dir: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('imageWizard', {
    prepare: async (folder) => {
      await mkdir(join(folder, 'no-images'), { recursive: true });
      await writeFile(join(folder, 'no-images', 'notes.txt'), 'no pictures here\n');
    },
  });
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

const wizard = () => page.getByTestId('image-import-wizard');
const picker = () => page.getByTestId('file-browser');

describeInBrowser('the image import wizard’s path field', () => {
  it('lists the manifest CSV in the picker and chooses it with a click', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Wizard');
    await page.getByTestId('new-project-path').fill(join(dir, 'wizard'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('import-source-images').click();
    await wizard().getByTestId('images-path').fill(FASHION);
    await wizard().getByTestId('images-path-browse').click();
    await picker().getByTestId('file-entry-manifest.csv').waitFor();
    // The folder of images is listed too, and the README is not (not a manifest).
    expect(await picker().getByTestId('file-entry-images').count()).toBe(1);
    expect(await picker().getByTestId('file-entry-README.md').count()).toBe(0);
    await picker().getByTestId('file-entry-manifest.csv').click();
    expect(await picker().count()).toBe(0);
    expect(await wizard().getByTestId('images-path').inputValue()).toBe(
      join(FASHION, 'manifest.csv'),
    );
    await wizard().getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    expect(await wizard().getByTestId('images-suggested').textContent()).toContain(
      '28 × 28 px, Grey',
    );
    // The field is tied to its visible label.
    expect(await wizard().getByLabel('Folder, or manifest CSV').inputValue()).toBe(
      join(FASHION, 'manifest.csv'),
    );
  });

  it('drops the preview’s hints when the path changes to one that does not exist, or none', async () => {
    await wizard().getByTestId('images-path').fill(join(dir, 'not-there'));
    await wizard().getByTestId('images-suggested').waitFor({ state: 'detached' });
    expect(await wizard().getByTestId('images-preview-summary').count()).toBe(0);
    await wizard().getByRole('alert').waitFor({ timeout: 30_000 });
    await wizard().getByTestId('images-path').fill(FASHION);
    await wizard().getByTestId('images-suggested').waitFor({ timeout: 60_000 });
    await wizard().getByTestId('images-path').fill('');
    await wizard().getByTestId('images-suggested').waitFor({ state: 'detached' });
    expect(await wizard().getByTestId('images-preview-summary').count()).toBe(0);
  });

  it('says why a folder without images cannot be imported', async () => {
    await wizard().getByTestId('images-path').fill(join(dir, 'no-images'));
    const none = wizard().getByTestId('images-none');
    await none.waitFor({ timeout: 30_000 });
    expect(await none.textContent()).toContain('No image files in this folder (accepted: .png,');
    expect(await wizard().getByTestId('images-start-import').isDisabled()).toBe(true);
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
