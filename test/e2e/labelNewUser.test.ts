/**
 * The Label view of a new user's image dataset, end to end in Chromium against the real
 * studio server: labels exported to CSV and an edited copy imported back, from the Label
 * view (checked first, then imported as one edit Undo takes back).
 *
 * The dataset: ten real Fashion-MNIST images (fixture rows 1, 51, 101, …, 451: one of each
 * class), three tasks (label, group, is_footwear, classes as listed below). The labels of
 * rows 1–4 are removed for all three tasks; row 9 (Bag) has no is_footwear in the fixture.
 * Every expected value below is read from that table.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importImagesInSession } from '../../src/main/services/assets';
import type { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist/manifest.csv', import.meta.url));
/** The classes of each task, in the order given to the task (so key 1 is the first). */
const CLASSES = {
  label: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  group: ['upper', 'lower', 'full_body', 'footwear', 'bag'],
  is_footwear: ['no', 'yes'],
};
const TASKS = ['label', 'group', 'is_footwear'] as const;
/** Rows whose labels (all three tasks) are removed. */
const BLANK = 4;

let studio: BrowserStudio;
let session: StudioSession;
let page: Page;
let datasetId: number;
/** The manifest as imported: path and the three tasks' labels ('' = missing), row 1 first. */
let rows: Record<string, string>[];

