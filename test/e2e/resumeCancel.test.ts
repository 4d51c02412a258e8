/**
 * End to end, in Chromium against the real studio server: a run cancelled, then resumed in
 * the same tab, can be cancelled again. Found by a new user: after Cancel → "Cancel the run"
 * and Resume, the Cancel button stayed "Cancelling…" and disabled while the run trained on
 * (a reload brought it back). The cancelled run's panel says where Resume continues (the
 * checkpoint's epoch as the project file holds it); a run cancelled before its first
 * checkpoint was saved is told so in the question, and its panel says why it has no Resume
 * (the question had promised Resume; afterwards there was only Restart, unexplained).
 * Each case sets its studio's checkpoint policy (openBrowserStudio's `checkpoints`) rather
 * than racing the default one's clock (the first checkpoint 10 s into training): after every
 * epoch for the run cancelled with a checkpoint, none within a day for the one without.
 * Expected texts: the en messages of src/renderer/src/i18n.
 *
 * Needs a Chromium: Debian's at /usr/bin/chromium or MTL_CHROMIUM; without one skipped,
 * saying why, or failing under CI (chromium.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_CHECKPOINT_SECONDS } from '../../src/main/engine/checkpoint';
import { defineTasks } from '../../src/main/services/tasks';
import type { CheckpointPolicy } from '../../src/shared/domain';
import { describeInBrowser, openBrowserStudio, PENGUINS, type BrowserStudio } from './harness';

/** A studio on a penguins project with a species task, in the Train view, and its dataset. */
async function openTrainStudio(
  name: string,
  checkpoints: CheckpointPolicy,
): Promise<{ studio: BrowserStudio; datasetId: number }> {
  let datasetId = 0;
  const studio = await openBrowserStudio(name, {
    timeoutMs: 60_000,
    checkpoints,
    prepare: async (folder, session) => {
      await session.createProject(join(folder, 'resume.mtlproj'));
      const penguins = await session.importDataset('p1', PENGUINS, { name: 'penguins' });
      datasetId = penguins.id;
      await defineTasks(session.requireWritableStore(), penguins.id, [{ column: 'species' }]);
      await session.updateUi({ view: 'train', datasetId: penguins.id });
    },
  });
  return { studio, datasetId };
}

/** The newest run of the dataset as the project file holds it. */
async function newestRun(studio: BrowserStudio, datasetId: number): Promise<number> {
  const runs = await studio.session.requireStore().training.listRuns(datasetId);
  return Math.max(...runs.map((r) => r.id));
}

/**
 * Run `runId` as the project file holds it: the checkpoint's epoch (undefined: none) and the
 * policy it trains with (the studio's, set by the test).
 */
async function storedRun(
  studio: BrowserStudio,
  runId: number,
): Promise<{ checkpointEpoch?: number; checkpointPolicy?: CheckpointPolicy | false }> {
  return studio.session.requireStore().training.getRun(runId);
}

/** Starts a run that trains far longer than the test (50 000 epochs, no early stopping). */
async function startLongRun(page: Page): Promise<void> {
  await page.getByTestId('nav-train').click();
  const form = page.getByTestId('train-form');
  await form.getByTestId('config-epochs').fill('50000');
  await form.getByTestId('config-patience').fill('0');
  await form.getByTestId('evaluation-mode').selectOption('split');
  await form.getByTestId('start-training').click();
  await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
}

describeInBrowser('a resumed run', () => {
  let studio: BrowserStudio;
  let page: Page;
  let datasetId: number;
  beforeAll(async () => {
    // A checkpoint after every epoch: the run has one as soon as an epoch is stored.
    ({ studio, datasetId } = await openTrainStudio('resume-cancel', {
      everyEpochs: 1,
      minSeconds: 0,
    }));
    page = studio.page;
  }, 600_000);
  afterAll(() => studio?.close());

  it('can be cancelled again in the tab that cancelled it before', async () => {
    await page.goto(studio.server.url);
    await startLongRun(page);
    const detail = page.getByTestId('run-detail');
    const runId = await newestRun(studio, datasetId);
    expect((await storedRun(studio, runId)).checkpointPolicy).toEqual({
      everyEpochs: 1,
      minSeconds: 0,
    });
    await expect
      .poll(async () => (await storedRun(studio, runId)).checkpointEpoch ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const cancelButton = detail.getByTestId('cancel-training');
    await cancelButton.click();
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
    const checkpoint = (await storedRun(studio, runId)).checkpointEpoch;
    expect(checkpoint).toBeGreaterThan(0);
    await expect
      .poll(() => detail.getByTestId('run-resume-note').textContent())
      .toBe(`Resume continues from the checkpoint after epoch ${checkpoint}.`);

    await detail.getByTestId('resume-training').click();
    await page.locator('[data-testid=run-detail][data-run-status=running]').waitFor();
    // It said "Cancelling…", disabled, here.
    expect((await cancelButton.textContent())?.trim()).toBe('Cancel');
    expect(await cancelButton.isDisabled()).toBe(false);
    await cancelButton.click();
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});

describeInBrowser('a run cancelled before its first checkpoint', () => {
  let studio: BrowserStudio;
  let page: Page;
  let datasetId: number;
  beforeAll(async () => {
    // Every epoch, but at most one a day (the time rule waits as long: engine/checkpoint.ts
    // checkpointDue): no checkpoint while the test runs, however slow or fast the machine.
    ({ studio, datasetId } = await openTrainStudio('cancel-no-checkpoint', {
      everyEpochs: 1,
      minSeconds: MAX_CHECKPOINT_SECONDS,
    }));
    page = studio.page;
  }, 600_000);
  afterAll(() => studio?.close());

  it('says so, before and after', async () => {
    await page.goto(studio.server.url);
    await startLongRun(page);
    const detail = page.getByTestId('run-detail');
    const runId = await newestRun(studio, datasetId);
    expect((await storedRun(studio, runId)).checkpointPolicy).toEqual({
      everyEpochs: 1,
      minSeconds: MAX_CHECKPOINT_SECONDS,
    });
    const stored = async () =>
      (await studio.session.requireStore().training.listEpochs(runId)).length;
    await expect.poll(stored, { timeout: 60_000 }).toBeGreaterThan(0);
    await detail.getByTestId('cancel-training').click();
    await expect
      .poll(() => page.getByTestId('confirm-dialog').textContent())
      .toContain('It has no checkpoint yet (none was saved so far)');
    await page.getByTestId('confirm-ok').click();
    await page.locator('[data-testid=run-detail][data-run-status=cancelled]').waitFor();
    expect((await storedRun(studio, runId)).checkpointEpoch).toBeUndefined();
    await expect
      .poll(() => detail.getByTestId('run-resume-note').textContent())
      .toBe(
        'No Resume: it was cancelled before its first checkpoint was saved. Restart trains it again from the first epoch.',
      );
    expect(await detail.getByTestId('resume-training').count()).toBe(0);
  });

  it('ran without page errors', () => {
    expect(studio.seen.errors).toEqual([]);
  });
});
