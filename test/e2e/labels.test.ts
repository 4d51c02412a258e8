/**
 * Labelling end to end, in Chromium against the real studio server: a penguins table whose
 * first 40 rows lost their species and sex labels. Label 20 items with the keyboard alone
 * across both tasks, undo, label a few at once in grid mode (click, Shift-click, rubber
 * band), train from the Label view, go through the least-confident items accepting the
 * model's suggestions, reload: every label is in the project file.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts). With MTL_DOCS_SCREENSHOTS=1 the Label view
 * also goes to docs/label.png.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { importImagesInSession } from '../../src/main/services/assets';
import { defineTasks } from '../../src/main/services/tasks';
import { repoRoot } from '../../src/main/server/setup';
import {
  describeInBrowser,
  openBrowserStudio,
  PENGUINS,
  SHOTS,
  type BrowserStudio,
} from './harness';
import { ProjectStore } from '../../src/main/store/projectStore';

/** The real Fashion-MNIST fixture: 500 PNG files and a manifest with label, group, is_footwear. */
const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist/manifest.csv', import.meta.url));
const DOCS = process.env.MTL_DOCS_SCREENSHOTS === '1' ? join(repoRoot, 'docs') : null;
/** Rows whose species and sex are removed. */
const BLANK = 40;
/** Keys of the 20 keyboard items: species (1 Adelie, 2 Chinstrap, 3 Gentoo), sex (1 female, 2 male). */
const SPECIES_KEYS = ['1', '2', '3'];
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];
const SEX_KEYS = ['1', '2'];
const SEX = ['female', 'male'];

let projectPath: string;
let session: StudioSession;
let server: BrowserStudio['server'];
let studio: BrowserStudio;
let page: Page;
let datasetId: number;
let seen: BrowserStudio['seen'];

beforeAll(async () => {
  studio = await openBrowserStudio('labels', {
    prepare: async (folder, prepared) => {
      // Penguins with the labels of the first 40 rows removed.
      const parsed = Papa.parse<Record<string, string>>(await readFile(PENGUINS, 'utf8'), {
        header: true,
        skipEmptyLines: true,
      });
      parsed.data.forEach((row, i) => {
        if (i < BLANK) {
          row.species = '';
          row.sex = '';
        }
      });
      const csv = join(folder, 'penguins-unlabelled.csv');
      await writeFile(csv, Papa.unparse(parsed.data));
      projectPath = join(folder, 'labels.mtlproj');
      await prepared.createProject(projectPath, 'Labelling');
      datasetId = (await prepared.importDataset('e2e', csv, {})).id;
      await defineTasks(prepared.requireStore(), datasetId, [
        { column: 'species' },
        { column: 'sex' },
      ]);
    },
  });
  ({ session, server, page, seen } = studio);
}, 240_000);

afterAll(() => studio?.close());

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The species and sex labels of the first rows, from the project file's store. */
async function storedLabels(rows: number): Promise<{ species: unknown[]; sex: unknown[] }> {
  const read = await session.requireStore().datasets.readColumns(datasetId, ['species', 'sex']);
  return { species: read.values.species.slice(0, rows), sex: read.values.sex.slice(0, rows) };
}

/** The distinct values of an image dataset's 'group' column, from the store. */
async function groupsOf(dataset: number): Promise<string[]> {
  const read = await session.requireStore().datasets.readColumns(dataset, ['group']);
  return read.values.group.filter((v): v is string => typeof v === 'string');
}

async function progress(task: string): Promise<number> {
  const text = await page
    .getByTestId(`progress-${task}`)
    .getByTestId('progress-count')
    .textContent();
  return Number(text!.split('/')[0].trim());
}

async function waitPosition(n: number): Promise<void> {
  await page
    .getByTestId('label-position')
    .getByText(new RegExp(`^\\s*Item ${n} of`))
    .waitFor();
}