beforeAll(async () => {
  const source = Papa.parse<Record<string, string>>(await readFile(FASHION, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  // Fixture rows 1, 51, …, 451: one image of each class.
  rows = source
    .filter((_, i) => i % 50 === 0)
    .map((row, i) => (i < BLANK ? { ...row, label: '', group: '', is_footwear: '' } : row));
  studio = await openBrowserStudio('label-files', {
    prepare: async (folder, prepared) => {
      await prepared.createProject(join(folder, 'files.mtlproj'), 'Label files');
      const images = join(folder, 'fashion');
      await mkdir(join(images, 'images'), { recursive: true });
      for (const row of rows) {
        await cp(join(dirname(FASHION), row.path), join(images, row.path));
      }
      const manifest = join(images, 'manifest.csv');
      await writeFile(manifest, Papa.unparse(rows));
      datasetId = (await importImagesInSession(prepared, 'fashion-10', manifest, { size: 28 }))
        .dataset.id;
      await defineTasks(
        prepared.requireStore(),
        datasetId,
        TASKS.map((column) => ({ column, classes: CLASSES[column] })),
      );
    },
  });
  ({ session, page } = studio);
}, 240_000);

afterAll(() => studio?.close());

/** A task's column as the project file holds it, row 1 first. */
async function stored(task: (typeof TASKS)[number]): Promise<(string | number | null)[]> {
  return (await session.requireStore().datasets.readColumns(datasetId, [task])).values[task];
}

/** The manifest's labels of a task, row 1 first (null = missing). */
function manifestLabels(task: (typeof TASKS)[number]): (string | null)[] {
  return rows.map((r) => (r[task] === '' ? null : r[task]));
}

async function pressKey(key: string): Promise<void> {
  await page.locator('body').focus();
  await page.keyboard.press(key);
}

describeInBrowser('labels to and from a CSV file in the Label view', () => {
  it('labels row 1 by key, exports the labels: the CLI’s columns, row 1’s new label in them', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-label').waitFor();
    // The item itself is loaded (keys act on it) once its image shows.
    await page.getByTestId('label-image').locator('img').waitFor();
    expect(await page.getByTestId('label-position').textContent()).toContain('row 1');
    // Key 1: the first class of the focused task (label): T-shirt/top.
    await pressKey('1');
    const labels = manifestLabels('label');
    labels[0] = 'T-shirt/top';
    await expect.poll(() => stored('label')).toEqual(labels);

    await page.getByTestId('label-files-toggle').click();
    const out = join(studio.dir, 'exported');
    // The path fields are named by their captions (found by a new user: getByLabel failed).
    await page.getByLabel('CSV file to write').fill(out);
    await page.getByTestId('labels-export-start').click();
    const done = page.getByTestId('labels-export-done');
    await done.waitFor();
    expect(await done.textContent()).toContain(`${out}.csv`);
    const written = Papa.parse<Record<string, string>>(await readFile(`${out}.csv`, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    // `mtl-studio labels export`'s columns: row_id, the image path, one column per task.
    expect(written.meta.fields).toEqual(['row_id', 'path', ...TASKS]);
    // Row ids 1…10 in manifest order; the labels of the manifest, with row 1's new one.
    expect(written.data).toEqual(
      rows.map((r, i) => ({
        row_id: String(i + 1),
        path: r.path,
        label: i === 0 ? 'T-shirt/top' : r.label,
        group: r.group,
        is_footwear: r.is_footwear,
      })),
    );
  });

  it('imports an edited copy: Check names what it would do, Import writes it, Undo takes it back', async () => {
    // Row 2 (fmnist-0051, a Trouser in the fixture) labelled by path; row 5 Coat → Shirt.
    const edited = join(studio.dir, 'edited.csv');
    await writeFile(edited, `path,label\n${rows[1].path},Trouser\n${rows[4].path},Shirt\n`);
    await page.getByLabel('CSV file to read').fill(edited);
    await page.getByTestId('labels-import-check').click();
    const outcome = page.getByTestId('labels-import-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain(
      'Checked: would write 1 label; 0 already equal; 1 conflict with the project’s labels.',
    );
    // The conflict: line 3, row 5's image, Coat in the project, Shirt in the file.
    expect(
      await page
        .getByTestId('labels-import-conflicts')
        .locator('tbody td')
        .evaluateAll((cells) => cells.map((c) => c.textContent)),
    ).toEqual(['3', rows[4].path, 'label', 'Coat', 'Shirt']);
    const before = manifestLabels('label');
    before[0] = 'T-shirt/top';
    expect(await stored('label')).toEqual(before);

    await page.getByTestId('labels-import-overwrite').check();
    await page.getByTestId('labels-import-start').click();
    await expect
      .poll(() => outcome.textContent())
      .toContain('Imported 2 labels; 0 already equal; 1 conflict with the project’s labels.');
    const after = [...before];
    after[1] = 'Trouser';
    after[4] = 'Shirt';
    await expect.poll(() => stored('label')).toEqual(after);
    await page.screenshot({ path: join(SHOTS, 'label-files-01-imported.png') });

    await page.getByTestId('label-undo').click();
    await expect.poll(() => stored('label')).toEqual(before);
    // The outcome no longer offers Undo for an import already taken back (en wording, i18n).
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undone: Undo took this import back (Redo brings it back).');
    await page.getByTestId('label-redo').click();
    await expect.poll(() => stored('label')).toEqual(after);
    await expect
      .poll(() => outcome.textContent())
      .toContain('Undo in the Label view takes the whole import back.');
    await page.getByTestId('label-undo').click();
    await expect.poll(() => stored('label')).toEqual(before);
  });

  it('refuses a bad file naming its line and column, writing nothing', async () => {
    const bad = join(studio.dir, 'bad.csv');
    await writeFile(bad, `row_id,label\n3,Dress\n4,Jumper\n`);
    await page.getByTestId('labels-import-path').fill(bad);
    // Check file lists the unknown class (not refused), pointing to the checkbox.
    await page.getByTestId('labels-import-check').click();
    const outcome = page.getByTestId('labels-import-outcome');
    await outcome.waitFor();
    expect(await page.getByTestId('labels-import-unknown-class').textContent()).toContain(
      'Class “Jumper” (line 3) is not a class of task “label”.',
    );
    expect(await outcome.textContent()).toContain(
      'Import refuses the file as it is. Tick “Add unknown classes”',
    );
    // Import refuses it: the headline names the file, line, class and checkbox (the CLI's
    // message, naming --add-classes, only as its tooltip). Text by hand from errors.ts (en).
    await page.getByTestId('labels-import-start').click();
    const alert = page.getByTestId('label-files').getByRole('alert');
    await alert.waitFor();
    const shown = await alert.textContent();
    expect(shown).toContain(
      'Labels file “bad.csv” line 3: “Jumper” is not a class of task “label”',
    );
    expect(shown).toContain('Tick “Add unknown classes” to add it to the task');
    expect(shown).not.toContain('--add-classes');
    expect(shown).not.toContain('This task cannot be defined');
    const labels = manifestLabels('label');
    labels[0] = 'T-shirt/top';
    expect(await stored('label')).toEqual(labels);
    await page.getByTestId('label-files-toggle').click();
  });
});

describeInBrowser('the keyboard loop after a toolbar choice, and moving on', () => {
  it('after a filter picked with the mouse, → moves and a class key labels; the filter stays', async () => {
    // The queue: unlabelled items (rows 1–4 and 9), item 1 (row 1) shown.
    await page.getByTestId('label-position').waitFor();
    const filter = page.getByTestId('label-filter');
    await filter.click();
    await filter.selectOption('all');
    await expect
      .poll(() => page.getByTestId('label-position').textContent())
      .toContain('Item 1 of 10');
    // No focus() on the page here: the keys go where the mouse left the focus.
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByTestId('label-position').textContent())
      .toContain('Item 2 of 10 · row 2');
    // Row 2 has no label: the label task is focused; key 2 is its second class, Trouser.
    await page.keyboard.press('2');
    await expect.poll(async () => (await stored('label'))[1]).toBe('Trouser');
    expect(await filter.inputValue()).toBe('all');
  });

  it('missing / skip (0) on the last task goes on to the next item', async () => {
    // Row 2: label Trouser, group focused. Key 2: lower; then 0 on is_footwear (the last task).
    await page.keyboard.press('2');
    await expect.poll(async () => (await stored('group'))[1]).toBe('lower');
    await page.keyboard.press('0');
    await expect
      .poll(() => page.getByTestId('label-position').textContent())
      .toContain('Item 3 of 10 · row 3');
    expect((await stored('is_footwear'))[1]).toBeNull();
  });

  it('a class key for the item’s last unlabelled task goes on; one correcting a complete item stays', async () => {
    // Row 3, nothing labelled: 3 (Pullover), 1 (upper), 1 (no) — the last finishes it.
    await page.keyboard.press('3');
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('label-position').textContent()).toContain('row 3');
    await page.keyboard.press('1');
    await expect
      .poll(() => page.getByTestId('label-position').textContent())
      .toContain('Item 4 of 10 · row 4');
    await expect
      .poll(async () => [
        (await stored('label'))[2],
        (await stored('group'))[2],
        (await stored('is_footwear'))[2],
      ])
      .toEqual(['Pullover', 'upper', 'no']);
    // Back to row 3, complete: key 4 (Dress) corrects its label and the view stays.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('label-position').textContent()).toContain('row 3');
    await page.keyboard.press('4');
    await expect.poll(async () => (await stored('label'))[2]).toBe('Dress');
    expect(await page.getByTestId('label-position').textContent()).toContain('row 3');
  });
});

describeInBrowser('the class buttons on a small screen', () => {
  /** Each task's first and last class button, as boxes on the page. */
  async function buttonBoxes(): Promise<{ task: string; top: number; bottom: number }[]> {
    const boxes = [];
    for (const task of TASKS) {
      for (const c of [CLASSES[task][0], CLASSES[task].at(-1)!]) {
        const box = (await page.getByTestId(`choice-${task}-${c}`).boundingBox())!;
        boxes.push({ task: `${task}/${c}`, top: box.y, bottom: box.y + box.height });
      }
    }
    return boxes;
  }

  it.each([
    [1280, 720],
    [1400, 900],
  ])(
    'at %i × %i every task’s first and last class button shows without scrolling',
    async (width, height) => {
      await page.setViewportSize({ width, height });
      await page.goto(studio.server.url);
      await page.getByTestId('nav-labels').click();
      await page.getByTestId('label-image').locator('img').waitFor();
      for (const box of await buttonBoxes()) {
        expect(box.top, box.task).toBeGreaterThanOrEqual(0);
        expect(box.bottom, box.task).toBeLessThanOrEqual(height);
      }
      // The image is still there to look at: its box at least 100 px high (the CSS floor).
      const image = (await page.getByTestId('label-image').boundingBox())!;
      expect(image.height).toBeGreaterThanOrEqual(100);
      await page.screenshot({ path: join(SHOTS, `label-new-user-${width}x${height}.png`) });
    },
  );
});

describeInBrowser('the One class filter', () => {
  it('starts on the first task and its first class, its dropdowns wide enough to read', async () => {
    await page.getByTestId('label-filter').selectOption('class');
    // The first task (label) and its first class (T-shirt/top): only row 1 holds it now
    // (rows 1–4 were unlabelled; row 2 was labelled Trouser, row 3 Dress above).
    expect(await page.getByTestId('label-filter-task').inputValue()).toBe('label');
    expect(await page.getByTestId('label-filter-class').inputValue()).toBe('T-shirt/top');
    await expect
      .poll(() => page.getByTestId('label-position').textContent())
      .toContain('Item 1 of 1 · row 1');
    // Another task: its first class.
    await page.getByTestId('label-filter-task').selectOption('group');
    await expect.poll(() => page.getByTestId('label-filter-class').inputValue()).toBe('upper');
    for (const id of ['label-filter-task', 'label-filter-class']) {
      expect((await page.getByTestId(id).boundingBox())!.width, id).toBeGreaterThanOrEqual(80);
    }
  });
});

describeInBrowser('the Export view', () => {
  it('has the same Export labels panel, writing the same file', async () => {
    await page.getByTestId('nav-export').click();
    const out = join(studio.dir, 'from-export-view.csv');
    await page.getByTestId('labels-export-path').fill(out);
    await page.getByTestId('labels-export-start').click();
    await page.getByTestId('labels-export-done').waitFor();
    const text = await readFile(out, 'utf8');
    // The header `mtl-studio labels export` writes, then one line per item (10 rows).
    expect(text.split('\n')[0]).toBe('row_id,path,label,group,is_footwear');
    expect(text.trimEnd().split('\n')).toHaveLength(11);
    expect(await page.getByTestId('labels-export-done').textContent()).toBe(
      `Wrote 10 items (tasks label, group, is_footwear) to ${out}.`,
    );
  });
});
