/**
 * End to end, in Chromium against the real studio server: the run detail of an Auto run
 * refitted on every non-test row (a small table selects on inner folds, AutoFinal.refitEpochs).
 * It trained exactly refitEpochs epochs without early stopping, so its epoch line says
 * "Epoch 3 of 3 (refitted …)", not "of at most" the epoch cap; its "validation" curves are of
 * rows it trained on, which a note says; the trial table's epochs column is headed by what it
 * shows (best / trained epochs); Duplicate says its copy is a normal run with early stopping.
 * In zh-CN the same, with full-width parentheses. The run is trained by the CLI (`train
 * --arch auto --epochs 3`, so no run is cut by the 2 s budget and the refit always happens),
 * then the project is opened by the session. Expected texts: the en and zh-CN messages of
 * src/renderer/src/i18n written out here; numbers from the stored search.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AutoSearch, RunInfo } from '../../src/shared/domain';
import { cli } from '../cli/run';
import {
  describeInBrowser,
  openBrowserStudio,
  PENGUINS,
  SHOTS,
  type BrowserStudio,
} from './harness';

let studio: BrowserStudio;
let page: Page;
let run: RunInfo;
let search: AutoSearch;

beforeAll(async () => {
  studio = await openBrowserStudio('auto-refit', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      const project = join(folder, 'refit.mtlproj');
      for (const args of [
        ['import', PENGUINS, '-p', project],
        ['tasks', '-p', project, '--add', 'species', 'sex'],
      ]) {
        const done = await cli(...args);
        if (done.code !== 0) throw new Error(done.stderr);
      }
      const trained = await cli(
        ...['train', '-p', project, '--arch', 'auto', '--budget', '2s'],
        ...['--evaluation', 'split', '--epochs', '3', '--in-process', '--json'],
      );
      if (trained.code !== 0) throw new Error(trained.stderr);
      ({ run, search } = JSON.parse(trained.stdout) as { run: RunInfo; search: AutoSearch });
      await session.openProject(project);
      await session.updateUi({ view: 'train', datasetId: run.datasetId });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('the run detail of a refitted Auto run', () => {
  it('says the refit trained exactly its epochs, on rows its validation curves come from', async () => {
    // The stored search: inner folds on 344 rows, refitted (every run ends at its 3 epochs).
    expect(search.selection).toBe('inner-folds');
    const refitEpochs = search.final?.refitEpochs;
    expect(refitEpochs).toBeGreaterThanOrEqual(1);
    expect(refitEpochs).toBeLessThanOrEqual(3);
    const stored = await studio.session.requireStore().training.listEpochs(run.id);
    // The refit trains exactly refitEpochs epochs.
    expect(stored.length).toBe(refitEpochs);

    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('run-list').locator('tbody tr').first().click();
    const detail = page.getByTestId('run-detail');
    await detail.getByTestId('auto-search').locator('table').waitFor();
    expect(await detail.getByTestId('epoch-count').textContent()).toBe(
      `Epoch ${refitEpochs} of ${refitEpochs} (refitted on every non-test row, no early stopping)`,
    );
    expect(await detail.getByTestId('refit-curves-note').textContent()).toContain(
      "Auto refitted this model on every non-test row — the split's training and validation rows — without early stopping, so its “validation” curves and gate usage are of rows it trained on, not held out.",
    );
    const table = detail.getByTestId('auto-search');
    expect(await table.locator('th', { hasText: 'Best / trained epochs' }).count()).toBe(1);
    expect(await table.locator('th', { hasText: 'Max epochs' }).count()).toBe(0);
    expect(await table.getByTestId('auto-final').textContent()).toMatch(
      new RegExp(`${search.final!.bestEpoch} / ${search.final!.epochs}\\s+\\(all rows\\)`),
    );
    // Its validation F1 is in-sample (it trained on those rows): marked, unlike the trials'.
    expect(await table.getByTestId('auto-final-score').textContent()).toMatch(
      new RegExp(`^\\s*${search.final!.score.toFixed(3)}\\s+\\(trained on\\)\\s*$`),
    );
    // Duplicate: the chosen configuration as a normal run, which the hint and notice say.
    const duplicate = detail.getByTestId('run-duplicate');
    expect(await duplicate.getAttribute('title')).toBe(
      "Fill the form with this run's tasks, split and the configuration Auto chose: Start trains it as a normal run, with early stopping on the validation rows — not a new search, nor Auto's refit on every non-test row.",
    );
    await duplicate.click();
    await page
      .getByText(
        `The form now holds the configuration Auto chose for run ${run.id}: Start trains it as a normal run with early stopping, not Auto’s search or refit.`,
      )
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'auto-refit.png') });
  });

  it('says it in Chinese, with full-width parentheses', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    const detail = page.getByTestId('run-detail');
    const table = detail.getByTestId('auto-search');
    await table.locator('th', { hasText: '最佳轮次 / 已训练轮数' }).waitFor();
    const n = search.final!.refitEpochs;
    expect(await detail.getByTestId('epoch-count').textContent()).toBe(
      `第 ${n} 轮，共 ${n} 轮（在所有非测试行上重新训练，不早停）`,
    );
    expect(await table.getByTestId('auto-final').textContent()).toContain('（全部行）');
    expect(await table.getByTestId('auto-final').textContent()).not.toContain('(全部行)');
    expect(await table.getByTestId('auto-final-score').textContent()).toContain('（已参与训练）');
    expect(await detail.getByTestId('refit-curves-note').textContent()).toContain(
      '其“验证”曲线和门控使用来自它训练过的行，并非留出数据',
    );
    expect(await detail.getByTestId('run-duplicate').getAttribute('title')).toContain(
      '开始后按正常训练方式训练，并在验证行上早停',
    );
    await page.screenshot({ path: join(SHOTS, 'auto-refit-zh.png') });
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
