/**
 * Cancel during a cross-validation (found by a new user: the dialog opened on fold 4 stayed
 * tied to that run; confirmed once fold 5 ran, it did nothing and said nothing, and the
 * cross-validation ran to its end). A cross-validation of 3 folds of 4 000 epochs each
 * (no early stopping) is started through the session; the dialog is opened while fold 1
 * runs and held open until fold 2 has started; confirming cancels the running fold, which
 * stops the cross-validation (README: cancelling a fold stops its cross-validation). The
 * run panel follows fold 2 meanwhile. And a Cancel question whose run ended turns into a notice.
 * Expected values: the statuses the README names, the en texts of src/renderer/src/i18n.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let datasetId: number;

beforeAll(async () => {
  studio = await openBrowserStudio('cv-cancel-dialog', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      const project = join(folder, 'penguins.mtlproj');
      const store = await ProjectStore.open(project, { create: true });
      try {
        datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
        await defineTasks(store, datasetId, [{ column: 'species' }]);
      } finally {
        await store.close();
      }
      await session.openProject(project);
      await session.updateUi({ view: 'train', datasetId });
    },
  });
  page = studio.page;
}, 600_000);

afterAll(() => studio?.close());

describeInBrowser('Cancel during a cross-validation', () => {
  it('acts on the fold running when it is confirmed, and the panel follows it', async () => {
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const store = studio.session.requireStore();
    const cv = await studio.session.startCrossValidation({
      datasetId,
      method: {
        kind: 'fixed',
        config: { epochs: 4000, patience: 0, hiddenUnits: [8], seed: 1 },
      },
      plan: { k: 3, seed: 3 },
    });
    const foldRuns = async () =>
      (await store.training.listRuns(datasetId)).filter((r) => r.fold?.evaluationId === cv.id);
    await expect.poll(async () => (await foldRuns()).length, { timeout: 120_000 }).toBe(1);
    const [fold1] = await foldRuns();
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator(`td:text-is("${fold1.id}")`) }).click();
    const detail = page.getByTestId('run-detail');
    await expect.poll(() => detail.getAttribute('data-run-status')).toBe('running');
    await page.getByTestId('cancel-training').click();
    await page.getByTestId('confirm-dialog').waitFor();
    // Held open until fold 1 completed and fold 2 runs.
    await expect
      .poll(async () => (await foldRuns()).map((r) => r.status).join(','), { timeout: 120_000 })
      .toBe('completed,running');
    const fold2 = (await foldRuns())[1];
    // The run panel moved on to the running fold.
    await expect
      .poll(async () => (await detail.locator('h2').textContent())?.includes(`Run ${fold2.id}`))
      .toBe(true);
    // The question names the cross-validation, so it holds with fold 2 running (it named
    // fold 1's run, ended by then, and its time: found by a new user). en train.cancelTitleFold.
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain(
      `Cancel cross-validation CV${cv.id}?`,
    );
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(async () => (await store.evaluation.crossValidation(cv.id)).status, {
        timeout: 60_000,
      })
      .toBe('cancelled');
    expect((await foldRuns()).map((r) => [r.id, r.status])).toEqual([
      [fold1.id, 'completed'],
      [fold2.id, 'cancelled'],
    ]);
    expect(studio.seen.errors).toEqual([]);
  }, 300_000);

  it('says so when the run ended while the dialog was open', async () => {
    const run = await studio.session.startTraining({
      datasetId,
      config: { epochs: 3000, patience: 0, hiddenUnits: [8], seed: 2 },
    });
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator(`td:text-is("${run.id}")`) }).click();
    const detail = page.getByTestId('run-detail');
    await expect.poll(() => detail.getAttribute('data-run-status')).toBe('running');
    await page.getByTestId('cancel-training').click();
    await page.getByTestId('confirm-dialog').waitFor();
    const store = studio.session.requireStore();
    await expect
      .poll(async () => (await store.training.getRun(run.id)).status, { timeout: 120_000 })
      .toBe('completed');
    await expect.poll(() => detail.getAttribute('data-run-status')).toBe('completed');
    // The question turned into a notice by itself (found by a new user: it stayed open, its
    // backdrop over the page): en train.cancelEndedTitle and cancelEndedMessage, only an OK.
    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.getAttribute('data-ended')).toBe('true');
    expect(await dialog.locator('h2').textContent()).toBe(`Run ${run.id} has ended`);
    expect(await page.getByTestId('confirm-message').textContent()).toBe(
      `Run ${run.id} ended (completed) while this question was open: there is nothing to cancel.`,
    );
    expect(await page.getByTestId('confirm-ok').count()).toBe(0);
    await page.getByTestId('confirm-cancel').click();
    await expect.poll(() => page.getByTestId('confirm-backdrop').count()).toBe(0);
    expect((await store.training.getRun(run.id)).status).toBe('completed');
    expect(studio.seen.errors).toEqual([]);
  }, 300_000);
});
