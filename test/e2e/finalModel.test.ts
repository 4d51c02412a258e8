/**
 * End to end, in Chromium against the real studio server: after a completed cross-validation
 * the Train view's folds panel offers "Train the final model on all labelled rows"; pressed,
 * the final model trains (run 3), its facts line says how many epochs it trained (no "best
 * epoch": it has no validation split), its scores section says it has no test score and gives the
 * cross-validation's mean ± std, and Predict lists it first, chosen, in its own group above
 * the folds; a fold's panel names it ("Final model: run #3, trained on all 20 labelled rows")
 * and selects it on a click. Once another client relabels a row, the panel offers a new final
 * model ("Labels changed since run #3 …"), as the service allows it. The project is made by the CLI: 20 rows, all labelled, cross-validated with 2
 * folds (runs 1 and 2). Expected texts: the en and zh-CN messages of src/renderer/src/i18n
 * written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/services/handlers';
import { cli } from '../cli/run';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let project: string;
const TRAIN = ['--epochs', '3', '--backend', 'cpu', '--in-process', '--hidden', '8'];

beforeAll(async () => {
  studio = await openBrowserStudio('final-model', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'final.mtlproj');
      const rows = Array.from({ length: 20 }, (_, i) => `${100 + i},${i % 2 === 0 ? 'a' : 'b'}`);
      writeFileSync(join(folder, 'final.csv'), `x,y\n${rows.join('\n')}\n`);
      for (const args of [
        ['import', join(folder, 'final.csv'), '-p', project],
        ['tasks', '-p', project, '--add', 'y'],
        ['train', '-p', project, '--evaluation', 'cv', '--folds', '2', ...TRAIN],
      ]) {
        const done = await cli(...args);
        if (done.code !== 0) throw new Error(done.stderr);
      }
      await session.openProject(project);
      await session.updateUi({ view: 'train', datasetId: 1 });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('the final model of a cross-validation in the studio', () => {
  it('is trained from the folds panel, says it has no test score, and leads Predict', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator('td:text-is("1")') }).click();
    const panel = page.getByTestId('cv-folds');
    await panel.getByTestId('cv-final').click();
    // The new run is shown: its label, then (once completed) the CV's mean ± std.
    const label = page.getByTestId('final-model-label');
    await expect
      .poll(() => label.textContent(), { timeout: 60_000 })
      .toMatch(
        /^Final model of cross-validation #1, trained on all 20 labelled rows for \d+ epochs?$/,
      );
    // No "best epoch" (no validation split, no early stopping): the epochs it trained, the
    // same count as its label's.
    const epochs = /for (\d+) epochs?$/.exec((await label.textContent()) ?? '')![1];
    // The median of the folds' best epochs, or, when every fold kept its last epoch (none
    // stopped early), that every fold ran to the maximum (components/finalEpochsWording.ts).
    const trainedFor = `trained for ${epochs} epoch${epochs === '1' ? '' : 's'}`;
    await expect
      .poll(() => page.getByTestId('final-trained-for').textContent())
      .toMatch(
        new RegExp(
          `^${trainedFor} \\((median of the folds' best epochs|every fold ran to the maximum)\\)$`,
        ),
      );
    // No "best epoch N" fact of its own (the wording above may say "best epochs").
    expect(await page.getByTestId('run-facts').textContent()).not.toMatch(/best epoch \d/);
    const note = page.getByTestId('final-model-note');
    expect(await note.textContent()).toContain(
      'No test score: every labelled row trained this model, none was left to test it on.',
    );
    await expect
      .poll(() => note.getByTestId('final-model-expected').textContent(), { timeout: 60_000 })
      .toMatch(/y: macro-F1 \d\.\d{3} ± \d\.\d{3}, accuracy \d\.\d{3} ± \d\.\d{3}/);
    // Completed: the panel now points at it instead of offering to train another (the
    // service refuses one on unchanged labels: FINAL_MODEL_EXISTS).
    const shown = panel.getByTestId('cv-final-show');
    await expect
      .poll(() => shown.textContent(), { timeout: 60_000 })
      .toBe('Final model: run #3, trained on all 20 labelled rows');
    await expect.poll(() => panel.getByTestId('cv-final').count()).toBe(0);
    // A fold's panel names it too, and a click selects it.
    await list.filter({ has: page.locator('td:text-is("2")') }).click();
    await expect.poll(() => page.getByTestId('final-model-label').count()).toBe(0);
    expect(await shown.textContent()).toBe('Final model: run #3, trained on all 20 labelled rows');
    await shown.click();
    await expect.poll(() => page.getByTestId('final-model-label').count()).toBe(1);
    // The runs list says what it trained on instead of a split number.
    expect(
      await list
        .filter({ has: page.locator('td:text-is("3")') })
        .getByTestId('run-split')
        .textContent(),
    ).toContain('all labelled rows (final model of CV1)');
    await page.screenshot({ path: join(SHOTS, 'final-model-train.png') });

    await page.getByTestId('nav-predict').click();
    const picker = page.getByTestId('predict-run');
    await picker.locator('option[value="3"]').waitFor({ state: 'attached' });
    await expect.poll(() => picker.inputValue()).toBe('3');
    const options = await picker
      .locator('option')
      .evaluateAll((o) => o.map((e) => (e.textContent ?? '').trim()));
    expect(options[0]).toBe(
      '#3 Hard parameter sharing · Equal · y — final model of cross-validation 1 — trained on all 20 labelled rows',
    );
    expect(
      await picker.locator('optgroup').evaluateAll((g) => g.map((e) => e.getAttribute('label'))),
    ).toEqual([
      'Final models (all labelled rows) — recommended',
      'Cross-validation folds (each trained on part of the rows)',
    ]);
    expect(await page.getByTestId('run-select-fold-note').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'final-model-predict.png') });
  }, 180_000);

  it('says it in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    expect(
      await page.getByTestId('predict-run').locator('optgroup').first().getAttribute('label'),
    ).toBe('最终模型（全部已标注行）— 推荐');
    await page.getByTestId('nav-train').click();
    await expect
      .poll(() => page.getByTestId('final-model-label').textContent())
      .toMatch(/^交叉验证 #1 的最终模型，用全部 20 个已标注行训练了 \d+ 轮$/);
    expect(await page.getByTestId('final-trained-for').textContent()).toMatch(
      /^训练了 \d+ 轮（(各折最佳轮次的中位数|每一折都训练到了最大轮数)）$/,
    );
    expect(await page.getByTestId('cv-final-show').textContent()).toBe(
      '最终模型：运行 #3，用全部 20 个已标注行训练',
    );
    await page.getByTestId('locale').selectOption('en');
  });

  it('offers a new final model once labels changed, saying since which run', async () => {
    const panel = page.getByTestId('cv-folds');
    expect(await panel.getByTestId('cv-final').count()).toBe(0);
    // Another client relabels row 1 (x = 100, y 'a' in the CSV above): the service now
    // allows a new final model (checkFinalModelAllowed), and the panel follows it.
    const other = createHandlers(studio.session, {
      info: { version: 'e2e', mode: 'browser', platform: process.platform },
    });
    await other['labels.set']({
      datasetId: 1,
      changes: [{ rowId: 1, task: 'y', label: 'b' }],
      source: 'user',
    });
    await expect
      .poll(() => panel.getByTestId('cv-final-labels-changed').textContent())
      .toBe('Labels changed since run #3 was trained: a new final model learns from them.');
    const again = panel.getByTestId('cv-final');
    expect(await again.textContent()).toContain('Train a new final model on all labelled rows');
    await page.screenshot({ path: join(SHOTS, 'final-model-labels-changed.png') });
    await again.click();
    // The new final model (run 4) is shown, and named in the panel once it is the newest.
    await expect
      .poll(() => panel.getByTestId('cv-final-show').textContent(), { timeout: 60_000 })
      .toBe('Final model: run #4, trained on all 20 labelled rows');
    await expect
      .poll(() => page.getByTestId('final-model-label').textContent(), { timeout: 60_000 })
      .toMatch(/^Final model of cross-validation #1/);
    // Run 4 read the new labels: refused again (running or completed), nothing more offered.
    await expect.poll(() => panel.getByTestId('cv-final').count(), { timeout: 60_000 }).toBe(0);
    expect(await panel.getByTestId('cv-final-labels-changed').count()).toBe(0);
  }, 120_000);

  it('leads Export and Predict even when a split run is newer', async () => {
    // Found by a new user: the final model was listed first but a later split run was chosen.
    const trained = await cli('train', '-p', project, '--evaluation', 'split', ...TRAIN);
    expect(trained.code).toBe(0);
    for (const view of ['export', 'predict']) {
      await page.getByTestId(`nav-${view}`).click();
      const picker = page.getByTestId(`${view}-run`);
      await picker.locator('option[value="5"]').waitFor({ state: 'attached' });
      // Run 4 is the newest final model, listed first; run 5 the split run after it.
      await expect.poll(() => picker.inputValue()).toBe('4');
      const values = await picker
        .locator('option')
        .evaluateAll((o) => o.map((e) => (e as unknown as { value: string }).value));
      expect(values[0]).toBe('4');
    }
  }, 120_000);
});
