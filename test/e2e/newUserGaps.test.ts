/**
 * End to end, in Chromium against the real studio server: gaps new users found between the
 * studio and the CLI.
 * - A CSV import with "Skip lines with a wrong number of fields" says how many lines it left
 *   out and their line numbers (the CLI's note), in the import's notice.
 * - The Label view's grid cards show a stored number as stored: 2500.5, not "2501".
 * - Export labels offers "Use suggested" for its path, as the model export does.
 *
 * The CSV (line 1 the header): lines 4 and 6 have three fields for two columns, so 2 lines
 * are skipped (counted by hand) and 4 rows stored: x = 2500.5 (a), 2501 (b), 2500.5 (none),
 * 10 (none). The grid opens on the unlabelled rows: row ids 3 and 4.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('new-user-gaps', { timeoutMs: 60_000 });
  ({ dir, page } = studio);
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('gaps between the studio and the CLI', () => {
  it('an import that skips bad lines says how many and which', async () => {
    const csv = join(dir, 'gaps.csv');
    await writeFile(csv, 'x,kind\n2500.5,a\n2501,b\n3,a,extra\n2500.5,\n4,b,extra\n10,\n');
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-name').fill('Gaps');
    await page.getByTestId('new-project-path').fill(join(dir, 'gaps'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('csv-path').fill(csv);
    await page.getByTestId('csv-skip-bad-lines').check();
    await page.getByTestId('preview-table').waitFor();
    await page.getByTestId('start-import').click();
    await page
      .getByTestId('notice')
      .filter({
        hasText:
          'Imported “gaps”: 4 rows. Skipped 2 lines with a wrong number of fields (lines 4, 6); they are not in the dataset.',
      })
      .waitFor({ timeout: 60_000 });
  });

  it('the label grid shows 2500.5 as stored', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('pick-kind').check();
    await page.getByTestId('candidate-kind').waitFor();
    await page.getByTestId('define-tasks').click();
    await page.getByTestId('task-kind').waitFor();
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-kind').waitFor();
    await page.getByTestId('label-mode').click();
    const tile = page.getByTestId('tile-3');
    await tile.waitFor();
    // Before: 4 significant digits, "2501" (row 2's value) for 2500.5.
    expect(await tile.locator('.mini-value').first().textContent()).toBe('2500.5');
    expect(await page.getByTestId('tile-4').locator('.mini-value').first().textContent()).toBe(
      '10',
    );
  });

  it('Export labels offers the suggested path beside the project, and writes there', async () => {
    await page.getByTestId('nav-export').click();
    const field = page.getByTestId('labels-export-path');
    expect(await field.inputValue()).toBe('');
    await page.getByTestId('labels-export-path-suggested').click();
    const suggested = join(dir, 'gaps-labels.csv');
    expect(await field.inputValue()).toBe(suggested);
    await page.getByTestId('labels-export-start').click();
    await page.getByTestId('labels-export-done').waitFor();
    expect(existsSync(suggested)).toBe(true);
  });
});
