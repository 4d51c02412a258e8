/**
 * End to end, in Chromium against the real studio server: the import wizard's preview of a
 * CSV with a 5 000 000-character cell (row 4 of 30). A new user's preview sent the cell
 * whole and the table grew 33 554 432 px wide, pushing the other columns off-screen. Now
 * the server sends 1000 characters of it (src/main/data/preview.ts PREVIEW_CELL_CHARS), the
 * cell is shortened with an ellipsis, and its hover text says how long it is. Expected
 * texts: the en messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let csv: string;
/** The longest WebSocket frame the page received (characters). */
let largestFrame = 0;

beforeAll(async () => {
  studio = await openBrowserStudio('long-cells', {
    prepare: async (folder) => {
      csv = join(folder, 'long.csv');
      const lines = ['id,note,label'];
      for (let row = 1; row <= 30; row++)
        lines.push(`${row},${row === 4 ? 'x'.repeat(5_000_000) : `n${row}`},a`);
      await writeFile(csv, `${lines.join('\n')}\n`);
    },
  });
  page = studio.page;
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      largestFrame = Math.max(largestFrame, String(payload).length);
    }),
  );
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('the import preview of a long cell', () => {
  it('arrives cut, shows shortened with an ellipsis, and says its length on hover', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-path').fill(join(studio.dir, 'long'));
    await page.getByTestId('create-project').click();
    await page.getByTestId('csv-path').fill(csv);
    const table = page.getByTestId('preview-table');
    await table.waitFor();
    // Row 4 of the file, column "note".
    const cell = table.locator('tbody tr').nth(3).locator('td').nth(1);
    expect(await cell.getAttribute('data-cut')).toBe('true');
    expect((await cell.textContent())?.trim()).toBe('x'.repeat(1000));
    expect(await cell.getAttribute('title')).toBe(
      `${'x'.repeat(1000)}… (5,000,000 characters in all; the import keeps them all)`,
    );
    const shape = await cell.evaluate((td) => {
      const text = td.querySelector('.preview-cell')!;
      const scroll = td.closest('.table-scroll')!;
      return {
        textOverflow: td.ownerDocument.defaultView!.getComputedStyle(text).textOverflow,
        textWidth: text.getBoundingClientRect().width,
        overflow: scroll.scrollWidth - scroll.clientWidth,
      };
    });
    expect(shape.textOverflow).toBe('ellipsis');
    // 24em of the table's font, never the 1000 characters' width.
    expect(shape.textWidth).toBeLessThan(500);
    // The table fits its panel: the label column stays on screen, no sideways scrolling.
    expect(shape.overflow).toBe(0);
    expect(await table.locator('tbody tr').nth(3).locator('td').nth(2).isVisible()).toBe(true);
    // Nothing near the cell's 5 MB crossed the WebSocket.
    expect(largestFrame).toBeLessThan(100_000);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
