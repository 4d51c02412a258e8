/**
 * End to end, in Chromium against the real studio server: long names never widen the page
 * (a new user's screenshots at 1400 px). A class folder named with 119 characters: its chips
 * spilled over the neighbouring tiles of the Label grid and over the Progress panel, whose
 * class-count line ran past the card's edge. A dataset renamed to 170 characters: the page
 * scrolled sideways (1668 px in a 1400 px window) and the header's project name was squeezed
 * to "Fa / te". Now each long text is cut with an ellipsis inside its box, whole in a title.
 * A 281-character column (a survey question): in Tasks its name ran 2000 px past its card,
 * Delete off screen, and the Add tasks picks' type lines ran into the names; now names wrap
 * in their cards and each pick is its name (ellipsis, title) over its type line.
 * The expected geometry is the window's and the boxes' own edges, read in the page.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importImagesInSession } from '../../src/main/services/assets';
import { defineTasks } from '../../src/main/services/tasks';
import { FASHION } from '../services/fashionFixture';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';
import { middleEllipsis } from '../../src/renderer/src/middleEllipsis';

/** A class folder's name as an ImageNet-style download has it: 119 characters. */
const LONG_CLASS =
  'n01440764_tench_Tinca_tinca_freshwater_fish_of_the_carp_family_found_in_slow_moving_rivers_and_lakes_of_Europe_and_Asia';
/** A table's target column as a new user's survey export has it: 281 characters. */
const LONG_COLUMN = `target_with_a_really_long_name_${'x'.repeat(250)}`;
/** A second one, not yet a task (offered in Add tasks): 281 characters. */
const LONG_QUESTION = `question_not_yet_a_task_${'y'.repeat(257)}`;
/** A table of short column names (species, island, …), for the Tasks view with ordinary names. */
const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
/** penguins' `island` renamed as a new user did: 281 characters. */
const LONG_ISLAND = `island_where_the_penguin_was_observed_${'z'.repeat(243)}`;
/** The dataset's new name: 170 characters. */
const LONG_NAME = `Fashion-MNIST subset for the labelling experiment ${'x'.repeat(120)}`;

/** A box as getBoundingClientRect() gives it (px; this folder has no DOM types). */
interface Rect {
  top: number;
  bottom: number;
  right: number;
}

let studio: BrowserStudio;
/** The long-island table's path (written in `prepare`), predicted in the Predict view. */
let longIslandCsv = '';
let page: Page;

beforeAll(async () => {
  studio = await openBrowserStudio('long-names', {
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'long.mtlproj'), 'Fashion test');
      const images = join(folder, 'images');
      const classes = [LONG_CLASS, 'short', 'other'];
      for (let i = 1; i <= 9; i++) {
        const n = String(i).padStart(4, '0');
        await mkdir(join(images, classes[i % 3]), { recursive: true });
        await cp(
          join(FASHION, 'images', `fmnist-${n}.png`),
          join(images, classes[i % 3], `${n}.png`),
        );
      }
      // A table with two 281-character columns (dataset 'long-columns'), for the Tasks view:
      // one a task already, one offered in Add tasks.
      const table = join(folder, 'long-columns.csv');
      const lines = [`x,${LONG_COLUMN},${LONG_QUESTION},t2`];
      for (let i = 0; i < 30; i++)
        lines.push(
          `${i},${['p', 'q'][i % 2]},${['u', 'v'][(i >> 1) % 2]},${['a', 'b', 'c'][i % 3]}`,
        );
      await writeFile(table, `${lines.join('\n')}\n`);
      const long = await session.importDataset('long-columns', table, {});
      await defineTasks(session.requireStore(), long.id, [{ column: LONG_COLUMN }]);
      // Short names (the penguins table): the Tasks view with ordinary names.
      await session.importDataset('penguins', PENGUINS, {});
      // penguins with `island` a 281-character name, a task with species and sex: for the
      // Train, Compare and Predict views.
      const longIsland = join(folder, 'long-island.csv');
      longIslandCsv = longIsland;
      const csv = await readFile(PENGUINS, 'utf8');
      await writeFile(longIsland, csv.replace('"island"', `"${LONG_ISLAND}"`));
      const island = await session.importDataset('long-island', longIsland, {});
      await defineTasks(session.requireStore(), island.id, [
        { column: 'species' },
        { column: LONG_ISLAND },
        { column: 'sex' },
      ]);
      const { dataset } = await importImagesInSession(session, 'long', images, { size: 28 });
      // The folder level 'label' is a task from the import on (importImagesWithTasks).
      await session.updateUi({ view: 'labels', datasetId: dataset.id });
    },
  });
  page = studio.page;
  await page.setViewportSize({ width: 1400, height: 900 });
}, 600_000);

