/**
 * End to end, wide data and the import wizard: the dataset name follows the chosen file
 * and a taken name is said in words (no CLI flag) with Import held; an encoding forced
 * against a certain detection (GBK on UTF-8) warns and needs a confirmation; Turkish
 * windows-1254 text read as windows-1252 gets a note and a button to read it so; a
 * 786-column table (label, px0…px783, note) keeps few cells in the DOM, finds columns by
 * pattern, pins and hides them; bulk roles set every px* column at once; the pixel columns
 * declared a 28 × 28 image show as thumbnails drawn from the row's values; the task
 * wizard finds a target among 786 columns, pre-ticks target roles and shows a constant
 * column disabled with its reason; deleting a dataset asks first.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  PENGUINS,
  SHOTS,
  describeInBrowser,
  openBrowserStudio,
  type BrowserStudio,
} from './harness';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const ROWS = 40;
/** Pixel i of row r: a bright diagonal on a dim background that changes with the row. */
const pixel = (r: number, i: number): number =>
  i % SIDE === Math.floor(i / SIDE) ? 255 : (r * 7 + i) % 50;

let dir: string;
let wideCsv: string;
let accentsCsv: string;
let turkishCsv: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('wide', {
    prepare: async (folder) => {
      wideCsv = join(folder, 'fashion-like.csv');
      const header = ['label', ...Array.from({ length: PIXELS }, (_, i) => `px${i}`), 'note'];
      const lines = [header.join(',')];
      for (let r = 0; r < ROWS; r++) {
        const values = Array.from({ length: PIXELS }, (_, i) => pixel(r, i));
        lines.push([`class${r % 4}`, ...values, `row ${r}`].join(','));
      }
      await writeFile(wideCsv, `${lines.join('\n')}\n`);
      accentsCsv = join(folder, 'accents.csv');
      await writeFile(accentsCsv, 'name,city\nZoë,Zürich\nJosé,São Paulo\n', 'utf8');
      // Turkish in windows-1254 (encoded by iconv-lite): detection reads windows-1252 (þ for ş).
      turkishCsv = join(folder, 'turkish.csv');
      await writeFile(
        turkishCsv,
        iconv.encode('ad,şehir\nAyşe,Muğla\nGülşen,Kırşehir\n', 'windows-1254'),
      );
    },
  });
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

const wizardName = () => page.getByTestId('dataset-name');
const start = () => page.getByTestId('start-import');

async function choose(csv: string): Promise<void> {
  await page.getByTestId('csv-path').fill(csv);
  await page.getByTestId('preview-table').waitFor();
}

