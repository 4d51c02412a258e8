/**
 * The Data view's thumbnail grid follows labels written by another client, in Chromium
 * against the real studio server: four real Fashion-MNIST images (one without a label) are
 * on screen; a label written, then undone, through a second set of handlers over the same
 * session (as another browser tab's requests arrive) shows on the tile and in the column's
 * profile without a reload — and the page reads neither the list of every dataset with its
 * profiles (`datasets.list`) nor that dataset (`datasets.get`): the write's `datasets.changed`
 * carries the dataset as read for its answer.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importImagesInSession } from '../../src/main/services/assets';
import { createHandlers } from '../../src/main/services/handlers';
import type { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, type BrowserStudio } from './harness';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist/manifest.csv', import.meta.url));
/** Four rows of the fixture's manifest: row 2 (fmnist-0014) has no label there. */
const MANIFEST = [
  'path,label,group,is_footwear',
  'images/fmnist-0001.png,T-shirt/top,upper,no',
  'images/fmnist-0014.png,,upper,no',
  'images/fmnist-0051.png,Trouser,lower,no',
  'images/fmnist-0101.png,Pullover,upper,no',
];

let studio: BrowserStudio;
let session: StudioSession;
let page: Page;
let datasetId: number;
/** The channels of the requests the page sent, in order. */
const sent: string[] = [];

beforeAll(async () => {
  studio = await openBrowserStudio('grid-reread', {
    prepare: async (folder, prepared) => {
      await prepared.createProject(join(folder, 'grid.mtlproj'), 'Grid');
      const images = join(folder, 'fashion', 'images');
      await mkdir(images, { recursive: true });
      for (const line of MANIFEST.slice(1)) {
        const file = line.split(',')[0];
        await copyFile(join(dirname(FASHION), file), join(folder, 'fashion', file));
      }
      const manifest = join(folder, 'fashion', 'manifest.csv');
      await writeFile(manifest, `${MANIFEST.join('\n')}\n`);
      datasetId = (await importImagesInSession(prepared, 'e2e-grid', manifest, { size: 28 }))
        .dataset.id;
      await defineTasks(prepared.requireStore(), datasetId, [{ column: 'label' }]);
    },
  });
  ({ session, page } = studio);
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const channel = /"channel":"([^"]+)"/.exec(String(payload))?.[1];
      if (channel) sent.push(channel);
    }),
  );
}, 240_000);

afterAll(() => studio?.close());

/** The text under tile `rowId` of the grid. */
function tileLabel(rowId: number): Promise<string | null> {
  return page.getByTestId(`image-tile-${rowId}`).locator('.tile-label').textContent();
}

describeInBrowser('the thumbnail grid follows labels written elsewhere', () => {
  it('shows the images with their labels, row 2 unlabelled', async () => {
    await studio.page.goto(studio.server.url);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('image-grid').waitFor();
    await expect.poll(() => tileLabel(3)).toContain('Trouser');
    expect(await tileLabel(2)).toContain('—');
    // 1 of the 4 manifest rows above has no label: 25.0 % missing.
    await expect.poll(() => page.getByTestId('column-label').textContent()).toContain('25.0 %');
  });

  it('shows a label another client writes, then undoes, without a reload', async () => {
    const other = createHandlers(session, {
      info: { version: 'e2e', mode: 'browser', platform: process.platform },
    });
    sent.length = 0;
    await other['labels.set']({
      datasetId,
      changes: [{ rowId: 2, task: 'label', label: 'Trouser' }],
      source: 'user',
    });
    await expect.poll(() => tileLabel(2)).toContain('Trouser');
    // Every row labelled now: 0 of 4 missing.
    await expect.poll(() => page.getByTestId('column-label').textContent()).toContain('0.0 %');
    // Neither the list of every dataset with its profiles nor this one was read: the event
    // carried it.
    expect(sent).not.toContain('datasets.get');
    expect(sent).not.toContain('datasets.list');

    await other['labels.undo']({ datasetId });
    await expect.poll(() => tileLabel(2)).toContain('—');
    await expect.poll(() => page.getByTestId('column-label').textContent()).toContain('25.0 %');
    expect(await tileLabel(2)).not.toContain('Trouser');
    expect(sent).not.toContain('datasets.list');
  });

  it('ends on the labels last written when they come fast, one write after another', async () => {
    sent.length = 0;
    const other = createHandlers(session, {
      info: { version: 'e2e', mode: 'browser', platform: process.platform },
    });
    for (const rowId of [1, 2, 3, 4]) {
      await other['labels.set']({
        datasetId,
        changes: [{ rowId, task: 'label', label: 'Pullover' }],
        source: 'user',
      });
    }
    for (const rowId of [1, 2, 3, 4])
      await expect.poll(() => tileLabel(rowId)).toContain('Pullover');
    // By hand, from the cells after the undo above (T-shirt/top, —, Trouser, Pullover): row 4
    // was Pullover already (no change, no event), so three writes changed cells and the
    // column ends Pullover × 4: 0 missing, 1 distinct value. A page left on the read after
    // write 1 shows 25.0 % and 2 distinct, after write 2 0.0 % and 2 (Pullover 3, Trouser 1).
    const distinct = () => page.getByTestId('column-label').locator('td.num').nth(1).textContent();
    await expect.poll(distinct).toBe('1');
    await expect.poll(() => page.getByTestId('column-label').textContent()).toContain('0.0 %');
    // Still so once every read is back (a late stale read would overwrite it).
    await page.waitForTimeout(500);
    expect(await distinct()).toBe('1');
    // No read of the dataset at all: each write's event carried it (three writes, before: up
    // to three datasets.get).
    expect(sent).not.toContain('datasets.get');
    expect(sent).not.toContain('datasets.list');
  });
});
