/**
 * End to end, in Chromium against the real studio server: the Predict view reads a CSV file
 * with a line of a wrong number of fields as `mtl-studio predict --bad-lines` does (found by
 * a new user: one ragged line refused the whole file, with no way forward in the studio).
 * - By default the file is refused, and the refusal offers the import wizard's one-click
 *   "Skip lines with a wrong number of fields".
 * - Clicking it ticks the view's checkbox and predicts the other rows, each keeping its row
 *   number, with a notice naming the skipped line (en and zh-CN: the messages of
 *   src/renderer/src/i18n/exports.ts written out here).
 * - Save as CSV writes those rows only and says the same.
 *
 * The CSV below, counted by hand (line 1 the header): line 3 has three fields for two
 * columns, so data row 2 is skipped and rows 1 and 3 (lines 2 and 4) are predicted.
 * The project is built and trained by the CLI as test/cli/predictBadLines.test.ts builds it,
 * then opened by the session.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../cli/run';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;
const RAGGED = 'id,x\n1,1\n2,2,9\n3,3\n';
// 205 data rows, the ragged one last (line 206, counted by hand): past the 200 rows the
// preview reads (PredictView.vue CSV_PREVIEW_ROWS, and the one more it reads to know the file
// has more), so only Save as CSV meets it.
const LATE = `id,x\n${Array.from({ length: 204 }, (_, i) => `${i + 1},${i % 7}`).join('\n')}\n205,1,9\n`;

beforeAll(async () => {
  studio = await openBrowserStudio('predict-bad-lines', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      // 30 rows: x = i mod 7, y = a for every third row.
      const rows = Array.from(
        { length: 30 },
        (_, i) => `${(i + 1) % 7},${(i + 1) % 3 ? 'b' : 'a'}`,
      );
      await writeFile(join(folder, 'train.csv'), `x,y\n${rows.join('\n')}\n`);
      await writeFile(join(folder, 'ragged.csv'), RAGGED);
      await writeFile(join(folder, 'late.csv'), LATE);
      const project = join(folder, 'p.mtlproj');
      for (const args of [
        ['import', join(folder, 'train.csv'), '-p', project],
        ['tasks', '-p', project, '--add', 'y'],
        ['train', '-p', project, '--evaluation', 'split', '--epochs', '2', '--in-process'],
      ]) {
        const done = await cli(...args);
        if (done.code !== 0) throw new Error(done.stderr);
      }
      await session.openProject(project);
    },
  });
  ({ dir, page } = studio);
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('Predict with a ragged line', () => {
  it('is refused with the one-click skip; skipping predicts the other rows and names the line', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-predict').click();
    await page.getByTestId('predict-path').fill(join(dir, 'ragged.csv'));
    const box = page.getByTestId('predict-skip-bad-lines');
    expect(await box.isChecked()).toBe(false);
    await page.getByTestId('predict-start').click();
    const refusal = page.getByTestId('predict-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      '“ragged.csv” line 3: expected 2 fields, found 3',
    );
    const remedy = refusal.getByTestId('error-remedy-bad-lines');
    expect(await remedy.textContent()).toContain('Skip lines with a wrong number of fields');
    await remedy.click();

    const rows = page.getByTestId('predict-table').getByTestId('predict-row');
    await rows.first().waitFor();
    // Rows 1 and 3 (by hand): row 2 is left out and the others keep their numbers.
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-row')))).toEqual([
      '1',
      '3',
    ]);
    expect(await box.isChecked()).toBe(true);
    expect(await page.getByTestId('predict-error').count()).toBe(0);
    const note = page.getByTestId('predict-skipped-lines');
    expect(await note.textContent()).toContain(
      'Skipped 1 line with a wrong number of fields (line 3); it has no row in the predictions.',
    );
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect
      .poll(() => note.textContent())
      .toContain('跳过了 1 行字段数不对的行（第 3 行），它们不在预测结果中。');
    await page.getByTestId('locale').selectOption('en');
  });

  it('Save as CSV writes the other rows and says which line it skipped', async () => {
    const out = join(dir, 'ragged-predictions.csv');
    await page.getByTestId('predict-out').fill(out);
    await page.getByTestId('predict-save').click();
    await page.getByTestId('predict-saved').getByText('Saved 2 predictions').waitFor();
    expect(await page.getByTestId('predict-saved-skipped-lines').textContent()).toContain(
      'Skipped 1 line with a wrong number of fields (line 3); it has no row in the predictions.',
    );
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    // The header (row,id,…) and the two predicted rows: rows 1 and 3, ids 1 and 3.
    expect(lines[0]).toMatch(/^row,id,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      '1,1',
      '3,3',
    ]);
  });

  it('a save refused for a line past the preview goes on to save after the one-click skip', async () => {
    // Found by a new user: the remedy ticked the box and predicted again, but wrote no file.
    await page.getByTestId('predict-path').fill(join(dir, 'late.csv'));
    const box = page.getByTestId('predict-skip-bad-lines');
    await box.uncheck();
    await page.getByTestId('predict-start').click();
    await page.getByTestId('predict-table').getByTestId('predict-row').first().waitFor();
    const out = join(dir, 'late-predictions.csv');
    await page.getByTestId('predict-out').fill(out);
    await page.getByTestId('predict-save').click();
    const refusal = page.getByTestId('predict-save-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('line 206');
    await refusal.getByTestId('error-remedy-bad-lines').click();
    // 204 rows written (205 less the ragged one), without a second click on Save.
    await page.getByTestId('predict-saved').getByText('Saved 204 predictions').waitFor();
    expect(await box.isChecked()).toBe(true);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(205);
    expect(lines[204].split(',').slice(0, 2).join(',')).toBe('204,204');
  });
});