describeInBrowser('the import wizard', () => {
  it('names the dataset after the chosen file, and says so when a name is taken', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('new-project-path').fill(join(dir, 'wide'));
    await page.getByTestId('create-project').click();
    await choose(PENGUINS);
    expect(await wizardName().inputValue()).toBe('penguins');
    // Another file: the name follows it (it was not typed).
    await choose(accentsCsv);
    expect(await wizardName().inputValue()).toBe('accents');
    await choose(PENGUINS);
    await start().click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });

    await page.getByTestId('open-import').click();
    await choose(PENGUINS);
    // A second import of the same file gets a free name instead of failing.
    expect(await wizardName().inputValue()).toBe('penguins (2)');
    // A typed name that is taken: said in words, Import held.
    await wizardName().fill('penguins');
    await page.getByTestId('name-taken').waitFor();
    expect(await page.getByTestId('name-taken').textContent()).not.toContain('--name');
    expect(await start().isDisabled()).toBe(true);
    await wizardName().fill('penguins again');
    expect(await start().isDisabled()).toBe(false);
  });

  it('offers windows-1254 and notes that a windows-1252 reading may be Turkish', async () => {
    await choose(turkishCsv);
    const option = page.getByTestId('csv-encoding').locator('option[value="windows-1254"]');
    expect((await option.textContent())?.trim()).toBe('windows-1254 — Turkish');
    const note = page.getByTestId('encoding-alternative');
    await note.waitFor();
    expect(await note.textContent()).toContain('line 2 has þ, ð or ý between letters');
    expect(await page.getByTestId('preview-table').textContent()).toContain('Ayþe');
    await page.getByTestId('encoding-alternative-use').click();
    await note.waitFor({ state: 'detached' });
    expect(await page.getByTestId('csv-encoding').inputValue()).toBe('windows-1254');
    await page.getByTestId('preview-table').getByText('Ayşe').waitFor();
    await page.getByTestId('csv-encoding').selectOption('auto');
  });

  it('warns when a forced encoding garbles the text, and imports only once confirmed', async () => {
    await choose(accentsCsv);
    // GBK reads UTF-8's two-byte letters as Chinese characters: garbled, but every byte decodes
    // (UTF-16 and single-byte encodings are refused for this file: no NUL bytes; UTF-8 text).
    await page.getByTestId('csv-encoding').selectOption('gbk');
    const warning = page.getByTestId('encoding-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('utf-8');
    // A chosen encoding is a choice, not a detection: no confidence (the warning says the rest).
    expect(await page.getByTestId('preview-summary').textContent()).toContain(
      'Read as gbk (your choice)',
    );
    expect(await start().isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'wide-01-encoding-warning.png') });
    await page.getByTestId('encoding-confirm').check();
    expect(await start().isDisabled()).toBe(false);
    // Back to detection: no warning, sure again.
    await page.getByTestId('csv-encoding').selectOption('auto');
    await warning.waitFor({ state: 'detached' });
    expect(await start().isDisabled()).toBe(false);
    await page.getByTestId('import-wizard').getByRole('button', { name: 'Close' }).click();
  });
});

