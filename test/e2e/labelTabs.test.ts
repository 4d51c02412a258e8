/**
 * End to end, in Chromium against the real studio server, two pages (tabs A and B) on it: a
 * new user found that label edits, Undo and Redo in one tab were never heard in the other,
 * though every tab hears every event (README): B's "N labels changed since run" notice,
 * Recent edits and class counts stayed, and B's labels panel still said "Imported …" after
 * A's Undo took the import back.
 * Then (per-tab undo): B's Ctrl+Z undid A's row 49 where B's own row 47 was expected (A
 * labelled 46, B 47, A 48–50; A undid 50), and any tab's Ctrl+Z took back another tab's (or
 * a terminal's) import. Each tab's Undo and Redo now take back only what that tab did.
 * A duplicated tab (Chrome's "Duplicate tab" copies sessionStorage, the tab's origin with it)
 * shared its source's origin, so each undid the other's edits; the copy now takes its own.
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

/**
 * The page's globals as code run in the page uses them (this file's types have no DOM; a
 * function sent to the page cannot call one of this file's, so each casts globalThis itself).
 */
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, v: string): void };
}

/** A task's column as the project file holds it, row 1 first. */
const stored = (task: string) => storedColumn(studio.session, datasetId, task);

/** Opens the Label view on `page`, every item in row order (row 1 first). */
const openLabels = (page: Page) => openSmokerLabels(page, studio.server.url);

/** The row the Label view of `page` shows. */
async function rowShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('label-position').textContent()) ?? '';
  return Number(/row (\d+)/.exec(text.replace(/\s+/g, ' '))?.[1] ?? NaN);
}

/** Goes to `row` in `page`'s Label view (row order) with its Next / Previous buttons. */
async function goToRow(page: Page, row: number): Promise<void> {
  for (let at = await rowShown(page); at !== row; at = await rowShown(page)) {
    await page.getByTestId(at < row ? 'label-next' : 'label-previous').click();
    await expect.poll(() => rowShown(page)).not.toBe(at);
  }
}

