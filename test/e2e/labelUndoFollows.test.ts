/**
 * End to end, in Chromium against the real studio server: what a new user saw stale after an
 * Undo in the Label view, and the names of "Recent edits".
 * - The notice "1 label changed since run #N" came with an edit but stayed after its Undo
 *   until the page was reloaded; the project counts net changes (none after the undo).
 * - The Export view's labels panel still offered "Undo … takes the whole import back" for an
 *   import the Label view's Undo had taken back.
 * - "Recent edits" showed a boolean task's edit as `0 → 1` where the buttons say no / yes.
 * The dataset is written here: `smoker` holds yes / no (a boolean column, stored 1 / 0; its
 * task's classes "no", "yes"), `region` north / south. A small MLP trained in the set-up is
 * the run the notice compares with. Expected texts: the en messages of
 * src/renderer/src/i18n/labels.ts written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';
import { prepareSmokersProject, storedColumn, openSmokerLabels } from './smokersProject';

let studio: BrowserStudio;
let page: Page;
let datasetId: number;
let runId: number;

beforeAll(async () => {
  studio = await openBrowserStudio('label-undo-follows', {
    timeoutMs: 30_000,
    prepare: async (folder, session) => {
      ({ datasetId, runId } = await prepareSmokersProject(folder, session, 'undo.mtlproj'));
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

/** A task's column as the project file holds it, row 1 first. */
const stored = (task: string) => storedColumn(studio.session, datasetId, task);

describeInBrowser('after an Undo in the Label view', () => {
  it('drops the “changed since run” notice and names a boolean task’s labels in Recent edits', async () => {
    // Every item (all are labelled) in row order: the first item is row 1 (smoker "no").
    await openSmokerLabels(page, studio.server.url);
    const progress = page.getByTestId('progress-smoker');
    expect(await progress.textContent()).not.toContain('changed since');

    await page.getByTestId('choice-smoker-yes').click();
    // The boolean cell 0 → 1, as the project file holds it.
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(1);
    await expect
      .poll(() => progress.textContent())
      .toContain(`1 label changed since run #${runId}: retrain to use it.`);
    const history = page.getByTestId('label-history');
    await expect.poll(() => history.textContent()).toContain('row 1 · smoker: no → yes (you)');

    await page.getByTestId('label-undo').click();
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progress.textContent()).not.toContain('changed since');
    await expect.poll(() => history.textContent()).toContain('row 1 · smoker: yes → no (undo)');
    expect(await history.textContent()).not.toMatch(/[01] → [01]/);
  });

  it('tells the Export view’s labels panel that Undo took its import back', async () => {
    // Row 2's region is north in the file; the import makes it south.
    const edited = join(studio.dir, 'regions.csv');
    await writeFile(edited, 'row_id,region\n2,south\n');
    await page.getByTestId('nav-export').click();
    await page.getByTestId('labels-import-path').fill(edited);
    await page.getByTestId('labels-import-overwrite').check();
    await page.getByTestId('labels-import-start').click();
    const outcome = page.getByTestId('labels-import-outcome');
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undo in the Label view takes the whole import back.');
    await expect.poll(async () => (await stored('region'))[1]).toBe('south');

    await page.getByTestId('nav-labels').click();
    const undo = page.getByTestId('label-undo');
    await expect.poll(() => undo.isEnabled()).toBe(true);
    await undo.click();
    await expect.poll(async () => (await stored('region'))[1]).toBe('north');

    await page.getByTestId('nav-export').click();
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undone: Undo took this import back (Redo brings it back).');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