afterAll(() => studio?.close());

/**
 * How far the page scrolls sideways (px): 0 when nothing is wider than the window. Both the
 * document and the view's own scroll box (.content, overflow: auto) count.
 */
function sidewaysOverflow(): Promise<number> {
  // A script text: this folder is type-checked without the DOM's types.
  return page.evaluate<number>(`(() => {
    const content = document.querySelector('.content');
    return Math.max(
      document.documentElement.scrollWidth - window.innerWidth,
      content ? content.scrollWidth - content.clientWidth : 0,
    );
  })()`);
}

/** A box as the page reads it, with how far its text runs past its own box (px). */
interface Cell extends Rect {
  left: number;
  spills: number;
  title: string | null;
}

/**
 * The boxes of the elements `selector` finds (see {@link Cell}), grouped by `rowSelector`
 * (each row's matching elements in document order). A script text, as sidewaysOverflow.
 */
function cellsByRow(rowSelector: string, selector: string): Promise<Cell[][]> {
  return page.evaluate<Cell[][]>(`(() =>
    [...document.querySelectorAll(${JSON.stringify(rowSelector)})].map((row) =>
      [...row.querySelectorAll(${JSON.stringify(selector)})].map((c) => ({
        ...c.getBoundingClientRect().toJSON(),
        spills: c.scrollWidth - c.clientWidth,
        title: c.getAttribute('title'),
      }))))()`);
}

/** The box of the first element `selector` finds (px). */
function boxOf(selector: string): Promise<Rect & { left: number }> {
  return page.evaluate<Rect & { left: number }>(
    `document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect().toJSON()`,
  );
}

/**
 * Checks a row of table cells: every cell inside `right` (the card's or the window's edge), a
 * cell's text inside its own box (else cut, the whole text in its title), no cell over the next.
 */
function expectRowInside(row: Cell[], right: number, what: string): void {
  expect(row.length, what).toBeGreaterThan(0);
  row.forEach((cell, i) => {
    expect(cell.right, `${what} cell ${i}`).toBeLessThanOrEqual(right + 0.5);
    if (cell.spills > 0) expect(cell.title, `${what} cell ${i} cut without a title`).toBeTruthy();
    if (i + 1 < row.length)
      expect(cell.right, `${what} cell ${i} over the next`).toBeLessThanOrEqual(
        row[i + 1].left + 0.5,
      );
  });
}

/** Selects the dataset named `name` in the header's list and opens the Tasks view. */
async function showDataset(name: string): Promise<void> {
  const select = page.getByTestId('dataset-select');
  const value = await select.locator('option', { hasText: `${name} ·` }).getAttribute('value');
  await select.selectOption(value!);
  await page.getByTestId('nav-tasks').click();
  await page.getByTestId('task-wizard').waitFor();
}

/** The boxes of every Add tasks pick: its name, its type line, the whole pick (px). */
function readPicks(): Promise<{ name: Rect; meta: Rect; pick: Rect }[]> {
  return page.evaluate<{ name: Rect; meta: Rect; pick: Rect }[]>(`(() =>
    [...document.querySelectorAll('.pick')].map((p) => ({
      name: p.querySelector('.pick-name').getBoundingClientRect().toJSON(),
      meta: p.querySelector('.pick-meta').getBoundingClientRect().toJSON(),
      pick: p.getBoundingClientRect().toJSON(),
    })))()`);
}

