/**
 * End to end, in Chromium against the real studio server: rough edges a new user found.
 * - After a cross-validation, the Train view lists every fold of it (not only the last fold's
 *   run) with each fold's test macro-F1 and accuracy and the mean ± std over the folds; a
 *   click on a fold shows that fold's run.
 * - Boolean columns spelled yes/no in the file show as yes/no (not true/false) in the data
 *   table, its filter's choices, the rows Compare lists for a confusion-matrix cell, and the
 *   Label grid's cards (not 1/0).
 * - The folds of a cross-validation whose test rows repeat a training row's inputs are warned
 *   of in the Train view's fold list and Compare's cross-validation panel, with the counts
 *   the CLI's `train --evaluation cv` warning gives (its stderr, parsed here).
 * - In the Label view's grid with nothing selected, a class typed new is added on its own,
 *   and Undo takes it back (Redo brings it back), as any label action.
 *
 * The project is made by the CLI before the server starts: a table of 10 distinct rows, each
 * 6 times (60 rows), whose target `label` and input `smoker` are spelled yes/no; a 3-fold
 * single-task cross-validation (2 epochs) and a plain run on a split. Expected numbers are
 * read from the stored runs (the project file), and the mean ± std computed here from them
 * (sample standard deviation, as services/evaluation.ts meanStd documents it).
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { cli } from '../cli/run';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let runs: RunInfo[];
/** The CLI's fold leakage warning: folds, leaked test rows, test rows. */
let cliLeakage: { folds: string; leaked: string; test: string };

/** 10 distinct rows, each 6 times: size, colour, smoker (yes/no), label (yes/no). */
function table(): string {
  const distinct = Array.from({ length: 10 }, (_, i) =>
    [i + 1, i % 3 === 0 ? 'red' : 'blue', i % 2 === 0 ? 'yes' : 'no', i < 5 ? 'no' : 'yes'].join(
      ',',
    ),
  );
  const rows = Array.from({ length: 60 }, (_, i) => distinct[i % 10]);
  return `size,colour,smoker,label\n${rows.join('\n')}\n`;
}

