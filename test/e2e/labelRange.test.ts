/**
 * The Label view's grid, end to end in Chromium against the real studio server: Shift-click
 * selects exactly the tiles between the anchor and the tile clicked, either way, and
 * Ctrl+Shift-click adds such a range; labelling a range labels exactly those rows. Found
 * here: the anchor was a place on the page, so after going to another page a Shift-click
 * selected a range from the same place there (rows never clicked). Then Undo keeps the
 * user's place: changed rows on screen are highlighted, rows elsewhere are named in the
 * status bar with Show (before, single mode jumped to the undone item).
 *
 * The table: 100 rows, x = 1…100, task "kind" (classes a, b) labelled on rows 1–4 only. The
 * view opens on the unlabelled rows in row order, 40 tiles a page: page 1 holds rows 5–44,
 * page 2 rows 45–84, page 3 rows 85–100. Every expected row below is counted by hand from
 * that.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

const ROWS = 100;
/** The labels in the file: rows 1–4 a, b, a, b; the rest empty. */
const FILE_LABELS: (string | null)[] = Array.from({ length: ROWS }, (_, i) =>
  i < 4 ? (i % 2 === 0 ? 'a' : 'b') : null,
);

let studio: BrowserStudio;
let session: StudioSession;
let page: Page;
let datasetId: number;
/** What the project should hold now, row i at [i − 1]; changed by hand as the tests label. */
const expected = [...FILE_LABELS];

beforeAll(async () => {
  studio = await openBrowserStudio('label-range', {
    prepare: async (folder, prepared) => {
      await prepared.createProject(join(folder, 'range.mtlproj'), 'Range');
      const csv = join(folder, 'range.csv');
      const lines = FILE_LABELS.map((label, i) => `${i + 1},${label ?? ''}`);
      await writeFile(csv, `x,kind\n${lines.join('\n')}\n`);
      datasetId = (await prepared.importDataset('e2e-range', csv, {})).id;
      await defineTasks(prepared.requireStore(), datasetId, [
        { column: 'kind', classes: ['a', 'b'] },
      ]);
    },
  });
  ({ session, page } = studio);
}, 240_000);

afterAll(() => studio?.close());

/** The task's column as the project file holds it, row 1 first. */
async function stored(): Promise<(string | number | null)[]> {
  return (await session.requireStore().datasets.readColumns(datasetId, ['kind'])).values.kind;
}

/** Row ids of the selected tiles, in page order. */
function selectedRows(): Promise<number[]> {
  return page
    .getByTestId('label-grid')
    .locator('.tile.selected')
    .evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-row-id'))));
}

/** Row ids of the tiles highlighted as changed by an undo or redo, in page order. */
function changedRows(): Promise<number[]> {
  return page
    .getByTestId('label-grid')
    .locator('.tile[data-changed="true"]')
    .evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-row-id'))));
}

/** Rows from…to, both included. */
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Sets rows to a label in `expected`. */
function expectLabel(rows: number[], label: string | null): void {
  for (const row of rows) expected[row - 1] = label;
}

async function pressKey(key: string): Promise<void> {
  await page.locator('body').focus();
  await page.keyboard.press(key);
}

