/**
 * End to end, in Chromium against the real studio server, two pages (tabs A and B) on it: a
 * new user found that label edits, Undo and Redo in one tab were never heard in the other,
 * though every tab hears every event (README): B's "N labels changed since run" notice,
 * Recent edits and class counts stayed, and B's labels panel still said "Imported …" after
 * A's Undo took the import back.
 * The dataset is written here: `smoker` yes / no alternating (row 1 "no": 30 no, 30 yes),
 * `region` north / south. A small MLP trained in the set-up is the run the notice compares
 * with. Expected texts: the en messages of src/renderer/src/i18n/labels.ts written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  newContext,
  openBrowserStudio,
  watchPage,
  type BrowserStudio,
} from './harness';
import { prepareSmokersProject, storedColumn, openSmokerLabels } from './smokersProject';

let studio: BrowserStudio;
let a: Page;
let b: Page;
let seenB: { errors: string[]; console: string[] };
let datasetId: number;
let runId: number;

beforeAll(async () => {
  studio = await openBrowserStudio('label-tabs', {
    timeoutMs: 30_000,
    prepare: async (folder, session) => {
      ({ datasetId, runId } = await prepareSmokersProject(folder, session, 'tabs.mtlproj'));
    },
  });
  a = studio.page;
  b = await (await newContext(studio.browser)).newPage();
  b.setDefaultTimeout(30_000);
  seenB = watchPage(b);
}, 600_000);

afterAll(() => studio?.close());

/** A task's column as the project file holds it, row 1 first. */
const stored = (task: string) => storedColumn(studio.session, datasetId, task);

/** Opens the Label view on `page`, every item in row order (row 1 first). */
const openLabels = (page: Page) => openSmokerLabels(page, studio.server.url);

describeInBrowser('label edits in one tab', () => {
  it('are heard in the other tab’s Label view: notice, counts, Recent edits, Undo and Redo', async () => {
    await openLabels(a);
    await openLabels(b);
    const noticeText = (): string => `1 label changed since run #${runId}: retrain to use it.`;
    const progressA = a.getByTestId('progress-smoker');
    const progressB = b.getByTestId('progress-smoker');
    await expect.poll(() => progressB.textContent()).toContain('no 30 · yes 30');

    // A labels row 1 (smoker "no") "yes": B's counts, notice and Recent edits follow.
    await a.getByTestId('choice-smoker-yes').click();
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(1);
    await expect.poll(() => progressB.textContent()).toContain(noticeText());
    await expect.poll(() => progressB.textContent()).toContain('no 29 · yes 31');
    const historyB = b.getByTestId('label-history');
    await expect.poll(() => historyB.textContent()).toContain('row 1 · smoker: no → yes (you)');

    // Ctrl+Z in A: the notice goes in B, the counts come back.
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progressB.textContent()).not.toContain('changed since');
    await expect.poll(() => progressB.textContent()).toContain('no 30 · yes 30');
    await expect.poll(() => historyB.textContent()).toContain('row 1 · smoker: yes → no (undo)');

    // Ctrl+Shift+Z in A: back in B.
    await a.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(1);
    await expect.poll(() => progressB.textContent()).toContain(noticeText());
    await expect.poll(() => progressB.textContent()).toContain('no 29 · yes 31');

    // B's Undo (its button knows there is something to undo): A's notice goes.
    const undoB = b.getByTestId('label-undo');
    await expect.poll(() => undoB.isEnabled()).toBe(true);
    await undoB.click();
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progressA.textContent()).not.toContain('changed since');
    await expect.poll(() => progressA.textContent()).toContain('no 30 · yes 30');
  });

  it('tell the other tab’s labels panel that Undo took its import back', async () => {
    // Row 2's region is north in the file; B's import makes it south.
    const edited = join(studio.dir, 'regions.csv');
    await writeFile(edited, 'row_id,region\n2,south\n');
    await b.getByTestId('nav-export').click();
    await b.getByTestId('labels-import-path').fill(edited);
    await b.getByTestId('labels-import-overwrite').check();
    await b.getByTestId('labels-import-start').click();
    const outcome = b.getByTestId('labels-import-outcome');
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undo in the Label view takes the whole import back.');
    await expect.poll(async () => (await stored('region'))[1]).toBe('south');

    // A (still in the Label view) heard the import: its Undo takes it back.
    await expect.poll(() => a.getByTestId('progress-region').textContent()).toContain('north 39');
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('region'))[1]).toBe('north');
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undone: Undo took this import back (Redo brings it back).');
    await a.keyboard.press('Control+Shift+z');
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undo in the Label view takes the whole import back.');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
    expect(seenB.errors).toEqual([]);
  });
});
