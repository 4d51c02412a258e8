/**
 * End to end, in Chromium against the real studio server: Auto's Hyperband brackets in the
 * Train view. A count outside 1…MAX_AUTO_BRACKETS (0, 4, 1.5, empty) shows a clear error
 * under the field and disables Auto; 2 is accepted, reaches the search through
 * `training.auto` (as the CLI's `--brackets 2` does), and the stored search says 2 brackets
 * (the trial table's bracket column, shown only when a search ran more than one, and the
 * project's stored search). In zh-CN the label, hint and error read as the zh-CN messages
 * (written out here, so a missing translation fails). The budget field refuses 0, a
 * negative, an empty or a more-than-a-day budget the same way. The PLE levels and
 * task-specific experts show with Auto whatever the architecture (its PLE trials take them,
 * as `train --arch auto --levels 2` does), with PLE's hint, and reach the Auto run.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { crowdedOutSearch } from '../../src/shared/autoBudget';
import { refitEpochCounts } from '../../src/shared/autoRefit';
import { MAX_AUTO_BRACKETS, MAX_AUTO_BUDGET_SECONDS } from '../../src/shared/domain';
import {
  describeInBrowser,
  openBrowserStudio,
  penguinsProject,
  SHOTS,
  type BrowserStudio,
} from './harness';

let studio: BrowserStudio;
let page: Page;
/** The Auto run's refit epochs (null: not refitted), for the Chinese pass. */
let refitEpochs: number | null | undefined;

beforeAll(async () => {
  studio = await openBrowserStudio('auto-brackets', { timeoutMs: 60_000 });
  page = studio.page;
}, 240_000);

afterAll(() => studio?.close());