beforeAll(async () => {
  studio = await openBrowserStudio('rough-edges', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      const csv = join(folder, 'visits.csv');
      await writeFile(csv, table());
      const project = join(folder, 'visits.mtlproj');
      const quick = ['--epochs', '2', '--batch-size', '16', '--in-process'];
      for (const args of [
        ['import', csv, '-p', project],
        ['tasks', '-p', project, '--add', 'label', 'colour'],
        ['train', '-p', project, '--arch', 'single-task', '--evaluation', 'cv', '--folds', '3'],
        ['train', '-p', project, '--arch', 'single-task', '--evaluation', 'split'],
      ]) {
        const done = await cli(...args, ...(args[0] === 'train' ? quick : []));
        if (done.code !== 0) throw new Error(done.stderr);
        const warned = /over the (\d+) folds, (\d+) of (\d+) test rows have/.exec(done.stderr);
        if (warned) cliLeakage = { folds: warned[1], leaked: warned[2], test: warned[3] };
      }
      await session.openProject(project);
      const store = session.requireStore();
      const [dataset] = await store.datasets.list();
      runs = await store.training.listRuns(dataset.id);
      await session.updateUi({ view: 'train', datasetId: dataset.id });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

/** "0.912 ± 0.031": mean and sample standard deviation (n − 1), 3 decimals. */
function meanStd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return `${mean.toFixed(3)} ± ${Math.sqrt(variance).toFixed(3)}`;
}

describeInBrowser('rough edges a new user found', () => {
  it('lists every fold of a cross-validation in the Train view, with mean ± std', async () => {
    const folds = runs
      .filter((r) => r.fold)
      .sort((a, b) => a.fold!.fold - b.fold!.fold)
      .map((r) => ({ ...r, results: r.results! }));
    expect(folds.length).toBe(3);
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    // The last fold's run (the newest but the split run): its cross-validation's folds show.
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator(`td:text-is("${folds[2].id}")`) }).click();
    const panel = page.getByTestId('cv-folds');
    await panel.waitFor();
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (const [i, fold] of folds.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[0]).toContain(`fold ${i + 1} (repeat 1)`);
      expect(cells[2]).toBe(fold.results.label.macroF1.toFixed(3));
      expect(cells[3]).toBe(fold.results.label.accuracy.toFixed(3));
    }
    const mean = await panel.getByTestId('cv-folds-mean').locator('th, td').allTextContents();
    expect(mean[0]).toBe('Mean ± std (3 folds)');
    expect(mean[2]).toBe(meanStd(folds.map((f) => f.results.label.macroF1)));
    expect(mean[3]).toBe(meanStd(folds.map((f) => f.results.label.accuracy)));
    // A click on the first fold shows its run below.
    await rows.first().click();
    await expect
      .poll(() => page.getByTestId('run-detail').locator('h2').first().textContent())
      .toContain(`Run ${folds[0].id}`);
    expect(await rows.first().getAttribute('class')).toContain('selected');
    // Every distinct row is in the file 6 times: the CLI warned of leaking folds, and so does
    // the fold list, with the same counts.
    // 3 folds of 60 rows: every row is a test row once (60 in all); a test row leaks unless all
    // 6 copies of its inputs sit in the same fold's test rows, which the stratified split
    // (each label's rows dealt round the folds) never does: all 60 leak.
    expect(cliLeakage).toEqual({ folds: '3', leaked: '60', test: '60' });
    expect(await panel.locator('[data-testid^=fold-leakage-]').textContent()).toContain(
      `CV1: over the ${cliLeakage.folds} folds, ${cliLeakage.leaked} of ${cliLeakage.test} test rows have an identical input row among their fold’s training rows`,
    );
    await page.screenshot({ path: join(SHOTS, 'rough-edges-01-folds.png') });
  });

  it('shows yes/no columns in the file’s spelling in the table, its filter and Compare', async () => {
    const notTrueFalse = /\b(true|false)\b/;
    await page.getByTestId('nav-data').click();
    const table = page.getByTestId('rows-table');
    await table.getByText('yes').first().waitFor();
    // smoker and label: the file has yes/no only (the table above: 10 distinct rows).
    expect(await table.textContent()).not.toMatch(notTrueFalse);
    await page.getByTestId('filters-button').click();
    await page.getByTestId('add-filter').click();
    await page.getByTestId('filter-column').selectOption('smoker');
    const choices = await page.getByTestId('filter-value').locator('option').allTextContents();
    expect(choices.slice(1).map((c) => c.trim())).toEqual(['yes', 'no']);
    await page.getByTestId('nav-compare').click();
    const split = runs.find((r) => !r.fold)!;
    await page.getByTestId('confusion-task').selectOption('label');
    const matrix = page.getByTestId(`matrix-${split.id}`);
    expect((await matrix.getByTestId('row-class-1').textContent())?.trim()).toBe('yes');
    await matrix.getByTestId('cell-1-1').click();
    const listed = page.getByTestId('cell-rows').locator('table');
    await listed.waitFor();
    const text = await listed.textContent();
    expect(text).toContain('yes');
    expect(text).not.toMatch(notTrueFalse);
  });

  it('warns of leaking folds in Compare’s cross-validation panel', async () => {
    await page.getByTestId('nav-compare').click();
    const warning = page.getByTestId('cv-panel').locator('[data-testid^=fold-leakage-]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(
      `CV1: over the ${cliLeakage.folds} folds, ${cliLeakage.leaked} of ${cliLeakage.test} test rows`,
    );
  });

  it('undoes and redoes a class added with nothing selected', async () => {
    const store = studio.session.requireStore();
    const colourClasses = async (): Promise<string[]> =>
      (await store.tasks.list(runs[0].datasetId)).find((t) => t.name === 'colour')!.classes;
    expect(await colourClasses()).toEqual(['blue', 'red']);
    await page.getByTestId('nav-labels').click();
    // Every row is labelled (the file has both columns whole): all rows, in a grid, none selected.
    await page.getByTestId('label-filter').selectOption('all');
    await page.getByTestId('label-mode').click();
    // Row 1's card: size 1, smoker "yes" as the file spells it (stored 1).
    const tile = page.getByTestId('tile-1').locator('.mini-value');
    await tile.first().waitFor();
    expect(await tile.allTextContents()).toEqual(['1', 'yes']);
    const undo = page.getByTestId('label-undo');
    expect(await undo.isDisabled()).toBe(true);
    await page.getByTestId('new-class-colour').click();
    const field = page.getByTestId('choices-colour').getByTestId('new-class-name');
    await field.fill('green');
    await field.press('Enter');
    await page.getByTestId('choice-colour-green').waitFor();
    expect(await colourClasses()).toEqual(['blue', 'red', 'green']);
    await expect.poll(() => undo.isDisabled()).toBe(false);
    await undo.click();
    await expect.poll(() => page.getByTestId('choice-colour-green').count()).toBe(0);
    expect(await colourClasses()).toEqual(['blue', 'red']);
    await page.getByTestId('label-redo').click();
    await page.getByTestId('choice-colour-green').waitFor();
    expect(await colourClasses()).toEqual(['blue', 'red', 'green']);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