describeInBrowser('the label grid: Shift-click ranges, and undo that keeps the place', () => {
  it('opens the grid on the unlabelled rows, 40 a page', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-kind').waitFor();
    await page.getByTestId('label-mode').click();
    await page.getByTestId('tile-44').waitFor();
    expect(await page.getByTestId('grid-page').textContent()).toContain('Page 1 of 3');
    const tiles = await page
      .getByTestId('label-grid')
      .locator('.tile')
      .evaluateAll((all) => all.map((t) => Number(t.getAttribute('data-row-id'))));
    expect(tiles).toEqual(range(5, 44));
  });

  it('Shift-click selects the tiles from the one clicked before to it, and labels exactly those', async () => {
    await page.getByTestId('tile-10').click();
    await page.getByTestId('tile-14').click({ modifiers: ['Shift'] });
    expect(await selectedRows()).toEqual([10, 11, 12, 13, 14]);
    expect(await page.getByTestId('grid-page').textContent()).toContain('5 items selected');
    // Key 2: the second class, b.
    await pressKey('2');
    expectLabel([10, 11, 12, 13, 14], 'b');
    await expect.poll(stored).toEqual(expected);
  });

  it('backwards too; Ctrl+Shift-click adds a range to the selection', async () => {
    await page.getByTestId('tile-30').click();
    await page.getByTestId('tile-27').click({ modifiers: ['Shift'] });
    expect(await selectedRows()).toEqual([27, 28, 29, 30]);
    // The anchor stays on 30: 30…33 added to 27…30.
    await page.getByTestId('tile-33').click({ modifiers: ['Control', 'Shift'] });
    expect(await selectedRows()).toEqual([27, 28, 29, 30, 31, 32, 33]);
    await page.getByTestId('choice-kind-a').click();
    expectLabel(range(27, 33), 'a');
    await expect.poll(stored).toEqual(expected);
    await page.screenshot({ path: join(SHOTS, 'label-range-01-grid.png') });
  });

  it('Undo of rows on the page keeps the page and selection and highlights them; so does Redo', async () => {
    await pressKey('Control+z');
    expectLabel(range(27, 33), null);
    await expect.poll(stored).toEqual(expected);
    await expect.poll(changedRows).toEqual(range(27, 33));
    expect(await page.getByTestId('grid-page').textContent()).toContain('Page 1 of 3');
    expect(await selectedRows()).toEqual(range(27, 33));
    // Nothing to say in the status bar: what changed is on screen.
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.getByTestId('label-redo').click();
    expectLabel(range(27, 33), 'a');
    await expect.poll(stored).toEqual(expected);
    expect(await changedRows()).toEqual(range(27, 33));
    // A click that selects keeps the highlight; a move to another page and back ends it.
    await page.getByTestId('tile-40').click();
    expect(await changedRows()).toEqual(range(27, 33));
    await page.getByTestId('grid-next').click();
    await page.getByTestId('tile-84').waitFor();
    await page.getByTestId('grid-previous').click();
    await page.getByTestId('tile-44').waitFor();
    expect(await changedRows()).toEqual([]);
  });

  it('a Shift-click on another page does not range from the place clicked on the page before', async () => {
    await page.getByTestId('tile-20').click();
    await page.getByTestId('grid-next').click();
    await page.getByTestId('tile-84').waitFor();
    expect(await page.getByTestId('grid-page').textContent()).toContain('Page 2 of 3');
    // Tile 20 was the 16th on page 1; before, this selected the 16th tile of page 2 (row 60)
    // back to 50: rows 50…60. Its anchor is not on this page: a plain click.
    await page.getByTestId('tile-50').click({ modifiers: ['Shift'] });
    expect(await selectedRows()).toEqual([50]);
    await page.getByTestId('tile-52').click({ modifiers: ['Shift'] });
    expect(await selectedRows()).toEqual([50, 51, 52]);
    await pressKey('2');
    expectLabel([50, 51, 52], 'b');
    await expect.poll(stored).toEqual(expected);
  });

  it('Undo of rows on another page keeps the place, and Show goes there', async () => {
    await page.getByTestId('grid-previous').click();
    await page.getByTestId('tile-44').waitFor();
    await pressKey('Control+z');
    expectLabel([50, 51, 52], null);
    await expect.poll(stored).toEqual(expected);
    await expect
      .poll(() => page.getByTestId('notice-text').textContent())
      .toBe('Undid labels of 3 rows elsewhere in the list, from row 50 (your place is kept).');
    expect(await page.getByTestId('grid-page').textContent()).toContain('Page 1 of 3');
    expect(await changedRows()).toEqual([]);
    expect(await page.getByTestId('notice-action').textContent()).toContain('Show');
    await page.getByTestId('notice-action').click();
    await page.getByTestId('tile-84').waitFor();
    expect(await page.getByTestId('grid-page').textContent()).toContain('Page 2 of 3');
    expect(await changedRows()).toEqual([50, 51, 52]);
    await page.screenshot({ path: join(SHOTS, 'label-range-02-undo-shown.png') });
  });

  it('single mode: Undo keeps the item shown and names the undone row with Show', async () => {
    await page.getByTestId('label-mode').click();
    const position = page.getByTestId('label-position');
    // Single mode keeps its own place: item 1 (row 5), never left in this file.
    await position.getByText(/Item 1 of 96 · row 5\b/).waitFor();
    // The one task's key finishes the item: the view goes on to the next.
    await pressKey('1');
    await position.getByText(/Item 2 of 96 · row 6\b/).waitFor();
    expectLabel([5], 'a');
    await expect.poll(stored).toEqual(expected);
    await pressKey('Control+z');
    expectLabel([5], null);
    await expect.poll(stored).toEqual(expected);
    await expect
      .poll(() => page.getByTestId('notice-text').textContent())
      .toBe('Undid the label of row 5, elsewhere in the list (your place is kept).');
    expect((await position.textContent())!.replace(/\s+/g, ' ')).toMatch(/Item 2 of 96 · row 6\b/);
    expect(await page.getByTestId('label-item').getAttribute('data-changed')).toBe('false');
    await page.getByTestId('notice-action').click();
    await position.getByText(/Item 1 of 96 · row 5\b/).waitFor();
    expect(await page.getByTestId('label-item').getAttribute('data-changed')).toBe('true');
    // Redo on the item shown: highlighted in place, no notice.
    await page.getByTestId('label-redo').click();
    expectLabel([5], 'a');
    await expect.poll(stored).toEqual(expected);
    expect((await position.textContent())!.replace(/\s+/g, ' ')).toMatch(/Item 1 of 96 · row 5\b/);
    expect(await page.getByTestId('label-item').getAttribute('data-changed')).toBe('true');
    expect(await page.getByTestId('notice').count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