describeInBrowser('a 786-column table', () => {
  it('imports it and keeps only the columns in view in the page', async () => {
    await page.getByTestId('open-import').click();
    await choose(wideCsv);
    expect(await wizardName().inputValue()).toBe('fashion-like');
    await start().click();
    await page.getByTestId('row-total').getByText(`${ROWS} rows`).waitFor({ timeout: 60_000 });
    const firstRow = page.getByTestId('rows-table').locator('.vrow:not(.vhead)').first();
    expect(await firstRow.locator('.vcell').count()).toBeLessThan(30);
    expect(await page.getByTestId('columns-button').textContent()).toContain('786 of 786');
  });

  it('finds, pins and hides columns', async () => {
    await page.getByTestId('column-search').fill('px40*');
    // px40, px400…px409: 11 columns.
    await expect
      .poll(() => page.getByTestId('columns-button').textContent())
      .toContain('11 of 786');
    await page.getByTestId('columns-button').click();
    await page.getByTestId('column-search').fill('');
    await page.getByTestId('column-chooser').getByTestId('pin-label').click();
    await page.getByTestId('column-search').fill('note');
    await page.getByTestId('column-chooser').getByTestId('show-note').uncheck();
    await page.getByTestId('column-search').fill('');
    expect(await page.getByTestId('columns-button').textContent()).toContain('785 of 786');
    // Scrolled far right, the pinned label column is still at the left.
    const table = page.getByTestId('rows-table');
    await table.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const label = page.getByTestId('sort-label');
    await expect
      .poll(async () => {
        const box = await label.boundingBox();
        const tableBox = await table.boundingBox();
        return box && tableBox ? Math.round(box.x - tableBox.x) : -1;
      })
      .toBeLessThan(200);
    expect(await page.getByTestId('sort-px783').isVisible()).toBe(true);
    await table.evaluate((el) => (el.scrollLeft = 0));
    await page.getByTestId('columns-button').click();
  });

  it('sets the role of every px* column at once (bulk roles)', async () => {
    const panel = page.getByTestId('column-panel');
    await panel.getByTestId('columns-search').fill('px*');
    await panel.getByTestId('tick-matching').check();
    expect(await panel.getByTestId('ticked-count').textContent()).toContain('784 ticked');
    await panel.getByTestId('bulk-ignore').click();
    await expect.poll(() => panel.getByTestId('role-px0').inputValue()).toBe('ignore');
    // The list shows 400 columns at a time; the last ones changed too.
    await panel.getByTestId('columns-search').fill('px78?');
    expect(await panel.getByTestId('role-px783').inputValue()).toBe('ignore');
    await panel.getByTestId('columns-search').fill('');
    expect(await panel.getByTestId('role-label').inputValue()).toBe('input');
    // And back: every px* column an input again.
    await panel.getByTestId('columns-search').fill('px*');
    await panel.getByTestId('tick-matching').check();
    await panel.getByTestId('bulk-input').click();
    await expect.poll(() => panel.getByTestId('role-px300').inputValue()).toBe('input');
    await panel.getByTestId('columns-search').fill('');
  });

  it('shows px0…px783 declared a 28 × 28 image as thumbnails of the row values', async () => {
    const offer = page.getByTestId('pixel-offer');
    await offer.waitFor();
    expect(await offer.textContent()).toContain('784 numeric columns (px0 … px783)');
    expect(
      await offer.getByTestId('image-shape').locator('option').first().textContent(),
    ).toContain('28 × 28 × 1');
    await offer.getByTestId('declare-image').click();
    await page.getByTestId('pixel-image').waitFor();
    const canvas = page.getByTestId('rows-table').locator('canvas').first();
    await canvas.waitFor();
    // The thumbnail of row 1 (r = 0): the diagonal is white, the background scaled from
    // the columns' range [0, 255] — pixel (0, 1) is (0·7 + 1) mod 50 = 1 → 1.
    const drawn = await canvas.evaluate((el) => {
      // The page's canvas (typed by hand: the test compiles without the DOM library).
      const c = el as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
        };
      };
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      return { size: [c.width, c.height], diagonal: data[(5 * 28 + 5) * 4], off: data[1 * 4] };
    });
    expect(drawn).toEqual({ size: [SIDE, SIDE], diagonal: 255, off: pixel(0, 1) });
    await page.screenshot({ path: join(SHOTS, 'wide-02-thumbnails.png') });
  });

  it('finds a target among 786 columns, with target roles pre-ticked', async () => {
    await page.getByTestId('column-panel').getByTestId('role-label').selectOption('target');
    await expect
      .poll(() => page.getByTestId('column-panel').getByTestId('role-label').inputValue())
      .toBe('target');
    await page.getByTestId('nav-tasks').click();
    // Ticked once the role change reaches this page (a busy machine may take a moment).
    await expect.poll(() => page.getByTestId('pick-label').isChecked()).toBe(true);
    expect(await page.getByTestId('more-columns').textContent()).toMatch(/\d+ more columns/);
    await page.getByTestId('task-search').fill('px78?');
    await page.getByTestId('pick-px783').waitFor();
    expect(await page.getByTestId('pick-px100').count()).toBe(0);
    // px783 is on the bright diagonal, 255 in every row (pixel() above): one value, never a
    // task, so its box is disabled with the reason; px782 varies by row and is offered.
    expect(await page.getByTestId('pick-px783').isDisabled()).toBe(true);
    expect(await page.getByTestId('not-target-px783').textContent()).toBe(
      'one value only (“255”): a task needs at least 2 classes',
    );
    expect(await page.getByTestId('pick-px782').isDisabled()).toBe(false);
    expect(await page.getByTestId('not-target-px782').count()).toBe(0);
    await page.getByTestId('define-tasks').click();
    await page.getByTestId('task-label').waitFor();
    await page.getByTestId('delete-task-label').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('task-label').count()).toBe(1);
  });

  it('deletes a dataset only once confirmed', async () => {
    await page.getByTestId('nav-data').click();
    await page.getByTestId('delete-dataset').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain('fashion-like');
    await dialog.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('dataset-select').locator('option').count()).toBe(2);
    await page.getByTestId('delete-dataset').click();
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('dataset-select').locator('option').count()).toBe(1);
    expect(await page.getByTestId('dataset-name-title').textContent()).toBe('penguins');
  });

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
