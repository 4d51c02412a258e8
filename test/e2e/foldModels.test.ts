/**
 * End to end, in Chromium against the real studio server: the Export and Predict views'
 * run picker on a project with a cross-validation. Found by a new user: Export preselected
 * the newest run, a fold of a cross-validation ("#16 MMoE · Equal · species, sex"), with
 * nothing saying it was a fold, and exported a model trained on 4/5 of the rows.
 * The project is made by the CLI: 20 rows cross-validated with 2 folds (runs 1, 2: folds
 * 1/2 and 2/2 of cross-validation 1, each trained on 1/2 of the rows); the views are read
 * first with only those, then after one run on the fixed split (run 3) is added, which the
 * pickers must choose although the folds were listed before it. Expected texts: the en and
 * zh-CN messages of src/renderer/src/i18n written out here.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../cli/run';
import { describeInBrowser, openBrowserStudio, SHOTS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let project: string;
const TRAIN = ['--epochs', '1', '--backend', 'cpu', '--in-process'];

beforeAll(async () => {
  studio = await openBrowserStudio('fold-models', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      project = join(folder, 'folds.mtlproj');
      const rows = Array.from({ length: 20 }, (_, i) => `${100 + i},${i % 2 === 0 ? 'a' : 'b'}`);
      writeFileSync(join(folder, 'folds.csv'), `x,y\n${rows.join('\n')}\n`);
      for (const args of [
        ['import', join(folder, 'folds.csv'), '-p', project],
        ['tasks', '-p', project, '--add', 'y'],
        ['train', '-p', project, '--evaluation', 'cv', '--folds', '2', ...TRAIN],
      ]) {
        const done = await cli(...args);
        if (done.code !== 0) throw new Error(done.stderr);
      }
      await session.openProject(project);
      await session.updateUi({ view: 'export', datasetId: 1 });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

const optionTexts = (testid: string): Promise<string[]> =>
  page
    .getByTestId(testid)
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o.textContent ?? '').trim()));

describeInBrowser('the run pickers of Export and Predict with cross-validation folds', () => {
  it('with only folds: marks them and says to train on the whole split', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-export').click();
    const picker = page.getByTestId('export-run');
    await picker.waitFor();
    await page.getByTestId('run-select-fold-note').waitFor();
    expect(await optionTexts('export-run')).toEqual([
      '#1 Hard parameter sharing · Equal · y — fold 1/2 of cross-validation 1 — trained on 1/2 of the rows',
      '#2 Hard parameter sharing · Equal · y — fold 2/2 of cross-validation 1 — trained on 1/2 of the rows',
    ]);
    expect(await picker.inputValue()).toBe('2');
    // The command carries the folds' options (those of TRAIN that set the configuration).
    expect(await page.getByTestId('run-select-fold-note').textContent()).toContain(
      `Only folds of a cross-validation have completed: each model was trained on part of the rows, and none saw all of them. For a model of the whole training split, train the configuration once on the fixed split (Train → Evaluation: Fixed split; or mtl-studio train -p ${project} -d 1 --tasks y --arch hard-sharing --weighting equal --epochs 1 --backend cpu --evaluation split) and use that run; or train the cross-validation’s final model on all labelled rows (Train → its folds → Train the final model on all labelled rows).`,
    );
    await page.screenshot({ path: join(SHOTS, 'fold-models-only-folds.png') });
  });

  it('chooses the newest run that is not a fold, folds grouped after it', async () => {
    const trained = await cli('train', '-p', project, '--evaluation', 'split', ...TRAIN);
    expect(trained.code).toBe(0);
    // The studio hears of the CLI's run (another process wrote the project) and lists it.
    await page
      .getByTestId('export-run')
      .locator('option[value="3"]')
      .waitFor({ state: 'attached' });
    for (const view of ['export', 'predict']) {
      await page.getByTestId(`nav-${view}`).click();
      const picker = page.getByTestId(`${view}-run`);
      await picker.waitFor();
      expect(await picker.inputValue()).toBe('3');
      expect((await optionTexts(`${view}-run`))[0]).toBe('#3 Hard parameter sharing · Equal · y');
      expect(
        await picker.locator('optgroup').evaluateAll((g) => g.map((e) => e.getAttribute('label'))),
      ).toEqual(['Runs', 'Cross-validation folds (each trained on part of the rows)']);
      expect(await page.getByTestId('run-select-fold-note').count()).toBe(0);
    }
    // A fold chosen by hand is marked as one.
    await page.getByTestId('predict-run').selectOption('1');
    expect(await page.getByTestId('run-select-fold-note').textContent()).toContain(
      'This run is one fold of cross-validation 1: its model was trained on part of the rows, and no fold model saw all of them.',
    );
  });

  it('says it in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    expect((await optionTexts('predict-run'))[1]).toContain(
      '交叉验证 1 的第 1/2 折 — 用 1/2 的行训练',
    );
    expect(await page.getByTestId('run-select-fold-note').textContent()).toContain(
      '此运行是交叉验证 1 的一折：其模型只用部分行训练，没有任何一折的模型见过全部的行。',
    );
    await page.getByTestId('locale').selectOption('en');
  });
});