describeInBrowser('long names', () => {
  it('keep a long class name inside its grid tile and inside the Progress card', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('label-mode').waitFor();
    if ((await page.getByTestId('label-mode').textContent())?.includes('Grid'))
      await page.getByTestId('label-mode').click();
    await page.getByTestId('label-filter').selectOption('all');
    const chip = page.locator('.tile .chip', { hasText: 'n01440764' }).first();
    await chip.waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-label-grid.png') });
    const boxes = await page.evaluate<{
      chips: { chip: number; tile: number }[];
      classes: number;
      card: number;
    }>(`(() => {
      const edge = (el) => el.getBoundingClientRect().right;
      const chips = [...document.querySelectorAll('.tile .chip')];
      return {
        chips: chips.map((c) => ({ chip: edge(c), tile: edge(c.closest('.tile')) })),
        classes: edge(document.querySelector('[data-testid="progress-classes"]')),
        card: edge(document.querySelector('[data-testid="label-progress"]')),
      };
    })()`);
    expect(boxes.chips.length).toBe(9);
    for (const { chip, tile } of boxes.chips) expect(chip).toBeLessThanOrEqual(tile);
    expect(boxes.classes).toBeLessThanOrEqual(boxes.card);
    expect(await chip.getAttribute('title')).toBe(`label: ${LONG_CLASS}`);
    expect(
      await chip.evaluate((c) => c.ownerDocument.defaultView!.getComputedStyle(c).textOverflow),
    ).toBe('ellipsis');
    // Cut in the middle (its start and its end both shown: names that differ only at the
    // end stay apart), whole in the title.
    expect(await chip.textContent()).toBe(middleEllipsis(LONG_CLASS, 22));
    expect(await chip.textContent()).toMatch(/^n01440764.*…/);
    // The count line: each class cut in the middle and its count, "·" kept at the end of
    // the class before it (never starting a line).
    expect(
      (await page.getByTestId('progress-classes').textContent())?.replace(/\s+/g, ' '),
    ).toContain(`${middleEllipsis(LONG_CLASS, 40)} 3 · other 3 · short 3`);
    expect(await sidewaysOverflow()).toBe(0);
  });

  it('cut a 170-character dataset name and keep the project name readable', async () => {
    await page.getByTestId('nav-data').click();
    await page.getByTestId('rename-dataset').click();
    await page.getByTestId('dataset-new-name').fill(LONG_NAME);
    await page.getByTestId('save-dataset-name').click();
    const title = page.getByTestId('dataset-name-title');
    await title.getByText(LONG_NAME).waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-data.png') });
    // The page never scrolls sideways (it was 1668 px wide in a 1400 px window).
    expect(await sidewaysOverflow()).toBe(0);
    expect(await title.getAttribute('title')).toBe(LONG_NAME);
    expect(await title.evaluate((t) => t.scrollWidth > t.clientWidth)).toBe(true);
    // Rename and Delete stay on screen beside the cut name.
    const del = (await page.getByTestId('delete-dataset').boundingBox())!;
    expect(del.x + del.width).toBeLessThanOrEqual(1400);
    // The header's project name is whole ("Fa / te" before), the dataset list inside the window.
    const name = page.getByTestId('project-title').locator('strong');
    expect(await name.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
    const select = (await page.getByTestId('dataset-select').boundingBox())!;
    expect(select.x + select.width).toBeLessThanOrEqual(1400);
    expect(await page.getByTestId('dataset-select').getAttribute('title')).toBe(LONG_NAME);
    // Every other view keeps to the window too.
    for (const view of ['tasks', 'labels', 'train', 'compare', 'predict', 'export']) {
      await page.getByTestId(`nav-${view}`).click();
      expect(await sidewaysOverflow(), view).toBe(0);
    }
  });

  it('keep the Tasks view inside the window with 281-character columns', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await showDataset('long-columns');
    const del = page.getByTestId(`delete-task-${LONG_COLUMN}`);
    await del.waitFor();
    await page.getByTestId(`pick-${LONG_QUESTION}`).check();
    await page.getByTestId('pick-t2').check();
    await page.getByTestId('candidate-t2').waitFor();
    await page.getByTestId(`candidate-${LONG_QUESTION}`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-tasks.png'), fullPage: true });
    // No sideways scroll: the page is no wider than the window.
    expect(await sidewaysOverflow()).toBe(0);
    // The long-named task's Delete button is on screen, inside its card, and its name and the
    // picked column's name wrap inside their cards.
    const box = (await del.boundingBox())!;
    const card = (await page.getByTestId(`task-${LONG_COLUMN}`).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1400);
    expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
    for (const id of [`task-${LONG_COLUMN}`, `candidate-${LONG_QUESTION}`]) {
      const inCard = await page.evaluate<{
        card: Rect;
        texts: (Rect & { spills: number })[];
      }>(`(() => {
        const card = document.querySelector(${JSON.stringify(`[data-testid="${id}"]`)});
        return {
          card: card.getBoundingClientRect().toJSON(),
          texts: [...card.querySelectorAll('h3, .long-text')].map((e) => ({
            ...e.getBoundingClientRect().toJSON(),
            spills: e.scrollWidth - e.clientWidth,
          })),
        };
      })()`);
      expect(inCard.texts.length, id).toBeGreaterThanOrEqual(1);
      for (const text of inCard.texts) {
        expect(text.right, id).toBeLessThanOrEqual(inCard.card.right + 0.5);
        expect(text.spills, id).toBeLessThanOrEqual(0);
      }
    }
    expect(await page.getByTestId(`task-${LONG_COLUMN}`).locator('h3').getAttribute('title')).toBe(
      LONG_COLUMN,
    );
    // In Add tasks, every pick is its name over its "type · N values" line: the line never
    // paints over the name, the name stays inside its pick, and the line sits at the same
    // offset below the pick's top in every pick (the long one included).
    const picks = await readPicks();
    expect(picks.length).toBe(3);
    for (const { name, meta, pick } of picks) {
      expect(meta.top).toBeGreaterThanOrEqual(name.bottom - 0.5);
      expect(name.right).toBeLessThanOrEqual(pick.right + 0.5);
      expect(meta.top - pick.top).toBeCloseTo(picks[0].meta.top - picks[0].pick.top, 0);
    }
    const long = page.locator('.pick-name', { hasText: 'question_not_yet' });
    expect(await long.getAttribute('title')).toBe(LONG_QUESTION);
  });

  it('show short column names in Tasks as name over type line (penguins)', async () => {
    await showDataset('penguins');
    await page.getByTestId('pick-species').check();
    await page.getByTestId('candidate-species').waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-tasks-penguins.png'), fullPage: true });
    expect(await sidewaysOverflow()).toBe(0);
    const picks = await readPicks();
    expect(picks.length).toBeGreaterThanOrEqual(5);
    for (const { name, meta, pick } of picks) {
      expect(meta.top).toBeGreaterThanOrEqual(name.bottom - 0.5);
      expect(name.right).toBeLessThanOrEqual(pick.right + 0.5);
    }
  });

  it('keep the Train view inside its cards with a 281-character task, in the dataset order', async () => {
    // A new user's penguins with `island` a 281-character name, a task with species and sex,
    // trained with hard sharing: the task's checkbox ran out of the Configuration card, its
    // name over the Runs table's Split and Backend cells, and the Test scores' Task column
    // pushed n, Accuracy and Macro-F1 out of view.
    await page.setViewportSize({ width: 1400, height: 900 });
    await showDataset('long-island');
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-epochs').fill('2');
    await form.getByTestId('config-arch').selectOption('hard-sharing');
    await form.getByTestId('evaluation-mode').selectOption('split');
    // Ticked again last, species still goes first: the form keeps the dataset's task order.
    const species = form.locator('.tasks-pick input[value="species"]');
    await species.uncheck();
    await species.check();
    await form.getByTestId('start-training').click();
    await page
      .locator('[data-testid=run-detail][data-run-status=completed]')
      .waitFor({ timeout: 120_000 });
    await page.getByTestId('test-scores').waitFor();
    await page.getByTestId('live-charts').waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-train.png'), fullPage: true });
    expect(await sidewaysOverflow()).toBe(0);
    const order = `species, ${LONG_ISLAND}, sex`;
    const runRow = page.getByTestId('run-list').locator('tbody tr').first();
    expect(await runRow.locator('.run-tasks').getAttribute('title')).toBe(order);
    // Each task's checkbox label wraps inside the Configuration card.
    const formBox = await boxOf('[data-testid="train-form"]');
    const labels = await cellsByRow('[data-testid="train-form"] .tasks-pick', 'label');
    expect(labels[0].length).toBe(3);
    for (const label of labels[0]) {
      expect(label.right).toBeLessThanOrEqual(formBox.right + 0.5);
      expect(label.spills).toBeLessThanOrEqual(0);
    }
    // The Runs table's row: the Tasks cell neither over Split nor past the card.
    const runsCard = await boxOf('[data-testid="run-list"]');
    const runsPanel = await page.evaluate<number>(
      `document.querySelector('[data-testid="run-list"]').closest('.panel').getBoundingClientRect().right`,
    );
    const runCells = await cellsByRow('[data-testid="run-list"] tbody tr', 'td');
    expectRowInside(runCells[0], Math.min(runsPanel, 1400), 'runs');
    expect(runsCard.right).toBeLessThanOrEqual(runsPanel + 0.5);
    // Test scores: n, Accuracy, Macro-F1 of every task inside the card and the window.
    const detail = await boxOf('[data-testid="run-detail"]');
    const scoreRows = await cellsByRow('[data-testid="test-scores"] tbody tr', 'td');
    expect(scoreRows.length).toBe(3);
    // Task, n, Accuracy, Balanced accuracy, Macro-F1 (the later scores may scroll sideways in
    // their table at this width, as with short names).
    for (const row of scoreRows)
      expectRowInside(row.slice(0, 5), Math.min(detail.right, 1400), 'scores');
  });

  it('keep the Compare view inside its cards and open Train at its top', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-table').waitFor();
    await page.getByTestId('confusion-task').selectOption(LONG_ISLAND);
    await page.getByTestId('measure-affinity').click();
    await page.getByTestId('affinity-computed').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'long-names-compare.png'), fullPage: true });
    expect(await sidewaysOverflow()).toBe(0);
    // The runs table: the task heads and every score inside the table's box (no sideways
    // scroll for three tasks), no head over the next.
    const scroll = await page.evaluate<{ right: number; over: number }>(`(() => {
      const box = document.querySelector('[data-testid="compare-table"]').parentElement;
      return { right: box.getBoundingClientRect().right, over: box.scrollWidth - box.clientWidth };
    })()`);
    expect(scroll.over).toBeLessThanOrEqual(0);
    const heads = await cellsByRow('[data-testid="compare-table"] thead tr', '.task-group');
    expectRowInside(heads[0], scroll.right, 'task heads');
    const scoreRows = await cellsByRow('[data-testid="compare-table"] tbody tr', 'td');
    for (const row of scoreRows) expectRowInside(row, Math.min(scroll.right, 1400), 'compare');
    // The confusion matrices' task picker stays inside its card.
    const picker = await boxOf('[data-testid="confusion-task"]');
    const pickerPanel = await page.evaluate<number>(
      `document.querySelector('[data-testid="confusion-task"]').closest('.panel').getBoundingClientRect().right`,
    );
    expect(picker.right).toBeLessThanOrEqual(Math.min(pickerPanel, 1400) + 0.5);
    // The affinity's Train buttons wrap inside their card.
    const affinity = await boxOf('[data-testid="affinity-panel"]');
    const buttons = await cellsByRow('[data-testid="affinity-panel"] .train-groups', 'button');
    for (const b of buttons[0]) expect(b.right).toBeLessThanOrEqual(affinity.right + 0.5);
    // A Train button, pressed far down the page, opens the Train view at its top.
    const button = page.getByTestId('affinity-train-0');
    await button.scrollIntoViewIfNeeded();
    await button.click();
    await page.getByTestId('train-form').waitFor();
    const content = await boxOf('.content');
    const heading = await boxOf('[data-testid="train-form"] .tasks-pick');
    expect(heading.top).toBeGreaterThanOrEqual(content.top);
    expect(heading.bottom).toBeLessThanOrEqual(content.bottom);
    await page.screenshot({ path: join(SHOTS, 'long-names-train-from-compare.png') });
  });

  it('keep the Predict view inside the window with a 281-character task', async () => {
    await page.getByTestId('nav-predict').click();
    await page.getByTestId('predict-path').fill(longIslandCsv);
    await page.getByTestId('predict-start').click();
    await page.getByTestId('predict-table').getByTestId('predict-row').first().waitFor();
    await page.getByTestId('predict-scores').waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-predict.png'), fullPage: true });
    expect(await sidewaysOverflow()).toBe(0);
    const result = await boxOf('[data-testid="predict-result"]');
    const edge = Math.min(result.right, 1400);
    const heads = await cellsByRow('[data-testid="predict-table"] .head', '[role="columnheader"]');
    expectRowInside(heads[0], edge, 'predict heads');
    const scores = await cellsByRow('[data-testid="predict-scores"] tbody tr', 'td');
    expect(scores.length).toBe(3);
    for (const row of scores) expectRowInside(row, edge, 'predict scores');
  });

  it('wrap a long project name and its path inside the Projects cards, whole in titles', async () => {
    // A new user's project named "Zoo" and 130 x's (61-open-csv.png): the Open project card's
    // name and the Recent table ran past the card's edge, and the path, pushed after the name,
    // broke at its "-" and showed only "work/r2/…" at the card's left.
    const name = `Zoo ${'x'.repeat(130)}`;
    const path = join(studio.dir, 'fresh-B-work', 'proj-a.mtlproj');
    await mkdir(join(studio.dir, 'fresh-B-work'), { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('new-project-name').fill(name);
    await page.getByTestId('new-project-path').fill(path);
    await page.getByTestId('create-project').click();
    // Created, it shows the new project's Data view; then back to Projects.
    await page.locator('h1', { hasText: 'Data' }).waitFor();
    await page.getByTestId('nav-projects').click();
    const current = page.getByTestId('current-project-name');
    await current.getByText(name).waitFor();
    await page.screenshot({ path: join(SHOTS, 'long-names-projects.png') });
    expect(await sidewaysOverflow()).toBe(0);
    const edges = await page.evaluate<{
      name: number;
      path: number;
      card: number;
      row: number[];
      panel: number;
    }>(`(() => {
      const edge = (el) => el.getBoundingClientRect().right;
      const name = document.querySelector('[data-testid="current-project-name"]');
      const row = document.querySelector('[data-testid="recent-project"]');
      return {
        name: edge(name),
        path: edge(document.querySelector('[data-testid="current-project-path"]')),
        card: edge(name.closest('.panel')),
        row: [...row.children].map(edge),
        panel: edge(row.closest('.panel')),
      };
    })()`);
    expect(edges.name).toBeLessThanOrEqual(edges.card);
    expect(edges.path).toBeLessThanOrEqual(edges.card);
    for (const right of edges.row) expect(right).toBeLessThanOrEqual(edges.panel);
    // Nor does their text run out of its cell (the table's cells do not wrap by default).
    const cells = page.getByTestId('recent-project').first().locator('td');
    for (const i of [0, 1]) {
      expect(await cells.nth(i).evaluate((c) => c.scrollWidth <= c.clientWidth)).toBe(true);
    }
    // The whole path is shown (wrapped, never cut at its start), and both in titles.
    expect((await page.getByTestId('current-project-path').textContent())?.trim()).toBe(path);
    expect(await current.getAttribute('title')).toBe(name);
    const recent = page.getByTestId('recent-project').first();
    expect(await recent.locator('td').nth(0).getAttribute('title')).toBe(name);
    expect(await recent.locator('td').nth(1).getAttribute('title')).toBe(path);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
