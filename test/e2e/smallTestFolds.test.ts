/**
 * The Compare view warns when cross-validation scores a task on fewer than 5 labelled test
 * rows in some fold (`smallTestFolds` of the CV summary), end to end in Chromium against the
 * real studio server: a 10-row project made here, a single-task cross-validation started
 * from the Train view, the warning read on the Compare view, in English and in Chinese.
 *
 * Expected by hand: 10 rows, both tasks labelled on every row, so the default plan takes 5
 * folds (defaultFolds: min(5, labelled rows)); the folds deal the rows, in stratified order,
 * one fold after another (engine/crossValidation.ts), so each fold tests on 10 / 5 = 2 rows,
 * labelled for both tasks: 5 of 5 folds under 5 test rows, the smallest on 2, per task.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

/** 10 rows: colour red/blue, size S/M/L, each row labelled for both. */
const CSV = [
  'x,colour,size',
  '1,red,S',
  '2,blue,M',
  '3,red,L',
  '4,blue,S',
  '5,red,M',
  '6,blue,L',
  '7,red,S',
  '8,blue,M',
  '9,red,L',
  '10,blue,S',
];

let studio: BrowserStudio;
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('small-folds', {
    prepare: async (folder, prepared) => {
      await prepared.createProject(join(folder, 'tiny.mtlproj'), 'Tiny');
      const csv = join(folder, 'tiny.csv');
      await writeFile(csv, `${CSV.join('\n')}\n`);
      const datasetId = (await prepared.importDataset('e2e-tiny', csv, {})).id;
      await defineTasks(prepared.requireStore(), datasetId, [
        { column: 'colour' },
        { column: 'size' },
      ]);
    },
  });
  ({ page } = studio);
}, 240_000);

afterAll(() => studio?.close());

describeInBrowser('cross-validation on too few labelled test rows', () => {
  it('runs a single-task cross-validation of 5 folds from the Train view', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    await form.getByTestId('evaluation-mode').selectOption('cv');
    await form.getByTestId('config-arch').selectOption('single-task');
    await form.getByTestId('config-epochs').fill('3');
    await form.getByTestId('start-training').click();
    const folds = page
      .getByTestId('run-list')
      .locator('tbody tr', { has: page.locator('[data-testid=run-split]', { hasText: 'fold' }) });
    await expect.poll(() => folds.count(), { timeout: 180_000 }).toBe(5);
    await expect
      .poll(() => folds.locator('.badge-completed').count(), { timeout: 180_000 })
      .toBe(5);
  }, 240_000);

  it('the Compare view warns, per task, that every fold tests on 2 labelled rows', async () => {
    await page.getByTestId('nav-compare').click();
    const warnings = page.getByTestId('small-test-folds');
    await expect.poll(() => warnings.count(), { timeout: 60_000 }).toBe(2);
    const text = (task: string) =>
      `“${task}” in CV1 Single-task (baseline): 5 of 5 folds score it on fewer than 5 labelled test rows (the smallest on 2); these scores are close to meaningless: label more rows before trusting them.`;
    expect((await warnings.allTextContents()).map((w) => w.trim())).toEqual([
      text('colour'),
      text('size'),
    ]);
    await page.getByTestId('cv-panel').screenshot({ path: join(SHOTS, 'small-test-folds.png') });
  });

  it('says the same in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    const warnings = page.getByTestId('small-test-folds');
    // The zh-CN message of compare.cv.smallTestFolds with the same numbers.
    const text = (task: string) =>
      `“${task}”（CV1 单任务（基线））：5 折中有 5 折的测试部分少于 5 个已标注行（最少 2 行）；这些评分几乎没有意义，请先标注更多行再采信。`;
    await expect
      .poll(async () => (await warnings.allTextContents()).map((w) => w.trim()))
      .toEqual([text('colour'), text('size')]);
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
