/**
 * End to end, in Chromium against the real studio server: gaps new users found between the
 * studio and the CLI.
 * - A CSV import with "Skip lines with a wrong number of fields" says how many lines it left
 *   out and their line numbers (the CLI's note), in the import's notice.
 * - The Label view's grid cards show a stored number as stored: 2500.5, not "2501".
 * - Export labels offers "Use suggested" for its path, as the model export does.
 * - Predict notes a column imported with a decimal comma under the old dot rule
 *   ("1.000" learned as 1; export/predict.ts pointDotNote, which the CLI prints).
 *
 * The CSV (line 1 the header): lines 4 and 6 have three fields for two columns, so 2 lines
 * are skipped (counted by hand) and 4 rows stored: x = 2500.5 (a), 2501 (b), 2500.5 (none),
 * 10 (none). The grid opens on the unlabelled rows: row ids 3 and 4.
 *
 * The old project is built through the store as test/cli/predictOldDotRule.test.ts builds
 * it (a `dotThousands` note as an import before 0c60587 stored it) and trained by the CLI.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { oldDotRuleProject } from '../cli/oldDotRuleProject';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;
let oldProject: string;
const TRAIN = ['--epochs', '2', '--backend', 'cpu', '--in-process', '--hidden', '4'];

beforeAll(async () => {
  studio = await openBrowserStudio('new-user-gaps', {
    timeoutMs: 60_000,
    prepare: async (folder) => {
      oldProject = join(folder, 'old.mtlproj');
      await oldDotRuleProject(oldProject, TRAIN);
    },
  });
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

  it('Predict notes a column that keeps the old dot rule (en, zh-CN)', async () => {
    await studio.session.openProject(oldProject);
    await writeFile(join(dir, 'dot.csv'), 'x\n1.000\n');
    await page.goto(studio.server.url);
    await page.getByTestId('nav-predict').click();
    await page.getByTestId('predict-path').fill(join(dir, 'dot.csv'));
    await page.getByTestId('predict-start').click();
    const note = page.getByTestId('predict-point-dot');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'Column “x” was imported with a decimal comma before a dot before three digits was read as grouping thousands: the model learned “1.000” there as 1 (a decimal point)',
    );
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect
      .poll(() => note.textContent())
      .toContain('列“x”是在“点号后跟三位数字按千位分隔读取”之前以小数逗号导入的');
    await page.getByTestId('locale').selectOption('en');
  });
});
