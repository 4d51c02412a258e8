/**
 * End to end, the browser mode's file picker: Browse… next to a path field lists folders and
 * the files the field accepts on the server, starting where the field points (or at home); a
 * click opens a folder or chooses a file; a new project is named and made in the folder shown.
 * Expected entries are the files this test writes.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('files', {
    prepare: async (folder) => {
      await mkdir(join(folder, 'tables', 'old'), { recursive: true });
      await writeFile(join(folder, 'tables', 'birds.csv'), 'wing,kind\n1,a\n2,b\n3,a\n4,b\n');
      await writeFile(join(folder, 'tables', 'readme.md'), '# not a table\n');
    },
  });
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

const picker = () => page.getByTestId('file-browser');

describeInBrowser('the file picker of the browser mode', () => {
  it('names a new project in a folder chosen by clicking through the server’s folders', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Birds');
    await page.getByTestId('new-project-path').fill(join(dir, 'tables', 'old'));
    await page.getByTestId('new-project-path-browse').click();
    await picker()
      .getByTestId('file-browser-path')
      .getByText(join(dir, 'tables', 'old'))
      .waitFor();
    // Up one folder: its subfolder is listed, the Markdown file is not (projects only).
    await picker().getByTestId('file-browser-up').click();
    await picker().getByTestId('file-entry-old').waitFor();
    expect(await picker().getByTestId('file-entry-readme.md').count()).toBe(0);
    await picker().getByTestId('file-browser-name').fill('birds');
    await picker().getByTestId('file-browser-choose').click();
    expect(await picker().count()).toBe(0);
    expect(await page.getByTestId('new-project-path').inputValue()).toBe(
      join(dir, 'tables', 'birds'),
    );
    await page.getByTestId('create-project').click();
    await page.getByTestId('csv-path').waitFor();
    expect(existsSync(join(dir, 'tables', 'birds.mtlproj'))).toBe(true);
  });

  it('chooses a CSV file to import with a click', async () => {
    await page.getByTestId('csv-path').fill(join(dir, 'tables'));
    await page.getByTestId('csv-path-browse').click();
    await picker().getByTestId('file-entry-birds.csv').click();
    expect(await page.getByTestId('csv-path').inputValue()).toBe(join(dir, 'tables', 'birds.csv'));
    await page.getByTestId('preview-table').waitFor();
  });

  it('takes the keyboard focus when it opens, closes on Escape and gives the focus back', async () => {
    await page.getByTestId('csv-path-browse').click();
    await picker().getByTestId('file-entry-birds.csv').waitFor();
    // The focus is inside the dialog at once, with no click on it (a script text: this file
    // is type-checked without the DOM's types).
    expect(
      await page.evaluate(
        `document.querySelector('[data-testid="file-browser"]').contains(document.activeElement)`,
      ),
    ).toBe(true);
    await page.keyboard.press('Escape');
    expect(await picker().count()).toBe(0);
    expect(
      await page.evaluate(
        `document.activeElement === document.querySelector('[data-testid="csv-path-browse"]')`,
      ),
    ).toBe(true);
  });

  it('leaves room below the baseline of a monospace field for its underscores', async () => {
    // Some monospace fonts draw "_" at or past their descent, which an input's one-line box
    // (line-height: normal) clips: new_zoo.csv read as "new zoo.csv". The field's line box
    // must reach below "_", whatever font is found.
    // Measured in the page (a script text: this file is type-checked without the DOM's types).
    const room = (await page.evaluate(`(() => {
      const input = document.querySelector('[data-testid="csv-path"]');
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.fontSize + ' ' + style.fontFamily;
      const m = ctx.measureText('new_zoo.csv');
      const size = parseFloat(style.fontSize);
      const content = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
      const line = style.lineHeight === 'normal' ? content : parseFloat(style.lineHeight);
      // Below the baseline: the font's descent plus half the leading (text is centred).
      const below = m.fontBoundingBoxDescent + (line - content) / 2;
      return (below - m.actualBoundingBoxDescent) / size;
    })()`)) as number;
    // Here (the machine’s monospace font at 14 px: descent 3 px, "_" 4 px) it was −1 px.
    expect(room).toBeGreaterThan(0);
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
