/**
 * End to end, in Chromium against the real studio server and a second connection to the
 * project file (the CLI's): the Label view's queue follows labels written elsewhere. A new
 * user had Show = Unlabelled open ("Item 1 of 336 · row 9") and ran `mtl-studio labels
 * import` for a new task: the counts followed, but the item line stayed "of 336" (a reload
 * said "of 24") and Next walked rows that were now fully labelled; the CLI's undo of the
 * import likewise left "of 23". Now the queue is read again, the place kept: the item shown
 * stays where it still belongs, else the next one that does.
 *
 * The dataset (smokersProject.ts): 60 rows, `smoker` and `region` labelled in every row; a
 * task `size` made here, labelled in row 1 only, so Unlabelled is rows 2…60 (59: unlike
 * Show = All's 60, so the page shows when the filtered queue has come). The CLI's import
 * labels `size` of rows 6…50: by hand, 59 − 45 = 14 rows stay unlabelled (2…5 and 51…60).
 * Expected texts: the en messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importLabels } from '../../src/main/services/labelFiles';
import { undoLabels } from '../../src/main/services/labelEdits';
import { createLabelTask } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeInBrowser, newContext, openBrowserStudio, type BrowserStudio } from './harness';
import { openSmokerLabels, prepareSmokersProject } from './smokersProject';

let studio: BrowserStudio;
let a: Page;
let b: Page;
let project: string;
let datasetId: number;

beforeAll(async () => {
  studio = await openBrowserStudio('label-queue-follows', {
    timeoutMs: 30_000,
    prepare: async (folder, session) => {
      project = join(folder, 'queue.mtlproj');
      ({ datasetId } = await prepareSmokersProject(folder, session, 'queue.mtlproj'));
      const store = session.requireWritableStore();
      await createLabelTask(store, datasetId, 'size', ['small', 'large']);
      const first = join(folder, 'row-1-size.csv');
      await writeFile(first, 'row_id,size\n1,small\n');
      expect((await importLabels(store, datasetId, first)).applied).toBe(1);
    },
  });
  a = studio.page;
  b = await (await newContext(studio.browser)).newPage();
  b.setDefaultTimeout(30_000);
}, 600_000);

afterAll(() => studio?.close());

/** The item line of `page` ("Item n of N · row r"). */
const position = (page: Page) => page.getByTestId('label-position').textContent();

/** Opens the Label view on `page` with Show = Unlabelled, in row order: row 2 first of 59. */
async function openUnlabelled(page: Page): Promise<void> {
  await openSmokerLabels(page, studio.server.url);
  await page.getByTestId('label-filter').selectOption('unlabelled');
  await expect.poll(() => position(page)).toContain('Item 1 of 59 · row 2');
}

describeInBrowser('the Label view’s queue', () => {
  it('follows a CLI labels import and its undo, keeping the place, alike in two tabs', async () => {
    await openUnlabelled(a);
    await openUnlabelled(b);
    // B goes to row 6, which the import labels: it must leave B's queue.
    for (let k = 0; k < 4; k++) await b.keyboard.press('ArrowRight');
    await expect.poll(() => position(b)).toContain('Item 5 of 59 · row 6');

    const labels = join(studio.dir, 'size-labels.csv');
    const lines = ['row_id,size'];
    for (let row = 6; row <= 50; row++) lines.push(`${row},${row % 2 ? 'small' : 'large'}`);
    await writeFile(labels, `${lines.join('\n')}\n`);
    const cli = await ProjectStore.open(project);
    try {
      expect((await importLabels(cli, datasetId, labels)).applied).toBe(45);
      // A stays on row 2 (still unlabelled), now item 1 of 14.
      await expect.poll(() => position(a), { timeout: 15_000 }).toContain('Item 1 of 14 · row 2');
      // B's row 6 left; the next of its queue still unlabelled is row 51: the 5th of
      // 2, 3, 4, 5, 51, …, 60.
      await expect.poll(() => position(b), { timeout: 15_000 }).toContain('Item 5 of 14 · row 51');
      // Next walks the rows still unlabelled: row 2 → row 3.
      await a.keyboard.press('ArrowRight');
      await expect.poll(() => position(a)).toContain('Item 2 of 14 · row 3');

      // The CLI undoes the import (the newest batch; row 1's label stays): rows 2…60
      // unlabelled again; both keep their item — row 3 the 2nd, row 51 the 50th of 2…60.
      await undoLabels(cli, datasetId);
      await expect.poll(() => position(a), { timeout: 15_000 }).toContain('Item 2 of 59 · row 3');
      await expect.poll(() => position(b), { timeout: 15_000 }).toContain('Item 50 of 59 · row 51');
    } finally {
      await cli.close();
    }
    expect(studio.seen.errors).toEqual([]);
  });
});
