/**
 * The studio continues a stopped cross-validation (found by a new user: an interrupted fold
 * said "restart it" but folds have no Restart, and nothing continued the cross-validation).
 * A cross-validation of 3 folds is stopped through the services as fold 3 begins (folds 1
 * and 2 completed, run ids read back from the store); the Train view's folds panel offers
 * "Continue cross-validation", which keeps those 2 fold runs and trains fold 3 only.
 * Expected values by hand: 2 of 3 folds, the kept run ids, 3 completed folds after.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

let studio: BrowserStudio;
let page: Page;
let cvId: number;
let kept: number[];
let datasetId: number;

beforeAll(async () => {
  studio = await openBrowserStudio('cv-continue', {
    timeoutMs: 60_000,
    prepare: async (folder, session) => {
      const project = join(folder, 'penguins.mtlproj');
      const store = await ProjectStore.open(project, { create: true });
      try {
        datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
        await defineTasks(store, datasetId, [{ column: 'species' }]);
        const controller = new AbortController();
        await crossValidate(
          store,
          {
            datasetId,
            method: { kind: 'fixed', config: { epochs: 2, hiddenUnits: [8], seed: 1 } },
            plan: { k: 3, seed: 3 },
          },
          {
            mode: 'in-process',
            signal: controller.signal,
            onFold: (done) => {
              if (done === 3) controller.abort();
            },
          },
        ).catch(() => undefined);
        const [cv] = await store.evaluation.crossValidations(datasetId);
        cvId = cv.id;
        kept = cv.runs.map((r) => r.runId);
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

describeInBrowser('continuing a stopped cross-validation in the studio', () => {
  it('offers Continue on a stopped one, keeps its finished folds and trains the rest', async () => {
    expect(kept).toHaveLength(2);
    await page.goto(studio.server.url);
    await page.getByTestId('nav-train').click();
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator(`td:text-is("${kept[1]}")`) }).click();
    const panel = page.getByTestId('cv-folds');
    await panel.waitFor();
    await expect
      .poll(() => panel.getByTestId('cv-continue-hint').textContent())
      .toBe(
        `CV${cvId} stopped (cancelled): 2 of 3 folds finished and are kept; continuing trains the others with the same configuration.`,
      );
    await panel.getByTestId('cv-continue').click();
    // Fold 3 trains and completes: 3 rows, all completed; the button goes.
    await expect
      .poll(
        async () => {
          const badges = await panel.locator('tbody tr .badge').allTextContents();
          return badges.join(',');
        },
        { timeout: 120_000 },
      )
      .toBe('completed,completed,completed');
    await expect.poll(() => panel.getByTestId('cv-continue').count()).toBe(0);
    const store = studio.session.requireStore();
    const cv = await store.evaluation.crossValidation(cvId);
    expect(cv.status).toBe('completed');
    expect(cv.runs.slice(0, 2).map((r) => r.runId)).toEqual(kept);
    expect(await store.evaluation.crossValidations(datasetId)).toHaveLength(1);
    expect(studio.seen.errors).toEqual([]);
  }, 180_000);

  it('Compare labels an Auto cross-validation with its budget and offers Continue', async () => {
    // An Auto cross-validation (1 s per fold) of 2 folds stopped as fold 2 began, stored
    // through the studio's own store: fold 1 completed, so Compare lists it.
    const store = studio.session.requireStore();
    const controller = new AbortController();
    await crossValidate(
      store,
      {
        datasetId,
        method: { kind: 'auto', budgetSeconds: 1, seed: 1, base: { epochs: 2, hiddenUnits: [8] } },
        plan: { k: 2, seed: 4 },
      },
      {
        mode: 'in-process',
        signal: controller.signal,
        onFold: (done) => {
          if (done === 2) controller.abort();
        },
      },
    ).catch(() => undefined);
    const auto = (await store.evaluation.crossValidations(datasetId)).at(-1)!;
    expect(auto.status).toBe('cancelled');
    await page.getByTestId('nav-compare').click();
    const row = page.getByTestId(`cv-row-${auto.id}`);
    await row.waitFor();
    await expect
      .poll(async () => (await row.locator('td').first().textContent())?.trim())
      .toBe(
        `CV${auto.id} Auto (1 s per fold) stopped (cancelled) — 1 of 2 folds finishedContinue cross-validation`,
      );
    await row.getByTestId(`cv-continue-${auto.id}`).click();
    await expect
      .poll(async () => (await store.evaluation.crossValidation(auto.id)).status, {
        timeout: 120_000,
      })
      .toBe('completed');
    await expect.poll(() => row.getByTestId(`cv-continue-${auto.id}`).count()).toBe(0);
    await page.getByTestId('nav-train').click();
  }, 180_000);

  it('the Train form says the Auto budget is per fold under cross-validation', async () => {
    // 344 labelled penguins: 5 folds (the server's default); 3 s × 5 = 15 s, by hand.
    await page.getByTestId('evaluation-mode').selectOption('cv');
    await page.getByTestId('auto-budget').fill('3');
    await expect
      .poll(() => page.getByTestId('auto-cv-note').textContent())
      .toBe(
        "Under cross-validation the budget is per fold: the search takes about 3 s per fold × 5 folds ≈ 15 s. On top come each fold's start-up and final training of the chosen configuration (estimated when its search ends), and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget).",
      );
    expect(await page.getByTestId('auto-split-note').count()).toBe(0);
    await page.getByTestId('evaluation-mode').selectOption('split');
    expect(await page.getByTestId('auto-cv-note').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('auto-split-note').textContent())
      .toMatch(/^The search takes about 3 s\. On top come the start-up/);
  }, 60_000);

  it('refuses a learning rate of 0 in the form, as the schema does (> 0 and < 10)', async () => {
    // Found by a new user: 0 (the input's min) went to the server, whose raw validator
    // message came back. The bounds are src/shared/schemas.ts's learningRate: gt(0).lt(10).
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-learningRate').fill('0');
    await expect
      .poll(() => form.getByTestId('error-learningRate').textContent())
      .toBe('Learning rate: enter a number > 0 and < 10.');
    expect(await form.getByTestId('start-training').isDisabled()).toBe(true);
    await form.getByTestId('config-learningRate').fill('10');
    await expect
      .poll(() => form.getByTestId('error-learningRate').textContent())
      .toBe('Learning rate: enter a number > 0 and < 10.');
    await form.getByTestId('config-learningRate').fill('0.003');
    await expect.poll(() => form.getByTestId('error-learningRate').count()).toBe(0);
  }, 60_000);

  it('refuses a hidden layer of 0 units or an empty one, and a batch size of 2.5, saying why', async () => {
    // Found by a user: "64, 0, 32" went to the server, whose raw validator message came back.
    // The bounds are src/shared/schemas.ts's hiddenUnits: int().min(1).max(65_536) per item.
    const form = page.getByTestId('train-form');
    const field = form.getByTestId('config-hiddenUnits');
    const before = await field.inputValue();
    await field.fill('64, 0, 32');
    await expect
      .poll(() => form.getByTestId('error-hiddenUnits').textContent())
      .toBe(
        'Hidden layers: 0 is out of range; enter whole numbers from 1 to 65536, separated by commas.',
      );
    expect(await form.getByTestId('start-training').isDisabled()).toBe(true);
    // An empty item is refused as the CLI refuses `--hidden 64,,32`, not read as [64, 32].
    await field.fill('64,,32');
    await expect
      .poll(() => form.getByTestId('error-hiddenUnits').textContent())
      .toBe(
        'Hidden layers: item 2 is empty; enter numbers separated by commas, with none left out.',
      );
    expect(await form.getByTestId('start-training').isDisabled()).toBe(true);
    await field.fill(before);
    await expect.poll(() => form.getByTestId('error-hiddenUnits').count()).toBe(0);
    // A whole-number field says so: 2.5 is inside 1 to 1 000 000 (schemas.ts batchSize).
    const batch = form.getByTestId('config-batchSize');
    const batchBefore = await batch.inputValue();
    await batch.fill('2.5');
    await expect
      .poll(() => form.getByTestId('error-batchSize').textContent())
      .toBe('Batch size: enter a whole number from 1 to 1000000.');
    await batch.fill(batchBefore);
    await expect.poll(() => form.getByTestId('error-batchSize').count()).toBe(0);
  }, 60_000);

  it('a cross-validation started from the form shows its running fold, whose Cancel says how it comes back', async () => {
    // A completed fold run is selected first; the new cross-validation's fold must replace it
    // in the run panel (as a new single run does), not stay behind it.
    const list = page.getByTestId('run-list').locator('tbody tr');
    await list.filter({ has: page.locator(`td:text-is("${kept[0]}")`) }).click();
    const detail = page.getByTestId('run-detail');
    await page.locator('[data-testid=run-detail][data-run-status=completed]').waitFor();
    const form = page.getByTestId('train-form');
    await form.getByTestId('config-epochs').fill('100000');
    await page.getByTestId('evaluation-mode').selectOption('cv');
    const before = (await studio.session.requireStore().evaluation.crossValidations(datasetId))
      .length;
    await form.getByTestId('start-training').click();
    const store = studio.session.requireStore();
    let foldRunId = 0;
    let cvId = 0;
    await expect
      .poll(
        async () => {
          const all = await store.evaluation.crossValidations(datasetId);
          foldRunId = all.length > before ? (all.at(-1)!.runs[0]?.runId ?? 0) : 0;
          cvId = all.at(-1)?.id ?? 0;
          return foldRunId > 0;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await page
      .locator('[data-testid=run-detail][data-run-status=running]')
      .waitFor({ timeout: 30_000 });
    expect(await detail.locator('h2').textContent()).toContain(`Run ${foldRunId} ·`);
    // The fold has no checkpoint nor Resume: the dialog names its cross-validation and Continue.
    await detail.getByTestId('cancel-training').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(
      new RegExp(
        `Cancel cross-validation CV${cvId}\\?.*Its running fold stops and is not scored: a fold saves no checkpoint and has no Resume\\. The finished folds are kept; Continue cross-validation \\(in its folds panel\\) trains the stopped fold again, in place of its run, and the folds not trained yet\\.`,
      ),
    );
    await dialog.getByTestId('confirm-ok').click();
    await page
      .locator('[data-testid=run-detail][data-run-status=cancelled]')
      .waitFor({ timeout: 60_000 });
    await page.getByTestId('evaluation-mode').selectOption('split');
  }, 180_000);
});
