/**
 * End to end, in Chromium against the real studio server: the import wizard from one file
 * to the next. Found by a new user:
 * - after choosing windows-1252 for a UTF-8 file and clicking the remedy "Read as utf-8",
 *   the next file chosen was still read as utf-8 (Encoding kept showing it): a new file now
 *   starts from Detect, for the delimiter too;
 * - a chosen encoding was summarised "Read as windows-1252 (100 % sure)": a confidence is a
 *   detection's, a choice now reads "(your choice)";
 * - the Encoding select cut "windows-1252 — Western E" under its arrow: it is now as wide as
 *   its longest option, in en and zh-CN.
 * Expected texts: the en and zh-CN messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let utf8Csv: string;
let semicolonCsv: string;

beforeAll(async () => {
  studio = await openBrowserStudio('wizard-files', {
    prepare: async (folder) => {
      // UTF-8 text with accents (é is C3 A9: Ã© as windows-1252).
      utf8Csv = join(folder, 'vins.csv');
      const rows = ['cépage,région,degré'];
      for (let i = 1; i <= 20; i++) rows.push(`Barbéra,Côte-d’Or,${12 + (i % 3)}`);
      await writeFile(utf8Csv, `${rows.join('\n')}\n`);
      // Plain ASCII, semicolons.
      semicolonCsv = join(folder, 'plain.csv');
      const plain = ['a;b;c'];
      for (let i = 1; i <= 20; i++) plain.push(`${i};${i % 2};x${i}`);
      await writeFile(semicolonCsv, `${plain.join('\n')}\n`);
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

/** The summary line of the preview, once it says `expected` (a detection's words: a pattern). */
async function summarySays(expected: string | RegExp): Promise<void> {
  const summary = page.getByTestId('preview-summary');
  const text = async () => (await summary.textContent())?.trim() ?? '';
  if (typeof expected === 'string') await expect.poll(text).toBe(expected);
  else await expect.poll(text).toMatch(expected);
}

/**
 * The Encoding select's width and the width it needs: that of a copy sized by its options
 * alone (width auto: Chromium makes a select as wide as its widest option plus its arrow).
 */
async function encodingSelectWidths(): Promise<{ width: number; needed: number }> {
  return page.getByTestId('csv-encoding').evaluate((el) => {
    const copy = el.cloneNode(true) as typeof el;
    copy.style.width = 'auto';
    copy.style.maxWidth = 'none';
    copy.style.position = 'absolute';
    el.parentElement!.append(copy);
    const needed = copy.getBoundingClientRect().width;
    copy.remove();
    return { width: el.getBoundingClientRect().width, needed };
  });
}

describeInBrowser('the import wizard, one file after another', () => {
  it('reads a new file with Detect again, and says a chosen encoding is a choice', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-path').fill(join(studio.dir, 'wizard'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('csv-path').fill(utf8Csv);
    // 20 data rows; a detected encoding keeps its confidence (the detector's, 99 % or so).
    await summarySays(/^Read as utf-8 \(\d+ % sure\), delimiter “,”, 20 rows\.$/);

    await page.getByTestId('csv-encoding').selectOption('windows-1252');
    const remedy = page.getByTestId('error-remedy-encoding');
    await remedy.waitFor();
    expect((await remedy.textContent())?.trim()).toBe('Read as utf-8');
    await page.screenshot({ path: join(SHOTS, 'wizard-files-1252.png') });
    await remedy.click();
    expect(await page.getByTestId('csv-encoding').inputValue()).toBe('utf-8');
    await summarySays('Read as utf-8 (your choice), delimiter “,”, 20 rows.');
    // A chosen delimiter too, to see it go back to Detect with the next file.
    await page.getByTestId('csv-delimiter').selectOption(',');
    await page.screenshot({ path: join(SHOTS, 'wizard-files-chosen.png') });

    await page.getByTestId('csv-path').fill(semicolonCsv);
    await summarySays(/^Read as [\w-]+ \(\d+ % sure\), delimiter “;”, 20 rows\.$/);
    expect(await page.getByTestId('csv-encoding').inputValue()).toBe('auto');
    expect(await page.getByTestId('csv-delimiter').inputValue()).toBe('auto');
    await page.screenshot({ path: join(SHOTS, 'wizard-files-next.png') });
  });

  it('is as wide as its longest option in en and zh-CN', async () => {
    await page.getByTestId('csv-encoding').selectOption('windows-1252');
    await summarySays('Read as windows-1252 (your choice), delimiter “;”, 20 rows.');
    // Before: 211 px of grid cell for about 300 px of "iso-8859-15 — Western European with €".
    const en = await encodingSelectWidths();
    expect(en.needed).toBeGreaterThan(250);
    expect(en.width).toBeGreaterThanOrEqual(en.needed - 0.5);
    await page
      .getByTestId('csv-encoding')
      .screenshot({ path: join(SHOTS, 'wizard-encoding-en.png') });

    await page.getByTestId('locale').selectOption('zh-CN');
    await summarySays('按 windows-1252 读取（您选择的编码），分隔符“;”，共 20 行。');
    const zh = await encodingSelectWidths();
    expect(zh.width).toBeGreaterThanOrEqual(zh.needed - 0.5);
    await page
      .getByTestId('csv-encoding')
      .screenshot({ path: join(SHOTS, 'wizard-encoding-zh.png') });
    await page.screenshot({ path: join(SHOTS, 'wizard-files-zh.png') });
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