/** Labels `row`'s smoker `value` in `page` and waits for the project file to hold it. */
async function label(page: Page, row: number, value: 'yes' | 'no'): Promise<void> {
  await goToRow(page, row);
  await page.getByTestId(`choice-smoker-${value}`).click();
  await expect.poll(async () => (await stored('smoker'))[row - 1]).toBe(value === 'yes' ? 1 : 0);
}

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
    // A's edit, not B's own (found by a new user: it read "(you)" in B too).
    await expect
      .poll(() => historyB.textContent())
      .toContain('row 1 · smoker: no → yes (another tab)');

    // Ctrl+Z in A: the notice goes in B, the counts come back.
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progressB.textContent()).not.toContain('changed since');
    await expect.poll(() => progressB.textContent()).toContain('no 30 · yes 30');
    await expect
      .poll(() => historyB.textContent())
      .toContain('row 1 · smoker: yes → no (undo in another tab)');

    // Ctrl+Shift+Z in A: back in B.
    await a.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(1);
    await expect.poll(() => progressB.textContent()).toContain(noticeText());
    await expect.poll(() => progressB.textContent()).toContain('no 29 · yes 31');

    // B made no edit: its Undo is disabled and Ctrl+Z there leaves A's edit alone.
    const undoB = b.getByTestId('label-undo');
    await expect.poll(() => undoB.isEnabled()).toBe(false);
    await b.keyboard.press('Control+z');
    await expect
      .poll(() => b.getByTestId('notice-text').textContent())
      .toBe('Nothing to undo in this tab (other tabs and programs undo their own edits).');
    expect((await stored('smoker'))[0]).toBe(1);
    // A's Undo button takes it back: the notice goes in both.
    await a.getByTestId('label-undo').click();
    await expect.poll(async () => (await stored('smoker'))[0]).toBe(0);
    await expect.poll(() => progressA.textContent()).not.toContain('changed since');
    await expect.poll(() => progressB.textContent()).toContain('no 30 · yes 30');
  });

  it('an import is taken back by its own tab’s Undo, not by the other tab’s', async () => {
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

    // A (still in the Label view) heard the import, but its Undo is not B's: nothing of A's
    // is left to undo (its edit above was undone), and the import stays.
    await expect.poll(() => a.getByTestId('progress-region').textContent()).toContain('north 39');
    await a.keyboard.press('Control+z');
    await expect
      .poll(() => a.getByTestId('notice-text').textContent())
      .toBe('Nothing to undo in this tab (other tabs and programs undo their own edits).');
    expect((await stored('region'))[1]).toBe('south');
    // B's own Undo, in its Label view, takes it back; its panel says so.
    await b.getByTestId('nav-labels').click();
    await b.getByTestId('label-toolbar').waitFor();
    await b.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('region'))[1]).toBe('north');
    await b.getByTestId('nav-export').click();
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undone: Undo took this import back (Redo brings it back).');
    await b.getByTestId('nav-labels').click();
    await b.getByTestId('label-toolbar').waitFor();
    await b.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await stored('region'))[1]).toBe('south');
    await b.getByTestId('nav-export').click();
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undo in the Label view takes the whole import back.');
  });

  it('each tab undoes its own labels: A 46, B 47, A 48–50; A undoes 50, B its 47', async () => {
    await openLabels(a);
    await openLabels(b);
    // smoker of rows 46…50 in the file: yes, no, yes, no, yes (SMOKER_ROWS); 1 / 0 stored.
    await label(a, 46, 'no');
    await label(b, 47, 'yes');
    await label(a, 48, 'no');
    await label(a, 49, 'yes');
    await label(a, 50, 'no');
    expect((await stored('smoker')).slice(45, 50)).toEqual([0, 1, 0, 1, 0]);

    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[49]).toBe(1);
    // B's Ctrl+Z: its own row 47 back to no; A's row 49 keeps A's yes.
    await b.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[46]).toBe(0);
    expect((await stored('smoker')).slice(45, 50)).toEqual([0, 0, 0, 1, 1]);
    // B's next Ctrl+Z: its own import (above, row 2's region), not A's row 49.
    await b.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('region'))[1]).toBe('north');
    expect((await stored('smoker')).slice(45, 50)).toEqual([0, 0, 0, 1, 1]);
    // B has nothing more of its own: its Undo is disabled while A's is not (46, 48, 49 left).
    await expect.poll(() => b.getByTestId('label-undo').isEnabled()).toBe(false);
    await expect.poll(() => a.getByTestId('label-undo').isEnabled()).toBe(true);
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[48]).toBe(0);
    expect((await stored('smoker'))[46]).toBe(0);
  });

  it('a duplicated tab (its sessionStorage copied, origin included) undoes its own edit only', async () => {
    // Chrome's "Duplicate tab" copies sessionStorage: a page of A's context whose storage holds
    // A's origin before the studio's script runs is such a copy (tabOrigin.ts).
    await openLabels(a);
    const originA = await a.evaluate(() =>
      (globalThis as unknown as PageGlobals).sessionStorage.getItem('mtl-studio.labelOrigin'),
    );
    expect(originA).toMatch(/^tab-/);
    const d = await a.context().newPage();
    const seenD = watchPage(d);
    await d.addInitScript((origin) => {
      const storage = (globalThis as unknown as PageGlobals).sessionStorage;
      if (storage.getItem('mtl-studio.labelOrigin') === null)
        storage.setItem('mtl-studio.labelOrigin', origin);
    }, originA!);
    await openLabels(d);
    const originD = await d.evaluate(() =>
      (globalThis as unknown as PageGlobals).sessionStorage.getItem('mtl-studio.labelOrigin'),
    );
    expect(originD).toMatch(/^tab-/);
    expect(originD).not.toBe(originA);
    // Rows 10 and 11 hold yes and no (SMOKER_ROWS). D labels 11, then A labels 10: with one
    // shared origin D's Ctrl+Z would take back A's newer row 10.
    await label(d, 11, 'yes');
    await label(a, 10, 'no');
    await d.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[10]).toBe(0);
    expect((await stored('smoker'))[9]).toBe(0);
    await a.keyboard.press('Control+z');
    await expect.poll(async () => (await stored('smoker'))[9]).toBe(1);
    expect(seenD.errors).toEqual([]);
    await d.close();
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
    expect(seenB.errors).toEqual([]);
  });
});
