/**
 * End to end, the split panel of the Train view: a new split's percentages, stratification
 * task and seed with a live preview of the rows per split and class; making it selects it
 * for new runs; each run shows the split it trained on, and Compare groups runs by split.
 * Then run management: rename, notes kept across a reload, duplicate configuration, delete
 * only once confirmed, and Undo from the toast. Then cross-validation from the page: each
 * fold run completes without a reload, and Compare sums each evaluation's confusion matrix
 * over its folds.
 *
 * Expected counts are computed by hand from penguins' species counts (Adelie 152, Gentoo
 * 124, Chinstrap 68, read from the CSV file in the test) with the largest-remainder rule the
 * split applies per class.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  PENGUINS,
  penguinsProject,
  SHOTS,
  describeInBrowser,
  openBrowserStudio,
  type BrowserStudio,
} from './harness';

let dir: string;
let studio: BrowserStudio;
let page: Page;
let seen: BrowserStudio['seen'];

/** Rows per species in the fixture, counted from the file. */
const species = (() => {
  const lines = readFileSync(PENGUINS, 'utf8').trim().split('\n');
  const unquote = (cell: string) => cell.replace(/^"|"$/g, '');
  const at = lines[0].split(',').map(unquote).indexOf('species');
  const counts = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const name = unquote(line.split(',')[at]);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
})();

beforeAll(async () => {
  studio = await openBrowserStudio('splits');
  ({ dir, page, seen } = studio);
}, 600_000);

afterAll(() => studio?.close());

const panel = () => page.getByTestId('split-panel');
/** The two splits made and the run trained on each (ids as shown). */
let first = '';
let second = '';
let firstRun = '';
let secondRun = '';

/** Makes a split in the panel with these percentages, species strata and seed. */
async function makeSplit(percent: [number, number, number], seed: number): Promise<void> {
  const details = panel().getByTestId('new-split');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await panel().getByTestId('split-train').fill(String(percent[0]));
  await panel().getByTestId('split-validation').fill(String(percent[1]));
  await panel().getByTestId('split-test').fill(String(percent[2]));
  await panel().getByTestId('split-stratify').selectOption('species');
  await panel().getByTestId('split-seed').fill(String(seed));
}

/** Trains a 3-epoch single-task run on the split chosen in the panel; @returns its id. */
async function trainQuickRun(): Promise<string> {
  const form = page.getByTestId('train-form');
  await form.getByTestId('evaluation-mode').selectOption('split');
  await form.getByTestId('config-arch').selectOption('single-task');
  await form.getByTestId('config-epochs').fill('3');
  await form.getByTestId('config-batchSize').fill('64');
  const selected = page.getByTestId('run-list').locator('tbody tr.selected td').first();
  const before = (await selected.count()) > 0 ? await selected.textContent() : null;
  await form.getByTestId('start-training').click();
  // The new run is selected (the detail showed the previous one until then).
  await expect.poll(() => selected.textContent(), { timeout: 60_000 }).not.toBe(before);
  const done = page.locator('[data-testid=run-detail][data-run-status=completed]');
  await done.waitFor({ timeout: 120_000 });
  return (await selected.textContent())!.trim();
}

/**
 * Chromium's closed select draws its arrow inside the box, after the end padding: about
 * 20 px that the selected option's text cannot use (estimated on a 380 px column's
 * screenshot, where the 344 px select's text stopped ~17–20 px short of its end padding).
 */
const SELECT_ARROW_PX = 20;

/** The split select's selected label, its text width in px, and the px the box has for it. */
async function selectRoom(): Promise<{ label: string; text: number; room: number }> {
  // A script, not a function: this file is type-checked without the DOM's types.
  return (await page.evaluate(`(() => {
    const select = document.querySelector('[data-testid="split-select"]');
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const label = select.selectedOptions[0].text.trim();
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return {
      label,
      text: context.measureText(label).width,
      room: select.clientWidth - padding - ${SELECT_ARROW_PX},
    };
  })()`)) as { label: string; text: number; room: number };
}

