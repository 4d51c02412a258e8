/**
 * End to end, in Chromium against the real studio server, a new user's LOW findings at
 * narrow windows and with a screen reader's eyes:
 * - at 1 024 px the cross-validation fold table stays inside its panel (it scrolls sideways
 *   in its own box, its Fold column sticky), its heading is not squeezed onto 4 lines, and
 *   the header's dataset list shows its name and rows whole ("penguins · 34…" before);
 * - the Train view warns when a task's smallest class has fewer labelled rows than the folds
 *   (an 8-row table whose smallest class has 2 rows went into 5 folds silently);
 * - every path field of the Export view is found by its visible label (getByLabel).
 * Expected by hand from the 8-row CSV below: 8 labelled rows, so 5 folds (defaultFolds:
 * min(5, rows)); colour red 6 / blue 2 (2 < 5), the long-named task S 4 / M 4 (4 < 5).
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

/** A task name long enough to make the fold table wider than its panel at 1 024 px. */
const LONG_TASK = 'size_of_the_specimen_measured_in_the_field';
const CSV = [
  `x,colour,${LONG_TASK}`,
  '1,red,S',
  '2,red,M',
  '3,red,S',
  '4,red,M',
  '5,red,S',
  '6,red,M',
  '7,blue,S',
  '8,blue,M',
];

let studio: BrowserStudio;
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('narrow-windows', {
    prepare: async (folder, prepared) => {
      // A long project name, as the new user's "Zoo xxxx…", takes the header's room.
      await prepared.createProject(join(folder, 'zoo.mtlproj'), `Zoo ${'x'.repeat(40)}`);
      const csv = join(folder, 'penguins.csv');
      await writeFile(csv, `${CSV.join('\n')}\n`);
      const datasetId = (await prepared.importDataset('penguins', csv, {})).id;
      await defineTasks(prepared.requireStore(), datasetId, [
        { column: 'colour' },
        { column: LONG_TASK },
      ]);
    },
  });
  ({ page } = studio);
  await page.setViewportSize({ width: 1024, height: 768 });
}, 240_000);

afterAll(() => studio?.close());

describeInBrowser('narrow windows, small classes and labelled path fields', () => {
  it('warns, before a 5-fold cross-validation, of the classes with fewer rows than folds', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    await form.getByTestId('evaluation-mode').selectOption('cv');
    const warnings = form.getByTestId('class-below-folds');
    await expect.poll(() => warnings.count(), { timeout: 30_000 }).toBe(2);
    expect(await warnings.nth(0).textContent()).toBe(
      '“colour”: its smallest class “blue” has 2 labelled rows, fewer than the 5 folds: at least 3 of the folds test on no row of it and its scores swing from fold to fold; label more rows of it before trusting these scores.',
    );
    expect(await warnings.nth(1).textContent()).toContain(
      `“${LONG_TASK}”: its smallest class “M” has 4 labelled rows, fewer than the 5 folds: at least 1 fold tests on no row of it`,
    );
    // A fixed split: no folds, no warning.
    await form.getByTestId('evaluation-mode').selectOption('split');
    expect(await warnings.count()).toBe(0);
  });

  it('keeps the fold table, its heading and the dataset list readable at 1 024 px', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-arch').waitFor();
    await form.getByTestId('evaluation-mode').selectOption('cv');
    await form.getByTestId('config-arch').selectOption('single-task');
    await form.getByTestId('config-epochs').fill('2');
    await form.getByTestId('start-training').click();
    const table = page.getByTestId('cv-folds-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 120_000 }).toBe(5);
    await expect
      .poll(() => table.locator('.badge-completed').count(), { timeout: 120_000 })
      .toBe(5);
    await page.screenshot({ path: join(SHOTS, 'narrow-cv-1024.png') });
    const geometry = await page.evaluate<{
      panel: { scroll: number; client: number };
      box: { scroll: number; client: number; right: number };
      panelRight: number;
      heading: { height: number; line: number };
      firstCell: string;
      select: { text: number; width: number };
    }>(`(() => {
      const panel = document.querySelector('[data-testid="cv-folds"]');
      const box = panel.querySelector('.table-scroll');
      const h2 = panel.querySelector('h2');
      const cell = panel.querySelector('tbody td');
      const select = document.querySelector('[data-testid="dataset-select"]');
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = getComputedStyle(select).font;
      const text = select.selectedOptions[0].textContent.trim().replace(/\\s+/g, ' ');
      return {
        panel: { scroll: panel.scrollWidth, client: panel.clientWidth },
        box: { scroll: box.scrollWidth, client: box.clientWidth, right: box.getBoundingClientRect().right },
        panelRight: panel.getBoundingClientRect().right,
        heading: { height: h2.getBoundingClientRect().height, line: parseFloat(getComputedStyle(h2).lineHeight) || 1.2 * parseFloat(getComputedStyle(h2).fontSize) },
        firstCell: getComputedStyle(cell).position,
        select: { text: ctx.measureText(text).width, width: select.clientWidth },
      };
    })()`);
    // The table is wider than its box (the long task's columns) and scrolls inside it; the
    // panel itself never overflows, the box ends inside the panel.
    expect(geometry.box.scroll).toBeGreaterThan(geometry.box.client);
    expect(geometry.panel.scroll).toBeLessThanOrEqual(geometry.panel.client);
    expect(geometry.box.right).toBeLessThanOrEqual(geometry.panelRight);
    expect(geometry.firstCell).toBe('sticky');
    // "Cross-validation CV1: every fold" on at most 2 lines (4 before).
    expect(geometry.heading.height).toBeLessThanOrEqual(2 * geometry.heading.line + 1);
    // "penguins · 8 rows" whole, beside the select's arrow (about 20 px) and padding.
    expect(geometry.select.text + 28).toBeLessThanOrEqual(geometry.select.width);
    // The page never scrolls sideways.
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBe(0);
  }, 180_000);

  it('finds every path field of the Export view by its label', async () => {
    await page.getByTestId('nav-export').click();
    for (const [label, testid] of [
      ['Report file (.html or .pdf)', 'export-report-path'],
      ['Bundle folder or .zip', 'export-bundle-path'],
      ['New project file', 'export-copy-path'],
    ]) {
      const field = page.getByLabel(label, { exact: true });
      await field.waitFor();
      expect(await field.getAttribute('data-testid')).toBe(testid);
    }
  });
});