describeInBrowser('labelling in a browser', () => {
  let speciesBefore: number;
  let sexBefore: number;

  it('opens the Label view on the unlabelled items, one choice group per task', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-species').waitFor();
    await page.getByTestId('choices-sex').waitFor();
    await waitPosition(1);
    expect(await page.getByTestId('label-card').textContent()).toContain('Torgersen');
    speciesBefore = await progress('species');
    sexBefore = await progress('sex');
    expect(speciesBefore).toBe(344 - BLANK);
    // The focused task shows its class keys on the buttons.
    expect(await page.getByTestId('choice-species-Gentoo').textContent()).toMatch(/3\s*Gentoo/);
    await shot('labels-01-view');
  });

  it('labels 20 items with the keyboard alone across both tasks', async () => {
    await page.locator('body').focus();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press(SPECIES_KEYS[i % 3]);
      await page
        .getByTestId(`choice-species-${SPECIES[i % 3]}`)
        .and(page.locator('[aria-pressed="true"]'))
        .waitFor();
      await page.keyboard.press(SEX_KEYS[i % 2]);
      await page
        .getByTestId(`choice-sex-${SEX[i % 2]}`)
        .and(page.locator('[aria-pressed="true"]'))
        .waitFor();
      await page.keyboard.press('Enter');
      await waitPosition(i + 2);
    }
    expect(await progress('species')).toBe(speciesBefore + 20);
    expect(await progress('sex')).toBe(sexBefore + 20);
    const stored = await storedLabels(20);
    // Expected from the keys pressed (classes in their default, sorted order).
    expect(stored.species).toEqual(Array.from({ length: 20 }, (_, i) => SPECIES[i % 3]));
    expect(stored.sex).toEqual(Array.from({ length: 20 }, (_, i) => SEX[i % 2]));
    await shot('labels-02-keyboard');
  });

  it('undoes the last label with Ctrl+Z and shows its item again', async () => {
    await page.keyboard.press('Control+z');
    await waitPosition(20);
    await expect.poll(() => progress('sex')).toBe(sexBefore + 19);
    expect((await storedLabels(20)).sex[19]).toBeNull();
    // Item 20 is shown with sex focused: label it again.
    await page.keyboard.press(SEX_KEYS[19 % 2]);
    await expect.poll(() => progress('sex')).toBe(sexBefore + 20);
    const events = await session.requireStore().labels.history(datasetId, { limit: 3 });
    expect(events.map((e) => e.action)).toEqual(['edit', 'undo', 'edit']);
  });

  it('labels several items at once in grid mode: click, Shift-click, rubber band', async () => {
    await page.getByTestId('label-mode').click();
    await page.getByTestId('label-grid').waitFor();
    await page.getByTestId('tile-21').click();
    await page.getByTestId('tile-25').click({ modifiers: ['Shift'] });
    await page.getByTestId('choices-species').click();
    await page.locator('body').focus();
    await page.keyboard.press('3');
    await expect
      .poll(async () => (await storedLabels(25)).species.slice(20))
      .toEqual(['Gentoo', 'Gentoo', 'Gentoo', 'Gentoo', 'Gentoo']);

    // A rubber band from the gap left of tile 26 to the middle of tile 28.
    const first = (await page.getByTestId('tile-26').boundingBox())!;
    const last = (await page.getByTestId('tile-28').boundingBox())!;
    await page.mouse.move(first.x - 4, first.y + 4);
    await page.mouse.down();
    await page.mouse.move(last.x + last.width / 2, last.y + last.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.tile.selected').count()).toBe(3);
    await page.getByTestId('choices-sex').click();
    await page.locator('body').focus();
    await page.keyboard.press('2');
    await expect
      .poll(async () => (await storedLabels(28)).sex.slice(25))
      .toEqual(['male', 'male', 'male']);
    await shot('labels-03-grid');
    await page.getByTestId('label-mode').click();
    await page.getByTestId('label-card').waitFor();
  });

  it('trains from the Label view and switches to least-confident order with suggestions', async () => {
    await page.getByTestId('label-retrain').click();
    // When the run completes the view takes its model and orders least confident first.
    await expect
      .poll(() => page.getByTestId('label-order').inputValue(), { timeout: 180_000 })
      .toBe('least-confidence');
    await page.getByTestId('label-order').selectOption('least-confidence');
    await page
      .getByTestId('label-position')
      .getByText(/confidence/)
      .waitFor();
    await page.getByTestId('suggestion').first().waitFor();
    if (DOCS) {
      await mkdir(DOCS, { recursive: true });
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(DOCS, 'label.png') });
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    await shot('labels-04-queue');
  }, 240_000);

  it('accepts the suggestions of three items with Enter, recorded as accepted suggestions', async () => {
    await page.locator('body').focus();
    for (let n = 1; n <= 3; n++) {
      await page.keyboard.press('Enter');
      await waitPosition(n + 1);
    }
    await expect
      .poll(async () =>
        (await session.requireStore().labels.history(datasetId, { limit: 50 })).some(
          (e) => e.source === 'suggestion',
        ),
      )
      .toBe(true);
    expect(await page.getByTestId('label-history').textContent()).toContain('accepted suggestion');
  });

  it('keeps every label after a reload, in the project file', async () => {
    const species = await progress('species');
    const sex = await progress('sex');
    await page.reload();
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-species').waitFor();
    await expect.poll(() => progress('species')).toBe(species);
    await expect.poll(() => progress('sex')).toBe(sex);
    await page.getByTestId('label-filter').selectOption('all');
    await page.getByTestId('label-order').selectOption('row');
    // The new ordering: all 344 rows in row order, row 1 first.
    await page
      .getByTestId('label-position')
      .getByText(/Item 1 of 344 · row 1\b/)
      .waitFor();
    // Its labels show once the item has loaded.
    await expect
      .poll(() => page.getByTestId('choice-species-Adelie').getAttribute('aria-pressed'))
      .toBe('true');
    // Reopen the file itself: the labels are there.
    await session.closeProject();
    const store = await ProjectStore.open(projectPath);
    try {
      const read = await store.datasets.readColumns(datasetId, ['species', 'sex']);
      expect(read.values.species.slice(0, 5)).toEqual([
        'Adelie',
        'Chinstrap',
        'Gentoo',
        'Adelie',
        'Chinstrap',
      ]);
      expect(read.values.species.filter((v) => v !== null)).toHaveLength(species);
      expect(read.values.sex.filter((v) => v !== null)).toHaveLength(sex);
    } finally {
      await store.close();
    }
  });

  it("shows an image dataset's pictures: the original in single mode, thumbnails in the grid", async () => {
    await session.openProject(projectPath);
    const imported = await importImagesInSession(session, 'e2e-images', FASHION, { size: 28 });
    const images = imported.dataset.id;
    await defineTasks(session.requireStore(), images, [{ column: 'label' }, { column: 'group' }]);
    await page.reload();
    // The session keeps the dataset chosen before the reload: choose the images.
    await page.getByTestId('dataset-select').selectOption(String(images));
    await page.getByTestId('nav-labels').click();
    await page.getByTestId('choices-label').waitFor();
    await page.getByTestId('label-filter').selectOption('all');
    await page
      .getByTestId('label-position')
      .getByText(/Item 1 of 500 · row 1\b/)
      .waitFor();
    // The fixture's first manifest row is a T-shirt/top, decoded from its PNG (a data URL).
    await expect
      .poll(() => page.getByTestId('label-image').locator('img').getAttribute('src'))
      .toMatch(/^data:image\/png;base64,/);
    expect(await page.getByTestId('label-image').textContent()).toContain('fmnist-0001.png');
    // Relabel the first image's group with the keyboard (group classes sorted: key 2 = the second).
    const groups = [...new Set(await groupsOf(images))].sort();
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('2');
    await expect
      .poll(
        async () =>
          (await session.requireStore().datasets.readColumns(images, ['group'])).values.group[0],
      )
      .toBe(groups[1]);
    await page.getByTestId('label-mode').click();
    await page.getByTestId('label-grid').waitFor();
    await expect.poll(() => page.locator('.tile img.thumb').count()).toBeGreaterThan(10);
    expect(await page.locator('.tile img.thumb').first().getAttribute('src')).toMatch(
      /^data:image\/webp;base64,/,
    );
    await shot('labels-05-images');
  }, 120_000);

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