describeInBrowser('the split panel', () => {
  it('previews a 60 / 20 / 20 split stratified on species, per split and class', async () => {
    await page.goto(studio.server.url);
    await penguinsProject(page, join(dir, 'penguins'));
    await makeSplit([60, 20, 20], 5);
    const preview = panel().getByTestId('split-preview');
    // Adelie 152 → 91.2 / 30.4 / 30.4 → 91 / 31 / 30 (the leftover row to validation, the
    // earlier of the tied remainders); Gentoo 124 → 74 / 25 / 25; Chinstrap 68 → 41 / 14 / 13.
    expect([...species.entries()].sort()).toEqual([
      ['Adelie', 152],
      ['Chinstrap', 68],
      ['Gentoo', 124],
    ]);
    await preview.getByText('train 206 · validation 70 · test 68 rows').waitFor();
    const rowOf = async (label: string) =>
      (await preview.locator('tbody tr', { hasText: label }).locator('td').allTextContents()).map(
        (s) => s.trim(),
      );
    expect(await rowOf('Adelie')).toEqual(['Adelie', '91', '31', '30']);
    expect(await rowOf('Gentoo')).toEqual(['Gentoo', '74', '25', '25']);
    expect(await rowOf('Chinstrap')).toEqual(['Chinstrap', '41', '14', '13']);
    // Shares that do not add up to 100 are said, and nothing can be made.
    await panel().getByTestId('split-test').fill('25');
    await panel().getByTestId('split-problem').waitFor();
    expect(await panel().getByTestId('create-split').isDisabled()).toBe(true);
    await panel().getByTestId('split-test').fill('20');
    await page.screenshot({ path: join(SHOTS, 'split-01-preview.png') });
  });

  it('makes the split, selects it for new runs, and each run shows its split', async () => {
    await panel().getByTestId('create-split').click();
    await panel().getByTestId('split-counts').getByText('train 206').waitFor();
    first = await panel().getByTestId('split-select').inputValue();
    firstRun = await trainQuickRun();
    const runRow = page.getByTestId('run-list').locator('tbody tr', { hasText: `#${first}` });
    expect(await runRow.count()).toBe(1);

    // Another seed makes another split, selected at once; the next run trains on it.
    await makeSplit([60, 20, 20], 6);
    await panel().getByTestId('split-preview').waitFor();
    await panel().getByTestId('create-split').click();
    await expect.poll(() => panel().getByTestId('split-select').inputValue()).not.toBe(first);
    second = await panel().getByTestId('split-select').inputValue();
    expect(await panel().getByTestId('split-select').locator('option').count()).toBe(2);
    secondRun = await trainQuickRun();
    expect(secondRun).not.toBe(firstRun);
    const splitOf = (runId: string) =>
      page
        .getByTestId('run-list')
        .locator('tbody tr', { has: page.locator(`td:text-is("${runId}")`) })
        .getByTestId('run-split')
        .textContent();
    expect((await splitOf(firstRun))?.trim()).toBe(`#${first}`);
    expect((await splitOf(secondRun))?.trim()).toBe(`#${second}`);
    await page.screenshot({ path: join(SHOTS, 'split-02-runs.png') });

    // The selected split's whole label fits its select, in en and zh-CN: at 14 px in a 380 px
    // column "#2 · 60/20/20 · seed 6 · stratified on species · 1 run" lost "s · 1 run" under
    // the arrow. Widths measured in the page (canvas text metrics in the select's own font).
    for (const [locale, label] of [
      ['zh-CN', `#${second} · 60/20/20 · 种子 6 · 按 species 分层 · 1 次运行`],
      ['en', `#${second} · 60/20/20 · seed 6 · stratified on species · 1 run`],
    ]) {
      await page.getByTestId('locale').selectOption(locale);
      const room = await selectRoom();
      expect(room.label).toBe(label);
      expect(room.text, JSON.stringify(room)).toBeLessThanOrEqual(room.room);
      await panel().screenshot({ path: join(SHOTS, `split-02-select-${locale}.png`) });
    }

    // Compare groups the runs by split, each under a heading naming it.
    await page.getByTestId('nav-compare').click();
    const headings = page.getByTestId('compare-split-heading');
    await expect.poll(() => headings.count()).toBe(2);
    expect(await headings.first().textContent()).toContain(`Split #${first} · 60/20/20 · seed 5`);
    expect(await headings.last().textContent()).toContain(`Split #${second} · 60/20/20 · seed 6`);
    const group = (id: string) => page.getByTestId(`compare-split-${id}`);
    expect(await group(first).getByTestId(`compare-run-${firstRun}`).count()).toBe(1);
    expect(await group(second).getByTestId(`compare-run-${secondRun}`).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'split-03-compare.png') });
  });

  it('renames a run, keeps its notes across a reload, and duplicates its configuration', async () => {
    await page.getByTestId('nav-train').click();
    const list = page.getByTestId('run-list').locator('tbody tr');
    const firstRow = list.filter({ has: page.locator(`td:text-is("${firstRun}")`) });
    await firstRow.click();
    const detail = page.getByTestId('run-detail');
    await detail.getByTestId('run-rename').click();
    await detail.getByTestId('run-name-input').fill('seed 5 baseline');
    await detail.getByTestId('run-name-input').press('Enter');
    await detail.getByTestId('run-name').getByText('seed 5 baseline').waitFor();
    await firstRow.getByText('seed 5 baseline').waitFor();
    await detail.getByTestId('run-notes').fill('species only; 3 epochs');
    await expect.poll(() => detail.getByTestId('run-notes-saving').count()).toBe(0);
    await page.reload();
    await firstRow.click();
    expect(await detail.getByTestId('run-notes').inputValue()).toBe('species only; 3 epochs');
    expect(await detail.getByTestId('run-name').textContent()).toContain('seed 5 baseline');

    // Duplicate: the form takes the run's configuration and split.
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-epochs').fill('77');
    await form.getByTestId('config-arch').selectOption('hard-sharing');
    await detail.getByTestId('run-duplicate').click();
    expect(await form.getByTestId('config-epochs').inputValue()).toBe('3');
    expect(await form.getByTestId('config-arch').inputValue()).toBe('single-task');
    expect(await form.getByTestId('evaluation-mode').inputValue()).toBe('split');
    expect(await panel().getByTestId('split-select').inputValue()).toBe(first);
    await page.screenshot({ path: join(SHOTS, 'runs-01-named.png') });
  });

  it('deletes a run only once confirmed, and brings it back with Undo', async () => {
    const list = page.getByTestId('run-list').locator('tbody tr');
    const row = () => list.filter({ has: page.locator(`td:text-is("${secondRun}")`) });
    await row().click();
    const detail = page.getByTestId('run-detail');
    // Declined: nothing happens.
    await detail.getByTestId('run-delete').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain(`Delete Run ${secondRun}?`);
    await dialog.getByTestId('confirm-cancel').click();
    expect(await row().count()).toBe(1);
    // Confirmed: gone, with an Undo in the toast.
    await detail.getByTestId('run-delete').click();
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => row().count()).toBe(0);
    expect(await page.getByTestId('notice-text').textContent()).toContain('deleted');
    await page.getByTestId('notice-action').click();
    await expect.poll(() => row().count()).toBe(1);
  });

  it('cross-validates from the page: every fold run completes there, and Compare sums their matrices', async () => {
    await page.getByTestId('nav-train').click();
    const form = page.getByTestId('train-form');
    const folds = page
      .getByTestId('run-list')
      .locator('tbody tr', { has: page.locator('[data-testid=run-split]', { hasText: 'fold' }) });
    // Default plan: 5 folds × 1 repetition per evaluation; a baseline, then a shared model.
    for (const [arch, total] of [
      ['single-task', 5],
      ['hard-sharing', 10],
    ] as const) {
      await form.getByTestId('evaluation-mode').selectOption('cv');
      await form.getByTestId('config-arch').selectOption(arch);
      // Single-task ignores the loss weighting, and says only that (not its help too).
      const ignored = arch === 'single-task';
      expect(await form.getByTestId('weighting-hint').count()).toBe(ignored ? 1 : 0);
      expect(await form.getByTestId('method-hint-weighting').count()).toBe(ignored ? 0 : 1);
      // The evaluation is chosen above Start training, not below it.
      const above = async (a: string, b: string) =>
        (await form.getByTestId(a).boundingBox())!.y < (await form.getByTestId(b).boundingBox())!.y;
      expect(await above('evaluation-mode', 'start-training')).toBe(true);
      await form.getByTestId('config-epochs').fill('3');
      await form.getByTestId('config-batchSize').fill('64');
      await form.getByTestId('start-training').click();
      // No reload: the page hears each fold finish (it kept them "running" before).
      await expect.poll(() => folds.count(), { timeout: 180_000 }).toBe(total);
      await expect
        .poll(() => folds.locator('.badge-completed').count(), { timeout: 180_000 })
        .toBe(total);
    }
    expect(await page.locator('.badge-running').count()).toBe(0);
    // The Runs table fits its card (fold names, backends, times all in view at 1 440 px).
    const fit = await page.getByTestId('run-list').evaluate((table) => ({
      table: table.scrollWidth,
      card: table.parentElement!.clientWidth,
    }));
    expect(fit.table).toBeLessThanOrEqual(fit.card);
    expect((await folds.first().getByTestId('run-split').textContent())?.trim()).toMatch(
      /^CV\d+ · fold \d \(repeat 1\)$/,
    );

    // Compare: each evaluation's species matrix summed over its 5 folds holds every row
    // once, so its row totals are the species counts read from the CSV file.
    await page.getByTestId('nav-compare').click();
    const matrices = page.getByTestId('cv-confusion-matrices');
    await page.getByTestId('cv-confusion-task').selectOption('species');
    await expect.poll(() => matrices.locator('[data-testid^=cv-matrix-]').count()).toBe(2);
    const matrix = matrices.locator('[data-testid^=cv-matrix-]').last();
    const rowTotals = new Map<string, number>();
    for (let i = 0; i < species.size; i++) {
      const name = (await matrix.getByTestId(`row-class-${i}`).getAttribute('title'))!;
      let total = 0;
      for (let j = 0; j < species.size; j++)
        total += Number(await matrix.getByTestId(`cell-${i}-${j}`).textContent());
      rowTotals.set(name, total);
    }
    expect([...rowTotals.entries()].sort()).toEqual([...species.entries()].sort());
    // Δm is coloured only when a paired test over the folds finds it significant.
    const delta = page.getByTestId('cv-delta-m').last();
    const ps = (await page.getByTestId('cv-table').locator('tbody tr').last().textContent())!
      .match(/p = ([\d.]+)/g)!
      .map((x) => Number(x.slice(4)));
    expect(ps.length).toBeGreaterThan(0);
    const coloured = /\b(good|bad)\b/.test((await delta.getAttribute('class')) ?? '');
    expect(coloured).toBe(ps.some((x) => x < 0.05));
    expect(await delta.getAttribute('title')).toContain('significant');
    await page
      .getByTestId('cv-panel')
      .screenshot({ path: join(SHOTS, 'split-04-cross-validation.png') });
  }, 420_000);

  it('ran without page errors', () => {
    expect(seen.errors).toEqual([]);
  });
});