describeInBrowser("Auto's Hyperband brackets in the Train view", () => {
  it('refuses counts outside 1…3 with a clear error and disables Auto', async () => {
    await page.goto(studio.server.url);
    await penguinsProject(page, join(studio.dir, 'penguins'));
    const form = page.getByTestId('train-form');
    const brackets = form.getByTestId('auto-brackets');
    const auto = form.getByTestId('auto-training');
    // The default is 1 (successive halving), as the CLI's.
    expect(await brackets.inputValue()).toBe('1');
    expect(await form.getByTestId('auto-brackets-hint').textContent()).toContain(
      `1–${MAX_AUTO_BRACKETS}`,
    );
    // Auto waits for the evaluation choice to load (composables/evaluationChoice.ts).
    await expect.poll(() => auto.isEnabled()).toBe(true);
    for (const bad of ['0', String(MAX_AUTO_BRACKETS + 1), '1.5', '']) {
      await brackets.fill(bad);
      expect(await form.getByTestId('auto-brackets-error').textContent()).toBe(
        `Hyperband brackets: enter a whole number from 1 to ${MAX_AUTO_BRACKETS}.`,
      );
      expect(await auto.isDisabled()).toBe(true);
    }
    await brackets.fill('2');
    expect(await form.getByTestId('auto-brackets-error').count()).toBe(0);
    expect(await auto.isEnabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'auto-brackets.png') });
  });

  it('shows the PLE levels with Auto for any architecture, with their hint and bounds', async () => {
    const form = page.getByTestId('train-form');
    const auto = form.getByTestId('auto-training');
    // The default architecture, hard sharing, hides its own PLE fields, not Auto's.
    expect(await form.getByTestId('config-arch').inputValue()).toBe('hard-sharing');
    expect(await form.getByTestId('config-numLevels').count()).toBe(0);
    const levels = form.getByTestId('auto-numLevels');
    expect(await levels.inputValue()).toBe('1');
    expect(await form.getByTestId('auto-specificExperts').inputValue()).toBe('1');
    const hint = 'Extraction levels of PLE, 1 = CGC; Auto’s PLE configurations use it too.';
    expect(await form.getByTestId('auto-hint-numLevels').textContent()).toBe(hint);
    // The schema's bounds (1 to 8, whole), worded as the form's other fields.
    for (const bad of ['0', '9', '1.5']) {
      await levels.fill(bad);
      expect(await form.getByTestId('auto-error-numLevels').textContent()).toBe(
        'PLE levels: enter a whole number from 1 to 8.',
      );
      expect(await auto.isDisabled()).toBe(true);
    }
    await levels.fill('2');
    expect(await form.getByTestId('auto-error-numLevels').count()).toBe(0);
    expect(await auto.isEnabled()).toBe(true);
    // PLE shows the same value in its own field, with the same hint.
    await form.getByTestId('config-arch').selectOption('ple');
    expect(await form.getByTestId('config-numLevels').inputValue()).toBe('2');
    expect(await form.getByTestId('hint-numLevels').textContent()).toBe(hint);
    await form.getByTestId('config-arch').selectOption('hard-sharing');
  });

  it('refuses a budget of 0, below 0, empty or over a day, and disables Auto', async () => {
    // A second new-user pass: 0 and an empty budget ran 60 s, -3 and 0.4 ran 1 s.
    const form = page.getByTestId('train-form');
    const budget = form.getByTestId('auto-budget');
    const auto = form.getByTestId('auto-training');
    for (const bad of ['0', '-3', '', String(MAX_AUTO_BUDGET_SECONDS + 1)]) {
      await budget.fill(bad);
      expect(await form.getByTestId('auto-budget-error').textContent()).toBe(
        `Budget: enter a number of seconds above 0, at most ${MAX_AUTO_BUDGET_SECONDS} (a day).`,
      );
      expect(await auto.isDisabled()).toBe(true);
    }
    await budget.fill('60');
    expect(await form.getByTestId('auto-budget-error').count()).toBe(0);
    expect(await auto.isEnabled()).toBe(true);
  });

  it('passes 2 brackets to the search: the stored search and its trial table say so', async () => {
    const form = page.getByTestId('train-form');
    await form.getByTestId('evaluation-mode').selectOption('split');
    await form.getByTestId('auto-budget').fill('2');
    await form.getByTestId('auto-training').click();
    const search = page.getByTestId('auto-search');
    await search.locator('table').waitFor({ timeout: 240_000 });
    // The bracket column appears only for a search of more than one bracket.
    expect(await search.locator('th', { hasText: 'Hyperband bracket' }).count()).toBe(1);
    // What the server stored: the search ran 2 brackets per sweep.
    const store = studio.session.requireStore();
    const datasetId = (await store.datasets.list())[0].id;
    const autoRun = (await store.training.listRuns(datasetId)).find((r) => r.auto);
    // One Auto run, completed, of an architecture the search knows.
    expect(autoRun?.status).toBe('completed');
    expect(['single-task', 'hard-sharing', 'mmoe', 'ple']).toContain(autoRun!.config.arch);
    // The levels set with Auto above (2; the default is 1) reached every configuration.
    expect(autoRun!.config.numLevels).toBe(2);
    const stored = await store.training.autoSearch(autoRun!.id);
    expect(stored.brackets).toBe(2);
    // The final model's own row closes the table: the run's best epoch of its epochs (a new
    // user saw only the chosen trial's, scored on other rows, and took it for the run's).
    const final = search.getByTestId('auto-final');
    expect(await final.count()).toBe(1);
    expect(await final.textContent()).toContain(`${autoRun!.bestEpoch} / ${stored.final!.epochs}`);
    expect(await final.textContent()).toContain('Final model (this run)');
    // A small table selects on inner folds: the final model refits on every non-test row, each
    // task for the chosen run's mean restored epoch for it (engine/autoSelect.ts refitEpochs),
    // and says so — unless the chosen run was cut by the 2 s budget (then it trains as before).
    expect(stored.selection).toBe('inner-folds');
    const chosenTrial = stored.trials[stored.chosenTrial - 1];
    const refit = refitEpochCounts(stored.final);
    expect(refit === null).toBe(chosenTrial.stoppedForTime === true);
    refitEpochs = refit?.epochs ?? null;
    // The trial table's epochs column shows best / trained epochs, and its header says so.
    expect(await search.locator('th', { hasText: 'Best / trained epochs' }).count()).toBe(1);
    expect(await search.locator('th', { hasText: 'Max epochs' }).count()).toBe(0);
    // Duplicate of an Auto run: its chosen configuration as a normal run, which the hint says.
    expect(await page.getByTestId('run-duplicate').getAttribute('title')).toContain(
      "Start trains it as a normal run, with early stopping on the validation rows — not a new search, nor Auto's refit on every non-test row.",
    );
    const detail = page.getByTestId('run-detail');
    const trained = (await store.training.listEpochs(autoRun!.id)).length;
    if (refit) {
      expect(refit.epochs).toBe(Math.max(...Object.values(chosenTrial.bestEpochPerTask!)));
      // The refit trains exactly refit.epochs epochs (no early stopping): the stored epochs
      // and the run detail's line say so, not "of at most" the epoch cap.
      expect(trained).toBe(refit.epochs);
      expect(await detail.getByTestId('epoch-count').textContent()).toBe(
        `Epoch ${refit.epochs} of ${refit.epochs} (refitted on every non-test row, no early stopping)`,
      );
      // Its "validation" curves are of rows it trained on: a note says so.
      expect(await detail.getByTestId('refit-curves-note').textContent()).toContain(
        '“validation” curves and gate usage are of rows it trained on, not held out',
      );
      expect(await final.textContent()).toMatch(
        new RegExp(`${refit.epochs} / ${refit.epochs}\\s+\\(all rows\\)`),
      );
      const phrase = refit.perTask
        ? `each task its own number of epochs (${refit.perTask.map(([k, n]) => `${k} ${n}`).join(', ')})`
        : `${refit.epochs} epoch${refit.epochs === 1 ? '' : 's'}`;
      expect(await search.getByTestId('auto-final-note').textContent()).toContain(
        `trained again on every non-test row — the split's training and validation rows — for ${phrase},`,
      );
    }
    if (!refit) {
      expect(await detail.getByTestId('epoch-count').textContent()).toBe(
        `Epoch ${trained} of at most ${autoRun!.config.epochs}`,
      );
      expect(await detail.getByTestId('refit-curves-note').count()).toBe(0);
    }
    // When only the defaults fit in the 2 s budget, the view says so, with the budget the
    // search needed (the same numbers as crowdedOutSearch of the stored search).
    const crowded = crowdedOutSearch(stored);
    const note = search.getByTestId('auto-crowded');
    expect(await note.count()).toBe(crowded ? 1 : 0);
    if (crowded)
      expect(await note.textContent()).toContain(`above about ${crowded.neededSeconds} s`);
  }, 300_000);

  it('says it in Chinese', async () => {
    await page.getByTestId('locale').selectOption('zh-CN');
    const form = page.getByTestId('train-form');
    await form.getByText('Hyperband 分组数', { exact: true }).waitFor();
    expect(await form.getByTestId('auto-brackets-hint').textContent()).toContain(
      `分组数（1–${MAX_AUTO_BRACKETS}）`,
    );
    await form.getByTestId('auto-brackets').fill('0');
    expect(await form.getByTestId('auto-brackets-error').textContent()).toBe(
      `Hyperband 分组数：请输入 1 到 ${MAX_AUTO_BRACKETS} 之间的整数。`,
    );
    expect(await form.getByTestId('auto-hint-numLevels').textContent()).toBe(
      'PLE 的提取层数，1 = CGC；自动搜索中的 PLE 配置也使用该值。',
    );
    // The run detail and trial table: full-width parentheses, the epochs header, the refit.
    const search = page.getByTestId('auto-search');
    await search.locator('th', { hasText: '最佳轮次 / 已训练轮数' }).waitFor();
    if (refitEpochs) {
      expect(await search.getByTestId('auto-final').textContent()).toContain('（全部行）');
      expect(await page.getByTestId('epoch-count').textContent()).toBe(
        `第 ${refitEpochs} 轮，共 ${refitEpochs} 轮（在所有非测试行上重新训练，不早停）`,
      );
    }
    await page.screenshot({ path: join(SHOTS, 'auto-brackets-zh.png') });
    await page.getByTestId('locale').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
